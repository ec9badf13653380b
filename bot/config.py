"""One typed Settings object, parsed once from the environment and validated at start.

Every environment variable On Record reads is declared once, as data, in `SETTINGS`: its
variable, its `Settings` field, its default as a user would write it, its parser, whether it
is a secret, and its line of documentation. `Settings.from_env`, the defaults of `Settings`,
the masking in its repr and the README's settings table (`settings_table`; print it with
`python -m bot.config`) all derive from that table; tests/test_settings_table.py holds them
to it.
"""

from __future__ import annotations

import os
import re
import sys
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


Parser = Callable[[str, str], Any]  # (variable, raw value) -> the value, or SettingsError


def _text(name: str, raw: str) -> str:
    return raw.strip()


def _truthy(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"", "0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false (got {raw!r})")


def _digest_time(name: str, raw: str) -> time:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", raw.strip())
    if not match:
        raise SettingsError(f"{name} must be HH:MM in 24-hour time (got {raw!r})")
    return time(int(match.group(1)), int(match.group(2)))


def _timezone(name: str, raw: str) -> ZoneInfo:
    try:
        return ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(
            f"{name} must be an IANA time zone such as Europe/London (got {raw!r})"
        ) from exc


def _port(name: str, raw: str) -> int:
    if not raw.strip().isdigit() or not 0 < int(raw) < 65536:
        raise SettingsError(f"{name} must be a TCP port number 1-65535 (got {raw!r})")
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


def _token(prefix: str) -> Parser:
    """The parser of a Slack token that must start with `prefix` (xoxb-, xapp-)."""

    def parse(name: str, raw: str) -> str:
        value = raw.strip()
        if value and not value.startswith(prefix):
            raise SettingsError(
                f"{name} must start with {prefix!r}; copy it from your Slack app's settings "
                "page (api.slack.com/apps)"
            )
        return value

    return parse


def _redirect_uri(name: str, raw: str) -> str:
    value = raw.strip()
    if value and not re.fullmatch(r"https?://[^\s/]+/\S*", value):
        raise SettingsError(
            f"{name} must be the full http(s) URL of /slack/oauth_redirect on your "
            f"server (got {raw!r})"
        )
    return value


ANYONE = "anyone"


def _reviewers(name: str, raw: str) -> str:
    """`anyone`, or the id of the Slack user group (S…) whose members may review flags."""
    value = raw.strip()
    if not value or value.lower() == ANYONE:
        return ANYONE
    if not re.fullmatch(r"S[A-Z0-9]{2,}", value):
        raise SettingsError(
            f"{name} must be `anyone` or a Slack user group id such as S0123ABCD (got {raw!r})"
        )
    return value


_URL_PASSWORD = re.compile(r"(://[^:/@]*:)[^/?#]*@")
_QUERY_PASSWORD = re.compile(r"((?:^|[?&])(?:ssl)?password=)[^&]*", re.IGNORECASE)


def _masked_password(url: str) -> str:
    """The URL with any password shown as ***, without loading SQLAlchemy (`store.db.masked_url`
    is the one the command line prints; this one keeps a settings repr safe)."""
    return _QUERY_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", url))


