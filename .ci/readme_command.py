"""Print one of the README's two Quick start command lines: `app` or `test`."""

import re
import sys
from pathlib import Path


def quick_start_lines(readme: str) -> list[str]:
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S)
    if block is None:
        raise SystemExit("README: no code block under '## Quick start'")
    return [line for line in block.group(1).splitlines() if line.strip()]


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "test"
    lines = quick_start_lines((Path(__file__).parent.parent / "README.md").read_text())
    if len(lines) != 2:
        raise SystemExit(f"README: Quick start should hold exactly two lines, not {len(lines)}")
    tests = [line for line in lines if "pytest" in line]
    if len(tests) != 1:
        raise SystemExit("README: exactly one Quick start line should run pytest")
    print(tests[0] if which == "test" else next(line for line in lines if line not in tests))


if __name__ == "__main__":
    main()
