"""`/onrecord`: file a link or pasted article, history, digest preview, watch, help."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.confidentiality import Audience
from bot.digest import digest_to_preview
from bot.history import visible_people
from bot.history_pages import TOPIC_MAX_CHARS, HistoryQuery, history_page
from bot.jobs import Job, JobKind, ReplyTo
from bot.reading import has_article
from bot.slack import blocks, digest
from bot.slack.deps import Deps, JobHandler
from bot.slack.filing import Place, Reply, file_and_post, request_of
from bot.slack.history_blocks import history_page_blocks, history_page_text
from bot.slack.people_blocks import fix_person_block
from bot.slack.workspace import team_of
from store.db import read_session
from store.slack_state import unwatch_channel, watch_channel

logger = logging.getLogger(__name__)

CommandName = Literal["file", "history", "digest", "watch", "help"]

# A subcommand is a few words; longer text is a pasted article even if it starts "History".
SUBCOMMAND_MAX_WORDS = 8
# `history NAME about TOPIC` may run longer, on one line
TOPIC_COMMAND_MAX_WORDS = 24

READING_TEXT = "Reading… I'll post what I find in this channel."


@dataclass(frozen=True)
class Command:
    name: CommandName
    argument: str = ""


def parse_command(text: str) -> Command:
    """What `/onrecord <text>` asks for; anything unclear is a request for help."""
    stripped = text.strip()
    words = stripped.split()
    if not words:
        return Command("help")
    first, rest = words[0].lower(), " ".join(words[1:])
    if first == "history" and is_topic_search(stripped, len(words)):
        return Command("history", rest)
    if len(words) <= SUBCOMMAND_MAX_WORDS:
        if first == "help":
            return Command("help")
        if first == "history":
            return Command("history", rest) if rest else Command("help", "history")
        if first == "digest" and not rest:
            return Command("digest")
        if first == "watch":
            mode = rest.lower()
            return Command("watch", mode) if mode in {"on", "off"} else Command("help", "watch")
    if has_article(stripped):
        return Command("file", stripped)
    return Command("help", first)


def is_topic_search(text: str, words: int) -> bool:
    return "\n" not in text and words <= TOPIC_COMMAND_MAX_WORDS and " about " in f" {text} "


def split_topic(argument: str) -> tuple[str, str]:
    """'Khawaja Asif about the X account' -> ('Khawaja Asif', 'the X account')."""
    name, sep, topic = argument.partition(" about ")
    if not sep:
        return argument.strip(), ""
    return name.strip(), topic.strip()


def help_note(command: Command) -> str | None:
    if command.argument == "history":
        return "Whose history? Try `/onrecord history Khawaja Asif`."
    if command.argument == "watch":
        return "Say `/onrecord watch on` or `/onrecord watch off`."
    if command.argument:
        return f"I don't know `{blocks.escape(command.argument)}`. Here is what I can do:"
    return None


def place_of(command: dict[str, Any], team_id: str) -> Place:
    return Place(
        team_id=team_id,
        channel=str(command.get("channel_id", "")),
        thread_ts=None,
        user=command.get("user_id"),
    )


def ephemeral(respond: Respond) -> Reply:
    def reply(text: str) -> None:
        respond(text=text, blocks=blocks.notice_blocks(text), response_type="ephemeral")

    return reply


JOB_OF_COMMAND: dict[CommandName, JobKind] = {
    "file": JobKind.FILE,
    "history": JobKind.HISTORY,
    "digest": JobKind.DIGEST_PREVIEW,
    "watch": JobKind.WATCH,
}


def on_command(ack: Ack, command: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    """Help is answered at once; anything else is acked and queued as a job."""
    parsed = parse_command(str(command.get("text", "")))
    if parsed.name == "help":
        ack(blocks=blocks.help_blocks(help_note(parsed)), text=blocks.HELP_TEXT)
        return
    if parsed.name == "file":
        ack(text=READING_TEXT)
    else:
        ack()  # the answer follows in a moment through response_url
    place = place_of(command, team_of(context))
    deps.jobs.enqueue(
        place.team_id,
        JOB_OF_COMMAND[parsed.name],
        {
            "place": place.to_json(),
            "argument": parsed.argument,
            # the Slack request's own id: what it posts is keyed by it (posted once)
            "request": f"command:{command['trigger_id']}" if command.get("trigger_id") else None,
        },
        reply_to=ReplyTo(
            response_url=command.get("response_url"), channel=place.channel, user=place.user
        ),
    )


def register(app: App, deps: Deps) -> None:
    app.command("/onrecord")(lambda ack, command, context: on_command(ack, command, context, deps))


def run_command_job(deps: Deps, client: WebClient, job: Job) -> None:
    """A queued `/onrecord` subcommand; answers go to its response_url."""
    place = Place.from_json(job.payload["place"])
    argument = str(job.payload.get("argument", ""))
    if job.kind == JobKind.FILE:
        file_and_post(deps, client, argument, place, request_of(job, place.user))
        return
    respond = Respond(response_url=job.reply_to.response_url)
    name = next(name for name, kind in JOB_OF_COMMAND.items() if kind == job.kind)
    COMMANDS[name](deps, client, respond, place, argument)


def history_command(
    deps: Deps, client: WebClient, respond: Respond, place: Place, argument: str
) -> None:
    """One page of a person's history (by date, or ranked by a topic), with paging buttons."""
    name, topic = split_topic(argument)
    audience = Audience(place.channel)
    if not name:
        ephemeral(respond)(
            "Whose history? Try `/onrecord history Khawaja Asif about the X account`."
        )
        return
    with read_session(deps.sessions) as session:
        found = visible_people(session, place.team_id, name, audience)
        page = None
        if len(found) == 1:
            query = HistoryQuery(found[0][0].id, topic[:TOPIC_MAX_CHARS])
            embedder = deps.judging.embedder if deps.judging is not None else None
            page = history_page(session, place.team_id, query, audience, embedder)
    if page is None:
        ephemeral(respond)(who_is_text(name, [person.name for person, _ in found]))
        return
    shown = [*history_page_blocks(page), fix_person_block(page.query.person_id)]
    respond(blocks=shown, text=history_page_text(page), response_type="ephemeral")


