"""Web API clients: the one bot token's, or each installed workspace's.

A job runs later than its request, possibly in another process, and must speak for its own
workspace: `clients_for(settings, sessions)` answers "the client for team T". With
SLACK_BOT_TOKEN (one workspace, the default) that is always the same client; with
SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (installed in several workspaces, `bot.slack.oauth`)
it is a client with the bot token T's installation stored, kept for a minute so a burst of
jobs reads the token once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.slack.oauth import INSTALL_PATH, engine_of, installation_store
from store.db import READ_ONLY_OPTION

# the Web API client to answer a workspace (team id) with
ClientsFor = Callable[[str], WebClient]

RATE_LIMIT_RETRIES = 2
# how long a workspace's client (and so its token) is reused before the store is read again
CLIENT_TTL_SECONDS = 60.0


class NotInstalledError(LookupError):
    """A job's workspace has no installation of On Record (never installed, or removed)."""


def api_base_url(settings: Settings) -> str | None:
    url = settings.slack_api_url.strip()
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def make_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client for SLACK_API_URL (or Slack's), retrying HTTP 429 after Retry-After.

    Its token is `token`, else SLACK_BOT_TOKEN (none in several-workspace mode).
    """
    base_url = api_base_url(settings)
    token = token or settings.slack_bot_token or None
    client = WebClient(token=token, base_url=base_url) if base_url else WebClient(token=token)
    install_rate_limit_retries(client)
    return client


def install_rate_limit_retries(client: WebClient) -> None:
    if not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))


def clients_for(
    settings: Settings, sessions: sessionmaker[Session], *, single: WebClient | None = None
) -> ClientsFor:
    """The Web API client to use for a workspace (team id).

    One workspace (SLACK_BOT_TOKEN): `single`, else `make_client(settings)`, for every team.
    Several (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET): the client of the team's installation;
    `NotInstalledError` if it has none.
    """
    if not settings.several_workspaces:
        client = single or make_client(settings)
        return lambda _team_id: client
    # only reads: on SQLite a plain BEGIN, which never waits for a writer (store.db)
    engine = engine_of(sessions).execution_options(**{READ_ONLY_OPTION: True})
    return InstalledClients(settings, installation_store(settings, engine))


class InstalledClients:
    """team id → a client with that workspace's bot token, cached for `ttl` seconds."""

    def __init__(
        self,
        settings: Settings,
        store: InstallationStore,
        *,
        ttl: float = CLIENT_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._store = store
        self._ttl = ttl
        self._clock = clock
        self._cache: dict[str, tuple[WebClient, float]] = {}
        self._lock = threading.Lock()

    def __call__(self, team_id: str) -> WebClient:
        now = self._clock()
        with self._lock:
            cached = self._cache.get(team_id)
        if cached is not None and cached[1] > now:
            return cached[0]
        bot = self._store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise NotInstalledError(
                f"workspace {team_id} has no installation of On Record (never installed, or "
                f"removed): someone in it must install the app at {INSTALL_PATH}"
            )
        client = make_client(self._settings, token=bot.bot_token)
        with self._lock:
            self._cache[team_id] = (client, now + self._ttl)
        return client
