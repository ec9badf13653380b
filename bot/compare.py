"""The `compare` use case: judge labelled statement pairs with the live contradiction detector."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.claims import claims_from_doc
from bot.nlp.contradictions import detect, is_contradiction
from bot.nlp.types import Claim, Verdict

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


def compare_lines(nlp: Language, lines: Iterable[str]) -> Iterator[str]:
    """Read JSON-lines pairs and yield one JSON verdict line per pair, in input order."""
    requests = parse_requests(lines)
    texts = [text for request in requests for text in (request.earlier, request.later)]
    docs = iter(nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE))
    for request in requests:
        earlier_doc, later_doc = next(docs), next(docs)
        yield json.dumps(judge_pair(request, earlier_doc, later_doc), ensure_ascii=False)


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


def judge_pair(request: PairRequest, earlier_doc: Doc, later_doc: Doc) -> dict[str, object]:
    """The output object for one pair: the best verdict over every pair of claims."""
    speaker = request.speaker or "speaker"
    verdict = best_verdict(
        claims_from_doc(earlier_doc, speaker), claims_from_doc(later_doc, speaker)
    )
    return {
        "id": request.id,
        "contradiction": is_contradiction(verdict),
        "score": verdict.score if verdict is not None else 0.0,
        "kind": verdict.kind if verdict is not None else None,
        "explanation": verdict.explanation if verdict is not None else "",
    }


def best_verdict(earlier: list[Claim], later: list[Claim]) -> Verdict | None:
    """The highest-scoring verdict over all (earlier, later) claim pairs; contradictions first."""
    verdicts = [v for new in later for old in earlier if (v := detect(old, new)) is not None]
    if not verdicts:
        return None
    return max(verdicts, key=lambda v: (is_contradiction(v), v.score))
