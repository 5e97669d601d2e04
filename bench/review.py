"""Time the daily review on a large data file: opening on the Today view, moving and
marking done there, and filtering the interview list as each key is typed.

    python bench/review.py 10000

Prints figures; asserts nothing (the tests check behaviour, not speed).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import write  # noqa: E402
from tui.app import make_app  # noqa: E402
from tui.main_screen import MainScreen  # noqa: E402
from tui.today_screen import TodayScreen  # noqa: E402
from widgets.interview_list import InterviewList  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def clock() -> dt.datetime:
    return dt.datetime.combine(TODAY, dt.time(9))


async def run(path: Path) -> None:
    started = time.perf_counter()
    app = make_app(path, clock=clock, today_first=True)
    built = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = time.perf_counter()
        assert isinstance(app.screen, TodayScreen)
        actions = len(app.agenda(app.snapshot))
        print(f"{len(app.snapshot.interviews):,} interviews, {actions:,} actions due or late")
        print(f"read the file:               {built - started:6.2f} s")
        print(f"first Today view on screen:  {shown - started:6.2f} s")

        moves = []
        for _ in range(20):
            t = time.perf_counter()
            await pilot.press("j")
            await pilot.pause()
            moves.append(time.perf_counter() - t)
        print(f"j in the Today view:         {statistics.median(moves) * 1000:6.1f} ms median")

        t = time.perf_counter()
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(f"space, saved and redrawn:    {time.perf_counter() - t:6.2f} s")

        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        screen = app.main
        timings: list[float] = []
        real = screen._apply_filter

        def timed(text: str) -> None:
            t = time.perf_counter()
            real(text)
            timings.append(time.perf_counter() - t)

        screen._apply_filter = timed  # type: ignore[method-assign]
        await pilot.press("slash", *"acme 4", "space", *"is:late")
        await pilot.pause()
        rows = len(app.query_one(InterviewList).rows)
        print(f"filter per key (list only):  {statistics.median(timings) * 1000:6.1f} ms median,"
              f" {max(timings) * 1000:.1f} ms at most, {len(timings)} keys; {rows:,} shown")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "followup.json", args.count, TODAY)
        asyncio.run(run(path))


if __name__ == "__main__":
    main()
