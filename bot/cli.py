"""The `onrecord` command line: extract, demo, and the commands listed in DESIGN.md."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NoReturn

import click
from spacy.language import Language

from bot.config import Settings, SettingsError
from bot.nlp.extract import statements_in_texts
from bot.nlp.model import ModelNotFoundError, load_nlp
from bot.nlp.types import Statement

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


def fail(reason: str) -> NoReturn:
    """Exit 2 with a one-line reason on stderr: the contract for a user mistake."""
    click.echo(f"onrecord: {reason}", err=True)
    sys.exit(2)


def settings_or_exit() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        fail(str(exc))


def nlp_or_exit(settings: Settings) -> Language:
    try:
        return load_nlp(settings.spacy_model)
    except ModelNotFoundError as exc:
        fail(str(exc))


def read_text_file(path: str) -> str:
    """A file's text as read (UTF-8); offsets in the output index into exactly this string."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"no such file: {path}")
    except IsADirectoryError:
        fail(f"{path} is a folder, not a text file")
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")


def statement_record(path: str, statement: Statement) -> dict[str, object]:
    """One line of the `extract --format jsonl` contract."""
    quote = statement.quote
    return {
        "file": path,
        "speaker": statement.speaker.name,
        "speaker_text": quote.speaker_text,
        "cue": quote.cue,
        "content": quote.content,
        "content_start": quote.content_start,
        "content_end": quote.content_end,
        "kind": quote.kind,
    }


def render_statements(path: str, statements: Sequence[Statement]) -> Iterable[str]:
    """Human-readable 'who said what', officials first."""
    yield f"== {path}: {len(statements)} statement(s)"
    by_speaker: dict[str, list[Statement]] = {}
    for statement in statements:
        by_speaker.setdefault(statement.speaker.name, []).append(statement)
    order = sorted(
        by_speaker.values(), key=lambda group: (not group[0].speaker.is_official, -len(group))
    )
    for group in order:
        speaker = group[0].speaker
        title = f" ({speaker.titles[0]})" if speaker.titles else ""
        yield f"{speaker.name}{title}:"
        for statement in group:
            quote = statement.quote
            marker = "?" if quote.kind == "question" else "-"
            yield f"  {marker} [{quote.kind}, {quote.cue}] {quote.content}"


@click.group()
@click.version_option(package_name="onrecord")
def main() -> None:
    """On Record: file every statement officials make, and flag when they contradict themselves."""


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text")
@click.option("--processes", type=click.IntRange(1, 64), default=1, help="Parser processes.")
@click.argument("files", nargs=-1, required=True)
def extract(fmt: str, processes: int, files: tuple[str, ...]) -> None:
    """Print every statement found in each FILE (who said it, the cue, the exact content)."""
    settings = settings_or_exit()
    texts = [read_text_file(path) for path in files]
    nlp = nlp_or_exit(settings)
    results = statements_in_texts(nlp, texts, n_process=processes)
    for path, (_, statements) in zip(files, results, strict=True):
        if fmt == "jsonl":
            for statement in statements:
                click.echo(json.dumps(statement_record(path, statement), ensure_ascii=False))
        else:
            for line in render_statements(path, statements):
                click.echo(line)


@main.command()
def demo() -> None:
    """Run On Record on the bundled example articles with embedded defaults."""
    settings = settings_or_exit()
    paths = sorted(EXAMPLES_DIR.glob("*.txt"))
    if not paths:
        fail(f"no example articles in {EXAMPLES_DIR}")
    nlp = nlp_or_exit(settings)
    texts = [path.read_text(encoding="utf-8") for path in paths]
    for path, (_, statements) in zip(paths, statements_in_texts(nlp, texts), strict=True):
        for line in render_statements(path.name, statements):
            click.echo(line)
        click.echo("")
