"""The import rules between the rooms, read from the source with ``ast`` (nothing imported)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> Iterator[str]:
    """Every module a Python file imports (absolute names; relative imports resolved
    against the file's package)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module is None:
                yield from (f"{module}.{alias.name}" for alias in node.names)
            else:
                yield module


def imports_of(room: str, forbidden: str) -> list[str]:
    """'file: module' for every import of ``forbidden`` (or its submodules) under ``room``."""
    return [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / room).rglob("*.py"))
        for module in imported_modules(path)
        if module == forbidden or module.startswith(forbidden + ".")
    ]


def test_store_imports_nothing_from_bot() -> None:
    assert imports_of("store", "bot") == []


def test_the_rule_sees_imports() -> None:
    assert "store/roles.py: store.people" in imports_of("store", "store.people")
