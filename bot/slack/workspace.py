"""Which Slack workspace a request belongs to: every row is filed under it.

Bolt reads the team id from each payload shape (a command's `team_id`, an event's
`authorizations`, an interaction's `team.id`) into `context.team_id`. A signed request that
names no workspace is refused by `require_team`, registered before every listener, rather
than filed under ONRECORD_TEAM_ID (the command line's workspace). Listeners then read the
workspace with `team_of`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltContext, BoltResponse

logger = logging.getLogger(__name__)

NO_TEAM_TEXT = "refused: the request names no Slack workspace (team id)"


def require_team(context: BoltContext, next_: Callable[[], None]) -> BoltResponse | None:
    """Bolt global middleware: pass requests that name a workspace, answer 400 to others."""
    if context.team_id:
        next_()
        return None
    logger.warning("refused a signed request that names no Slack workspace (no team id)")
    return BoltResponse(status=400, body=NO_TEAM_TEXT)


def team_of(context: BoltContext) -> str:
    """The workspace of a request that `require_team` let through."""
    team_id = context.team_id
    if not team_id:
        raise ValueError("a request without a team id reached a listener")
    return team_id
