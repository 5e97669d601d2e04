"""The long run behind docs/guarantees.md's second round: attack the data file, its
backup and the terminal many times over, and print what held.

    python bench/attack.py                    # about two minutes
    python bench/attack.py --rounds 3         # each part three times as often

Parts (each prints one line of figures; the script exits non-zero if one fails):

* writers   - 3 processes add interviews and change settings at the same moment;
              every change must be there exactly once.
* missing   - the data file deleted with its backup beside it, then every command:
              each must refuse on one line naming the backup, and change nothing.
* hostile   - odd paths and contents: a link, a FIFO, /dev/zero, outputs naming the
              data file, a 5,000-digit number, a 100,000-deep nesting, controls in an
              import: one line each, nothing changed, nothing hung.
* lock      - another process holds the lock: how long a change waits, and that it
              names the holder's pid.
* windows   - tmux windows closed right after the app's first frame: how many apps
              are still running afterwards, and how long the last one took to go.
* hangups   - a pseudo-terminal (not the controlling one) closed under the app, no
              SIGHUP: how long the app takes to notice and leave.
* paste     - a megabyte with escapes pasted into each kind of form field.

Uses followup itself, the standard library, and tmux where it is installed.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color",
       "FOLLOWUP_CLIPBOARD": "terminal"}
ENV.pop("FOLLOWUP_DB", None)
HOSTILE = "\x1b]52;c;aGk=\x07\x1b]0;owned\x07\x1b[2J\u009b31m\u202e"
failures: list[str] = []


def cli(db: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "--db", str(db), *args], cwd=ROOT,
                          env=ENV, capture_output=True, text=True, timeout=timeout)


def check(ok: bool, what: str) -> bool:
    if not ok:
        failures.append(what)
    return ok


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def one_line_refusal(done: subprocess.CompletedProcess[str]) -> bool:
    return (done.returncode == 1 and done.stderr.count("\n") == 1
            and "Traceback" not in done.stderr and "\x1b" not in done.stderr)


WRITER = r'''
import sys
sys.path.insert(0, sys.argv[3])
from store.repository import Repository
import datetime as dt
repo = Repository(sys.argv[1], check=False)
for n in range(int(sys.argv[4])):
    repo.add_interview(f"{sys.argv[2]} {n}", "Engineer", dt.date(2026, 11, 20))
    repo.update_settings(**{"name": f"{sys.argv[2]} {n}"})
'''


def writers(folder: Path, rounds: int) -> None:
    count, each = 3, 100 * rounds
    db = folder / "writers.json"
    started = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), f"W{k}", str(ROOT),
                               str(each)]) for k in range(count)]
    codes = [p.wait() for p in procs]
    from store.repository import Repository

    companies = [i.company for i in Repository(db).interviews()]
    expected = {f"W{k} {n}" for k in range(count) for n in range(each)}
    lost = len(expected - set(companies))
    repeated = len(companies) - len(set(companies))
    check(codes == [0] * count and lost == 0 and repeated == 0, "writers lost or repeated")
    print(f"writers: {count} processes x {each} interviews + {each} settings changes at "
          f"once, {time.monotonic() - started:.1f} s: {len(companies)} interviews, "
          f"{lost} lost, {repeated} repeated")


def missing(folder: Path, rounds: int) -> None:
    commands = [["list"], ["list", "--json"], ["today"], ["settings"], ["export"], ["ics"],
                ["message", "{id}", "thank"], ["undo", "{id}", "thank"],
                ["done", "{id}", "thank"], ["settings", "--name", "B"],
                ["add", "--company", "X", "--role", "Y", "--date", "2026-11-20"],
                ["import", "{export}"]]
    refused = runs = 0
    for r in range(rounds):
        db = folder / f"missing{r}" / "followup.json"
        interview_id = cli(db, "add", "--company", "Acme", "--role", "R", "--date",
                           "2026-11-20", "--interviewer", "Raj").stdout.strip()
        cli(db, "settings", "--name", "Alex")
        dump = folder / f"export{r}.json"
        dump.write_text(cli(db, "export").stdout)
        db.unlink()
        before = files(db.parent)
        for command in commands:
            runs += 1
            done = cli(db, *[c.format(id=interview_id, export=dump) for c in command])
            if (one_line_refusal(done) and "restore" in done.stderr
                    and files(db.parent) == before):
                refused += 1
        restored = cli(db, "restore").returncode == 0 and interview_id in cli(db, "list").stdout
        check(restored, "restore after a missing file")
    check(refused == runs, "a command did not refuse a missing file with a backup")
    print(f"missing: {runs} commands on a deleted file with its backup: {refused} refused on "
          "one line naming the backup, nothing changed; restore brought the data back")


def hostile(folder: Path, rounds: int) -> None:
    cases = held = 0
    for r in range(rounds):
        base = folder / f"hostile{r}"
        base.mkdir()
        db = base / "followup.json"
        cli(db, "add", "--company", "Acme", "--role", "R", "--date", "2026-11-20")
        cli(db, "settings", "--name", "Alex")
        trials: list[tuple[str, list[str], Path]] = []
        for suffix in ("", ".bak", ".lock"):
            for command in ("ics", "export"):
                trials.append((f"{command} --output data{suffix}",
                               [command, "--output", str(db) + suffix], db))
        link = base / "link.ics"
        link.symlink_to(db)
        trials.append(("ics --output a link to the data", ["ics", "--output", str(link)], db))
        big = base / "big.json"
        big.write_text('{"format": "followup-export", "schema": ' + "9" * 5000 + "}")
        deep = base / "deep.json"
        deep.write_text("[" * 100_000 + "]" * 100_000)
        controls = base / "controls.json"
        data = json.loads(cli(db, "export").stdout)
        data["interviews"][0].update(id="other1", company="Globex" + HOSTILE)
        controls.write_text(json.dumps(data))
        for name, path in (("huge number", big), ("deep nesting", deep),
                           ("controls in a company", controls)):
            trials.append((f"import {name}", ["import", str(path)], db))
        fifo = base / "fifo.json"
        os.mkfifo(fifo)
        for command in ("list", "today"):
            trials.append((f"{command} on a FIFO", [command], fifo))
        trials.append(("list on /dev/zero", ["list"], Path("/dev/zero")))
        numbered = base / "numbered" / "followup.json"
        numbered.parent.mkdir()
        numbered.write_text(db.read_text().replace('"name":"Alex"', '"name":' + "7" * 5000))
        trials.append(("list on a file with a huge number", ["list"], numbered))
        for _name, args, target in trials:
            cases += 1
            before = files(base)
            try:
                done = cli(target, *args, timeout=20)
            except subprocess.TimeoutExpired:
                continue
            if one_line_refusal(done) and files(base) == before:
                held += 1
        # A link as the data path: written through, still a link.
        real = base / "real" / "followup.json"
        real.parent.mkdir()
        cli(real, "add", "--company", "Acme", "--role", "R", "--date", "2026-11-20")
        linked = base / "linked.json"
        linked.symlink_to(real)
        cli(linked, "add", "--company", "Globex", "--role", "R", "--date", "2026-11-20")
        cases += 1
        if linked.is_symlink() and len(json.loads(real.read_text())["interviews"]) == 2:
            held += 1
    check(held == cases, "a hostile case was not refused cleanly")
    print(f"hostile: {cases} cases (outputs naming the data file, huge numbers, deep "
          f"nesting, controls in an import, FIFOs, /dev/zero, a linked data path): "
          f"{held} held (one line, nothing changed, no hang)")


HOLDER = r'''
import sys, time
sys.path.insert(0, sys.argv[2])
from store.storage import SafeJSONStorage
storage = SafeJSONStorage(sys.argv[1])
with storage.transaction():
    print("held", flush=True)
    time.sleep(120)
'''


def lock(folder: Path, rounds: int) -> None:
    db = folder / "lock.json"
    cli(db, "settings", "--name", "Alex")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(ROOT)],
                              stdout=subprocess.PIPE, text=True)
    waits = []
    named = 0
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        for _ in range(rounds):
            started = time.monotonic()
            done = cli(db, "settings", "--name", "B")
            waits.append(time.monotonic() - started)
            named += one_line_refusal(done) and f"pid {holder.pid}" in done.stderr
        reading = time.monotonic()
        listed = cli(db, "list").returncode == 0
        reading = time.monotonic() - reading
    finally:
        holder.kill()
        holder.wait()
    check(named == rounds and listed, "the lock wait did not name its holder")
    print(f"lock: a change while another process holds the lock gave up after "
          f"{min(waits):.1f}-{max(waits):.1f} s naming the holder's pid ({named} of {rounds}); "
          f"reading meanwhile took {reading:.1f} s, with no wait")


def one_interview(db: Path) -> None:
    cli(db, "add", "--company", "Signal Corp", "--role", "Engineer", "--date", "2026-12-24",
        "--interviewer", "Dana Lee")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (ProcessLookupError, OSError):
        return False


def windows(folder: Path, rounds: int) -> None:
    if shutil.which("tmux") is None:
        print("windows: skipped, tmux is not installed")
        return
    db = folder / "windows.json"
    one_interview(db)
    socket = f"followup-attack-{os.getpid()}"

    def tmux(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=20)

    tries, left, slowest = 10 * rounds, 0, 0.0
    tmux("new-session", "-d", "-s", "keep", "sleep", "3600")
    assignments = [f"{k}={ENV[k]}" for k in ("PYTHONPATH", "TERM", "FOLLOWUP_CLIPBOARD")]
    try:
        for n in range(tries):
            tmux("new-window", "-d", "-n", f"w{n}", "-c", str(ROOT), "env", *assignments,
                 sys.executable, "-m", "tui", "--db", str(db))
            pid = int(tmux("display", "-p", "-t", f"w{n}", "#{pane_pid}").stdout)
            deadline = time.monotonic() + 20
            while "Signal Corp" not in tmux("capture-pane", "-p", "-t", f"w{n}").stdout:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.02)
            tmux("kill-window", "-t", f"w{n}")
            closed = time.monotonic()
            while _alive(pid) and time.monotonic() - closed < 10:
                time.sleep(0.02)
            if _alive(pid):
                left += 1
                os.kill(pid, signal.SIGKILL)
            else:
                slowest = max(slowest, time.monotonic() - closed)
    finally:
        tmux("kill-server")
    check(left == 0, "an app outlived its tmux window")
    print(f"windows: {tries} tmux windows closed right after the first frame: {left} apps "
          f"left running after 10 s; the slowest left {slowest:.2f} s after its window")


def hangups(folder: Path, rounds: int) -> None:
    db = folder / "hangups.json"
    one_interview(db)
    tries, times, left = 5 * rounds, [], 0
    for _ in range(tries):
        leader, follower = os.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        proc = subprocess.Popen([sys.executable, "-m", "tui", "--db", str(db)], cwd=ROOT,
                                env=ENV, stdin=follower, stdout=follower, stderr=follower,
                                start_new_session=True)
        os.close(follower)
        seen = b""
        deadline = time.monotonic() + 20
        while b"Signal Corp" not in seen and time.monotonic() < deadline:
            try:
                seen += os.read(leader, 65536)
            except OSError:
                break
        os.close(leader)  # no SIGHUP: this is not the app's controlling terminal
        closed = time.monotonic()
        try:
            proc.wait(10)
            times.append(time.monotonic() - closed)
        except subprocess.TimeoutExpired:
            left += 1
            proc.kill()
            proc.wait()
    check(left == 0, "an app outlived its terminal")
    slowest = f"{max(times):.2f}" if times else "-"
    print(f"hangups: {tries} terminals closed under the app without a SIGHUP: {left} apps "
          f"left running after 10 s; the slowest left {slowest} s after")


def paste(folder: Path) -> None:
    from textual import events

    from tests.conftest import fixed_clock
    from tui.app import make_app
    from tui.forms import InterviewForm

    async def run() -> list[str]:
        app = make_app(folder / "paste.json", clock=fixed_clock)
        huge = ("Acme \x1b[31m red \x1b]0;t\x07 " * 40_000)[:1_000_000]
        lines = []
        async with app.run_test(size=(100, 30)) as pilot:
            form = InterviewForm(fixed_clock().date())
            await app.push_screen(form)
            await pilot.pause()
            for name in ("company", "interviewers", "notes"):
                control = form.field(name).control
                control.focus()
                await pilot.pause()
                started = time.monotonic()
                control.post_message(events.Paste(huge))
                await pilot.pause()
                value = getattr(control, "value", None)
                value = control.text if value is None else value
                lines.append(f"{name} {time.monotonic() - started:.2f} s, kept {len(value):,}")
                check(app.screen is form and 0 < len(value) <= 10_000, f"paste into {name}")
        return lines

    print(f"paste: 1 MB with escapes into a form: {'; '.join(asyncio.run(run()))}; "
          "the form stayed open")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="followup-attack-") as name:
        folder = Path(name)
        writers(folder, args.rounds)
        missing(folder, args.rounds)
        hostile(folder, args.rounds)
        lock(folder, 3 * args.rounds)
        windows(folder, args.rounds)
        hangups(folder, args.rounds)
        paste(folder)
    print(f"total {time.monotonic() - started:.0f} s; "
          + ("all held" if not failures else f"FAILED: {failures}"))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
