"""Settings are declared once, as data (`bot.config.SETTINGS`): the environment reads, the
defaults, the masking and the README's table all come from it, and nothing reads the
environment behind its back."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import get_type_hints

import pytest

from bot.config import (
    _BY_FIELD,
    SECRET_SETTINGS,
    SETTINGS,
    Setting,
    Settings,
    SettingsError,
    settings_table,
)
from bot.settings_doc import with_settings_table

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DECLARED = {setting.variable for setting in SETTINGS}
# Settings fields set by code, not by the environment: the URL fetcher's limits.
NOT_FROM_THE_ENVIRONMENT = {"fetch_timeout", "fetch_max_bytes"}
SOURCES = sorted(
    [*ROOT.glob("bot/**/*.py"), *ROOT.glob("store/**/*.py"), *ROOT.glob("migrations/**/*.py")]
)
VARIABLE_NAME = re.compile(r"\b(?:ONRECORD|SLACK)_[A-Z0-9_]+\b")


def test_the_readme_table_is_the_rendered_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table() in readme, "regenerate it: make settings-table"
    assert with_settings_table(readme) == readme
    assert "make settings-table" in readme  # the README says how to regenerate it


def test_the_table_writer_replaces_a_stale_table(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = readme.replace(f"| `{SETTINGS[0].variable}` |", "| `ONRECORD_GONE` |", 1)
    stale = stale.replace(settings_table().splitlines()[-1] + "\n", "", 1)
    assert stale != readme
    path = tmp_path / "README.md"
    path.write_text(stale, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "bot.settings_doc", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    assert path.read_text(encoding="utf-8") == readme
    printed = subprocess.run(
        [sys.executable, "-m", "bot.config"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=ROOT,
    )
    assert printed.stdout == settings_table()


def test_each_variable_and_field_is_declared_once_and_every_field_has_a_setting() -> None:
    variables = [setting.variable for setting in SETTINGS]
    names = [setting.field for setting in SETTINGS]
    assert len(set(variables)) == len(variables) and len(set(names)) == len(names)
    assert set(names) | NOT_FROM_THE_ENVIRONMENT == {item.name for item in fields(Settings)}
    assert not set(names) & NOT_FROM_THE_ENVIRONMENT
    assert all(setting.doc and "|" not in setting.doc for setting in SETTINGS)


def test_the_defaults_of_settings_are_the_declared_ones() -> None:
    assert Settings() == Settings.from_env({})
    default = Settings()
    assert (default.database_url, default.port, str(default.timezone)) == (
        "sqlite:///onrecord.sqlite",
        3000,
        "UTC",
    )
    assert (default.digest_time.hour, default.digest_time.minute) == (18, 0)
    assert default.digest_quiet_message is True and default.allow_local_fetch is False


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.variable)
def test_each_declared_default_parses_to_its_fields_type(setting: Setting) -> None:
    expected = get_type_hints(Settings)[setting.field]
    assert isinstance(setting.read({}), expected)
    assert isinstance(getattr(Settings(), setting.field), expected)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.variable)
def test_an_unset_or_blank_variable_takes_its_default(setting: Setting) -> None:
    variable = setting.variable
    assert Settings.from_env({variable: "  "}) == Settings()
    assert Settings.from_env({variable: ""}) == Settings()


FALLIBLE = [s for s in SETTINGS if s.parse.__name__ != "_text"]


@pytest.mark.parametrize("setting", FALLIBLE, ids=lambda s: s.variable)
def test_a_bad_value_is_refused_naming_its_variable(setting: Setting) -> None:
    variable = setting.variable
    with pytest.raises(SettingsError, match=f"^{variable} must "):
        Settings.from_env({variable: "not valid"})


def test_a_cross_check_runs_after_parsing() -> None:
    with pytest.raises(SettingsError, match="at least ONRECORD_JOB_RETRY_SECONDS"):
        Settings.from_env(
            {"ONRECORD_JOB_RETRY_SECONDS": "30", "ONRECORD_JOB_RETRY_MAX_SECONDS": "20"}
        )
    given = Settings.from_env(
        {"ONRECORD_JOB_RETRY_SECONDS": "30", "ONRECORD_JOB_RETRY_MAX_SECONDS": "30"}
    )
    assert given.job_retry_max_seconds == 30.0


def test_the_repr_masks_every_declared_secret() -> None:
    assert {"slack_bot_token", "slack_app_token", "slack_signing_secret"} <= SECRET_SETTINGS
    assert "slack_client_secret" in SECRET_SETTINGS
    env = {"SLACK_BOT_TOKEN": "xoxb-s3cret", "SLACK_APP_TOKEN": "xapp-s3cret"}
    for name in SECRET_SETTINGS:
        env.setdefault(_BY_FIELD[name].variable, f"s3cret-{name}")
    env["SLACK_CLIENT_ID"] = "1234.5678"
    shown = repr(Settings.from_env(env))
    assert "s3cret" not in shown
    assert all(f"{name}='***'" in shown for name in SECRET_SETTINGS)
    assert "slack_client_id='1234.5678'" in shown  # not a secret: shown


def env_reads(path: Path) -> list[tuple[int, str | None]]:
    """Each read of the process environment: (line, variable), variable None when the read is
    not of one named variable (the whole environment, or a name computed at run time)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    from_os = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "os"
        for alias in node.names
        if alias.name in {"environ", "getenv"}
    }
    environ = {"os.environ"} | ({"environ"} & from_os)
    getters = {"os.getenv"} | ({"getenv"} & from_os) | {f"{e}.get" for e in environ}
    reads: list[tuple[int, str | None]] = []
    seen: set[int] = set()
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Call) and ast.unparse(node.func) in getters:
            key = node.args[0] if node.args else None
            seen.add(id(node.func))
            if isinstance(node.func, ast.Attribute):
                seen.add(id(node.func.value))
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in environ:
            key = node.slice
            seen.add(id(node.value))
        elif not isinstance(node, ast.Name | ast.Attribute) or ast.unparse(node) not in environ:
            continue
        if isinstance(node, ast.Name | ast.Attribute) and id(node) in seen:
            continue
        literal = key.value if isinstance(key, ast.Constant) else None
        reads.append((node.lineno, literal if isinstance(literal, str) else None))
    return reads


