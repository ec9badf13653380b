"""The `compare` use case: judge labelled statement pairs with the live contradiction detector."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.claims import claims_from_doc
from bot.nlp.contradictions import is_contradiction
from bot.nlp.judge import ContradictionScorer, StatementForJudging, judge_pairs
from bot.nlp.types import Verdict

REQUIRED_FIELDS = ("id", "speaker", "earlier", "later")
PIPE_BATCH_SIZE = 64


class CompareInputError(ValueError):
    """A compare input line is not a valid {"id","speaker","earlier","later"} object."""


@dataclass(frozen=True)
class PairRequest:
    """One input line: two statements by the same speaker."""

    id: str | int
    speaker: str
    earlier: str
    later: str


def compare_lines(
    nlp: Language, lines: Iterable[str], scorer: ContradictionScorer | None = None
) -> Iterator[str]:
    """Read JSON-lines pairs and yield one JSON verdict line per pair, in input order."""
    requests = parse_requests(lines)
    texts = [text for request in requests for text in (request.earlier, request.later)]
    docs = iter(nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE))
    pairs = [
        (for_judging(request, next(docs)), for_judging(request, next(docs))) for request in requests
    ]
    for request, verdict in zip(requests, judge_pairs(pairs, scorer), strict=True):
        yield json.dumps(output_line(request, verdict), ensure_ascii=False)


def parse_requests(lines: Iterable[str]) -> list[PairRequest]:
    """Every non-blank line as a PairRequest; CompareInputError names the first bad line."""
    requests: list[PairRequest] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            requests.append(parse_request(line, number))
    return requests


def parse_request(line: str, number: int) -> PairRequest:
    """One line as a PairRequest, or CompareInputError with a one-line reason."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CompareInputError(f"line {number}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise CompareInputError(f"line {number}: expected a JSON object")
    missing = [field for field in REQUIRED_FIELDS if field not in data]
    if missing:
        raise CompareInputError(f"line {number}: missing field(s) {', '.join(missing)}")
    if not isinstance(data["id"], str | int) or isinstance(data["id"], bool):
        raise CompareInputError(f"line {number}: id must be a string or an integer")
    for field in ("speaker", "earlier", "later"):
        if not isinstance(data[field], str):
            raise CompareInputError(f"line {number}: {field} must be a string")
    return PairRequest(data["id"], data["speaker"], data["earlier"], data["later"])


def for_judging(request: PairRequest, doc: Doc) -> StatementForJudging:
    """One side of a pair as a statement by the request's speaker."""
    speaker = request.speaker or "speaker"
    return StatementForJudging(speaker, doc.text, tuple(claims_from_doc(doc, speaker)))


def output_line(request: PairRequest, verdict: Verdict | None) -> dict[str, object]:
    """The output object for one pair; `contradiction` is true for alerts only."""
    return {
        "id": request.id,
        "contradiction": is_contradiction(verdict),
        "tier": verdict.tier if verdict is not None else None,
        "score": verdict.score if verdict is not None else 0.0,
        "kind": verdict.kind if verdict is not None else None,
        "explanation": verdict.explanation if verdict is not None else "",
    }
