"""App Home: published when a user opens the tab, and again after anything done from it.

The tab's reader is `NO_CHANNEL` (private to one user, but not a channel). The history page
shown in the tab, if any, is kept in the view's `private_metadata` (a `HistoryQuery` value),
so a review or a search from the tab redraws it with the page still there.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.confidentiality import NO_CHANNEL
from bot.history import visible_people
from bot.history_pages import HistoryPage, HistoryQuery, TopicEmbedder, history_page
from bot.home import home_data
from bot.jobs import Job, JobKind, ReplyTo
from bot.slack.commands import who_is_text
from bot.slack.deps import Deps, JobHandler
from bot.slack.home_blocks import (
    HOME_SEARCH_ACTION,
    NAME_BLOCK,
    SEARCH_CALLBACK,
    TOPIC_BLOCK,
    home_view,
    search_modal,
)
from bot.slack.workspace import team_of
from store.db import read_session

logger = logging.getLogger(__name__)


def from_home(body: dict[str, Any]) -> bool:
    """Was this click made in the Home tab (not in a channel message)?"""
    return (body.get("view") or {}).get("type") == "home"


def home_query(body: dict[str, Any]) -> str:
    """The history query the Home tab showed when it was clicked ('' for none)."""
    return str((body.get("view") or {}).get("private_metadata") or "")


def topic_embedder(deps: Deps) -> TopicEmbedder | None:
    """The shipped embedder, for ranking history by a topic (None in rules-only runs)."""
    return deps.judging.embedder if deps.judging is not None else None


def publish_home(
    deps: Deps,
    client: WebClient,
    team_id: str,
    user: str,
    *,
    notice: str | None = None,
    history: str = "",
    page: HistoryPage | None = None,
) -> None:
    """Draw the user's Home tab: a notice, the history page `history` names, the flags."""
    query = HistoryQuery.from_value(history) if history else None
    with read_session(deps.sessions) as session:
        data = home_data(session, team_id, user, deps.clock(), deps.settings.timezone)
        if page is None and query is not None:
            page = history_page(session, team_id, query, NO_CHANNEL, topic_embedder(deps))
    metadata = page.query.to_value() if page is not None else ""
    view = home_view(data, notice=notice, history=page, private_metadata=metadata)
    client.views_publish(user_id=user, view=view)


def on_home_opened(
    body: dict[str, Any], event: dict[str, Any], context: BoltContext, deps: Deps
) -> None:
    if event.get("tab", "home") != "home" or not event.get("user"):
        return
    deps.jobs.enqueue(
        team_of(context),
        JobKind.HOME,
        {
            "user": event["user"],
            "history": str((event.get("view") or {}).get("private_metadata") or ""),
        },
        reply_to=ReplyTo(user=event["user"]),
        dedupe_key=body.get("event_id"),
    )


def run_home_job(deps: Deps, client: WebClient, job: Job) -> None:
    publish_home(
        deps, client, job.team_id, job.payload["user"], history=job.payload.get("history", "")
    )


def on_search_click(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    """Open the search modal at once (a trigger_id lasts 3 seconds)."""
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=search_modal(home_query(body)))


def input_value(view: dict[str, Any], block: str) -> str:
    """What was typed in a submitted view's text input (its block and action share an id),
    trimmed; "" when left empty (Home's search, the review form's reason)."""
    values = ((view.get("state") or {}).get("values") or {}).get(block) or {}
    return str((values.get(block) or {}).get("value") or "").strip()


def on_search_submit(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext, deps: Deps
) -> None:
    ack()
    user = str(body["user"]["id"])
    deps.jobs.enqueue(
        team_of(context),
        JobKind.HOME_SEARCH,
        {
            "user": user,
            "name": input_value(view, NAME_BLOCK),
            "topic": input_value(view, TOPIC_BLOCK),
            "history": str(view.get("private_metadata") or ""),
        },
        reply_to=ReplyTo(user=user),
    )


def run_home_search_job(deps: Deps, client: WebClient, job: Job) -> None:
    """Find the person (as a reader in no channel may) and show their first page in Home."""
    name, topic, user = job.payload["name"], job.payload["topic"], job.payload["user"]
    with read_session(deps.sessions) as session:
        found = visible_people(session, job.team_id, name, NO_CHANNEL)
        page = None
        if len(found) == 1:
            query = HistoryQuery(found[0][0].id, topic)
            page = history_page(session, job.team_id, query, NO_CHANNEL, topic_embedder(deps))
    if page is None:
        notice = who_is_text(name, [person.name for person, _ in found])
        publish_home(deps, client, job.team_id, user, notice=notice, history=job.payload["history"])
        return
    publish_home(deps, client, job.team_id, user, page=page)


def register(app: App, deps: Deps) -> None:
    app.event("app_home_opened")(
        lambda body, event, context: on_home_opened(body, event, context, deps)
    )
    app.action(HOME_SEARCH_ACTION)(on_search_click)
    app.view(SEARCH_CALLBACK)(
        lambda ack, body, view, context: on_search_submit(ack, body, view, context, deps)
    )


JOBS: dict[JobKind, JobHandler] = {
    JobKind.HOME: run_home_job,
    JobKind.HOME_SEARCH: run_home_search_job,
}
