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


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> Iterator[str]:
    """Every module a file imports, a submodule named in `from package import module` too."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def import_graph(*rooms: str) -> dict[str, set[str]]:
    """Module → the modules of ours it imports (anywhere in the file: at the top, inside a
    function or for type checking), for every module under `rooms`."""
    paths = [path for room in rooms for path in sorted((ROOT / room).rglob("*.py"))]
    ours = {module_name(path) for path in paths}
    return {
        module_name(path): {
            module
            for module in imported_names(path)
            if module in ours and module != module_name(path)
        }
        for path in paths
    }


def import_loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first search meets, as the path that closes it."""
    loops: list[list[str]] = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            loops.append([*path[path.index(module) :], module])
            return
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    return loops


def test_no_import_loops() -> None:
    graph = import_graph("bot", "store")
    assert {"bot.flags", "store.claims"} <= graph["bot.pipeline"]  # the graph sees imports
    assert import_loops(graph) == []


def test_the_loop_search_finds_a_loop() -> None:
    assert import_loops({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
