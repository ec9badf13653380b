"""One log line per Slack request the app handles, in Socket Mode and over HTTP alike.

`LoggedApp.dispatch` wraps Bolt's: what kind of request it was (the command, the event type,
the action or shortcut or view id), its workspace and channel, the outcome (acked, refused,
error), the HTTP status Bolt answered and how long it took. Never a token, a signature, a
value, a message text or any other part of the body: only ids, each cut to a safe shape.

(A Bolt global middleware cannot do this: its `next()` only marks the request as passed on,
so it sees neither the listener's outcome nor its time.)
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

logger = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9_./:#@-]")
ID_LIMIT = 64


def safe(value: object) -> str:
    """An id fit for a log line: no spaces or newlines (no forged lines), bounded."""
    text = _UNSAFE.sub("?", str(value))[:ID_LIMIT] if value is not None else ""
    return text or "-"


def request_kind(body: dict[str, Any]) -> str:
    """'command /onrecord', 'event app_mention', 'action see_history', 'shortcut
    file_with_on_record', 'view <callback_id>', or the payload's type."""
    if "command" in body:
        return f"command {safe(body['command'])}"
    kind = str(body.get("type") or "")
    if kind == "event_callback":
        event = body.get("event") or {}
        return f"event {safe(event.get('type') if isinstance(event, dict) else '')}"
    if kind == "block_actions":
        actions = body.get("actions") or []
        ids = [a.get("action_id") for a in actions if isinstance(a, dict)]
        return f"action {safe(','.join(str(i) for i in ids))}"
    if kind in {"shortcut", "message_action"}:
        return f"shortcut {safe(body.get('callback_id'))}"
    if kind in {"view_submission", "view_closed"}:
        view = body.get("view") or {}
        return f"view {safe(view.get('callback_id') if isinstance(view, dict) else '')}"
    return safe(kind or "unknown")


def outcome_of(status: int) -> str:
    if status < 400:
        return "acked"
    if status < 500:
        return "refused"
    return "error"


def log_request(req: BoltRequest, status: int, started: float) -> None:
    body = req.body if isinstance(req.body, dict) else {}
    context = req.context
    millis = (time.monotonic() - started) * 1000
    logger.info(
        "slack request: %s team=%s channel=%s outcome=%s status=%d ms=%.0f",
        request_kind(body),
        safe(context.team_id),
        safe(context.channel_id),
        outcome_of(status),
        status,
        millis,
    )


class LoggedApp(App):
    """Bolt's App, logging one line per request it dispatches."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        started = time.monotonic()
        try:
            resp = super().dispatch(req)
        except Exception:
            log_request(req, 500, started)
            raise
        log_request(req, resp.status, started)
        return resp
