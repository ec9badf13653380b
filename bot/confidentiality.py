"""The confidentiality rule, written once: who may read a filed statement.

A statement may be shown to a reader in full only if its article has a public link, or was
shared in the reader's own channel. Articles pasted without a link may be embargoed or
confidential: elsewhere the reader learns at most that such a statement exists and where it
was shared, never its words, its headline, the values a detector compared, or who said it.

The reader is an `Audience`: a Slack channel, or the command line (channel None), which sees
what was filed outside Slack, or a reader with no channel at all (`NO_CHANNEL`: the App Home
tab, private to one user but not a channel), who sees only what has a public link. Every
surface (the thread reply and its review redraws, the ingest summary, history, the digest,
App Home, the command line) asks this module, never its own copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar


class Filed(Protocol):
    """Anything filed from an article: where that article came from."""

    @property
    def source_url(self) -> str | None: ...

    @property
    def slack_channel(self) -> str | None: ...


@dataclass(frozen=True)
class Audience:
    """Who will read what On Record shows: a Slack channel, or the command line (None).

    `public_only` marks a reader who is in no channel (`NO_CHANNEL`): they may see only what
    has a public link, never a paste, wherever it was shared (in Slack or outside it).
    """

    channel: str | None
    public_only: bool = False

    def can_see(self, filed: Filed) -> bool:
        """May this reader see what was filed from that article in full?"""
        if filed.source_url:
            return True
        return not self.public_only and filed.slack_channel == self.channel


COMMAND_LINE = Audience(channel=None)

# The App Home tab: one user's private view, but not a channel, so no paste was shared "there".
# It shows statements and flags only from articles with a public link; anything else is left
# out (not quoted, not counted), as history and the digest leave out what a channel may not
# see; the reader is told that flags on pasted articles are reviewed in their channels.
NO_CHANNEL = Audience(channel=None, public_only=True)

F = TypeVar("F", bound=Filed)


class HasSides(Protocol):
    @property
    def earlier(self) -> Filed: ...

    @property
    def later(self) -> Filed: ...


@dataclass(frozen=True)
class Visibility:
    """Which sides of a flagged contradiction a reader may see."""

    earlier: bool
    later: bool

    @property
    def both(self) -> bool:
        """Both statements visible: only then may the explanation (it names both) be shown."""
        return self.earlier and self.later

    @property
    def any(self) -> bool:
        """At least one side visible: only then may the speaker be named."""
        return self.earlier or self.later


def visibility(audience: Audience, flag: HasSides) -> Visibility:
    return Visibility(earlier=audience.can_see(flag.earlier), later=audience.can_see(flag.later))


def visible(audience: Audience, items: Iterable[F]) -> list[F]:
    """The items this reader may see, in their order."""
    return [item for item in items if audience.can_see(item)]
