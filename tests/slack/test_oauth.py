"""Several workspaces: the OAuth install flow over real HTTP, and each job on its own token.

The app runs in HTTP mode with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (no SLACK_BOT_TOKEN),
served by the production server; the browser's side of the install is played with httpx,
Slack's side by the fake Web API (`oauth.v2.access`, `auth.test` per token). Runs on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from slack_sdk.oauth.installation_store import Installation
from spacy.language import Language
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import BOT_SCOPES, Settings
from bot.durable import DurableQueue, Worker
from bot.slack.app import digest_job, make_deps, start_worker
from bot.slack.clients import clients_for
from bot.slack.commands import READING_TEXT
from bot.slack.http import HttpLimits
from bot.slack.oauth import (
    INSTALL_PATH,
    NOT_INSTALLED_TEXT,
    REDIRECT_PATH,
    engine_of,
    installation_store,
)
from store.models import Article
from store.slack_oauth import bots, installations, oauth_states
from tests.fake_slack import (
    BOT_USER_ID,
    INSTALL_CODE,
    SECOND_BOT_TOKEN,
    SECOND_TEAM_ID,
    TEAM_ID,
    FakeSlack,
)
from tests.slack.articles import EARLIER_TAXES
from tests.slack.conftest import SIGNING_SECRET, Bot, run_bot, slack_settings
from tests.slack.test_setup import free_port, wait_until_up

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "0123456789abcdef0123456789abcdef"
FIRST_TEAM_TOKEN = "xoxb-first-workspace"
STATE_COOKIE = "slack-app-oauth-state"


def oauth_settings_for(fake: FakeSlack) -> Settings:
    return slack_settings(
        fake, slack_bot_token="", slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET
    )


@pytest.fixture
def oauth_bot(
    fake: FakeSlack, nlp: Language, session_factory: sessionmaker[Session]
) -> Iterator[Bot]:
    """The app installed in several workspaces (none yet), served on 127.0.0.1."""
    yield from run_bot(fake, oauth_settings_for(fake), nlp, session_factory)


def install_first_workspace(fake: FakeSlack, sessions: sessionmaker[Session]) -> None:
    """TEAM_ID installed the app earlier (its row as the install flow stores it)."""
    store = installation_store(oauth_settings_for(fake), engine_of(sessions))
    store.save(
        Installation(
            app_id="AFAKE",
            team_id=TEAM_ID,
            team_name="Fake Newsroom",
            bot_token=FIRST_TEAM_TOKEN,
            bot_id="BFAKE",
            bot_user_id=BOT_USER_ID,
            bot_scopes=list(BOT_SCOPES),
            user_id="UADMIN",
        )
    )


def start_install(bot: Bot) -> str:
    """GET /slack/install: redirected to Slack's authorize page; returns the state."""
    started = bot.http.get(bot.url + INSTALL_PATH)
    assert started.status_code == 302
    location = urlsplit(started.headers["location"])
    assert (location.netloc, location.path) == ("slack.com", "/oauth/v2/authorize")
    query = parse_qs(location.query)
    assert query["client_id"] == [CLIENT_ID]
    assert set(query["scope"][0].split(",")) == set(BOT_SCOPES)
    state = query["state"][0]
    assert f"{STATE_COOKIE}={state};" in started.headers["set-cookie"]
    return state


def finish_install(bot: Bot, state: str, code: str = INSTALL_CODE) -> httpx.Response:
    """Slack sends the browser back with a code; the browser sends the state cookie (it is
    `Secure`, so httpx would keep it from plain http: sent here as a browser on https)."""
    return bot.http.get(
        bot.url + REDIRECT_PATH,
        params={"code": code, "state": state},
        headers={"Cookie": f"{STATE_COOKIE}={state}"},
    )


def stored_bot_tokens(sessions: sessionmaker[Session]) -> dict[str | None, str | None]:
    with sessions() as session:
        rows = session.execute(select(bots.c.team_id, bots.c.bot_token)).all()
    return {team: token for team, token in rows}


def states_kept(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(oauth_states)) or 0)


