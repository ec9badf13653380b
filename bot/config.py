"""One typed Settings object, parsed once from the environment and validated at start."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DATABASE_URL = "sqlite:///onrecord.sqlite"
DEFAULT_TEAM_ID = "T000LOCAL"
# The longest article On Record files: about 16,000 words, three times a long feature.
# Parsing cost grows with length, so anything larger is refused with a message saying so.
DEFAULT_MAX_ARTICLE_CHARS = 100_000
# The bot scopes On Record asks for when a workspace installs it (the OAuth install flow):
# the same list as slack-manifest.yml's oauth_config.scopes.bot (tests/slack/test_oauth.py).
BOT_SCOPES: tuple[str, ...] = (
    "app_mentions:read",
    "channels:history",
    "groups:history",
    "channels:read",
    "groups:read",
    "chat:write",
    "commands",
    "usergroups:read",
)


class SettingsError(ValueError):
    """A setting has a value the app cannot use; the message names the variable."""


def _truthy(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"", "0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false (got {raw!r})")


def _digest_time(raw: str) -> time:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", raw.strip())
    if not match:
        raise SettingsError(f"ONRECORD_DIGEST_TIME must be HH:MM in 24-hour time (got {raw!r})")
    return time(int(match.group(1)), int(match.group(2)))


def _timezone(raw: str) -> ZoneInfo:
    try:
        return ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(
            f"ONRECORD_TIMEZONE must be an IANA time zone such as Europe/London (got {raw!r})"
        ) from exc


def _port(raw: str) -> int:
    if not raw.strip().isdigit() or not 0 < int(raw) < 65536:
        raise SettingsError(f"PORT must be a TCP port number 1-65535 (got {raw!r})")
    return int(raw)


def _positive_int(name: str, raw: str) -> int:
    value = raw.strip().replace("_", "")
    if not value.isdigit() or int(value) <= 0:
        raise SettingsError(f"{name} must be a whole number above 0 (got {raw!r})")
    return int(value)


def _positive_float(name: str, raw: str) -> float:
    try:
        value = float(raw.strip().replace("_", ""))
    except ValueError:
        value = 0.0
    if not value > 0 or value != value or value == float("inf"):
        raise SettingsError(f"{name} must be a number of seconds above 0 (got {raw!r})")
    return value


def _token(name: str, raw: str, prefix: str, where: str) -> str:
    value = raw.strip()
    if value and not value.startswith(prefix):
        raise SettingsError(f"{name} must start with {prefix!r}; {where}")
    return value


def _redirect_uri(raw: str) -> str:
    value = raw.strip()
    if value and not re.fullmatch(r"https?://[^\s/]+/\S*", value):
        raise SettingsError(
            f"SLACK_REDIRECT_URI must be the full http(s) URL of /slack/oauth_redirect on your "
            f"server (got {raw!r})"
        )
    return value


ANYONE = "anyone"


def _reviewers(raw: str) -> str:
    """`anyone`, or the id of the Slack user group (S…) whose members may review flags."""
    value = raw.strip()
    if not value or value.lower() == ANYONE:
        return ANYONE
    if not re.fullmatch(r"S[A-Z0-9]{2,}", value):
        raise SettingsError(
            "ONRECORD_REVIEWERS must be `anyone` or a Slack user group id such as S0123ABCD "
            f"(got {raw!r})"
        )
    return value


SECRET_SETTINGS = frozenset({"slack_bot_token", "slack_signing_secret", "slack_app_token"})
_URL_PASSWORD = re.compile(r"(://[^:/@]*:)[^/?#]*@")
_QUERY_PASSWORD = re.compile(r"((?:^|[?&])(?:ssl)?password=)[^&]*", re.IGNORECASE)


def _masked_password(url: str) -> str:
    """The URL with any password shown as ***, without loading SQLAlchemy (`store.db.masked_url`
    is the one the command line prints; this one keeps a settings repr safe)."""
    return _QUERY_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", url))


@dataclass(frozen=True)
class Settings:
    """Every setting On Record reads; see README "Settings"."""

    database_url: str = DEFAULT_DATABASE_URL
    spacy_model: str = "en_core_web_sm"
    team_id: str = DEFAULT_TEAM_ID
    allow_local_fetch: bool = False
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = ""
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_redirect_uri: str = ""
    port: int = 3000
    digest_time: time = field(default_factory=lambda: time(18, 0))
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    digest_channel: str = ""
    digest_quiet_message: bool = True
    reviewers: str = ANYONE  # `anyone`, or a user group id (S…) whose members may review
    # durable jobs (README "Running one machine or many")
    worker_threads: int = 2
    job_max_attempts: int = 5
    job_lease_seconds: float = 60.0
    job_retry_seconds: float = 10.0
    job_retry_max_seconds: float = 600.0
    worker_poll_seconds: float = 1.0
    worker_stop_seconds: float = 20.0

    def __repr__(self) -> str:
        """Every setting, with the tokens, the signing secret and the database password
        masked: a repr may end up in a log."""
        shown = []
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in SECRET_SETTINGS and value:
                value = "***"
            elif item.name == "database_url":
                value = _masked_password(str(value))
            shown.append(f"{item.name}={value!r}")
        return f"Settings({', '.join(shown)})"

    @property
    def several_workspaces(self) -> bool:
        """True when the app is installed per workspace (OAuth: a client id and secret),
        false for one workspace and its bot token (SLACK_BOT_TOKEN, the default)."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Parse the environment (or a mapping) into Settings, raising SettingsError."""
        e = os.environ if env is None else env
        slack_where = "copy it from your Slack app's settings page (api.slack.com/apps)"
        return cls(
            database_url=e.get("ONRECORD_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            spacy_model=e.get("ONRECORD_SPACY_MODEL", "").strip() or "en_core_web_sm",
            team_id=e.get("ONRECORD_TEAM_ID", "").strip() or DEFAULT_TEAM_ID,
            allow_local_fetch=_truthy(
                "ONRECORD_ALLOW_LOCAL_FETCH", e.get("ONRECORD_ALLOW_LOCAL_FETCH", "")
            ),
            max_article_chars=_positive_int(
                "ONRECORD_MAX_ARTICLE_CHARS",
                e.get("ONRECORD_MAX_ARTICLE_CHARS", "") or str(DEFAULT_MAX_ARTICLE_CHARS),
            ),
            slack_bot_token=_token(
                "SLACK_BOT_TOKEN", e.get("SLACK_BOT_TOKEN", ""), "xoxb-", slack_where
            ),
            slack_signing_secret=e.get("SLACK_SIGNING_SECRET", "").strip(),
            slack_app_token=_token(
                "SLACK_APP_TOKEN", e.get("SLACK_APP_TOKEN", ""), "xapp-", slack_where
            ),
            slack_api_url=e.get("SLACK_API_URL", "").strip(),
            slack_client_id=e.get("SLACK_CLIENT_ID", "").strip(),
            slack_client_secret=e.get("SLACK_CLIENT_SECRET", "").strip(),
            slack_redirect_uri=_redirect_uri(e.get("SLACK_REDIRECT_URI", "")),
            port=_port(e.get("PORT", "3000") or "3000"),
            digest_time=_digest_time(e.get("ONRECORD_DIGEST_TIME", "18:00") or "18:00"),
            timezone=_timezone(e.get("ONRECORD_TIMEZONE", "UTC") or "UTC"),
            digest_channel=e.get("ONRECORD_DIGEST_CHANNEL", "").strip(),
            digest_quiet_message=_truthy(
                "ONRECORD_DIGEST_QUIET_MESSAGE", e.get("ONRECORD_DIGEST_QUIET_MESSAGE", "true")
            ),
            reviewers=_reviewers(e.get("ONRECORD_REVIEWERS", "")),
            **_work_settings(e),
        )


# name of the variable, Settings field, parser, default
_WORK_SETTINGS: tuple[tuple[str, str, Callable[[str, str], float], str], ...] = (
    ("ONRECORD_WORKER_THREADS", "worker_threads", _positive_int, "2"),
    ("ONRECORD_JOB_MAX_ATTEMPTS", "job_max_attempts", _positive_int, "5"),
    ("ONRECORD_JOB_LEASE_SECONDS", "job_lease_seconds", _positive_float, "60"),
    ("ONRECORD_JOB_RETRY_SECONDS", "job_retry_seconds", _positive_float, "10"),
    ("ONRECORD_JOB_RETRY_MAX_SECONDS", "job_retry_max_seconds", _positive_float, "600"),
    ("ONRECORD_WORKER_POLL_SECONDS", "worker_poll_seconds", _positive_float, "1"),
    ("ONRECORD_WORKER_STOP_SECONDS", "worker_stop_seconds", _positive_float, "20"),
)


def _work_settings(e: Mapping[str, str]) -> dict[str, Any]:
    """The durable-job settings: worker threads, attempts, lease, backoff, polling, stopping."""
    values: dict[str, Any] = {}
    for variable, name, parse, default in _WORK_SETTINGS:
        values[name] = parse(variable, e.get(variable, "").strip() or default)
    if values["job_retry_max_seconds"] < values["job_retry_seconds"]:
        raise SettingsError(
            "ONRECORD_JOB_RETRY_MAX_SECONDS must be at least ONRECORD_JOB_RETRY_SECONDS"
        )
    return values
