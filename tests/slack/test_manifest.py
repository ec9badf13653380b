"""slack-manifest.yml agrees with the code: every event, command, shortcut and action the app
listens for (`app.event(...)`, `app.command(...)`, `app.shortcut(...)`, `app.action(...)`,
`app.view(...)` in bot/slack) has its subscription and scope, and every Web API method the
bot calls has its scope. Read from the source with ``ast``: a listener added anywhere under
bot/slack is checked without being listed here."""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
MANIFEST = ROOT / "slack-manifest.yml"
SLACK_CODE = ROOT / "bot" / "slack"

# event type in a listener → the bot events to subscribe to (message: public and private)
EVENT_SUBSCRIPTIONS = {"message": ("message.channels", "message.groups")}
# bot event → the scopes Slack requires for it
EVENT_SCOPES = {
    "app_mention": {"app_mentions:read"},
    "message.channels": {"channels:history"},
    "message.groups": {"groups:history"},
    "member_joined_channel": {"channels:read", "groups:read"},
    "app_home_opened": set(),
    "app_uninstalled": set(),
    "tokens_revoked": set(),
}
# Web API method (as slack_sdk names it) → the bot scopes it needs (one of, for a channel
# kind: both listed when the bot works in public and private channels alike)
METHOD_SCOPES: dict[str, set[str]] = {
    "auth_test": set(),
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_delete": {"chat:write"},
    "chat_getPermalink": set(),
    "conversations_replies": {"channels:history", "groups:history"},
    "conversations_history": {"channels:history", "groups:history"},
    "conversations_info": {"channels:read", "groups:read"},
    "conversations_members": {"channels:read", "groups:read"},
    "usergroups_users_list": {"usergroups:read"},
    "usergroups_list": {"usergroups:read"},
    "users_info": {"users:read"},
    "views_open": set(),
    "views_publish": set(),
    "views_update": set(),
    "views_push": set(),
    "apps_connections_open": set(),
}
SLACK_METHOD_PREFIXES = (
    "auth_",
    "chat_",
    "conversations_",
    "usergroups_",
    "users_",
    "views_",
    "reactions_",
    "apps_",
    "team_",
    "files_",
    "pins_",
    "bots_",
)


@dataclass(frozen=True)
class Listener:
    kind: str  # event | command | shortcut | action | view
    name: str
    where: str


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return data


def bot_scopes() -> set[str]:
    return set(manifest()["oauth_config"]["scopes"]["bot"])


