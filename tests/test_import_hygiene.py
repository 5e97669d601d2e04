"""The core's border, checked once: store/ never imports textual or rich, the shell
commands start without the screen code, and no module imports itself in a circle."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_store_never_imports_textual_or_rich() -> None:
    code = (
        "import pkgutil, importlib, sys\n"
        "import store\n"
        "names = [m.name for m in pkgutil.iter_modules(store.__path__)]\n"
        "for name in names:\n"
        "    importlib.import_module('store.' + name)\n"
        "assert len(names) >= 15, names\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "sys.exit(f'{bad}' if bad else 0)\n"
    )
    result = run(code)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_shell_commands_start_without_the_screen_code(tmp_path: Path) -> None:
    """`followup today` and `followup ics` (a login shell, a cron job) load no textual."""
    data = str(tmp_path / "f.json")
    code = (
        "import io, json, sys\n"
        "from tui.cli import main\n"
        f"main(['--db', {data!r}, 'today'], out=io.StringIO())\n"
        f"main(['--db', {data!r}, 'ics'], out=io.StringIO())\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('tui'))))\n"
    )
    result = run(code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["tui", "tui.cli"]


def test_the_agenda_in_the_shell_reads_the_summary_index_without_the_repository(
        tmp_path: Path) -> None:
    """`followup today` on a file with its summary index loads neither TinyDB nor the
    repository (nor the code of the other commands): it only looks."""
    data = str(tmp_path / "f.json")
    code = (
        "import io, sys, datetime as dt\n"
        "from store.repository import Repository\n"
        f"Repository({data!r}).add_interview('Acme', 'Analyst', dt.date(2026, 11, 20),\n"
        "                                   interviewers=[{'name': 'Dana Lee'}])\n"
        "for name in [m for m in sys.modules if m.startswith(('store', 'tinydb', 'tui'))]:\n"
        "    del sys.modules[name]\n"
        "from tui.cli import main\n"
        "out = io.StringIO()\n"
        f"main(['--db', {data!r}, 'today', '--on', '2026-11-23'], out=out)\n"
        "assert 'Acme' in out.getvalue(), out.getvalue()\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('tinydb', 'store.repository',\n"
        "                'store.storage', 'store.export', 'store.message_kinds')))\n"
        "sys.exit(f'{loaded}' if loaded else 0)\n"
    )
    result = run(code)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_circles() -> None:
    spec = importlib.util.spec_from_file_location("imports", ROOT / "bench" / "imports.py")
    assert spec is not None and spec.loader is not None
    imports = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(imports)
    found = imports.modules()
    graph = {name: imports.imports_of(name, path, set(found)) for name, path in found.items()}
    assert len(graph) > 40
    assert imports.circles(graph) == []
