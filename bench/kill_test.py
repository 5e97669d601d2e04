"""Kill a process writing the data file, again and again, and check nothing was lost.

A writer process makes real changes through `store.repository` (adds
interviews, thanks interviewers, logs follow-ups, edits notes, changes
settings, adds references, deletes interviews) and reports each one on
stdout once the call has returned. This script SIGKILLs it at a random
moment, then checks, as the next session would, that

* the data file parses and opens as a followup data file,
* every change the writer reported done is in it (a change that was under
  way may or may not be; either is fine, half of one is not),
* the backup beside it parses too,
* killed saves leave no more than one temporary file behind.

Besides the kills at random moments, `--stages` kills the writer at each
step of a save in turn (before the temporary file is synced, before the
backup is linked, just before and just after the rename, before the folder
is synced), so every window of the atomic write is hit on purpose.

    python bench/kill_test.py                 # 200 random kills + every stage
    python bench/kill_test.py --rounds 1000 --seed 7

Uses only the standard library and followup itself. Prints the figures;
exits non-zero on the first lost or damaged change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.repository import Repository  # noqa: E402
from store.storage import parse_file  # noqa: E402

# Where a save can be cut short, as (call, which call of it in one save, before/after).
# A save calls, in order: fsync(temp file), link(data -> backup temp), replace(backup),
# replace(temp -> data), fsync(folder).
STAGES = {
    "temp file written, not yet synced": ("fsync", 0, "before"),
    "temp file synced, backup not yet kept": ("link", 0, "before"),
    "backup kept, data file not yet replaced": ("replace", 1, "before"),
    "data file replaced, folder not yet synced": ("replace", 1, "after"),
    "folder being synced": ("fsync", 1, "before"),
    # After the data file is durable the summary index is written and renamed.
    "data file saved, summary index not yet replaced": ("replace", 2, "before"),
}

WRITER = r'''
import datetime as dt, json, os, signal, sys
sys.path.insert(0, sys.argv[3])
from store import storage
from store.repository import Repository

path, tag = sys.argv[1], sys.argv[2]
stage = json.loads(sys.argv[4]) if len(sys.argv) > 4 else None

def say(*parts):
    sys.stdout.write(" ".join(map(str, parts)) + "\n")
    sys.stdout.flush()

# Mark where each save starts and ends, so the harness can tell whether a kill
# landed inside one; and, for a staged round, die at the chosen step.
# (A save is the whole of `write`: the data file, then its summary index.)
real_write = storage.SafeJSONStorage.write
calls = {}
def marked_write(self, data):
    calls.clear()
    say("w+")
    real_write(self, data)
    say("w-")
storage.SafeJSONStorage.write = marked_write

if stage is not None:
    name, nth, when, on_save = stage
    real = getattr(os, name)
    saves = [0]
    def cut(*args, **kwargs):
        k = calls.get(name, 0)
        calls[name] = k + 1
        armed = k == nth and saves[0] >= on_save
        if armed and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if armed and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(storage.os, name, cut)
    def counting_write(self, data, _inner=storage.SafeJSONStorage._write_file):
        _inner(self, data)
        saves[0] += 1
    storage.SafeJSONStorage._write_file = counting_write

repo = Repository(path)
say("ready")
day = dt.date(2026, 11, 20)
n = 0
while True:
    n += 1
    token = f"{tag}.{n}"
    ids = [i.id for i in repo.interviews()]
    kind = n % 7 if ids else 0
    if kind == 0:
        people = [{"name": f"Dana {token}"}, {"name": f"Sam {token}"}]
        new = repo.add_interview(f"Acme {token}", "Analyst", day, interviewers=people,
                                 notes="n" * (n * 37 % 2000))
        say("add", new.id)
    elif kind == 1:
        target = repo.interview(ids[n % len(ids)])
        open_ = [p for p in target.interviewers if not p.thanked]
        if open_:
            repo.mark_thanked(target.id, open_[0].id, day)
            say("thank", target.id, open_[0].id)
    elif kind == 2:
        target = ids[n % len(ids)]
        repo.log_follow_up(target, day, note=token)
        say("note", target, token)
    elif kind == 3:
        target = ids[n % len(ids)]
        repo.update_interview(target, notes=token)
        say("edit", target, token)
    elif kind == 4:
        repo.update_settings(signature=token)
        say("settings", token)
    elif kind == 5:
        ref = repo.add_reference(f"Pat {token}", phone="+1 555 0100")
        say("ref", ref.id)
    elif kind == 6 and len(ids) > 40:
        target = ids[(n * 7) % len(ids)]
        say("deleting", target)
        repo.delete_interview(target)
        say("deleted", target)
'''


def _order(token: str) -> tuple[int, int]:
    """Tokens are `<round>.<change>`: later changes sort higher. Anything else sorts first."""
    match = re.fullmatch(r"(\d+)\.(\d+)", token)
    return (int(match[1]), int(match[2])) if match else (-1, -1)


@dataclass
class Ledger:
    """What the writers reported done, across all rounds."""

    added: set[str] = field(default_factory=set)
    deleting: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    thanked: set[tuple[str, str]] = field(default_factory=set)
    notes: dict[str, set[str]] = field(default_factory=dict)
    edits: dict[str, str] = field(default_factory=dict)
    settings: str | None = None
    refs: set[str] = field(default_factory=set)
    changes: int = 0
    # After how many kills the summary index matched the file (and was compared with
    # it), and after how many it did not (so it was not used).
    index_trusted: int = 0
    index_rebuilt: int = 0

    def take(self, out: str) -> bool:
        """Read a writer's output; True when it was killed inside a save."""
        in_save = False
        # Only whole lines were reported: whatever follows the last newline was cut off.
        for line in out.split("\n")[:-1]:
            word, *rest = line.split()
            if word == "w+":
                in_save = True
                continue
            if word == "w-":
                in_save = False
                continue
            if word == "ready":
                continue
            if word == "deleting":
                self.deleting.add(rest[0])
                continue
            self.changes += 1
            if word == "add":
                self.added.add(rest[0])
            elif word == "thank":
                self.thanked.add((rest[0], rest[1]))
            elif word == "note":
                self.notes.setdefault(rest[0], set()).add(rest[1])
            elif word == "edit":
                self.edits[rest[0]] = rest[1]
            elif word == "settings":
                self.settings = rest[0]
            elif word == "ref":
                self.refs.add(rest[0])
            elif word == "deleted":
                self.deleted.add(rest[0])
        return in_save

    def check(self, path: Path) -> list[str]:
        """Every reported change that the file does not hold."""
        problems: list[str] = []
        parse_file(path)  # whole JSON ...
        repo = Repository(path, create=False)  # ... and a followup data file
        here = {i.id: i for i in repo.interviews()}
        for key in self.added - self.deleting:
            if key not in here:
                problems.append(f"interview {key} was added and is gone")
        for key in self.deleted & set(here):
            problems.append(f"interview {key} was deleted and is back")
        for key, person in self.thanked:
            if key in here and not here[key].interviewer(person).thanked:
                problems.append(f"the thank-you to {person} at {key} is gone")
        for key, tokens in self.notes.items():
            if key in here:
                kept = {f.note for f in here[key].follow_ups}
                problems += [f"follow-up {t} at {key} is gone" for t in tokens - kept]
        for key, token in self.edits.items():
            # The last reported edit, or one made after it that did not get reported.
            if key in here and _order(here[key].notes) < _order(token):
                problems.append(f"the edit {token} of {key} is gone ({here[key].notes!r})")
        if self.settings is not None:
            signature = repo.settings().signature
            if _order(signature) < _order(self.settings):
                problems.append(f"the settings change {self.settings} is gone ({signature!r})")
        book = repo.book()
        problems += [f"reference {r} is gone" for r in self.refs - set(book)]
        # The summary index, where it is trusted, says what the file says.
        indexed = Repository(path, create=False, check=False)
        if indexed.storage.read_from_index:
            self.index_trusted += 1
            if indexed.index().summaries != repo.index().summaries:
                problems.append("the summary index disagrees with the file")
            if (indexed.settings(), indexed.book()) != (repo.settings(), repo.book()):
                problems.append("the file read through the summary index differs")
        else:
            self.index_rebuilt += 1
        backup = path.with_name(path.name + ".bak")
        if backup.exists():
            parse_file(backup)
        return problems


