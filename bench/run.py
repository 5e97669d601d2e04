"""How fast followup is at 100, 1,000 and 10,000 interviews, against a bare Textual app.

    python bench/run.py              # the full run (about 3-4 minutes on 2 cores)
    python bench/run.py --quick      # a tiny data set, a few runs: checks the script works
    python bench/run.py --json out.json

Every figure is the median of several runs and is also given as a ratio to a
baseline measured in the same run, interleaved with it (baseline, app,
baseline, app...), so a busy machine slows both alike:

* first paint: spawn to exit of `python -m tui` with FOLLOWUP_EXIT_AFTER_PAINT=1
  (the process ends the moment its first frame, with the list filled in, is
  drawn: the terminal is restored but nothing is torn down), headless and in a
  real terminal (tmux), against bench/baseline_app.py started and ended the same way;
  the data files have their summary index, as every file followup saved has; the
  headless start is also timed on a copy without it (a file from an older followup);
* key press: `j` moving the list cursor (and the detail pane with it), from the
  key to the last frame it caused (and to the first, the cursor moved), against
  the baseline app's key press;
* marking done (space in a step) at every size: the longest stall of the event
  loop while the save is written, and including the repaint that shows it
  (against the baseline app's key press), the time until the change is durable
  on disk (against a bare fsynced atomic write of a tiny file), and the time
  until the screen shows it;
* `followup today` as a whole process, against `python -c "import store"`;
* peak RSS of the app (the key-press and save session) against the baseline app's.

It prints one table and writes it as JSON to bench/results/<timestamp>.json
(and to --json PATH).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
FRAME = 1 / 60  # Textual draws at most 60 frames a second

# The targets of the second speed pass: (figure, kind, limit, sizes it applies to;
# None for every size measured). Kinds:
#   ratio    the figure's ratio to its baseline is at most `limit`
#   seconds  the figure itself is at most `limit` seconds
#   durable  at most the same size's "durable on disk" plus `limit` seconds
#   affine   at most `limit[0]` times the baseline plus `limit[1]` seconds
TARGETS: list[tuple[str, str, Any, tuple[int, ...] | None]] = [
    ("first_paint_headless", "ratio", 1.15, (100,)),
    ("first_paint_headless", "ratio", 1.6, (10_000,)),
    ("first_paint_tmux", "ratio", 1.15, (100,)),
    ("first_paint_tmux", "ratio", 1.6, (10_000,)),
    ("keypress", "ratio", 1.2, None),
    ("save_shown", "durable", FRAME, None),
    ("save_busy", "seconds", FRAME, (10_000,)),
    ("save_durable", "seconds", 0.060, (10_000,)),
    ("today", "affine", (1.3, 0.050), None),
    ("peak_rss", "ratio", 1.5, (10_000,)),
]


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # An installed followup has its bytecode compiled; let the children write theirs.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("FOLLOWUP_EXIT_AFTER_PAINT", "TEXTUAL_DRIVER", "FOLLOWUP_DB"):
        env.pop(name, None)
    env.update(COLUMNS="100", LINES="30", **extra)
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time from spawn to exit, and peak RSS in KiB, of one process.

    It is started by bench/child.py, a small process: a child forked from this
    one would count this process's own memory (the generated data) as its peak.
    """
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run([PYTHON, str(BENCH / "child.py"), "spawn", out.name, "--",
                               *command], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} could not be timed:\n{done.stderr}")
        result = json.loads(Path(out.name).read_text())
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.get('stderr', '')}")
    return result["seconds"], result["maxrss_kb"]