def resolve(node: ast.expr, module: str) -> str | None:
    """A listener's key: a string, a dict's 'type'/'callback_id', or a module constant."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in {"type", "callback_id"}:
                return resolve(value, module)
        return None
    if isinstance(node, ast.Name | ast.Attribute):
        value: Any = importlib.import_module(module)
        for part in ast.unparse(node).split("."):
            value = getattr(value, part, None)
        return value if isinstance(value, str) else None
    return None


def listeners() -> list[Listener]:
    found: list[Listener] = []
    for path in sorted(SLACK_CODE.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            kind = node.func.attr
            if kind not in {"event", "command", "shortcut", "action", "view", "message"}:
                continue
            if ast.unparse(node.func.value) != "app":
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if kind == "message":
                found.append(Listener("event", "message", where))
                continue
            keys = [*node.args, *(k.value for k in node.keywords)]
            assert keys, f"{where}: a listener without a key"
            name = resolve(keys[0], module)
            assert name is not None, f"{where}: cannot read the listener's key"
            found.append(Listener(kind, name, where))
    return found


def called_methods() -> dict[str, str]:
    """Web API methods the bot calls (`client.chat_postMessage(...)`), with one place each."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = node.func.attr
                if name.startswith(SLACK_METHOD_PREFIXES) and "client" in ast.unparse(
                    node.func.value
                ):
                    found.setdefault(name, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_source_scan_sees_the_listeners_and_calls() -> None:
    seen = {(item.kind, item.name) for item in listeners()}
    assert {("event", "app_mention"), ("event", "message"), ("command", "/onrecord")} <= seen
    assert ("action", "onrecord_confirm") in seen
    assert {"chat_postMessage", "conversations_replies"} <= set(called_methods())


def problems(data: dict[str, Any], found: list[Listener], methods: dict[str, str]) -> list[str]:
    """Everything the code does that the manifest does not allow, one line each."""
    out: list[str] = []
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    events = set(data["settings"]["event_subscriptions"]["bot_events"])
    features = data["features"]
    commands = {c["command"] for c in features.get("slash_commands", [])}
    shortcuts = {s["callback_id"] for s in features.get("shortcuts", [])}
    interactive = data["settings"]["interactivity"]["is_enabled"] is True
    for event in events:
        if event not in EVENT_SCOPES:
            out.append(f"{event}: add its scopes to EVENT_SCOPES")
        elif not EVENT_SCOPES[event] <= scopes:
            out.append(f"{event} needs the scopes {sorted(EVENT_SCOPES[event] - scopes)}")
    for item in found:
        if item.kind == "event":
            for event in EVENT_SUBSCRIPTIONS.get(item.name, (item.name,)):
                if event not in events:
                    out.append(f"{item.where}: subscribe to {event} in slack-manifest.yml")
        elif item.kind in {"command", "shortcut"}:
            declared = commands if item.kind == "command" else shortcuts
            if item.name not in declared or "commands" not in scopes:
                out.append(f"{item.where}: declare {item.kind} {item.name} (scope commands)")
        elif not interactive:
            out.append(f"{item.where}: turn interactivity on for {item.kind} {item.name}")
    for method, where in methods.items():
        if method not in METHOD_SCOPES:
            out.append(f"{where}: add {method}'s scopes to METHOD_SCOPES")
        elif not METHOD_SCOPES[method] <= scopes:
            out.append(f"{where}: {method} needs {sorted(METHOD_SCOPES[method] - scopes)}")
    return out


def test_the_manifest_allows_everything_the_code_does() -> None:
    assert problems(manifest(), listeners(), called_methods()) == []


def test_the_check_finds_what_the_manifest_lacks() -> None:
    data = manifest()
    data["settings"]["event_subscriptions"]["bot_events"].remove("message.groups")
    data["oauth_config"]["scopes"]["bot"].remove("usergroups:read")
    data["features"]["shortcuts"] = []
    data["settings"]["interactivity"]["is_enabled"] = False
    found = [
        *listeners(),
        Listener("shortcut", "file_with_on_record", "x.py:1"),
        Listener("view", "fix_person", "x.py:2"),
    ]
    methods = {**called_methods(), "usergroups_users_list": "y.py:3", "files_upload": "y.py:4"}
    shown = "\n".join(problems(data, found, methods))
    assert "subscribe to message.groups" in shown
    assert "x.py:1: declare shortcut file_with_on_record" in shown
    assert "x.py:2: turn interactivity on for view fix_person" in shown
    assert "y.py:3: usergroups_users_list needs ['usergroups:read']" in shown
    assert "y.py:4: add files_upload's scopes to METHOD_SCOPES" in shown


def test_the_manifest_declares_this_rounds_surface() -> None:
    """The contract other parts of the bot are built against (message shortcut, App Home)."""
    data = manifest()
    features = data["features"]
    assert features["app_home"]["home_tab_enabled"] is True
    (shortcut,) = features["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"], shortcut["name"]) == (
        "message",
        "file_with_on_record",
        "File with On Record",
    )
    assert set(data["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.channels",
        "message.groups",
        "member_joined_channel",
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
    }
    assert {
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "channels:read",
        "groups:read",
        "chat:write",
        "commands",
        "usergroups:read",
    } <= bot_scopes()
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["settings"]["socket_mode_enabled"] is True


@pytest.mark.parametrize("url_key", ["event_subscriptions", "interactivity"])
def test_request_urls_point_at_the_events_path(url_key: str) -> None:
    from bot.slack.http import EVENTS_PATH

    url = manifest()["settings"][url_key]["request_url"]
    assert url.startswith("https://") and url.endswith(EVENTS_PATH)
    for command in manifest()["features"]["slash_commands"]:
        assert command["url"].endswith(EVENTS_PATH)
