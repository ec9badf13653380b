"""Build On Record's own statement-pair training set from the hand-written components.

    python training/make_pairs.py            # writes training/data/pairs_{train,validation}.jsonl

Reproducible: a fixed seed, no input other than components.py. Each line is
{"earlier", "later", "label": "contradiction"|"consistent", "kind", "subject"}; the split is by
subject, so no subject's sentences appear on both sides.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from components import SUBJECTS, UNRELATED, Position, SlotPosition, Speaker, Subject

SEED = 20240611
VALIDATION_SHARE = 0.2
RENDERINGS_PER_PAIR = 2
DATA_DIR = Path(__file__).parent / "data"

FIRST_PERSON = {
    "I": "I",
    "me": "me",
    "my": "my",
    "My": "My",
    "myself": "myself",
    "am": "am",
    "have": "have",
    "do": "do",
    "was": "was",
    "s": "",
    "we": "we",
    "our": "our",
    "we_are": "we are",
    "we_have": "we have",
}
LOWERCASE_OPENERS = frozenset(
    "the a an there it this that these those our no not nothing nobody none some every all "
    "each more fewer from under by at in on after before so yes people taxpayers students "
    "families drivers borrowers residents pupils patients customers savers citizens swimmers "
    "gardeners mothers boats leaders workers low-paid motorists officers police firefighters "
    "engineers supplies talks tap tests signing coal net rates fuel fares bills interest "
    "burglaries break-ins depositors' voters polling births construction mining trams "
    "dealers universities everyone developers criminals officials".split()
)
DIRECT_CUES = (
    "said",
    "told reporters",
    "said on Tuesday",
    "told the assembly",
    "said in a statement",
)
REPORTED_CUES = (
    "said",
    "said that",
    "told reporters that",
    "insisted that",
    "stated that",
    "maintained that",
    "told parliament that",
    "announced that",
    "confirmed that",
)
DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend")


@dataclass(frozen=True)
class AbstractPair:
    earlier: str
    later: str
    label: str
    kind: str
    subject: Subject


def third_person(speaker: Speaker) -> dict[str, str]:
    he = speaker.pronoun
    him, his = ("her", "her") if he == "she" else ("him", "his")
    body = speaker.body
    return {
        "I": he,
        "me": him,
        "my": his,
        "My": his.capitalize(),
        "myself": f"{him}self",
        "am": "is",
        "have": "has",
        "do": "does",
        "was": "was",
        "s": "s",
        "we": body,
        "our": f"{body}'s",
        "we_are": f"{body} is",
        "we_have": f"{body} has",
    }


def fill(text: str, forms: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: forms[m.group(1)], text)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def as_clause(sentence: str) -> str:
    """A sentence made to follow 'said (that)': no final stop, ordinary first word lowercased."""
    clause = sentence.rstrip().rstrip(".")
    first = clause.split(" ", 1)[0]
    if first.lower() in LOWERCASE_OPENERS and first != "I":
        clause = first.lower() + clause[len(first) :]
    return clause


def speaker_reference(speaker: Speaker, rng: random.Random, *, opens: bool = True) -> str:
    """How an article names the speaker; `opens` when the name starts the sentence."""
    surname = speaker.name.split()[-1]
    title = capitalise(speaker.title) if opens else speaker.title
    options = [
        speaker.name,
        f"{speaker.name}, {speaker.title},",
        f"{title} {speaker.name}",
        surname,
        title,
    ]
    return rng.choice(options)


def reported_we(text: str, speaker: Speaker) -> str:
    """'we'/'our'/'us' of a quote become the organisation in reported speech."""
    body = speaker.body
    text = re.sub(r"\b[Ww]e\b", body, text)
    text = re.sub(r"\b[Oo]ur\b", f"{body}'s", text)
    return re.sub(r"\bus\b", "it", text)


def render_direct(sentence: str, speaker: Speaker, rng: random.Random) -> str:
    quote = fill(sentence, FIRST_PERSON).rstrip()
    style = rng.randrange(4)
    body = quote[:-1] + "," if quote.endswith(".") else quote
    if style == 0:
        who = speaker_reference(speaker, rng, opens=False)
        return f'"{body}" {who} {rng.choice(DIRECT_CUES)}.'
    if style == 1:
        return f'"{body}" said {speaker.name}, {speaker.title}.'
    if style == 2:
        return f'{speaker_reference(speaker, rng)} said {rng.choice(DAYS)}: "{quote}"'
    return f'"{quote}"'


def render_reported(sentence: str, speaker: Speaker, rng: random.Random) -> str:
    clause = as_clause(reported_we(fill(sentence, third_person(speaker)), speaker))
    style = rng.randrange(3)
    if style == 0:
        return f"{speaker_reference(speaker, rng)} {rng.choice(REPORTED_CUES)} {clause}."
    who = speaker_reference(speaker, rng, opens=False)
    if style == 1:
        return f"{capitalise(clause)}, {who} said {rng.choice(DAYS)}."
    return (
        f"According to {who} {clause}." if who.endswith(",") else (f"According to {who}, {clause}.")
    )


def render(sentence: str, speaker: Speaker, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return fill(sentence, FIRST_PERSON)
    if roll < 0.72:
        return render_direct(sentence, speaker, rng)
    return render_reported(sentence, speaker, rng)


def position_pairs(subject: Subject, position: Position) -> Iterator[AbstractPair]:
    keeps = position.stance + position.detail
    for keep, (kind, flip) in itertools.product(keeps, position.flips):
        yield AbstractPair(keep, flip, "contradiction", kind, subject)
    for a, b in itertools.combinations(position.stance, 2):
        yield AbstractPair(a, b, "consistent", "paraphrase", subject)
    for a, b in itertools.product(position.stance, position.detail):
        yield AbstractPair(a, b, "consistent", "added_detail", subject)
    same_side = [f for k, f in position.flips if k not in {"number", "date", "place", "agent"}]
    for a, b in itertools.islice(itertools.combinations(same_side, 2), 3):
        yield AbstractPair(a, b, "consistent", "same_reversal", subject)


def slot_pairs(subject: Subject, slot: SlotPosition) -> Iterator[AbstractPair]:
    tpls = slot.templates
    for (t1, v1), (t2, v2) in itertools.combinations(itertools.product(tpls, slot.same), 2):
        kind = "paraphrase" if v1 == v2 else "rounding"
        yield AbstractPair(t1.format(v=v1), t2.format(v=v2), "consistent", kind, subject)
    for t1, v1, t2, v2 in itertools.product(tpls, slot.same, tpls, slot.other):
        yield AbstractPair(t1.format(v=v1), t2.format(v=v2), "contradiction", slot.kind, subject)


def statements(position: Position | SlotPosition) -> list[str]:
    if isinstance(position, Position):
        return [*position.stance, *position.detail, *(f for _, f in position.flips)]
    return [t.format(v=v) for t in position.templates for v in position.same + position.other]


def cross_pairs(subject: Subject, rng: random.Random) -> Iterator[AbstractPair]:
    groups = [statements(p) for p in (*subject.positions, *subject.slots)]
    for g1, g2 in itertools.permutations(groups, 2):
        for _ in range(4):
            yield AbstractPair(
                rng.choice(g1), rng.choice(g2), "consistent", "other_proposition", subject
            )


def unrelated_pairs(
    subject: Subject, others: list[Subject], rng: random.Random
) -> Iterator[AbstractPair]:
    mine = [s for p in (*subject.positions, *subject.slots) for s in statements(p)]
    for _ in range(6):
        other = rng.choice(others)
        theirs = [s for p in (*other.positions, *other.slots) for s in statements(p)]
        pool = theirs if rng.random() < 0.7 else list(UNRELATED)
        pair = (rng.choice(mine), rng.choice(pool))
        first, second = pair if rng.random() < 0.5 else pair[::-1]
        yield AbstractPair(first, second, "consistent", "unrelated", subject)


def subject_pairs(subject: Subject, rng: random.Random) -> list[AbstractPair]:
    pairs: list[AbstractPair] = []
    for position in subject.positions:
        pairs.extend(position_pairs(subject, position))
    slot_rows: list[AbstractPair] = []
    for slot in subject.slots:
        slot_rows.extend(slot_pairs(subject, slot))
    rng.shuffle(slot_rows)
    pairs.extend(slot_rows[: 40 * len(subject.slots)])
    pairs.extend(cross_pairs(subject, rng))
    pairs.extend(unrelated_pairs(subject, [s for s in SUBJECTS if s is not subject], rng))
    return pairs


def rendered(pair: AbstractPair, rng: random.Random) -> dict[str, str]:
    speaker = pair.subject.speaker
    earlier, later = pair.earlier, pair.later
    if pair.label == "contradiction" and rng.random() < 0.5 and pair.kind not in {"admitted"}:
        earlier, later = later, earlier  # a flip can come first: the reverse is also a flip
    return {
        "earlier": render(earlier, speaker, rng),
        "later": render(later, speaker, rng),
        "label": pair.label,
        "kind": pair.kind,
        "subject": pair.subject.key,
    }


def build(seed: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    rng = random.Random(seed)
    keys = sorted(s.key for s in SUBJECTS)
    rng.shuffle(keys)
    validation_keys = set(keys[: round(len(keys) * VALIDATION_SHARE)])
    train: list[dict[str, str]] = []
    validation: list[dict[str, str]] = []
    for subject in SUBJECTS:
        rows = [
            rendered(p, rng)
            for p in subject_pairs(subject, rng)
            for _ in range(RENDERINGS_PER_PAIR)
        ]
        unique = list({(r["earlier"], r["later"]): r for r in rows}.values())
        (validation if subject.key in validation_keys else train).extend(unique)
    rng.shuffle(train)
    rng.shuffle(validation)
    return train, validation


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    train, validation = build(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out / "pairs_train.jsonl", train)
    write_jsonl(args.out / "pairs_validation.jsonl", validation)
    for name, rows in (("train", train), ("validation", validation)):
        labels = Counter(r["label"] for r in rows)
        kinds = Counter(r["kind"] for r in rows)
        subjects = len({r["subject"] for r in rows})
        print(f"{name}: {len(rows)} pairs, {subjects} subjects, {dict(labels)}")
        print("  kinds:", dict(sorted(kinds.items())))


if __name__ == "__main__":
    main()