@dataclass(frozen=True)
class Setting:
    """One environment variable, declared once.

    `default` is what a user would write; an unset or blank variable takes it. `secret` ones
    (tokens, signing secret, client secret) show as *** in a repr and are never printed;
    `masked` shows a value that may hold a password (the database URL). `doc` is the README's
    line; `shown_default` replaces the default in the README when that is clearer.
    """

    variable: str
    field: str
    default: str
    parse: Parser
    doc: str
    secret: bool = False
    masked: Callable[[str], str] | None = None
    shown_default: str = ""

    def read(self, env: Mapping[str, str]) -> Any:
        raw = env.get(self.variable, "")
        return self.parse(self.variable, raw if raw.strip() else self.default)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "ONRECORD_DATABASE_URL",
        "database_url",
        DEFAULT_DATABASE_URL,
        _text,
        "SQLAlchemy URL of the history (SQLite file in the working directory, or `postgresql://…`)",
        masked=_masked_password,
    ),
    Setting(
        "ONRECORD_SPACY_MODEL",
        "spacy_model",
        "en_core_web_sm",
        _text,
        "spaCy pipeline to load (`en_core_web_md`/`lg`/`trf` if installed)",
    ),
    Setting(
        "ONRECORD_TEAM_ID",
        "team_id",
        DEFAULT_TEAM_ID,
        _text,
        "the workspace the command line files under",
    ),
    Setting(
        "ONRECORD_ALLOW_LOCAL_FETCH",
        "allow_local_fetch",
        "false",
        _truthy,
        "**test only**: lets URL ingest read from 127.0.0.1",
    ),
    Setting(
        "ONRECORD_MAX_ARTICLE_CHARS",
        "max_article_chars",
        str(DEFAULT_MAX_ARTICLE_CHARS),
        _positive_int,
        "the longest article filed, in characters; longer ones are refused with a message "
        "saying so",
    ),
    Setting(
        "SLACK_BOT_TOKEN",
        "slack_bot_token",
        "",
        _token("xoxb-"),
        "bot token (`xoxb-…`) of the one workspace (not with `SLACK_CLIENT_ID`)",
        secret=True,
    ),
    Setting(
        "SLACK_SIGNING_SECRET",
        "slack_signing_secret",
        "",
        _text,
        "signing secret (HTTP mode)",
        secret=True,
    ),
    Setting(
        "SLACK_APP_TOKEN",
        "slack_app_token",
        "",
        _token("xapp-"),
        "app-level token (`xapp-…`) for Socket Mode (`onrecord serve` without `--http`)",
        secret=True,
    ),
    Setting(
        "SLACK_API_URL",
        "slack_api_url",
        "",
        _text,
        "base URL of the Slack Web API (tests, enterprise proxies)",
        shown_default="Slack's",
    ),
    Setting(
        "SLACK_CLIENT_ID",
        "slack_client_id",
        "",
        _text,
        "with `SLACK_CLIENT_SECRET`: install in several workspaces (HTTP mode, see "
        '"Several workspaces")',
    ),
    Setting(
        "SLACK_CLIENT_SECRET",
        "slack_client_secret",
        "",
        _text,
        "the app's client secret (several workspaces)",
        secret=True,
    ),
    Setting(
        "SLACK_REDIRECT_URI",
        "slack_redirect_uri",
        "",
        _redirect_uri,
        "public URL of your server's `/slack/oauth_redirect` (several workspaces; needed when "
        "the app lists more than one redirect URL)",
    ),
    Setting("PORT", "port", "3000", _port, "HTTP port in HTTP mode"),
    Setting(
        "ONRECORD_DIGEST_TIME",
        "digest_time",
        "18:00",
        _digest_time,
        "daily digest time, 24-hour `HH:MM`",
    ),
    Setting("ONRECORD_TIMEZONE", "timezone", "UTC", _timezone, "IANA time zone of the digest time"),
    Setting(
        "ONRECORD_DIGEST_CHANNEL",
        "digest_channel",
        "",
        _text,
        "channel id for the daily digest (no digest when empty)",
    ),
    Setting(
        "ONRECORD_DIGEST_QUIET_MESSAGE",
        "digest_quiet_message",
        "true",
        _truthy,
        'post a one-line "quiet day" when there is nothing new',
    ),
    Setting(
        "ONRECORD_REVIEWERS",
        "reviewers",
        ANYONE,
        _reviewers,
        "who may confirm or dismiss a flag: `anyone`, or a Slack user group id (`S…`) whose "
        "members may (read with `usergroups.users.list`; needs `usergroups:read`)",
    ),
    # durable jobs (README "Running one machine or many")
    Setting(
        "ONRECORD_WORKER_THREADS",
        "worker_threads",
        "2",
        _positive_int,
        "jobs one process runs at once (`serve`, and `worker` without `--threads`)",
    ),
    Setting(
        "ONRECORD_JOB_MAX_ATTEMPTS",
        "job_max_attempts",
        "5",
        _positive_int,
        "attempts before a failing job is parked and its sender told",
    ),
    Setting(
        "ONRECORD_JOB_LEASE_SECONDS",
        "job_lease_seconds",
        "60",
        _positive_float,
        "how long a claimed job is held without a heartbeat (renewed every third of it while "
        "it runs); a dead worker's job is claimed again after this",
    ),
    Setting(
        "ONRECORD_JOB_RETRY_SECONDS",
        "job_retry_seconds",
        "10",
        _positive_float,
        "wait before the first retry; doubled for each further one",
    ),
    Setting(
        "ONRECORD_JOB_RETRY_MAX_SECONDS",
        "job_retry_max_seconds",
        "600",
        _positive_float,
        "the longest wait between retries",
    ),
    Setting(
        "ONRECORD_WORKER_POLL_SECONDS",
        "worker_poll_seconds",
        "1",
        _positive_float,
        "how often an idle worker looks for due jobs (jobs queued by its own process start "
        "at once)",
    ),
    Setting(
        "ONRECORD_WORKER_STOP_SECONDS",
        "worker_stop_seconds",
        "20",
        _positive_float,
        "on SIGTERM, how long jobs under way may finish before they are handed back",
    ),
)
_BY_FIELD = {setting.field: setting for setting in SETTINGS}
SECRET_SETTINGS = frozenset(setting.field for setting in SETTINGS if setting.secret)


