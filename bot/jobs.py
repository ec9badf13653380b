"""Work handed off by a request: a kind, a workspace and a JSON payload, run later.

A listener acks, then `enqueue`s a job and returns; a worker runs it with the handler
registered for its kind. Payloads are plain JSON (they are stored as a row and may run in
another process), so a handler rebuilds what it needs from them. `ReplyTo` says where the
sender hears about a job that failed, in plain words, once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class JobKind(StrEnum):
    """What a job does; each kind has one handler (`bot.slack.work.HANDLERS`)."""

    FILE = "file"  # /onrecord <link or pasted article>
    HISTORY = "history"  # /onrecord history NAME
    DIGEST_PREVIEW = "digest_preview"  # /onrecord digest
    WATCH = "watch"  # /onrecord watch on|off
    MENTION = "mention"  # @On Record in a thread or with an article
    WATCHED_LINK = "watched_link"  # a link posted in a channel that may be watched
    REVIEW = "review"  # Confirm / Not a contradiction, submitted with a reason
    UNDO = "undo"  # Undo on a reviewed flag
    NOTICE = "notice"  # tell a clicker something (a refusal) after the ack
    HOME = "home"  # App Home opened: publish the Home tab
    HOME_SEARCH = "home_search"  # the Home tab's person search submitted
    HISTORY_PAGE = "history_page"  # See history, Show older / newer
    DELIVER = "deliver"  # the bot joined a channel: post what waits for it (the outbox)
    SHORTCUT = "shortcut"  # the message shortcut "File with On Record"
    FIX_PERSON = "fix_person"  # the "Fix this person" modal, submitted
    WORKSPACE_REMOVED = "workspace_removed"  # app_uninstalled / tokens_revoked (OAuth mode)
    DIGEST = "digest"  # the scheduled daily digest of one channel (once per day)


@dataclass(frozen=True)
class ReplyTo:
    """Where to tell the sender about their request: a response_url (ephemeral), else a
    channel (and thread), else nobody."""

    response_url: str | None = None
    channel: str | None = None
    thread_ts: str | None = None
    user: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ReplyTo:
        data = data or {}
        return cls(
            response_url=data.get("response_url"),
            channel=data.get("channel"),
            thread_ts=data.get("thread_ts"),
            user=data.get("user"),
        )


@dataclass(frozen=True)
class Job:
    """One unit of work as a handler sees it."""

    team_id: str
    kind: JobKind
    payload: dict[str, Any]
    reply_to: ReplyTo = field(default_factory=ReplyTo)
    id: int | None = None
    attempt: int = 1


class JobQueue(Protocol):
    """Where listeners put work. `enqueue` returns False when `dedupe_key` (a Slack event
    id) was already queued for the workspace: a retried delivery is dropped."""

    def enqueue(
        self,
        team_id: str,
        kind: JobKind,
        payload: dict[str, Any],
        *,
        reply_to: ReplyTo,
        dedupe_key: str | None = None,
    ) -> bool: ...
