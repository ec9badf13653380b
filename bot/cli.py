"""The `onrecord` command line: parse the arguments, call the use case, print (bot.cli_text)."""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.cli_base import fail, judging_models, open_store, settings_or_exit
from bot.cli_people import people_group
from bot.cli_text import (
    claim_record,
    flag_record,
    history_line,
    render_demo_post,
    render_digest,
    render_flag,
    render_ingest,
    render_statements,
    statement_record,
    verdict_line,
)
from bot.confidentiality import COMMAND_LINE, Audience
from bot.config import Settings

# Each command imports what it needs, so `--help` and argument errors answer at once and no
# command that only reads the history loads spaCy, the ONNX models or the Slack stack.
if TYPE_CHECKING:
    from spacy.language import Language
    from sqlalchemy.orm import Session, sessionmaker

    from bot.articles import Article

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


def nlp_or_exit(settings: Settings) -> Language:
    from bot.nlp.model import ModelNotFoundError, load_nlp

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


@click.group()
@click.version_option(package_name="onrecord")
def main() -> None:
    """On Record: file every statement officials make, and flag when they contradict themselves."""


main.add_command(people_group)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text")
@click.option("--processes", type=click.IntRange(1, 64), default=1, help="Parser processes.")
@click.argument("files", nargs=-1, required=True)
def extract(fmt: str, processes: int, files: tuple[str, ...]) -> None:
    """Print every statement found in each FILE (who said it, the cue, the exact content)."""
    settings = settings_or_exit()
    texts = [read_text_file(path) for path in files]
    nlp = nlp_or_exit(settings)
    from bot.nlp.extract import statements_in_texts

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
    """File the bundled example articles in a scratch history and show what On Record finds."""
    from bot.pipeline import IngestContext, ingest_in

    settings = settings_or_exit()
    paths = sorted(EXAMPLES_DIR.glob("*.txt"))
    if not paths:
        fail(f"no example articles in {EXAMPLES_DIR}")
    nlp = nlp_or_exit(settings)
    judging = judging_models()
    with tempfile.TemporaryDirectory(prefix="onrecord-demo-") as scratch:
        demo_settings = dataclasses.replace(
            settings, database_url=f"sqlite:///{Path(scratch) / 'demo.sqlite'}"
        )
        sessions = open_store(demo_settings)
        click.echo("On Record demo: filing the example articles in date order (scratch history)")
        click.echo("")
        for path in paths:
            article, _ = load_article(demo_settings, str(path), None)
            context = functools.partial(
                IngestContext,
                nlp=nlp,
                team_id=settings.team_id,
                source_label=path.name,
                scorer=judging.scorer,
                embedder=judging.embedder,
            )
            result = ingest_in(sessions, article, context)
            for line in render_demo_post(path.name, result):
                click.echo(line)
        sessions.kw["bind"].dispose()
    click.echo("To run this in Slack: create the app from slack-manifest.yml, set SLACK_BOT_TOKEN")
    click.echo("and SLACK_APP_TOKEN, then `onrecord serve` (README, 'Install in a workspace').")


# ---------------------------------------------------------------- history: ingest, history, db


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--date must be YYYY-MM-DD (got {value!r})")


def load_article(settings: Settings, item: str, source: str | None) -> tuple[Article, str]:
    """An Article from a link (the rule of `bot.reading`) or a text file, and its source name."""
    from bot.articles import ArticleError, article_from_text, looks_like_url, public_link
    from bot.reading import fetch, link_to_fetch

    try:
        url = link_to_fetch(item)
        if url is not None:
            article = fetch(settings, url)
            return article, article.source_url or item
        article = article_from_text(read_text_file(item), max_chars=settings.max_article_chars)
    except ArticleError as exc:
        fail(f"{item}: {exc}")
    if source is not None:
        if not looks_like_url(source):
            fail("--source must be an http(s) link")
        source = public_link(source)
        article = dataclasses.replace(article, source_url=source)
    return article, source or item