def _retry_max_at_least_retry(values: Mapping[str, Any]) -> None:
    if values["job_retry_max_seconds"] < values["job_retry_seconds"]:
        raise SettingsError(
            "ONRECORD_JOB_RETRY_MAX_SECONDS must be at least ONRECORD_JOB_RETRY_SECONDS"
        )


# Checks across settings, run on the parsed values in order.
CROSS_CHECKS: tuple[Callable[[Mapping[str, Any]], None], ...] = (_retry_max_at_least_retry,)


def _default(name: str) -> Any:
    """The `Settings` default of a declared field: its declared default, parsed."""
    setting = _BY_FIELD[name]
    return setting.read({})


@dataclass(frozen=True)
class Settings:
    """Every setting On Record reads; the defaults come from `SETTINGS` (README "Settings")."""

    database_url: str = _default("database_url")
    spacy_model: str = _default("spacy_model")
    team_id: str = _default("team_id")
    allow_local_fetch: bool = _default("allow_local_fetch")
    # not read from the environment: the URL fetcher's limits (tests shorten the timeout)
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    max_article_chars: int = _default("max_article_chars")
    slack_bot_token: str = _default("slack_bot_token")
    slack_signing_secret: str = _default("slack_signing_secret")
    slack_app_token: str = _default("slack_app_token")
    slack_api_url: str = _default("slack_api_url")
    slack_client_id: str = _default("slack_client_id")
    slack_client_secret: str = _default("slack_client_secret")
    slack_redirect_uri: str = _default("slack_redirect_uri")
    port: int = _default("port")
    digest_time: time = field(default_factory=lambda: _default("digest_time"))
    timezone: ZoneInfo = field(default_factory=lambda: _default("timezone"))
    digest_channel: str = _default("digest_channel")
    digest_quiet_message: bool = _default("digest_quiet_message")
    reviewers: str = _default("reviewers")  # `anyone`, or a user group id (S…)
    # durable jobs (README "Running one machine or many")
    worker_threads: int = _default("worker_threads")
    job_max_attempts: int = _default("job_max_attempts")
    job_lease_seconds: float = _default("job_lease_seconds")
    job_retry_seconds: float = _default("job_retry_seconds")
    job_retry_max_seconds: float = _default("job_retry_max_seconds")
    worker_poll_seconds: float = _default("worker_poll_seconds")
    worker_stop_seconds: float = _default("worker_stop_seconds")

    def __repr__(self) -> str:
        """Every setting, with the secrets (tokens, signing secret, client secret) and the
        database password masked: a repr may end up in a log."""
        shown = []
        for item in fields(self):
            value = getattr(self, item.name)
            setting = _BY_FIELD.get(item.name)
            if setting is not None and setting.secret and value:
                value = "***"
            elif setting is not None and setting.masked is not None:
                value = setting.masked(str(value))
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
        values = {setting.field: setting.read(e) for setting in SETTINGS}
        for check in CROSS_CHECKS:
            check(values)
        return cls(**values)


TABLE_HEADER = "| variable | default | meaning |"


def settings_table() -> str:
    """The README's settings table (Markdown), rendered from `SETTINGS`."""
    rows = [TABLE_HEADER, "| --- | --- | --- |"]
    for setting in SETTINGS:
        default = setting.shown_default or (f"`{setting.default}`" if setting.default else "—")
        rows.append(f"| `{setting.variable}` | {default} | {setting.doc} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # python -m bot.config prints it (bot/settings_doc.py writes it)
    sys.stdout.write(settings_table())
