"""Time `followup sync` against a local Radicale: a first sync and a no-change sync.

    python bench/sync.py                 # 100 and 1,000 open actions
    python bench/sync.py --sizes 100 --repeat 3

For each size, a fresh data file gets that many open actions (half the
interviews' thank-yous, half their follow-ups), a fresh Radicale is started
on a free localhost port with an empty folder, and this script times, in
the same process, a first sync (creates the calendar and every to-do), a
no-change sync (reads the calendar back, sends nothing, writes nothing),
and a sync after one to-do was ticked on the server (as a phone would).
Also the whole `followup sync` command in its own process, no change.
Needs the test extra (radicale).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.repository import Repository  # noqa: E402
from store.sync import SyncSettings  # noqa: E402
from store.sync_run import run_sync  # noqa: E402


@contextlib.contextmanager
def radicale(folder: Path) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "", "--server-hosts",
         f"127.0.0.1:{port}", "--storage-filesystem-folder", str(folder),
         "--auth-type", "none", "--logging-level", "warning",
         # Radicale waits a second before each refusal; the client's first request,
         # before it knows the scheme, is one.
         "--auth-delay", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(400):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(10)


def fill(path: Path, actions: int, today: dt.date) -> Repository:
    repo = Repository(path)
    with repo.storage.transaction():
        for n in range(actions // 2):
            repo.add_interview(f"Company {n:04}", "Engineer", today,
                               interviewers=[{"name": f"Person {n}"}])
    return repo


def timed(call, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = call(*args, **kwargs)
    return time.perf_counter() - start, result


def one_size(actions: int, repeat: int) -> dict[str, list[float]]:
    import caldav

    figures: dict[str, list[float]] = {"first": [], "nochange": [], "ticked": [], "cli": []}
    today = dt.date.today()
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="followup-sync-bench-") as folder:
            base = Path(folder)
            repo = fill(base / "data.json", actions, today)
            with radicale(base / "radicale") as url:
                settings = SyncSettings(url, "bench")
                seconds, report = timed(run_sync, repo, settings, "pw", today)
                assert report.outcome.created == actions, report
                figures["first"].append(seconds)
                seconds, report = timed(run_sync, repo, settings, "pw", today)
                assert report.describe() == "nothing to change", report
                figures["nochange"].append(seconds)
                client = caldav.DAVClient(url=url, username="bench", password="pw")
                [calendar] = client.principal().calendars()
                calendar.todos()[0].complete()
                seconds, report = timed(run_sync, repo, settings, "pw", today)
                assert report.outcome.done_here == 1, report
                figures["ticked"].append(seconds)
                env = {**os.environ, "FOLLOWUP_CONFIG_DIR": str(base / "config"),
                       "FOLLOWUP_CALDAV_PASSWORD": "pw", "PYTHONPATH": str(ROOT)}
                command = [sys.executable, "-m", "tui", "--db", str(base / "data.json"),
                           "sync", "--url", url, "--username", "bench"]
                subprocess.run(command, env=env, check=True, capture_output=True)
                seconds, done = timed(subprocess.run, command[:-4], env=env, check=True,
                                      capture_output=True, text=True)
                assert "nothing to change" in done.stdout, done.stdout
                figures["cli"].append(seconds)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"{'open actions':>12}  {'first sync':>10}  {'no change':>10}  "
          f"{'one ticked':>10}  {'CLI, no change':>14}")
    for size in args.sizes:
        f = one_size(size, args.repeat)
        med = {k: statistics.median(v) for k, v in f.items()}
        print(f"{size:>12,}  {med['first']:>9.2f}s  {med['nochange']:>9.2f}s  "
              f"{med['ticked']:>9.2f}s  {med['cli']:>13.2f}s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
