"""Articles: filed once per workspace, deduplicated by the hash of their text.

Session first; every query filters by ``team_id``; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.inserts import insert_or_get
from store.models import Article


def find_article(
    session: Session, team_id: str, *, text_hash: str, source_url: str | None = None
) -> Article | None:
    """The article with this text hash, else (if given) the latest one filed from this URL."""
    article = session.scalars(
        select(Article).where(Article.team_id == team_id, Article.text_hash == text_hash)
    ).one_or_none()
    if article is None and source_url:
        article = session.scalars(
            select(Article)
            .where(Article.team_id == team_id, Article.source_url == source_url)
            .order_by(Article.id.desc())
            .limit(1)
        ).first()
    return article


def add_article_if_new(
    session: Session,
    team_id: str,
    *,
    text: str,
    text_hash: str,
    title: str,
    outlet: str,
    published: date | None,
    source_url: str | None,
    slack_channel: str | None = None,
    slack_ts: str | None = None,
    shared_by: str | None = None,
) -> tuple[Article, bool]:
    """Store an article unless one with the same text hash exists: (article, created).

    ``text_hash`` is computed by the caller (``bot.articles.text_hash``). Race-safe: if
    another worker stores the same text at the same moment, this one gets ``created=False``
    and the other worker's row.
    """
    existing = find_article(session, team_id, text_hash=text_hash)
    if existing is not None:
        return existing, False
    article = Article(
        team_id=team_id,
        text=text,
        text_hash=text_hash,
        title=title,
        outlet=outlet,
        published=published,
        source_url=source_url,
        slack_channel=slack_channel,
        slack_ts=slack_ts,
        shared_by=shared_by,
    )
    return insert_or_get(
        session, article, lambda: find_article(session, team_id, text_hash=text_hash)
    )


def articles_since(session: Session, team_id: str, since: datetime) -> list[Article]:
    """Articles filed at or after ``since``, oldest first."""
    return list(
        session.scalars(
            select(Article)
            .where(Article.team_id == team_id, Article.created_at >= since)
            .order_by(Article.created_at, Article.id)
        )
    )


def recent_public_articles(session: Session, team_id: str, *, limit: int) -> list[Article]:
    """The latest articles filed from a public link, newest first (pastes are left out: a
    reader in no channel may not see them, see ``bot.confidentiality.NO_CHANNEL``)."""
    return list(
        session.scalars(
            select(Article)
            .where(
                Article.team_id == team_id,
                Article.source_url.is_not(None),
                Article.source_url != "",
            )
            .order_by(Article.created_at.desc(), Article.id.desc())
            .limit(limit)
        ).all()
    )