@dataclass
class Result:
    kills: int = 0
    in_save: int = 0
    before_ready: int = 0
    stages: dict[str, bool] = field(default_factory=dict)
    most_temp_files: int = 0
    problems: list[str] = field(default_factory=list)
    changes: int = 0
    interviews: int = 0
    size: int = 0
    index_trusted: int = 0
    index_rebuilt: int = 0


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def _start(path: Path, tag: int, stage: tuple[str, int, str, int] | None = None
           ) -> subprocess.Popen[str]:
    argv = [sys.executable, "-c", WRITER, str(path), str(tag), str(ROOT)]
    if stage is not None:
        argv.append(json.dumps(stage))
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _after_kill(proc: subprocess.Popen[str], ledger: Ledger, path: Path, result: Result,
                label: str) -> bool:
    out, err = proc.communicate(timeout=60)
    if proc.returncode != -signal.SIGKILL:
        result.problems.append(f"{label}: the writer stopped by itself ({proc.returncode}): "
                               f"{err.strip()[-500:]}")
        return False
    result.kills += 1
    in_save = ledger.take(out)
    result.in_save += in_save
    if not path.exists():
        return False  # killed before the very first save: nothing was reported either
    result.most_temp_files = max(result.most_temp_files, len(temp_files(path.parent)))
    try:
        problems = ledger.check(path)
    except Exception as exc:  # a file that does not open is the worst outcome of all
        problems = [f"the file does not open: {exc}"]
    result.problems += [f"{label}: {p}" for p in problems]
    return in_save


