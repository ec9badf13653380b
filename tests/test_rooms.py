"""The import rules of docs/ARCHITECTURE.md ("The rooms"), checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package folder → modules (and their submodules) it must never import
FORBIDDEN = {
    "bot/nlp": ("store", "bot.slack", "bot.pipeline", "bot.articles", "bot.cli"),
    "bot/articles": ("store", "bot.slack", "bot.nlp", "bot.pipeline", "bot.cli"),
}


def imported_modules(path: Path) -> set[str]:
    """Every absolute module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def breaks(module: str, forbidden: tuple[str, ...]) -> bool:
    return any(module == room or module.startswith(room + ".") for room in forbidden)


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_a_room_imports_only_what_it_may(folder: str) -> None:
    crossings = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted((ROOT / folder).rglob("*.py"))
        for module in sorted(imported_modules(path))
        if breaks(module, FORBIDDEN[folder])
    ]
    assert crossings == []


def test_the_confidentiality_rule_imports_nothing_of_ours() -> None:
    ours = ("bot", "store")
    assert not [m for m in imported_modules(ROOT / "bot" / "confidentiality.py") if breaks(m, ours)]


@pytest.mark.parametrize(
    "module", ["bot/cli.py", "bot/cli_text.py", "bot/cli_base.py", "bot/cli_people.py"]
)
def test_the_command_line_imports_nothing_from_slack(module: str) -> None:
    """The CLI runs the bot and posts the digest through `bot.app`, and renders its own text."""
    assert [m for m in imported_modules(ROOT / module) if breaks(m, ("bot.slack",))] == []


APPLICATION = [
    "bot/pipeline.py",
    "bot/compare.py",
    "bot/flags.py",
    "bot/history.py",
    "bot/review.py",
    "bot/history_pages.py",
    "bot/home.py",
    "bot/digest.py",
    "bot/digest_text.py",
    "bot/wording.py",
    "bot/reading.py",
    "bot/people_fixes.py",
]


@pytest.mark.parametrize("module", APPLICATION)
def test_the_application_imports_no_surface(module: str) -> None:
    """The use cases know neither Slack nor the command line nor the factory that wires them."""
    surfaces = ("bot.slack", "bot.cli", "bot.cli_text", "bot.app")
    assert [m for m in imported_modules(ROOT / module) if breaks(m, surfaces)] == []
