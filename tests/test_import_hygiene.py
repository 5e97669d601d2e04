"""The core's border, checked once: store/ never imports textual or rich, the shell
commands start without the screen code, the first screen without the code of the
others, and no module imports itself in a circle."""

from __future__ import annotations

import importlib.util
import json
import os
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
    repository (nor the code of the other commands, nor `typing`, nor `dataclasses`
    and the `inspect` it brings): it only looks."""
    import datetime as dt

    from store.repository import Repository

    data = str(tmp_path / "f.json")
    Repository(data).add_interview("Acme", "Analyst", dt.date(2026, 11, 20),
                                   interviewers=[{"name": "Dana Lee"}])
    code = (
        "import io, sys\n"
        "from tui.cli import main\n"
        "out = io.StringIO()\n"
        f"main(['--db', {data!r}, 'today', '--on', '2026-11-23'], out=out)\n"
        "assert 'Acme' in out.getvalue(), out.getvalue()\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('tinydb', 'store.repository',\n"
        "                'store.storage', 'store.export', 'store.message_kinds', 'typing',\n"
        "                'dataclasses', 'inspect')))\n"
        "sys.exit(f'{loaded}' if loaded else 0)\n"
    )
    result = run(code)
    assert result.returncode == 0, result.stdout + result.stderr


# What the first frame (the Today view) does not show, loaded when first used: the
# forms and their editing fields, the help, the history, the palette's commands, the
# clipboard, the mail and reword flows, export, the calendar and its sync.
NOT_AT_START = ("tui.forms", "tui.help", "tui.history", "tui.commands", "tui.clipboard",
                "tui.reword", "tui.editor", "tui.mail", "widgets.safe_fields",
                "textual.widgets._text_area", "store.export", "store.calendar", "store.sync",
                "store.sync_run", "store.contacts", "store.demo")


# The interview screen's own code: opening on the Today view, it loads once the first
# frame is drawn (the interview screen is made then, while the user reads it).
AFTER_THE_FIRST_FRAME = ("tui.main_screen", "tui.row_index", "tui.form_flows",
                         "tui.message_flows", "widgets.interview_list", "widgets.list_filter",
                         "widgets.interview_header", "widgets.empty_state", "widgets.steps_view")


def test_the_first_screen_starts_without_the_code_of_the_others(tmp_path: Path) -> None:
    """Opening on the Today view (something is due) loads only what it draws: the rest
    loads when the user first asks for it, so the first frame comes sooner."""
    from store.repository import Repository
    from tests.conftest import NOW, build_mixed_data, fixed_clock

    data = str(tmp_path / "f.json")
    build_mixed_data(Repository(data, clock=fixed_clock))
    code = (
        "import asyncio, datetime, json, sys\n"
        "from tui.app import FollowupApp, make_app\n"
        "at_first_frame = []\n"
        "after_first_frame = FollowupApp._after_first_frame\n"
        "def first_frame(app):\n"
        "    at_first_frame.append(sorted(sys.modules))\n"
        "    after_first_frame(app)\n"
        "FollowupApp._after_first_frame = first_frame\n"
        f"app = make_app({data!r}, clock=lambda: {NOW!r}, today_first=True)\n"
        "async def start():\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert type(app.screen).__name__ == 'TodayScreen', app.screen\n"
        "        assert 'Thank-you email to Morgan Blake' in ' '.join(\n"
        "            s.text for s in app.screen._compositor.render_strips())\n"
        "        print(json.dumps(at_first_frame[0]))\n"
        "        print(json.dumps(sorted(sys.modules)))\n"
        "asyncio.run(start())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60,
                            env={**os.environ, "FOLLOWUP_CONFIG_DIR": str(tmp_path / "c")})
    assert result.returncode == 0, result.stderr
    first, loaded = (set(json.loads(line)) for line in result.stdout.splitlines()[-2:])
    assert "tui.today_screen" in first
    assert sorted(first.intersection(AFTER_THE_FIRST_FRAME)) == []
    assert "tui.main_screen" in loaded  # made while the user reads the first frame
    assert sorted(loaded.intersection(NOT_AT_START)) == []


def test_no_import_circles() -> None:
    spec = importlib.util.spec_from_file_location("imports", ROOT / "bench" / "imports.py")
    assert spec is not None and spec.loader is not None
    imports = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(imports)
    found = imports.modules()
    graph = {name: imports.imports_of(name, path, set(found)) for name, path in found.items()}
    assert len(graph) > 40
    assert imports.circles(graph) == []
