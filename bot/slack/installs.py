"""A workspace removing On Record (several-workspace mode): its installation is deleted.

Slack sends `app_uninstalled` when a workspace removes the app, and `tokens_revoked` when
its tokens are revoked. The listener acks and queues a job; the job deletes the workspace's
rows from slack_sdk's installation store, so requests from it are no longer served and no
later job uses the dead token (a client already handed out lives at most
`bot.slack.clients.CLIENT_TTL_SECONDS` more). What the workspace filed stays on record.
Registered only when the app is installed per workspace (`build_app`).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.jobs import Job, JobKind, ReplyTo
from bot.slack.deps import Deps, JobHandler
from bot.slack.oauth import engine_of, installation_store
from bot.slack.workspace import team_of

logger = logging.getLogger(__name__)


def bot_removed(event: dict[str, Any]) -> bool:
    """True for an uninstall, or a revocation that includes the bot's token (a revocation
    of users' tokens only leaves the bot installed; On Record keeps no user tokens)."""
    if event.get("type") == "app_uninstalled":
        return True
    tokens = event.get("tokens") or {}
    return bool(tokens.get("bot"))


def on_removed(body: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    event = body.get("event", {})
    if not bot_removed(event):
        return
    deps.jobs.enqueue(
        team_of(context),
        JobKind.WORKSPACE_REMOVED,
        {"event_type": str(event.get("type", ""))},
        reply_to=ReplyTo(),
        dedupe_key=body.get("event_id"),
    )


def run_workspace_removed_job(deps: Deps, client: WebClient, job: Job) -> None:
    """Delete the workspace's installations and bot (its token) from the store."""
    store = installation_store(deps.settings, engine_of(deps.sessions))
    store.delete_installation(enterprise_id=None, team_id=job.team_id)
    store.delete_bot(enterprise_id=None, team_id=job.team_id)
    logger.info(
        "workspace %s removed On Record (%s): its installation is deleted",
        job.team_id,
        job.payload.get("event_type"),
    )


def register(app: App, deps: Deps) -> None:
    app.event("app_uninstalled")(lambda body, context: on_removed(body, context, deps))
    app.event("tokens_revoked")(lambda body, context: on_removed(body, context, deps))


JOBS: dict[JobKind, JobHandler] = {JobKind.WORKSPACE_REMOVED: run_workspace_removed_job}