def test_install_over_http_then_each_workspace_is_answered_with_its_own_token(
    oauth_bot: Bot, fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    install_first_workspace(fake, session_factory)
    state = start_install(oauth_bot)
    assert states_kept(session_factory) == 1

    done = finish_install(oauth_bot, state)
    assert done.status_code == 200
    assert "Thank you!" in done.text
    exchange = fake.calls_to("oauth.v2.access")
    assert len(exchange) == 1
    assert exchange[0].body["code"] == INSTALL_CODE
    basic = exchange[0].headers["Authorization"].removeprefix("Basic ")
    assert base64.b64decode(basic).decode() == f"{CLIENT_ID}:{CLIENT_SECRET}"
    assert stored_bot_tokens(session_factory) == {
        TEAM_ID: FIRST_TEAM_TOKEN,
        SECOND_TEAM_ID: SECOND_BOT_TOKEN,
    }
    assert states_kept(session_factory) == 0  # the state is used once

    ack = oauth_bot.command(EARLIER_TAXES, team_id=SECOND_TEAM_ID)
    assert ack.status_code == 200
    assert ack.text == READING_TEXT
    oauth_bot.settle()
    assert fake.tokens_used("chat.postMessage") == [SECOND_BOT_TOKEN]
    posted = fake.calls_to("chat.postMessage")[0]
    assert "Filed 1 statement by 1 person" in str(posted.body)

    oauth_bot.command(EARLIER_TAXES, team_id=TEAM_ID)
    oauth_bot.settle()
    assert fake.tokens_used("chat.postMessage") == [SECOND_BOT_TOKEN, FIRST_TEAM_TOKEN]
    with session_factory() as session:
        teams = session.scalars(select(Article.team_id).order_by(Article.id)).all()
    assert teams == [SECOND_TEAM_ID, TEAM_ID]


def test_a_workspace_that_never_installed_gets_nothing_done(
    oauth_bot: Bot, fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    answer = oauth_bot.command(EARLIER_TAXES, team_id=SECOND_TEAM_ID)
    assert answer.status_code == 200
    assert answer.text != READING_TEXT
    oauth_bot.settle()
    told = fake.wait_for("response_url")
    assert told[0].body["text"] == NOT_INSTALLED_TEXT
    assert fake.calls_to("chat.postMessage") == []
    with session_factory() as session:
        assert session.scalars(select(Article)).all() == []


def test_a_forged_or_replayed_state_installs_nothing(
    oauth_bot: Bot, fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    forged = finish_install(oauth_bot, "a-state-we-never-issued")
    assert forged.status_code == 401
    state = start_install(oauth_bot)
    no_cookie = oauth_bot.http.get(
        oauth_bot.url + REDIRECT_PATH, params={"code": INSTALL_CODE, "state": state}
    )
    assert no_cookie.status_code == 400
    assert fake.calls_to("oauth.v2.access") == []
    assert stored_bot_tokens(session_factory) == {}

    assert finish_install(oauth_bot, state).status_code == 200
    assert finish_install(oauth_bot, state).status_code == 401  # replayed
    assert len(fake.calls_to("oauth.v2.access")) == 1


def test_a_refused_code_installs_nothing(
    oauth_bot: Bot, fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    refused = finish_install(oauth_bot, start_install(oauth_bot), code="not-a-code")
    assert refused.status_code == 401
    assert fake.calls_to("oauth.v2.access")[0].response["error"] == "invalid_code"
    assert stored_bot_tokens(session_factory) == {}


def test_install_pages_take_get_only_and_the_same_body_limit(
    fake: FakeSlack, nlp: Language, session_factory: sessionmaker[Session]
) -> None:
    limits = HttpLimits(max_body_bytes=100)
    for bot in run_bot(fake, oauth_settings_for(fake), nlp, session_factory, limits):
        posted = bot.http.post(bot.url + INSTALL_PATH, content=b"x")
        assert posted.status_code == 405
        assert posted.headers["allow"] == "GET"
        large = bot.http.request("GET", bot.url + INSTALL_PATH, content=b"x" * 200)
        assert large.status_code == 413
        assert bot.http.get(bot.url + "/slack/installs").status_code == 404
    assert states_kept(session_factory) == 0


def test_one_workspace_mode_has_no_install_pages(bot: Bot) -> None:
    assert bot.http.get(bot.url + INSTALL_PATH).status_code == 404
    assert bot.http.get(bot.url + REDIRECT_PATH, params={"code": "x"}).status_code == 404


def queue_and_run_digest(
    settings: Settings, nlp: Language, session_factory: sessionmaker[Session]
) -> None:
    """What the scheduler does (queue the day's digest job), then a worker running it."""
    clients = clients_for(settings, session_factory)
    digest_job(clients, DurableQueue(session_factory), settings)
    worker = start_worker(make_deps(settings, nlp, session_factory), clients, Worker())
    try:
        assert worker.wait_idle(30)
    finally:
        worker.stop()


def test_the_scheduled_digest_posts_with_its_workspaces_token(
    fake: FakeSlack, nlp: Language, session_factory: sessionmaker[Session]
) -> None:
    """Installed in several workspaces, the digest is ONRECORD_TEAM_ID's, on its token."""
    install_first_workspace(fake, session_factory)
    settings = dataclasses.replace(
        oauth_settings_for(fake), team_id=TEAM_ID, digest_channel="CDIGEST"
    )
    queue_and_run_digest(settings, nlp, session_factory)
    assert fake.tokens_used("chat.postMessage") == [FIRST_TEAM_TOKEN]
    assert fake.calls_to("chat.postMessage")[0].body["channel"] == "CDIGEST"
    assert fake.calls_to("auth.test") == []

    nobody = dataclasses.replace(settings, team_id="T0NOBODY")
    queue_and_run_digest(nobody, nlp, session_factory)  # not installed: logged only
    assert len(fake.calls_to("chat.postMessage")) == 1


def test_onrecord_serve_http_offers_the_install_page(fake: FakeSlack, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "",
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": fake.api_url,
        "ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}",
    }
    command = [sys.executable, "-c", "from bot.cli import main; main()", "serve", "--http"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process)
        started = httpx.get(url + INSTALL_PATH, timeout=10)
        assert started.status_code == 302
        assert f"client_id={CLIENT_ID}" in started.headers["location"]
        assert fake.calls_to("auth.test") == []  # no token to check at start
    finally:
        process.terminate()
        process.wait(timeout=10)


def removal(bot: Bot, event: dict[str, Any], team_id: str = SECOND_TEAM_ID) -> httpx.Response:
    """A signed event Slack sends when a workspace removes the app or revokes tokens."""
    payload = {
        "token": "legacy",
        "team_id": team_id,
        "api_app_id": "AFAKE",
        "type": "event_callback",
        "event_id": f"Ev{next(bot.ids):06d}",
        "event_time": int(time.time()),
        "event": event,
    }
    return bot.post(json.dumps(payload), "application/json")


def installed_teams(sessions: sessionmaker[Session]) -> set[str | None]:
    with sessions() as session:
        return set(session.scalars(select(installations.c.team_id)).all())


def test_a_workspace_that_removes_the_app_is_no_longer_served(
    oauth_bot: Bot, fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    install_first_workspace(fake, session_factory)
    assert finish_install(oauth_bot, start_install(oauth_bot)).status_code == 200

    users_only = {"type": "tokens_revoked", "tokens": {"oauth": ["UADMIN"]}}
    assert removal(oauth_bot, users_only).status_code == 200
    oauth_bot.settle()
    assert SECOND_TEAM_ID in stored_bot_tokens(session_factory)  # the bot keeps its token

    assert removal(oauth_bot, {"type": "app_uninstalled"}).status_code == 200
    oauth_bot.settle()
    assert stored_bot_tokens(session_factory) == {TEAM_ID: FIRST_TEAM_TOKEN}
    assert installed_teams(session_factory) == {TEAM_ID}

    oauth_bot.command(EARLIER_TAXES, team_id=SECOND_TEAM_ID)
    oauth_bot.settle()
    assert fake.wait_for("response_url")[0].body["text"] == NOT_INSTALLED_TEXT
    assert fake.calls_to("chat.postMessage") == []

    revoked = {"type": "tokens_revoked", "tokens": {"bot": [BOT_USER_ID]}}
    assert removal(oauth_bot, revoked, team_id=TEAM_ID).status_code == 200
    oauth_bot.settle()
    assert stored_bot_tokens(session_factory) == {}
