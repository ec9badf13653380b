"""The README's settings table, rendered from `bot.config.SETTINGS`.

`python -m bot.config` (or `make settings-table`) prints it; `python -m bot.config --write
README.md` replaces the table under "## Settings" (tests/test_settings_table.py fails when the
README and `SETTINGS` differ).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.config import SETTINGS

TABLE_HEADER = "| variable | default | meaning |"


def settings_table() -> str:
    """The README's settings table (Markdown), rendered from `SETTINGS`."""
    rows = [TABLE_HEADER, "| --- | --- | --- |"]
    for setting in SETTINGS:
        default = setting.shown_default or (f"`{setting.default}`" if setting.default else "—")
        rows.append(f"| `{setting.variable}` | {default} | {setting.doc} |")
    return "\n".join(rows) + "\n"


def with_settings_table(readme: str) -> str:
    """`readme` with the table under "## Settings" replaced by `settings_table()`."""
    lines = readme.splitlines(keepends=True)
    section = lines.index("## Settings\n")
    start = next(i for i in range(section, len(lines)) if lines[i].startswith(TABLE_HEADER))
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "".join([*lines[:start], settings_table(), *lines[end:]])


def main(argv: list[str]) -> int:
    """`python -m bot.config` prints the table; `--write README.md` puts it in the README."""
    if not argv:
        sys.stdout.write(settings_table())
        return 0
    if len(argv) == 2 and argv[0] == "--write":
        path = Path(argv[1])
        path.write_text(with_settings_table(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    sys.stderr.write("usage: python -m bot.config [--write README.md]\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