@main.command("ingest")
@click.option("--date", "when", help="Date the statements were made (YYYY-MM-DD).")
@click.option("--source", help="Public link of the article, when ingesting a file.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text")
@click.argument("items", nargs=-1, required=True)
def ingest_command(when: str | None, source: str | None, fmt: str, items: tuple[str, ...]) -> None:
    """File each article (FILE or URL, in the order given) and report contradictions."""
    settings = settings_or_exit()
    stated_on = parse_date(when)
    if source is not None and len(items) > 1:
        fail(
            f"--source names one article's link; got {len(items)} articles (ingest them one by one)"
        )
    from bot.articles import looks_like_url, public_link
    from bot.pipeline import IngestContext, Origin, ingest_in

    sessions = open_store(settings)
    nlp = nlp_or_exit(settings)
    judging = judging_models()
    for given in items:
        item = public_link(given) if looks_like_url(given) else given
        article, label = load_article(settings, item, source)
        context = functools.partial(
            IngestContext,
            nlp=nlp,
            team_id=settings.team_id,
            stated_on=stated_on,
            source_label=label,
            origin=Origin.command_line(),
            scorer=judging.scorer,
            embedder=judging.embedder,
        )
        result = ingest_in(sessions, article, context)
        if fmt == "jsonl":
            for ref in result.statements:
                click.echo(json.dumps(claim_record(ref), ensure_ascii=False))
            for flag in result.contradictions:
                click.echo(json.dumps(flag_record(flag), ensure_ascii=False))
        else:
            for line in render_ingest(item, result):
                click.echo(line)


@main.command("history")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text")
@click.argument("name")
def history_command(fmt: str, name: str) -> None:
    """A person's statements by date (any known name or alias finds them)."""
    from bot.history import look_up_history
    from store.db import read_session

    settings = settings_or_exit()
    sessions = open_store(settings)
    with read_session(sessions) as session:
        lookup = look_up_history(session, settings.team_id, name, COMMAND_LINE)
    history = lookup.history
    if history is None:
        if not lookup.matches:
            fail(f"nobody called {name!r} is on record")
        fail(f"{name!r} matches several people ({', '.join(lookup.matches)}); use the full name")
    if fmt == "jsonl":
        for ref in history.statements:
            click.echo(json.dumps(claim_record(ref), ensure_ascii=False))
        return
    role = f" — {'; '.join(history.titles)}" if history.titles else ""
    click.echo(f"{history.name}{role}: {len(history.statements)} statement(s)")
    for ref in history.statements:
        click.echo(history_line(ref))


@main.command("review")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text")
@click.option(
    "--status",
    type=click.Choice(["open", "confirmed", "dismissed", "all"]),
    default="open",
    help="Which flags: open (waiting, the default), confirmed, dismissed, or all.",
)
@click.argument("name", required=False)
def review_command(fmt: str, status: str, name: str | None) -> None:
    """Flags waiting for an editor (alerts and the review tier), of NAME or everyone; with
    --status, reviewed ones too, with who reviewed them, when and why."""
    from bot.history import look_up_history
    from bot.review import flags_with_verdicts
    from store.db import read_session

    settings = settings_or_exit()
    sessions = open_store(settings)
    statuses = ["open", "confirmed", "dismissed"] if status == "all" else [status]
    with read_session(sessions) as session:
        if (
            name is not None
            and not look_up_history(session, settings.team_id, name, COMMAND_LINE).history
        ):
            fail(f"nobody called {name!r} is on record (or the name matches several people)")
        flags = flags_with_verdicts(session, settings.team_id, COMMAND_LINE, name, statuses)
    for flag, verdict in flags:
        if fmt == "jsonl":
            click.echo(json.dumps(flag_record(flag, verdict), ensure_ascii=False))
        else:
            for line in render_flag(flag):
                click.echo(line)
            click.echo(verdict_line(verdict))
    if fmt == "text" and not flags:
        click.echo("nothing waiting for review" if status == "open" else f"no {status} flags")


