"""Named entities around a token, found from its IOB tags (Doc.ents rebuilds every span)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token


def entity_at(token: Token) -> Span | None:
    """The whole named entity a token belongs to, or None."""
    if token.ent_iob_ not in {"B", "I"} or not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def entities_between(doc: Doc, start: int, end: int) -> Iterator[Span]:
    """Named entities that begin in tokens [start, end)."""
    for i in range(start, end):
        if doc[i].ent_iob_ == "B":
            entity = entity_at(doc[i])
            if entity is not None:
                yield entity
