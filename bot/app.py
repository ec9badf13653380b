"""The one factory: settings, the language model, the store and the Slack app wired together.

The command line calls this module (never `bot.slack`) to run the bot and to post the digest;
each function raises `SetupError` with a one-line reason when the settings cannot work.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from sqlalchemy.orm import Session, sessionmaker


class SetupError(ValueError):
    """The bot cannot run or post as configured; the message names the setting and the fix."""


def check_serve_settings(settings: Settings, *, http: bool) -> None:
    """Fail fast, before anything is loaded, when the Slack settings cannot work."""
    from bot.slack.app import SlackSetupError, check_slack_settings

    try:
        check_slack_settings(settings, socket_mode=not http)
    except SlackSetupError as exc:
        raise SetupError(str(exc)) from exc


def serve(
    settings: Settings,
    nlp: Language,
    sessions: sessionmaker[Session],
    *,
    http: bool,
    port: int,
    run_jobs: bool = True,
) -> None:
    """Run the Slack bot (Socket Mode, or HTTP with `http`) with the digest scheduled; with
    `run_jobs` this process also runs the queued jobs (one process is a complete bot)."""
    from bot.slack.app import SlackSetupError
    from bot.slack.app import serve as serve_slack

    try:
        serve_slack(settings, nlp, sessions, http=http, port=port, run_jobs=run_jobs)
    except SlackSetupError as exc:
        raise SetupError(str(exc)) from exc


def check_worker_settings(settings: Settings) -> None:
    """A worker answers in Slack, so it needs the bot token."""
    if not settings.slack_bot_token:
        raise SetupError(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token from api.slack.com/apps"
        )


def run_worker(
    settings: Settings, nlp: Language, sessions: sessionmaker[Session], *, threads: int
) -> None:
    """Run queued jobs until SIGTERM (no web server): `onrecord worker`."""
    from bot.slack.app import SlackSetupError
    from bot.slack.app import run_worker as run_slack_worker

    try:
        run_slack_worker(settings, nlp, sessions, threads=threads)
    except SlackSetupError as exc:
        raise SetupError(str(exc)) from exc


def post_digest(settings: Settings, sessions: sessionmaker[Session], now: datetime) -> bool:
    """Post today's digest to its channel unless it was posted today; True if this call did."""
    from slack_sdk.errors import SlackApiError

    from bot.slack.clients import NotInstalledError, clients_for
    from bot.slack.digest import run_digest

    if not settings.digest_channel:
        raise SetupError(
            "ONRECORD_DIGEST_CHANNEL is not set: give the id of the channel to post the digest in"
        )
    if not settings.slack_bot_token and not settings.several_workspaces:
        raise SetupError(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token from api.slack.com/apps"
        )
    try:
        # installed in several workspaces: the digest is ONRECORD_TEAM_ID's
        client = clients_for(settings, sessions)(settings.team_id)
        team_id = settings.team_id
        if not settings.several_workspaces:
            team_id = str(client.auth_test()["team_id"])
        return run_digest(client, sessions, settings, team_id=team_id, now=now)
    except NotInstalledError as exc:
        raise SetupError(f"ONRECORD_TEAM_ID: {exc}") from exc
    except SlackApiError as exc:
        raise SetupError(f"Slack refused the digest: {exc.response.get('error')}") from exc
