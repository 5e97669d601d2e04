"""The benchmark still runs: `bench/run.py --quick` prints its table and writes JSON.

No figure is checked (timings on a shared machine prove nothing in a test);
only that every measurement ran and came back as a number.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmark_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--json", str(out),
         "--results", str(tmp_path / "results")],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert "first paint, headless" in done.stdout
    assert "key j: list + detail" in done.stdout
    assert "save: durable on disk" in done.stdout
    assert "followup today" in done.stdout
    assert "10 interviews" in done.stdout
    assert "first paint, no index" in done.stdout
    # Each target that applies at this size is judged, met or missed, and counted.
    assert "Targets:" in done.stdout
    judged = [line for line in done.stdout.splitlines()
              if line.startswith("  key j: list + detail at 10:")]
    assert len(judged) == 1 and judged[0].endswith(("met", "MISSED")), done.stdout
    assert " met, " in done.stdout and "load average before" in done.stdout

    report = json.loads(out.read_text())
    assert report["sizes"] == [10]
    figures = report["figures"]
    for name in ("first_paint_headless", "first_paint_no_index", "keypress", "save_busy",
                 "save_durable", "save_shown", "today", "peak_rss"):
        figure = figures[name]
        assert math.isfinite(figure["baseline"]) and figure["baseline"] > 0, name
        assert math.isfinite(figure["median"]["10"]), name
        assert math.isfinite(figure["ratio"]["10"]), name
    # The same report is kept, under a timestamped name, with the others.
    kept = list((tmp_path / "results").glob("*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == report
