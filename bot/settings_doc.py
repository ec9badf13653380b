"""Puts the settings table rendered from `bot.config.SETTINGS` into the README.

`make settings-table` runs `python -m bot.settings_doc README.md`, which replaces the table
under "## Settings"; `python -m bot.config` only prints it. tests/test_settings_table.py fails
when the README and `SETTINGS` differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.config import TABLE_HEADER, settings_table


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
    """`python -m bot.settings_doc README.md` rewrites that file's settings table."""
    if len(argv) != 1:
        sys.stderr.write("usage: python -m bot.settings_doc README.md\n")
        return 2
    path = Path(argv[0])
    path.write_text(with_settings_table(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