@main.command("compare")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl")
@click.argument("file", required=False)
def compare_command(fmt: str, file: str | None) -> None:
    """Judge {"id","speaker","earlier","later"} lines (FILE or stdin) with the live detector."""
    settings = settings_or_exit()
    text = read_text_file(file) if file else sys.stdin.read()
    nlp = nlp_or_exit(settings)
    from bot.compare import CompareInputError, compare_lines

    try:
        for line in compare_lines(nlp, text.splitlines(), judging_models().scorer):
            click.echo(line)
    except CompareInputError as exc:
        fail(str(exc))


@main.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to ONRECORD_DATABASE_URL."""
    from store.db import masked_url

    settings = settings_or_exit()
    open_store(settings)
    click.echo(f"database is at the newest schema: {masked_url(settings.database_url)}")


# ---------------------------------------------------------------- Slack: serve, digest


def log_to_stderr() -> None:
    import logging

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


@main.command("serve")
@click.option(
    "--http", "http_mode", is_flag=True, help="HTTP mode (SLACK_SIGNING_SECRET) at /slack/events."
)
@click.option("--port", type=click.IntRange(1, 65535), help="HTTP port (default: $PORT).")
@click.option(
    "--no-worker", is_flag=True, help="Only answer Slack; `onrecord worker` runs the jobs."
)
def serve_command(http_mode: bool, port: int | None, no_worker: bool) -> None:
    """Run the Slack bot: Socket Mode (SLACK_APP_TOKEN), or HTTP at /slack/events with --http.

    The jobs that requests queue run in this process too, unless --no-worker."""
    from bot.app import SetupError, check_serve_settings, serve

    settings = settings_or_exit()
    try:
        check_serve_settings(settings, http=http_mode)
    except SetupError as exc:
        fail(str(exc))
    log_to_stderr()
    sessions = open_store(settings)
    nlp = nlp_or_exit(settings)
    try:
        serve(
            settings,
            nlp,
            sessions,
            http=http_mode,
            port=port or settings.port,
            run_jobs=not no_worker,
        )
    except SetupError as exc:
        fail(str(exc))


@main.command("worker")
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    help="Jobs run at once (default: ONRECORD_WORKER_THREADS).",
)
def worker_command(threads: int | None) -> None:
    """Run the queued Slack jobs against ONRECORD_DATABASE_URL until stopped (SIGTERM)."""
    from bot.app import SetupError, check_worker_settings, run_worker

    settings = settings_or_exit()
    try:
        check_worker_settings(settings)
    except SetupError as exc:
        fail(str(exc))
    log_to_stderr()
    sessions = open_store(settings)
    nlp = nlp_or_exit(settings)
    try:
        run_worker(settings, nlp, sessions, threads=threads or settings.worker_threads)
    except SetupError as exc:
        fail(str(exc))


@main.command("digest")
@click.option("--preview", is_flag=True, help="Print the digest here instead of posting it.")
def digest_command(preview: bool) -> None:
    """Post today's digest to ONRECORD_DIGEST_CHANNEL now (at most once a day), or preview it."""
    settings = settings_or_exit()
    sessions = open_store(settings)
    now = datetime.now(UTC)
    if preview:
        click.echo(preview_digest(settings, sessions, now))
    else:
        post_digest(settings, sessions, now)


def preview_digest(settings: Settings, sessions: sessionmaker[Session], now: datetime) -> str:
    """The digest as text, as its channel would see it; nothing is posted or recorded."""
    from bot.digest import digest_to_preview

    channel = settings.digest_channel
    with sessions.begin() as session:
        data = digest_to_preview(
            session, settings.team_id, channel=channel, audience=Audience(channel or None), now=now
        )
    return render_digest(data, now, settings.timezone)


def post_digest(settings: Settings, sessions: sessionmaker[Session], now: datetime) -> None:
    """Post today's digest to its channel unless it was already posted today."""
    from bot.app import SetupError
    from bot.app import post_digest as post

    try:
        posted = post(settings, sessions, now)
    except SetupError as exc:
        fail(str(exc))
    if posted:
        click.echo(f"digest posted to {settings.digest_channel}")
    else:
        click.echo(f"today's digest was already posted to {settings.digest_channel}")
