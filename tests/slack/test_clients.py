"""Several workspaces: the settings that choose it, and a client per workspace for jobs."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store import Installation
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.app import SetupError, post_digest
from bot.cli import main
from bot.config import BOT_SCOPES, Settings, SettingsError
from bot.jobs import Job, JobKind, ReplyTo
from bot.slack.app import SlackSetupError, check_slack_settings, make_deps, run_in_workspace
from bot.slack.clients import InstalledClients, NotInstalledError, clients_for, make_client
from bot.slack.oauth import INSTALL_PATH, NOT_INSTALLED_TEXT, engine_of, installation_store
from tests.fake_slack import FakeSlack
from tests.slack.conftest import SIGNING_SECRET

MANIFEST = Path(__file__).resolve().parents[2] / "slack-manifest.yml"
CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "0123456789abcdef0123456789abcdef"
SEVERAL = Settings(
    slack_client_id=CLIENT_ID,
    slack_client_secret=CLIENT_SECRET,
    slack_signing_secret=SIGNING_SECRET,
    slack_api_url="http://127.0.0.1:9/api",
)


def test_the_install_asks_for_the_manifests_bot_scopes() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    declared = manifest["oauth_config"]["scopes"]["bot"]
    assert sorted(BOT_SCOPES) == sorted(declared)
    assert len(set(BOT_SCOPES)) == len(BOT_SCOPES)


def test_the_client_pair_and_redirect_url_are_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "SLACK_CLIENT_ID": f" {CLIENT_ID} ",
            "SLACK_CLIENT_SECRET": CLIENT_SECRET,
            "SLACK_REDIRECT_URI": "https://onrecord.example.org/slack/oauth_redirect",
        }
    )
    assert settings.several_workspaces
    assert settings.slack_client_id == CLIENT_ID
    assert settings.slack_redirect_uri == "https://onrecord.example.org/slack/oauth_redirect"
    assert not Settings.from_env({"SLACK_CLIENT_ID": CLIENT_ID}).several_workspaces
    assert not Settings.from_env({}).several_workspaces


def test_a_redirect_url_that_is_not_a_url_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"^SLACK_REDIRECT_URI must be the full http\(s\) URL"):
        Settings.from_env({"SLACK_REDIRECT_URI": "/slack/oauth_redirect"})


@pytest.mark.parametrize(
    ("settings", "socket_mode", "starts"),
    [
        (
            Settings(slack_client_id=CLIENT_ID, slack_signing_secret=SIGNING_SECRET),
            False,
            "SLACK_CLIENT_SECRET is not set",
        ),
        (
            Settings(slack_client_secret=CLIENT_SECRET, slack_signing_secret=SIGNING_SECRET),
            False,
            "SLACK_CLIENT_ID is not set",
        ),
        (
            Settings(slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET),
            True,
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (installing in several workspaces) need "
            "HTTP mode",
        ),
        (
            Settings(
                slack_client_id=CLIENT_ID,
                slack_client_secret=CLIENT_SECRET,
                slack_bot_token="xoxb-1",
                slack_signing_secret=SIGNING_SECRET,
            ),
            False,
            "SLACK_BOT_TOKEN is set as well as SLACK_CLIENT_ID and SLACK_CLIENT_SECRET",
        ),
        (
            Settings(slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET),
            False,
            "SLACK_SIGNING_SECRET is not set",
        ),
    ],
)
def test_several_workspace_settings_that_cannot_work_say_why_in_one_line(
    settings: Settings, socket_mode: bool, starts: str
) -> None:
    with pytest.raises(SlackSetupError) as raised:
        check_slack_settings(settings, socket_mode=socket_mode)
    message = str(raised.value)
    assert message.startswith(starts)
    assert "api.slack.com/apps" in message
    assert "\n" not in message
    assert CLIENT_SECRET not in message


def test_several_workspaces_need_no_bot_token() -> None:
    check_slack_settings(SEVERAL, socket_mode=False)


def test_serve_with_half_the_pair_exits_2_naming_the_other_half() -> None:
    env = {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": "", "SLACK_BOT_TOKEN": ""}
    result = CliRunner().invoke(main, ["serve", "--http"], env=env)
    assert result.exit_code == 2
    assert "SLACK_CLIENT_SECRET is not set" in result.output
    assert "Traceback" not in result.output


def test_serve_in_socket_mode_with_the_pair_exits_2() -> None:
    env = {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_BOT_TOKEN": "",
        "SLACK_APP_TOKEN": "xapp-1",
    }
    result = CliRunner().invoke(main, ["serve"], env=env)
    assert result.exit_code == 2
    assert "need HTTP mode" in result.output
    assert CLIENT_SECRET not in result.output


def test_one_workspace_jobs_share_the_one_client() -> None:
    settings = Settings(slack_bot_token="xoxb-one", slack_api_url="http://127.0.0.1:9/api")
    client_for = clients_for(settings, sessionmaker[Session]())
    first, second = client_for("T0FAKE"), client_for("T0OTHER")
    assert first is second
    assert first.token == "xoxb-one"
    assert first.base_url == "http://127.0.0.1:9/api/"
    assert any(isinstance(h, RateLimitErrorRetryHandler) for h in first.retry_handlers)
    given = make_client(settings)
    assert clients_for(settings, sessionmaker[Session](), single=given)("T0FAKE") is given


def install(sessions: sessionmaker[Session], team_id: str, token: str) -> None:
    store = installation_store(SEVERAL, engine_of(sessions))
    store.save(
        Installation(
            app_id="AFAKE", team_id=team_id, bot_token=token, bot_id="B1", user_id="UADMIN"
        )
    )


def test_several_workspaces_each_job_gets_its_workspaces_token(
    session_factory: sessionmaker[Session],
) -> None:
    install(session_factory, "T0FAKE", "xoxb-first")
    install(session_factory, "T0SECOND", "xoxb-second")
    client_for = clients_for(SEVERAL, session_factory)
    assert client_for("T0SECOND").token == "xoxb-second"
    assert client_for("T0FAKE").token == "xoxb-first"
    assert client_for("T0FAKE").base_url == "http://127.0.0.1:9/api/"
    assert any(
        isinstance(h, RateLimitErrorRetryHandler) for h in client_for("T0FAKE").retry_handlers
    )


def test_a_workspace_without_an_installation_is_a_clear_error(
    session_factory: sessionmaker[Session],
) -> None:
    install(session_factory, "T0FAKE", "xoxb-first")
    with pytest.raises(NotInstalledError) as raised:
        clients_for(SEVERAL, session_factory)("T0NOBODY")
    message = str(raised.value)
    assert "T0NOBODY" in message
    assert INSTALL_PATH in message


def test_a_workspaces_client_is_kept_briefly_then_read_again(
    session_factory: sessionmaker[Session],
) -> None:
    now = [1000.0]
    store = installation_store(SEVERAL, engine_of(session_factory))
    client_for = InstalledClients(SEVERAL, store, ttl=60, clock=lambda: now[0])
    install(session_factory, "T0SECOND", "xoxb-old")
    first = client_for("T0SECOND")
    install(session_factory, "T0SECOND", "xoxb-reinstalled")  # a later install, a new token
    now[0] += 59
    assert client_for("T0SECOND") is first
    now[0] += 2
    assert client_for("T0SECOND").token == "xoxb-reinstalled"


def test_a_job_whose_workspace_has_no_installation_tells_its_sender(
    fake: FakeSlack, nlp: Language, session_factory: sessionmaker[Session]
) -> None:
    """Removed between the request and its job: nothing runs, the sender hears why."""
    settings = dataclasses.replace(SEVERAL, slack_api_url=fake.api_url)
    deps = make_deps(settings, nlp, session_factory)
    job = Job(
        team_id="T0GONE",
        kind=JobKind.FILE,
        payload={"text": "anything"},
        reply_to=ReplyTo(response_url=fake.response_url("gone"), channel="CNEWS"),
    )
    assert run_in_workspace(deps, clients_for(settings, session_factory), job) is None
    (told,) = fake.calls_to("response_url")
    assert told.body["text"] == NOT_INSTALLED_TEXT
    assert fake.calls_to("chat.postMessage") == []


def test_onrecord_digest_posts_in_the_team_id_workspace_with_its_token(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    settings = dataclasses.replace(
        SEVERAL, slack_api_url=fake.api_url, team_id="T0SECOND", digest_channel="CDIGEST"
    )
    now = datetime(2025, 3, 20, 18, 0, tzinfo=UTC)
    with pytest.raises(SetupError, match=r"^ONRECORD_TEAM_ID: workspace T0SECOND has no"):
        post_digest(settings, session_factory, now)
    install(session_factory, "T0SECOND", "xoxb-second")
    assert post_digest(settings, session_factory, now)
    assert fake.tokens_used("chat.postMessage") == ["xoxb-second"]
    assert fake.calls_to("auth.test") == []