def undeclared_reads(path: Path) -> list[str]:
    where = path.relative_to(ROOT)
    found = []
    for line, variable in env_reads(path):
        if variable is None and path != ROOT / "bot" / "config.py":
            found.append(f"{where}:{line}: reads the environment, not one declared setting")
        elif variable is not None and variable not in DECLARED:
            found.append(f"{where}:{line}: {variable} is not declared in bot.config.SETTINGS")
    return found


def test_nothing_reads_an_undeclared_variable() -> None:
    assert [hit for path in SOURCES for hit in undeclared_reads(path)] == []
    sample = undeclared_reads(FIXTURES / "undeclared_env_read.py.txt")
    assert [hit.split(": ", 1)[1] for hit in sample] == [
        "ONRECORD_FETCH_TIMEOUT is not declared in bot.config.SETTINGS",
        "SLACK_USER_TOKEN is not declared in bot.config.SETTINGS",
        "ONRECORD_LOG_LEVEL is not declared in bot.config.SETTINGS",
        "reads the environment, not one declared setting",
    ]


def test_config_reads_the_environment_only_through_the_table() -> None:
    source = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    assert not re.search(r"\b(?:e|env|environ)\.get\(\s*[\"']", source)
    assert [variable for _, variable in env_reads(ROOT / "bot" / "config.py")] == [None]


def test_every_variable_the_code_names_is_declared() -> None:
    named = {
        (path.relative_to(ROOT).as_posix(), name)
        for path in SOURCES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for name in VARIABLE_NAME.findall(node.value)
    }
    # names of Python constants (SLACK_LINK, listed in an __all__) are not variables
    constants = {
        node.id
        for path in SOURCES
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Name)
    }
    undeclared = {(where, name) for where, name in named if name not in DECLARED | constants}
    assert undeclared == set()
    assert len({name for _, name in named}) > 10  # the check sees the names


def printed_secrets(path: Path) -> list[str]:
    """A secret setting (`x.slack_bot_token`, …) as an argument of a print, log or echo call."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if not name.endswith(
            ("echo", "print", "fail", "debug", "info", "warning", "error", "exception", "write")
        ):
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            for part in ast.walk(arg):
                if isinstance(part, ast.Attribute) and part.attr in SECRET_SETTINGS:
                    found.append(f"{path.name}:{node.lineno}: {part.attr}")
    return found


def test_no_secret_setting_is_printed_or_logged() -> None:
    assert [hit for path in SOURCES for hit in printed_secrets(path)] == []
    assert printed_secrets(FIXTURES / "printed_secret.py.txt") == [
        "printed_secret.py.txt:6: slack_client_secret",
        "printed_secret.py.txt:7: slack_bot_token",
    ]


def test_importing_the_settings_stays_light() -> None:
    probe = (
        "import json, sys; import bot.config; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'spacy', 'slack_bolt', 'slack_sdk', 'click', 'store'} "
        "or m == 'bot.settings_doc')))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(completed.stdout) == []
