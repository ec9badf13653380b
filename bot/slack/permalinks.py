"""Links to the Slack message an article was pasted in (`chat.getPermalink`), asked for only
where the reader may see that article (`bot.confidentiality`): never for a withheld one."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.confidentiality import Audience
from bot.flags import Flag, StatementRef

logger = logging.getLogger(__name__)


def permalink_for(client: WebClient, ref: StatementRef, audience: Audience) -> str | None:
    """The link to the message a pasted article visible to `audience` was filed from."""
    if ref.source_url or not ref.slack_channel or not ref.slack_ts:
        return None  # a linked article is linked itself; one filed outside Slack has no message
    if not audience.can_see(ref):
        return None
    try:
        answer = client.chat_getPermalink(channel=ref.slack_channel, message_ts=ref.slack_ts)
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        logger.info("no permalink for article %d: %s", ref.article_id, error)
        return None
    link = answer.get("permalink")
    return str(link) if link else None


def flag_permalinks(client: WebClient, flag: Flag, audience: Audience) -> dict[int, str]:
    """Article id → permalink, for each side of the flag the reader may see."""
    found: dict[int, str] = {}
    for ref in (flag.earlier, flag.later):
        if ref.article_id not in found:
            link = permalink_for(client, ref, audience)
            if link:
                found[ref.article_id] = link
    return found