def run(path: Path, rounds: int, seed: int = 20261126, max_delay: float = 0.15,
        stages: bool = True, tag: int = 0) -> Result:
    """`rounds` kills at random moments (plus one per stage of a save); the figures."""
    rng = random.Random(seed)
    ledger = Ledger()
    result = Result()
    if stages:
        Repository(path).add_interview("Seed", "Analyst", dt.date(2026, 11, 20))
        for number, (label, (name, nth, when)) in enumerate(STAGES.items()):
            # Let a few saves through first, so the cut lands on a file with history.
            proc = _start(path, tag + number, (name, nth, when, 2))
            result.stages[label] = _after_kill(proc, ledger, path, result, label)
        tag += len(STAGES)
    for round_no in range(rounds):
        proc = _start(path, tag + round_no)
        assert proc.stdout is not None
        # One round in ten is killed while it is still opening the file.
        if round_no % 10 != 0:
            if proc.stdout.readline().strip() != "ready":
                result.problems.append(f"round {round_no}: the writer did not start: "
                                       f"{proc.communicate(timeout=60)[1][-500:]}")
                continue
        else:
            result.before_ready += 1
        time.sleep(rng.uniform(0.0, max_delay))
        proc.send_signal(signal.SIGKILL)
        _after_kill(proc, ledger, path, result, f"round {round_no}")
        if result.problems:
            break
    result.changes = ledger.changes
    result.index_trusted, result.index_rebuilt = ledger.index_trusted, ledger.index_rebuilt
    if path.exists():
        result.interviews = len(Repository(path, create=False).interviews())
        result.size = path.stat().st_size
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="kills at random moments")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--max-delay", type=float, default=0.15,
                        help="longest wait in seconds before a kill")
    parser.add_argument("--no-stages", action="store_true",
                        help="skip the kills at each step of a save")
    parser.add_argument("--dir", type=Path, help="where to keep the data file (default: a "
                                                 "temporary folder, removed afterwards)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="followup-kill-") as scratch:
        folder = args.dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "followup.json"
        started = time.monotonic()
        result = run(path, args.rounds, args.seed, args.max_delay, not args.no_stages)
        took = time.monotonic() - started
    for label, hit in result.stages.items():
        print(f"  stage: killed with the {label}: {'survived' if hit else 'not reached'}")
    print(f"kills: {result.kills} ({len(result.stages)} at chosen stages of a save, "
          f"{result.before_ready} while opening, {result.in_save} inside a save)")
    print(f"changes reported done and checked after every kill: {result.changes}")
    print(f"summary index: matched the file and agreed with it after {result.index_trusted} "
          f"kills, did not match (not used) after {result.index_rebuilt}")
    print(f"final file: {result.interviews} interviews, {result.size:,} bytes; "
          f"most temporary files left at once: {result.most_temp_files}; {took:.0f} s")
    if result.problems:
        print("LOST OR DAMAGED:")
        for problem in result.problems[:20]:
            print("  " + problem)
        return 1
    print("nothing lost")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