class Tmux:
    """A private tmux server in which each command runs in a 100x30 terminal."""

    def __init__(self, folder: Path) -> None:
        self.socket = f"followup-bench-{os.getpid()}"
        self.folder = folder
        self.count = 0
        # A session that waits for the whole run: without it the server quits each
        # time a measured one ends, and the next one can catch it shutting down.
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d",
                        "-s", "keep", "sleep 86400"], check=True, env=_tmux_env())

    def timed(self, command: list[str], env: dict[str, str]) -> tuple[float, int]:
        self.count += 1
        out = self.folder / f"tmux-{self.count}.json"
        channel = f"bench-{os.getpid()}-{self.count}"
        spawn = [PYTHON, str(BENCH / "child.py"), "spawn-tty", str(out), "--", *command]
        exports = " ".join(f"{k}={_quote(v)}" for k, v in env.items()
                           if k in ("FOLLOWUP_EXIT_AFTER_PAINT", "FOLLOWUP_CONFIG_DIR", "PATH",
                                    "HOME")
                           or k.startswith("PYTHON"))
        unset = "unset PYTHONDONTWRITEBYTECODE TEXTUAL_DRIVER COLUMNS LINES; "
        shell = (f"cd {_quote(str(ROOT))}; {unset}env {exports} "
                 f"{' '.join(_quote(c) for c in spawn)}; "
                 f"tmux -L {self.socket} wait-for -S {channel}")
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d",
                        "-x", "100", "-y", "30", shell], check=True, env=_tmux_env())
        subprocess.run(["tmux", "-L", self.socket, "wait-for", channel], check=True,
                       timeout=120, env=_tmux_env())
        result = json.loads(out.read_text())
        if result["returncode"] != 0:
            raise RuntimeError(f"{' '.join(command)} failed in tmux")
        return result["seconds"], result["maxrss_kb"]

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True,
                       env=_tmux_env())
        folder = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)


def _tmux_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TMUX", None)
    return env


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def interleaved(rounds: int, commands: dict[str, Callable[[], tuple[float, int]]],
                ) -> dict[str, dict[str, list[float]]]:
    """Run each command once per round, in turn, after one untimed warm-up each."""
    for run in commands.values():
        run()
    results: dict[str, dict[str, list[float]]] = {
        name: {"seconds": [], "rss_kb": []} for name in commands}
    for _ in range(rounds):
        for name, run in commands.items():
            seconds, rss = run()
            results[name]["seconds"].append(seconds)
            results[name]["rss_kb"].append(rss)
    return results


def interact(folder: Path, app: str, db: Path | None, presses: int, saves: int,
             ) -> tuple[dict[str, list[float]], int]:
    out = folder / f"interact-{app}-{db.stem if db else 'baseline'}.json"
    command = [PYTHON, str(BENCH / "child.py"), "interact", str(out), "--app", app,
               "--presses", str(presses), "--saves", str(saves)]
    if db is not None:
        command += ["--db", str(db)]
    _, rss = timed(command, child_env())
    return json.loads(out.read_text()), rss


def prepare_data(folder: Path, sizes: list[int]) -> dict[int, Path]:
    sys.path.insert(0, str(BENCH))
    import generate

    today = dt.date.today()
    paths = {}
    for n in sizes:
        paths[n] = generate.write(folder / f"followup-{n}.json", n, today)
    return paths


