"""Small builders for store tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot.articles import text_hash
from bot.claim_rows import claim_record
from bot.nlp.types import Claim, Number, Slot
from bot.people import resolve_person
from store import claims as stored_claims
from store.articles import add_article_if_new
from store.models import Article, ClaimRow, Person

TEAM = "T0001"
OTHER_TEAM = "T0002"


def make_claim(
    content: str = "Inflation will fall to 5 percent by June.",
    *,
    speaker: str = "Khawaja Asif",
    topics: tuple[str, ...] = ("inflation",),
    polarity: bool = True,
    numbers: tuple[Number, ...] = (),
    slots: tuple[Slot, ...] = (),
) -> Claim:
    return Claim(
        speaker=speaker,
        content=content,
        content_start=10,
        content_end=10 + len(content),
        kind="direct",
        subject="inflation",
        predicate="fall",
        polarity=polarity,
        slots=slots,
        numbers=numbers,
        hedged=False,
        quantifier=None,
        topics=topics,
    )


def add_article(
    session: Session, team_id: str = TEAM, text: str = "Body text.", **kwargs: object
) -> Article:
    fields: dict[str, object] = {
        "title": "A title",
        "outlet": "Dawn",
        "published": date(2024, 3, 1),
        "source_url": None,
    }
    fields.update(kwargs)
    article, _created = add_article_if_new(
        session,
        team_id,
        text=text,
        text_hash=text_hash(text),
        **fields,  # type: ignore[arg-type]
    )
    return article


def add_person(session: Session, name: str, team_id: str = TEAM, **kwargs: object) -> Person:
    return resolve_person(session, team_id, name=name, **kwargs)  # type: ignore[arg-type]


def add_claim(
    session: Session,
    person: Person,
    article: Article,
    *,
    team_id: str = TEAM,
    stated_on: date = date(2024, 3, 1),
    **kwargs: object,
) -> ClaimRow:
    claim = make_claim(speaker=person.name, **kwargs)  # type: ignore[arg-type]
    return stored_claims.add_claim(
        session,
        team_id,
        person=person,
        article=article,
        claim=claim_record(claim),
        stated_on=stated_on,
    )
