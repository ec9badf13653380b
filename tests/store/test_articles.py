"""Articles: idempotent by text hash, found by hash or URL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import text_hash
from store.articles import add_article_if_new, articles_since, find_article
from store.models import Article

from .factories import OTHER_TEAM, TEAM


def _add(
    s: Session, text: str, team_id: str = TEAM, url: str | None = None
) -> tuple[Article, bool]:
    return add_article_if_new(
        s,
        team_id,
        text=text,
        text_hash=text_hash(text),
        title="Minister speaks",
        outlet="Dawn",
        published=date(2024, 3, 1),
        source_url=url,
        slack_channel="C1",
        slack_ts="1700000000.000100",
        shared_by="U1",
    )


def test_same_text_is_stored_once(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        first, created = _add(s, "The minister said X.", url="https://example.org/a")
        assert created
        again, created_again = _add(s, "The minister said X.", url="https://example.org/b")
        assert not created_again
        assert again.id == first.id
        also, created_also = add_article_if_new(
            s,
            TEAM,
            text="The minister said X.",
            text_hash=text_hash("The minister said X."),
            title="t",
            outlet="o",
            published=None,
            source_url=None,
        )
        assert also.id == first.id and not created_also
        assert s.scalar(select(func.count()).select_from(Article)) == 1
        assert (first.slack_channel, first.slack_ts, first.shared_by) == (
            "C1",
            "1700000000.000100",
            "U1",
        )
        assert first.text_hash == text_hash("The minister said X.")
        assert len(first.text_hash) == 64


def test_find_article_by_hash_or_url(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        article, _ = _add(s, "Text one.", url="https://example.org/one")
    with session_factory() as s:
        by_hash = find_article(s, TEAM, text_hash=text_hash("Text one."))
        assert by_hash is not None and by_hash.id == article.id
        by_url = find_article(
            s, TEAM, text_hash=text_hash("changed"), source_url="https://example.org/one"
        )
        assert by_url is not None and by_url.id == article.id
        assert find_article(s, TEAM, text_hash=text_hash("changed")) is None
        assert (
            find_article(
                s,
                OTHER_TEAM,
                text_hash=text_hash("Text one."),
                source_url="https://example.org/one",
            )
            is None
        )


def test_each_workspace_stores_its_own_copy(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        a, created_a = _add(s, "Shared text.")
        b, created_b = _add(s, "Shared text.", team_id=OTHER_TEAM)
        assert created_a and created_b and a.id != b.id


def test_articles_since(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        old, _ = _add(s, "Old.")
        old.created_at = datetime.now(UTC) - timedelta(days=2)
        new, _ = _add(s, "New.")
        _add(s, "Elsewhere.", team_id=OTHER_TEAM)
    with session_factory() as s:
        since = datetime.now(UTC) - timedelta(days=1)
        assert [a.id for a in articles_since(s, TEAM, since)] == [new.id]
        got = articles_since(s, TEAM, since)[0]
        assert got.created_at.tzinfo is not None