def measure(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    sizes = args.sizes
    data = prepare_data(folder, sizes)
    # The built-in message templates, whatever the user running this has reworded.
    os.environ["FOLLOWUP_CONFIG_DIR"] = str(folder / "config")
    report: dict[str, Any] = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "load_before": os.getloadavg()},
        "sizes": sizes, "runs": args.runs, "figures": {},
    }
    figures: dict[str, Any] = report["figures"]

    def app_command(n: int) -> list[str]:
        return [PYTHON, "-m", "tui", "--db", str(data[n])]

    baseline_command = [PYTHON, str(BENCH / "baseline_app.py")]

    # --- first paint -------------------------------------------------------------------
    headless = child_env(FOLLOWUP_EXIT_AFTER_PAINT="1",
                         TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver")
    progress("first paint, headless")
    commands: dict[str, Callable[[], tuple[float, int]]] = {}
    for n in sizes:
        commands["baseline" + str(n)] = lambda: timed(baseline_command, headless)
        commands[str(n)] = lambda n=n: timed(app_command(n), headless)
    paint = interleaved(args.runs, commands)
    baseline_runs = [s for n in sizes for s in paint["baseline" + str(n)]["seconds"]]
    figures["first_paint_headless"] = figure(
        median(baseline_runs), {n: median(paint[str(n)]["seconds"]) for n in sizes})
    figures["first_paint_rss"] = figure(
        median([r for n in sizes for r in paint["baseline" + str(n)]["rss_kb"]]) / 1024,
        {n: median(paint[str(n)]["rss_kb"]) / 1024 for n in sizes}, unit="MiB")

    # The same start from a file without its summary index (one written by an older
    # followup, until its first save): every interview is read from the file.
    progress("first paint, headless, without the summary index")
    bare: dict[int, Path] = {}
    for n in sizes:
        bare[n] = folder / "no-index" / data[n].name
        bare[n].parent.mkdir(exist_ok=True)
        shutil.copy(data[n], bare[n])
    commands = {}
    for n in sizes:
        commands["baseline" + str(n)] = lambda: timed(baseline_command, headless)
        commands[str(n)] = lambda n=n: timed([PYTHON, "-m", "tui", "--db", str(bare[n])],
                                             headless)
    paint = interleaved(args.runs, commands)
    figures["first_paint_no_index"] = figure(
        median([s for n in sizes for s in paint["baseline" + str(n)]["seconds"]]),
        {n: median(paint[str(n)]["seconds"]) for n in sizes})

    if args.tmux:
        progress("first paint, in tmux")
        tmux = Tmux(folder)
        terminal = child_env(FOLLOWUP_EXIT_AFTER_PAINT="1")
        try:
            commands = {}
            for n in sizes:
                commands["baseline" + str(n)] = lambda: tmux.timed(baseline_command, terminal)
                commands[str(n)] = lambda n=n: tmux.timed(app_command(n), terminal)
            paint = interleaved(args.runs, commands)
        finally:
            tmux.close()
        baseline_runs = [s for n in sizes for s in paint["baseline" + str(n)]["seconds"]]
        figures["first_paint_tmux"] = figure(
            median(baseline_runs), {n: median(paint[str(n)]["seconds"]) for n in sizes})

    # --- key presses and saves -------------------------------------------------------------
    progress("key presses and saves")
    base, base_rss = interact(folder, "baseline", None, args.presses, args.saves)
    per_size = {}
    for n in sizes:
        per_size[n] = interact(folder, "followup", data[n], args.presses, args.saves)
    figures["keypress"] = figure(median(base["move"]),
                                 {n: median(r["move"]) for n, (r, _) in per_size.items()})
    figures["keypress_first"] = figure(
        median(base["move"]), {n: median(r["move_first"]) for n, (r, _) in per_size.items()})
    figures["save_busy"] = figure(median(base["busy"]),
                                  {n: median(r["save_busy"]) for n, (r, _) in per_size.items()})
    figures["save_busy_repaint"] = figure(
        median(base["busy"]), {n: median(r["save_busy_repaint"]) for n, (r, _) in per_size.items()})
    floor = median([t for r, _ in per_size.values() for t in r["durable_floor"]])
    figures["save_durable"] = figure(
        floor, {n: median(r["save_durable"]) for n, (r, _) in per_size.items()})
    figures["save_shown"] = figure(median(base["move"]),
                                   {n: median(r["save_shown"]) for n, (r, _) in per_size.items()})
    figures["peak_rss"] = figure(base_rss / 1024,
                                 {n: rss / 1024 for n, (_, rss) in per_size.items()}, unit="MiB")

    # --- the command line -------------------------------------------------------------------
    progress("followup today")
    plain = child_env()
    commands = {}
    for n in sizes:
        commands["import" + str(n)] = lambda: timed([PYTHON, "-c", "import store"], plain)
        commands[str(n)] = lambda n=n: timed(app_command(n) + ["today"], plain)
    today = interleaved(args.runs, commands)
    figures["today"] = figure(
        median([s for n in sizes for s in today["import" + str(n)]["seconds"]]),
        {n: median(today[str(n)]["seconds"]) for n in sizes})
    report["machine"]["load_after"] = os.getloadavg()
    return report


def figure(baseline: float, values: dict[int, float], unit: str = "s") -> dict[str, Any]:
    return {"unit": unit, "baseline": baseline,
            "median": {str(n): v for n, v in values.items()},
            "ratio": {str(n): (v / baseline if baseline else float("nan"))
                      for n, v in values.items()}}


LABELS = {
    "first_paint_headless": "first paint, headless",
    "first_paint_tmux": "first paint, tmux",
    "first_paint_rss": "RSS at first paint",
    "first_paint_no_index": "first paint, no index",
    "keypress": "key j: list + detail",
    "keypress_first": "key j: first frame",
    "save_busy": "save: UI stalled (write)",
    "save_busy_repaint": "save: stalled + repaint",
    "save_durable": "save: durable on disk",
    "save_shown": "save: change on screen",
    "today": "followup today",
    "peak_rss": "peak RSS (keys + saves)",
}
BASELINES = {
    "first_paint_headless": "bare app",
    "first_paint_tmux": "bare app",
    "first_paint_rss": "bare app",
    "first_paint_no_index": "bare app",
    "keypress": "bare app key",
    "keypress_first": "bare app key",
    "save_busy": "bare app key",
    "save_busy_repaint": "bare app key",
    "save_durable": "bare fsync",
    "save_shown": "bare app key",
    "today": "import store",
    "peak_rss": "bare app",
}


def show(value: float, unit: str) -> str:
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms"


def table(report: dict[str, Any]) -> str:
    sizes = [str(n) for n in report["sizes"]]
    head = ["", "baseline", *[f"{int(n):,} interviews" for n in sizes]]
    rows = [head]
    for key, fig in report["figures"].items():
        unit = fig["unit"]
        cells = [LABELS.get(key, key), f"{show(fig['baseline'], unit)} ({BASELINES[key]})"]
        for n in sizes:
            cells.append(f"{show(fig['median'][n], unit)} ({fig['ratio'][n]:.2f}x)")
        rows.append(cells)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines += targets(report)
    return "\n".join(lines)


def targets(report: dict[str, Any]) -> list[str]:
    """One line per target and size: the figure, the limit, and met or MISSED."""
    lines = ["Targets:"]
    figures = report["figures"]
    met = missed = 0
    for name, kind, limit, sizes in TARGETS:
        fig = figures.get(name)
        if fig is None:
            continue
        for size in sizes or [int(n) for n in fig["median"]]:
            key = str(size)
            if key not in fig["median"]:
                continue
            value = fig["median"][key]
            if kind == "ratio":
                value = fig["ratio"][key]
                bound = limit
                text = f"{value:.2f}x (target <= {limit:.2f}x)"
            elif kind == "seconds":
                bound = limit
                text = f"{value * 1000:.1f} ms (target <= {limit * 1000:.1f} ms)"
            elif kind == "durable":
                durable = figures.get("save_durable", {}).get("median", {}).get(key)
                if durable is None:
                    continue
                bound = durable + limit
                text = (f"{value * 1000:.1f} ms (target <= durable {durable * 1000:.1f} ms "
                        f"+ one frame = {bound * 1000:.1f} ms)")
            else:  # affine
                factor, extra = limit
                bound = factor * fig["baseline"] + extra
                text = (f"{value * 1000:.1f} ms (target <= {factor:g} x "
                        f"{fig['baseline'] * 1000:.1f} ms + {extra * 1000:.0f} ms = "
                        f"{bound * 1000:.1f} ms)")
            ok = value <= bound
            met += ok
            missed += not ok
            lines.append(f"  {LABELS[name]} at {size:,}: {text}  {'met' if ok else 'MISSED'}")
    if met + missed == 0:
        lines.append("  (none apply to these sizes)")
    else:
        lines.append(f"  {met} met, {missed} missed")
    return lines


def _loads(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def progress(what: str) -> None:
    print(f"... {what}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a tiny data set and few runs: checks that the benchmark works")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the JSON here")
    parser.add_argument("--runs", type=int, help="runs of each process (default 7; quick 1)")
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of interviews")
    parser.add_argument("--results", type=Path, default=BENCH / "results", metavar="DIR",
                        help="where to keep the timestamped JSON (default bench/results)")
    parser.add_argument("--no-tmux", dest="tmux", action="store_false",
                        help="skip the first paint in a real terminal")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or ([10] if args.quick else [100, 1_000, 10_000])
    args.runs = args.runs or (1 if args.quick else 7)
    args.presses = 3 if args.quick else 25
    args.saves = 2 if args.quick else 7
    if args.tmux and shutil.which("tmux") is None:
        print("tmux is not installed: skipping the first paint in a real terminal",
              file=sys.stderr)
        args.tmux = False

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as tmp:
        report = measure(args, Path(tmp))
    report["seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(report, indent=2)
    results = args.results
    results.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    written = [results / f"{stamp}.json"]
    if args.json:
        written.append(args.json)
    for path in written:
        path.write_text(text + "\n")
    load = report["machine"]
    print(table(report))
    print(f"\nload average before {_loads(load['load_before'])}, after "
          f"{_loads(load['load_after'])} ({load['cpus']} cores)")
    print(f"\n{report['seconds']:.0f} s; written to {', '.join(str(p) for p in written)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
