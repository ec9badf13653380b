"""No printed database URL or settings repr shows a password, a token or the signing secret."""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import Settings
from store.db import masked_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:s3cret@h:5432/db", "postgresql://u:***@h:5432/db"),
        (
            "postgresql://u@h/db?password=s3cret&application_name=x",
            "postgresql://u@h/db?application_name=x&password=***",
        ),
        ("postgresql://h/db?sslpassword=s3cret", "postgresql://h/db?sslpassword=***"),
        ("sqlite:///onrecord.sqlite", "sqlite:///onrecord.sqlite"),
    ],
)
def test_masked_url_hides_every_password(url: str, shown: str) -> None:
    assert masked_url(url) == shown


def test_settings_repr_hides_tokens_secret_and_password() -> None:
    settings = Settings(
        database_url="postgresql://u:s3cret@h/db?password=s3cret",
        slack_bot_token="xoxb-s3cret",
        slack_app_token="xapp-s3cret",
        slack_signing_secret="abcdef0123456789s3cret",
    )
    shown = repr(settings)
    assert "s3cret" not in shown
    assert "database_url='postgresql://u:***@h/db?password=***'" in shown
    assert "slack_bot_token='***'" in shown and "slack_app_token='***'" in shown
    assert "slack_app_token=''" in repr(Settings())  # an unset one says so


def test_a_query_password_is_not_printed_when_the_connection_fails() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = f"postgresql://onrecord@127.0.0.1:{closed_port}/nowhere?password=s3cret-pw"
    result = CliRunner().invoke(main, ["db", "upgrade"], env={"ONRECORD_DATABASE_URL": url})
    assert result.exit_code == 2
    assert "s3cret-pw" not in result.stdout + result.stderr


def printed_urls(path: Path) -> list[str]:
    """`x.database_url` used as an argument of a print, log or echo call, unmasked."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if not name.endswith(("echo", "print", "fail", "info", "warning", "error", "exception")):
            continue
        for arg in ast.walk(node):
            if isinstance(arg, ast.Attribute) and arg.attr == "database_url":
                parents = [
                    n
                    for n in ast.walk(node)
                    if isinstance(n, ast.Call) and ast.unparse(n.func).endswith("masked_url")
                ]
                if not any(arg in list(ast.walk(p)) for p in parents):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_url_is_printed_or_logged_unmasked() -> None:
    paths = [*ROOT.glob("bot/**/*.py"), *ROOT.glob("store/**/*.py"), *ROOT.glob("migrations/*.py")]
    assert [hit for path in paths for hit in printed_urls(path)] == []
    assert printed_urls(ROOT / "bot" / "cli.py") == []
    sample = ROOT / "tests" / "fixtures" / "unmasked_print.py.txt"
    assert printed_urls(sample) != []  # the check sees an unmasked print
