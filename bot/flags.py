"""What people read of the history: a filed statement (`StatementRef`) and a flagged
contradiction (`Flag`), built from the stored rows. Every surface (Slack, the command line,
the digest) shows these, through the confidentiality rule (`bot.confidentiality`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from store.models import Article as ArticleRow
from store.models import ClaimRow, Contradiction, Person


@dataclass(frozen=True)
class StatementRef:
    """A filed statement as people read it: who, what, when, where from."""

    claim_id: int
    person_id: int
    speaker: str
    title: str | None
    is_official: bool
    content: str
    kind: str
    date: date
    source: str
    source_url: str | None
    article_id: int
    slack_channel: str | None
    shared_by: str | None
    headline: str | None = None  # None: a pasted article whose first line is no headline
    outlet: str = ""  # the site's own name (og:site_name), else its host; "" for a paste
    slack_ts: str | None = None  # the message the article was filed from


@dataclass(frozen=True)
class Flag:
    """A contradiction between an earlier statement and one just filed."""

    contradiction_id: int
    speaker: str
    kind: str
    tier: str
    score: float
    explanation: str
    earlier_value: str
    later_value: str
    earlier: StatementRef
    later: StatementRef

    @property
    def person_id(self) -> int:
        """The speaker's person id (both sides are the same person's)."""
        return self.later.person_id


def source_of(article: ArticleRow) -> str:
    """How a journalist names where a statement came from: its link, else outlet or title."""
    return article.source_url or article.outlet or article.title or f"article {article.id}"


def headline_of(article: ArticleRow) -> str | None:
    """The article's headline; None for a paste whose title is only its opening words
    (`bot.articles.text.untitled`: the text's first words, cut with '…')."""
    title = " ".join(article.title.split())
    if not title:
        return None
    if article.source_url:
        return title
    opening = " ".join(article.text[: len(title) + 200].split())
    return None if opening.startswith(title.removesuffix("…")) else title


def outlet_of(article: ArticleRow) -> str:
    """The outlet's own name (og:site_name), else the link's host; "" for a paste."""
    if article.outlet and article.outlet != article.source_url:
        return article.outlet
    if article.source_url:
        host = urlsplit(article.source_url).hostname or ""
        return host.removeprefix("www.")
    return ""


def title_in(person: Person, article_id: int) -> str | None:
    """The title the person was given in that article (a title is as visible as its article)."""
    titles = sorted(
        (t for t in person.titles if t.article_id == article_id),
        key=lambda t: t.last_seen,
        reverse=True,
    )
    return titles[0].title if titles else None


def statement_ref(claim: ClaimRow, article: ArticleRow, person: Person) -> StatementRef:
    return StatementRef(
        claim_id=claim.id,
        person_id=person.id,
        speaker=person.name,
        title=title_in(person, article.id),
        is_official=person.is_official,
        content=claim.content,
        kind=claim.kind,
        date=claim.stated_on,
        source=source_of(article),
        source_url=article.source_url,
        article_id=article.id,
        slack_channel=article.slack_channel,
        shared_by=article.shared_by,
        headline=headline_of(article),
        outlet=outlet_of(article),
        slack_ts=article.slack_ts,
    )


def flag_from_row(row: Contradiction) -> Flag:
    """Rebuild the Flag of a stored contradiction (for re-rendering after a review)."""
    earlier, later = row.earlier_claim, row.later_claim
    return Flag(
        contradiction_id=row.id,
        speaker=later.person.name,
        kind=row.kind,
        tier=row.tier,
        score=row.score,
        explanation=row.explanation,
        earlier_value=row.earlier_value or "",
        later_value=row.later_value or "",
        earlier=statement_ref(earlier, earlier.article, earlier.person),
        later=statement_ref(later, later.article, later.person),
    )
