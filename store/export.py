"""What `followup export` writes: the JSON export and the CSV table.

Both may be written to a terminal or opened in a spreadsheet, so neither holds
a raw control character: JSON writes them as `\\uXXXX` escapes (the same data
for any JSON reader), CSV shows them as ␛ / � (`store.text.clean`). A CSV cell
starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be a live
formula in a spreadsheet (`=HYPERLINK(...)` from an imported role): it gets an
apostrophe in front, which spreadsheets show as the text itself (OWASP's
advice on CSV injection). The JSON export keeps the text exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from .models import Interview, Reference
from .text import csv_cell, dumps

CSV_COLUMNS = ["id", "company", "role", "date", "time", "format", "round", "decision_by",
               "office_phone", "outcome", "interviewers", "thanked", "references", "notified",
               "follow_ups", "notes"]


def to_csv(interviews: Iterable[Interview], book: Mapping[str, Reference]) -> str:
    """One row per interview, by date, with every cell safe to show and to open."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for i in sorted(interviews, key=lambda i: (i.date, i.id)):
        refs = [book[u.reference_id].name for u in i.references if u.reference_id in book]
        writer.writerow([csv_cell(value) for value in (
            i.id, i.company, i.role, i.date.isoformat(), i.time.isoformat() if i.time else "",
            i.format.value, i.round, i.decision_by.isoformat() if i.decision_by else "",
            i.office_phone, i.outcome.value, "; ".join(p.name for p in i.interviewers),
            sum(1 for p in i.interviewers if p.thanked), "; ".join(refs),
            sum(1 for u in i.references if u.notified), len(i.follow_ups), i.notes,
        )])
    return buffer.getvalue()


def to_json(data: Any) -> str:
    """`data` as indented JSON, every control character escaped, and a final newline."""
    return dumps(data, indent=2) + "\n"
