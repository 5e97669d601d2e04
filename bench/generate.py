"""Write a realistic data file of N interviews for the benchmarks.

Each interview has 3 interviewers and 3 references from a shared book, in a
mix of states around `today`: late, due, waiting, followed up, closed.

    python bench/generate.py 10000 /tmp/followup-10k.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store import codec  # noqa: E402
from store.models import (  # noqa: E402
    FollowUp,
    Format,
    HistoryEntry,
    Interview,
    Interviewer,
    Outcome,
    Reference,
    ReferenceUse,
    Settings,
    ThankChannel,
)
from store.repository import SCHEMA_VERSION, Repository  # noqa: E402

COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka",
             "Tyrell", "Soylent", "Cyberdyne", "Vandelay", "Pied Piper", "Massive Dynamic"]
ROLES = ["Data Engineer", "Backend Engineer", "Product Manager", "Analytics Engineer",
         "Platform Engineer", "ML Engineer", "Engineering Manager", "SRE"]
FIRST = ["Dana", "Raj", "Maria", "Chris", "Tom", "Priya", "Sam", "Jordan", "Alex", "Lee",
         "Noor", "Ines", "Kenji", "Olu", "Marta", "Pavel"]
LAST = ["Lee", "Patel", "Gonzales", "Young", "Becker", "Natarajan", "Ortiz", "Kim",
        "Nakamura", "Okafor", "Silva", "Novak", "Haddad", "Berg"]
TOPICS = ["moving batch jobs to streaming", "the on-call rotation", "the data platform roadmap",
          "how they review designs", "their migration to Kubernetes", "team rituals"]


def build(n: int, today: dt.date, seed: int = 7) -> dict:
    rng = random.Random(seed)
    book = [Reference(id=f"r{k:04x}", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                      relationship="former manager", email=f"ref{k}@example.org",
                      phone=f"+1 555 {k:04d}") for k in range(max(12, n // 50))]
    interviews = []
    for k in range(n):
        when = today - dt.timedelta(days=rng.randint(-10, 60))
        outcome = Outcome.OPEN if rng.random() < 0.6 else rng.choice(list(Outcome)[1:])
        people = []
        for p in range(3):
            thanked = rng.random() < 0.5 and when <= today
            people.append(Interviewer(
                id=f"p{k:05x}{p}", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                title="Engineering Manager" if p == 0 else "Engineer",
                email=f"p{p}.{k}@example.com", hiring_manager=p == 0,
                topic=rng.choice(TOPICS) if rng.random() < 0.8 else "",
                thanked_on=when if thanked else None,
                thanked_via=ThankChannel.EMAIL if thanked else None))
        refs = [ReferenceUse(reference_id=r.id,
                             notified_on=when if rng.random() < 0.5 and when <= today else None)
                for r in rng.sample(book, 3)]
        follow_ups = ()
        if when < today - dt.timedelta(days=10) and rng.random() < 0.4:
            follow_ups = (FollowUp(id=f"f{k:05x}", on=when + dt.timedelta(days=8)),)
        stamp = dt.datetime.combine(when, dt.time(9))
        interviews.append(Interview(
            id=f"{k:06x}", company=f"{rng.choice(COMPANIES)} {k % 97}", role=rng.choice(ROLES),
            date=when, format=rng.choice(list(Format)), round=rng.randint(1, 3),
            decision_by=when + dt.timedelta(days=7) if rng.random() < 0.3 else None,
            office_phone="+1 555 0100", outcome=outcome, created=stamp, updated=stamp,
            interviewers=tuple(people), references=tuple(refs), follow_ups=follow_ups,
            history=(HistoryEntry(at=stamp, what="Added the interview"),)))
    return {
        "meta": {"1": {"schema": SCHEMA_VERSION}},
        "settings": {"1": codec.settings_to_doc(Settings(name="Alex Kim", signature="Alex"))},
        "references": {str(i + 1): codec.reference_to_doc(r) for i, r in enumerate(book)},
        "interviews": {str(i + 1): codec.interview_to_doc(iv) for i, iv in enumerate(interviews)},
    }


def write(path: Path, n: int, today: dt.date) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(build(n, today), ensure_ascii=False, separators=(",", ":"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    # Saved once through followup, as every file it has written is: the same data,
    # with the summary index beside it (a file from before the index is read in
    # full until its first save).
    repo = Repository(path, check=False)
    repo.storage.write(repo.storage.read() or {})
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()
    write(args.path, args.count, args.today)
    print(f"{args.path}: {args.count} interviews, {args.path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