def who_is_text(name: str, matches: list[str]) -> str:
    if not matches:
        return f"Nobody called “{name}” is on record yet."
    return f"“{name}” matches {', '.join(sorted(matches))}: use the full name."


def digest_command(
    deps: Deps, client: WebClient, respond: Respond, place: Place, _arg: str
) -> None:
    now = deps.clock()
    with read_session(deps.sessions) as session:
        data = digest_to_preview(
            session,
            place.team_id,
            channel=deps.settings.digest_channel or place.channel,
            audience=Audience(place.channel),
            now=now,
        )
    preview = digest.digest_blocks(data, now, deps.settings.timezone, quiet_message=True)
    respond(
        blocks=preview or [], text="Digest preview (only you see this)", response_type="ephemeral"
    )


def watch_command(deps: Deps, client: WebClient, respond: Respond, place: Place, mode: str) -> None:
    with deps.sessions.begin() as session:
        if mode == "on":
            changed = watch_channel(session, place.team_id, place.channel, place.user)
        else:
            changed = unwatch_channel(session, place.team_id, place.channel)
    ephemeral(respond)(watch_text(mode, changed))


def watch_text(mode: str, changed: bool) -> str:
    if mode == "on":
        if not changed:
            return "I'm already watching this channel."
        return (
            "Watching this channel: I'll file every article link posted here and speak up "
            "only when someone contradicts an earlier statement."
        )
    return "Stopped watching this channel." if changed else "I wasn't watching this channel."


COMMANDS = {
    "history": history_command,
    "digest": digest_command,
    "watch": watch_command,
}

JOBS: dict[JobKind, JobHandler] = {kind: run_command_job for kind in JOB_OF_COMMAND.values()}
