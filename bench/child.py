"""The parts of the benchmark that run in a child process of bench/run.py.

    python bench/child.py spawn OUT -- COMMAND...
        Run COMMAND, time it from spawn to exit, and write its wall time and
        peak RSS to OUT as JSON (its output discarded).

    python bench/child.py spawn-tty OUT -- COMMAND...
        The same, with COMMAND writing to this process's terminal: run.py uses
        this inside tmux (where it cannot wait for the process itself), so the
        first frame is drawn on a real terminal at that terminal's size.

    python bench/child.py interact OUT --app followup --db PATH
    python bench/child.py interact OUT --app baseline
        Start the app in-process with Pilot, press keys, and write what each
        press cost to OUT as JSON (this process's peak RSS is read by run.py).

A key press is timed from the moment it is sent to the last frame it caused
(every frame goes through `App._display`, which is wrapped here to note the
time). A save is timed four ways: the longest stall of the event loop while
the worker writes (a task that asks to wake every 5 ms notes how late it
wakes), the same including the repaint that shows the change, the moment the
data file is durable (the storage's atomic write has returned: written,
fsynced, renamed and the folder fsynced), and the frame that shows the change.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TICK = 0.005
QUIET = 0.06  # no frame for this long after a key: its repaint is over


def spawn(out: Path, command: list[str], terminal: bool = False) -> None:
    """With `terminal`, the command writes to this process's own terminal (its frames
    reach the screen, at the terminal's size), and no error text is kept."""
    start = time.perf_counter()
    if terminal:
        process = subprocess.Popen(command)
    else:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    err = ""
    if process.stderr is not None:
        err = process.stderr.read().decode(errors="replace")
        process.stderr.close()
    out.write_text(json.dumps({"seconds": seconds, "maxrss_kb": usage.ru_maxrss,
                               "returncode": os.waitstatus_to_exitcode(status),
                               "stderr": err[-2000:]}))


class Frames:
    """Notes the time of every frame the app writes."""

    def __init__(self, app: Any) -> None:
        self.times: list[float] = []
        display = app._display

        def noted(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            self.times.append(time.perf_counter())

        app._display = noted

    async def settle(self, since: float, timeout: float = 5.0) -> float | None:
        """Wait until the frames stop; the time of the last frame after `since`, if any."""
        deadline = since + timeout
        while time.perf_counter() < deadline:
            await asyncio.sleep(QUIET)
            last = self.times[-1] if self.times else 0.0
            if last > since and time.perf_counter() - last >= QUIET:
                return last
        return self.times[-1] if self.times and self.times[-1] > since else None


class Ticker:
    """How late the event loop wakes a task that sleeps TICK at a time."""

    def __init__(self) -> None:
        self.wakes: list[tuple[float, float]] = []  # (when it woke, how late)
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            asked = time.perf_counter() + TICK
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            self.wakes.append((now, max(0.0, now - asked)))

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def worst_between(self, start: float, end: float) -> float:
        """The longest stall that began after `start` and before `end`.

        A wake at `when`, `lag` late, means the loop was busy from about
        `when - lag` (when the task was due) until `when`.
        """
        return max((lag for when, lag in self.wakes
                    if when > start and when - lag < end - 0.001), default=0.0)


async def timed_press(pilot: Any, key: str, frames: Frames) -> tuple[float, float]:
    """(first frame, last frame) after pressing `key`, in seconds from the press."""
    await pilot.pause()
    await asyncio.sleep(QUIET)
    start = time.perf_counter()
    before = len(frames.times)
    await pilot.press(key)
    last = await frames.settle(start)
    if last is None:
        raise SystemExit(f"{key} did not change the screen")
    return frames.times[before] - start, last - start


def durable_floor(folder: Path) -> float:
    """The least a durable atomic save can cost on this disk: a tiny file written,
    fsynced, renamed into place and its folder fsynced."""
    start = time.perf_counter()
    fd, name = tempfile.mkstemp(dir=folder)
    with os.fdopen(fd, "w") as handle:
        handle.write("{}")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(name, folder / "floor.json")
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return time.perf_counter() - start


async def interact_followup(db: Path, presses: int, saves: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from tui.app import make_app

    app = make_app(db)
    frames = Frames(app)
    written: list[float] = []
    storage = app.repo.storage
    write_file = storage._write_file

    def noted_write(data: Any) -> None:
        write_file(data)
        written.append(time.perf_counter())

    storage._write_file = noted_write  # type: ignore[method-assign]
    applied: list[float] = []
    apply = app._apply

    def noted_apply(snapshot: Any) -> None:
        applied.append(time.perf_counter())
        apply(snapshot)

    app._apply = noted_apply  # type: ignore[method-assign]
    result: dict[str, Any] = {"move": [], "move_first": [], "save_busy": [],
                              "save_busy_repaint": [],
                              "save_durable": [], "save_shown": [], "durable_floor": []}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the warm-up after start
        await pilot.pause()
        for _ in range(presses):
            first, last = await timed_press(pilot, "j", frames)
            result["move_first"].append(first)
            result["move"].append(last)
        # Into the steps of the interview under the cursor, then mark its current
        # item done and undone: each press is one save.
        await pilot.press("enter")
        await pilot.pause()
        ticker = Ticker()
        ticker.start()
        for _ in range(saves):
            await pilot.pause()
            await asyncio.sleep(0.2)
            before = len(written)
            start = time.perf_counter()
            await pilot.press("space")
            await app.workers.wait_for_complete()
            shown = await frames.settle(start)
            end = time.perf_counter()
            if len(written) == before or shown is None or not applied:
                raise SystemExit("space did not save anything; is an interview selected?")
            result["save_durable"].append(written[-1] - start)
            result["save_shown"].append(shown - start)
            # While the worker writes (until the saved change reaches the screen) ...
            result["save_busy"].append(ticker.worst_between(start, applied[-1]))
            # ... and including the repaint of the list and the detail pane.
            result["save_busy_repaint"].append(ticker.worst_between(start, end))
            result["durable_floor"].append(durable_floor(db.parent))
        ticker.stop()
    return result


async def interact_baseline(presses: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "bench"))
    from baseline_app import BaselineApp

    app = BaselineApp()
    frames = Frames(app)
    result: dict[str, Any] = {"move": [], "busy": []}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        ticker = Ticker()
        ticker.start()
        for _ in range(presses):
            start = time.perf_counter()
            result["move"].append((await timed_press(pilot, "space", frames))[1])
            result["busy"].append(ticker.worst_between(start, time.perf_counter()))
        ticker.stop()
    return result


def main() -> None:
    if len(sys.argv) > 3 and sys.argv[1] in ("spawn", "spawn-tty") and sys.argv[3] == "--":
        spawn(Path(sys.argv[2]), sys.argv[4:], terminal=sys.argv[1] == "spawn-tty")
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["interact"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--app", choices=["followup", "baseline"], required=True)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    if args.app == "followup":
        result = asyncio.run(interact_followup(args.db, args.presses, args.saves))
    else:
        result = asyncio.run(interact_baseline(args.presses))
    args.out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
