"""Installing On Record in several workspaces: Bolt's OAuth install flow, kept in SQL.

HTTP mode with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET. Someone who may add apps to a
workspace opens `/slack/install`: it redirects the browser to Slack's authorize page with a
one-time `state`, kept in `slack_oauth_states` and in a cookie. Slack sends the browser back
to `/slack/oauth_redirect` with a code and that state; Bolt checks the state against the
cookie and the table, exchanges the code for the workspace's bot token (`oauth.v2.access`)
and keeps it in `slack_installations` / `slack_bots`. Every signed request is then authorized
with its own workspace's token, and jobs get a client for theirs (`bot.slack.clients`).

The stores are slack_sdk's SQLAlchemy ones on On Record's database; their tables come from
migration 0004 (`store.slack_oauth`), never from `create_tables`.
"""

from __future__ import annotations

import logging

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import BOT_SCOPES, Settings
from store.slack_oauth import BOTS_TABLE, INSTALLATIONS_TABLE, OAUTH_STATES_TABLE

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# how long an install may take between /slack/install and Slack's redirect back
STATE_EXPIRATION_SECONDS = 600
# what someone in a workspace without an installation hears (Bolt answers it, ephemeral)
NOT_INSTALLED_TEXT = (
    "On Record is not installed in this workspace (or was removed), so nothing was done. "
    "Someone who may add apps here can install it from its install page: ask whoever runs "
    f"On Record for the link ({INSTALL_PATH} on its server)."
)


def engine_of(sessions: sessionmaker[Session]) -> Engine:
    """The engine the app's sessions are bound to (the stores talk to it directly)."""
    bind = sessions.kw.get("bind")
    if not isinstance(bind, Engine):
        raise TypeError("the session factory is not bound to an Engine")
    return bind


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    """Each workspace's installation and bot token, for this app's client id."""
    return SQLAlchemyInstallationStore(
        client_id=settings.slack_client_id,
        engine=engine,
        bots_table_name=BOTS_TABLE,
        installations_table_name=INSTALLATIONS_TABLE,
        logger=logger,
    )


def oauth_settings(settings: Settings, engine: Engine) -> OAuthSettings:
    """Bolt's install flow: bot scopes only, the browser redirected straight to Slack."""
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri or None,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,
        installation_store=installation_store(settings, engine),
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRATION_SECONDS,
            engine=engine,
            logger=logger,
            table_name=OAUTH_STATES_TABLE,
        ),
        state_expiration_seconds=STATE_EXPIRATION_SECONDS,
        logger=logger,
    )
