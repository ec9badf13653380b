"""Proposition frames (Claims) built from the main clauses of a statement's content."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from bot.nlp.entities import entities_between, entity_at
from bot.nlp.types import Claim, Number, Quote, Slot, Speaker, Statement

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative"})
PLACE_PREPS = frozenset({"from", "in", "at", "inside", "within", "into", "outside"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
TIME_ENTS = frozenset({"DATE", "TIME"})
PLACE_NOUNS = frozenset(
    {
        "cell",
        "jail",
        "prison",
        "country",
        "city",
        "capital",
        "office",
        "home",
        "house",
        "abroad",
        "embassy",
        "camp",
        "base",
        "border",
        "headquarters",
        "village",
        "town",
        "province",
        "state",
        "region",
    }
)
SOURCE_VERBS = frozenset({"hear", "learn", "receive", "get", "know", "obtain", "take"})
SEMI_MODALS = frozenset({"have", "go", "need", "use"})
CONDITIONAL_MARKERS = frozenset({"if", "unless", "whether"})
COPULAS = frozenset({"be", "become", "remain", "seem"})
HEDGE_MODALS = frozenset({"may", "might", "could", "can"})
HEDGE_ADVERBS = frozenset(
    {
        "reportedly",
        "possibly",
        "perhaps",
        "maybe",
        "probably",
        "allegedly",
        "apparently",
        "presumably",
        "likely",
        "supposedly",
        "arguably",
    }
)
HEDGE_OPINION_VERBS = frozenset(
    {"think", "believe", "guess", "suppose", "reckon", "feel", "suspect", "assume", "hope"}
)
REPORTING_VERBS = frozenset({"say", "claim", "know", "tell", "insist", "state", "mean"})
FIRST_PERSON = frozenset({"i", "we"})
FIRST_PERSON_WORDS = frozenset({"i", "we", "me", "us", "my", "our"})
ERROR_WORDS = frozenset(
    {"mistake", "error", "wrong", "blunder", "misjudgement", "misjudgment", "mistaken", "incorrect"}
)
APOLOGY_WORDS = frozenset({"regret", "apologise", "apologize", "sorry"})
RETRACTION_VERBS = frozenset({"withdraw", "retract", "rescind", "abandon", "reverse", "drop"})
HASTE_WORDS = frozenset({"quick", "hasty", "soon", "early", "premature", "rash"})
DESCRIBING_VERBS = frozenset({"describe", "apply", "fit", "reflect"})
POSITION_NOUNS = frozenset(
    {
        "word",
        "term",
        "label",
        "description",
        "figure",
        "number",
        "estimate",
        "forecast",
        "prediction",
        "statement",
        "remark",
        "comment",
        "claim",
        "accusation",
        "allegation",
        "assessment",
        "pledge",
        "promise",
        "plan",
        "proposal",
        "position",
        "view",
        "support",
        "opposition",
        "objection",
        "threat",
        "offer",
        "bid",
        "candidacy",
        "decision",
        "policy",
    }
)
MIND_CHANGE_RE = re.compile(
    r"\b(chang(ed|ing) (my|our) (mind|minds|view|views|position)|"
    r"(i|we) used to (think|believe)|(i|we) now (think|believe|accept)|on reflection|"
    r"(i|we)('ve| have) come round)\b",
    re.IGNORECASE,
)
EVENT_PREDICATE = "happen"  # one class for taking place and existing: held, go ahead, there is
EVENT_VERBS = frozenset({"happen", "occur"})
STAGED_VERBS = frozenset({"hold", "stage"})  # "the vote will be held" (passive only)
VERB_GROUP_WORDS = frozenset({"never", "ahead"})
APOLOGY_TARGET_DEPS = frozenset({"dobj", "ccomp", "xcomp", "prep", "pcomp", "pobj"})
QUANTIFIERS = {
    "never": "never",
    "always": "always",
    "none": "none",
    "nobody": "none",
    "nothing": "none",
    "all": "all",
    "everyone": "all",
    "everybody": "all",
    "everything": "all",
    "every": "all",
    "some": "some",
    "someone": "some",
    "somebody": "some",
    "something": "some",
}
TOPIC_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
LIGHT_LEMMAS = frozenset(
    {
        "be",
        "have",
        "do",
        "get",
        "go",
        "make",
        "say",
        "think",
        "know",
        "let",
        "want",
        "need",
        "thing",
        "lot",
        "way",
        "people",
        "kind",
        "sort",
        "bit",
        "point",
        "fact",
        "course",
        "other",
        "same",
        "good",
        "right",
        "sure",
    }
)
TOPIC_ALIASES = {"x": "twitter", "tweet": "twitter", "tweeter": "twitter"}
PREDICATE_CLASSES = {
    "operate": "operate",
    "run": "operate",
    "manage": "operate",
    "control": "operate",
    "handle": "operate",
    "rise": "increase",
    "grow": "increase",
    "fall": "decrease",
    "drop": "decrease",
    "decline": "decrease",
    "cut": "decrease",
}
SCALE_WORDS = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
APPROXIMATORS = frozenset(
    {"about", "around", "approximately", "roughly", "nearly", "almost", "some", "over", "under"}
)
CURRENCY_SYMBOLS = {"£": "gbp", "$": "usd", "€": "eur", "¥": "jpy", "₹": "inr"}
CURRENCY_WORDS = {"pound": "gbp", "dollar": "usd", "euro": "eur", "rupee": "inr", "yen": "jpy"}
PERCENT_WORDS = frozenset({"%", "percent", "per cent", "percentage"})
NUMERIC_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE", "TIME", "ORDINAL"})
TENS = frozenset(float(n) for n in range(20, 100, 10))
TENS_STEP = 10
MAX_WORDS_TO_COUNTED_NOUN = 3  # "200 newly qualified teachers"
NUMERIC_RE = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")


def claims_from_text(nlp: Language, speaker: str, text: str) -> list[Claim]:
    """Parse a bare statement by `speaker` and return its claims."""
    return claims_from_doc(nlp(text), speaker)


def claims_from_doc(doc: Doc, speaker: str) -> list[Claim]:
    """Claims of a whole parsed text taken as one direct statement by `speaker`."""
    return claims_from_statement(doc, bare_statement(speaker, doc.text))


def bare_statement(speaker: str, text: str) -> Statement:
    """A Statement for a text that is entirely the speaker's own words."""
    quote = Quote(
        content=text,
        content_start=0,
        content_end=len(text),
        kind="question" if text.rstrip().endswith("?") else "direct",
        cue="",
        cue_start=0,
        cue_end=0,
        speaker_text=speaker,
        speaker_start=0,
        speaker_end=0,
    )
    person = Speaker(name=speaker, aliases=(), titles=(), is_org=False, is_official=False)
    return Statement(quote=quote, speaker=person)


def claims_from_statement(doc: Doc, statement: Statement) -> list[Claim]:
    """One Claim per main clause of the statement's content; questions yield none."""
    quote = statement.quote
    if quote.kind == "question":
        return []
    span = doc.char_span(quote.content_start, quote.content_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    claims: list[Claim] = []
    for sentence in sentences_in(span):
        if is_question(sentence):
            continue
        for head, hedged_by_frame in clause_heads(sentence):
            claim = build_claim(statement, sentence, head, hedged_by_frame)
            if any(ch.isalpha() for ch in claim.predicate):
                claims.append(as_the_speaker_put_it(claim, statement))
    return claims


def as_the_speaker_put_it(claim: Claim, statement: Statement) -> Claim:
    """In reported speech 'X said he would…' the 'he' is X: the frame says 'I', as X would.

    Only a bare he/she subject of a person's reported statement is turned round; a named
    subject, 'they' or an organisation's 'it' is left as written.
    """
    if statement.quote.kind not in {"indirect", "mixed"} or statement.speaker.is_org:
        return claim
    if claim.subject.lower() not in {"he", "she"}:
        return claim
    return dataclasses.replace(claim, subject="I")


def sentences_in(span: Span) -> Iterator[Span]:
    """The parts of each sentence of the doc that fall inside the span."""
    doc = span.doc
    sents: Iterable[Span] = span.sents  # type: ignore[attr-defined]
    for sent in sents:
        start = max(sent.start, span.start)
        end = min(sent.end, span.end)
        if end > start:
            yield doc[start:end]


def is_question(sentence: Span) -> bool:
    """True when the clause ends with a question mark."""
    return sentence.text.rstrip().rstrip("\"'”’)").endswith("?")


def clause_heads(sentence: Span) -> list[tuple[Token, bool]]:
    """Main-clause heads of a sentence, each with whether an opinion frame hedges it.

    `sentence` may be the part of a parsed sentence inside a quote; a clause whose head
    hangs off a word outside it (`Asif says: "He runs it …"`) is a main clause too.
    """
    heads: list[tuple[Token, bool]] = []
    for fragment_root in _fragment_roots(sentence):
        root = _unwrap_frame(fragment_root)
        hedged = root.i != fragment_root.i and (fragment_root.lemma_.lower() in HEDGE_OPINION_VERBS)
        if not is_clause_head(root):
            continue
        found = [(root, hedged)]
        for child in root.children:
            if child.dep_ == "conj" and is_clause_head(child) and child.i < sentence.end:
                found.append((child, hedged))
            elif is_fronted_clause(child) and child.i >= sentence.start:
                found.insert(0, (child, hedged))  # "He runs it from jail, everyone can see it"
        seen = {x.i for x, _ in heads}
        heads.extend(h for h in found if h[0].i not in seen)
    return sorted(heads, key=lambda h: h[0].i)


def _fragment_roots(sentence: Span) -> list[Token]:
    """Tokens of the span whose head lies outside it (or who head the whole sentence)."""
    inside = range(sentence.start, sentence.end)
    return [t for t in sentence if t.head.i == t.i or t.head.i not in inside]


def is_fronted_clause(token: Token) -> bool:
    """A full clause set before its head with a comma: 'X is true, you know' (parataxis)."""
    if token.dep_ != "ccomp" or token.i > token.head.i or not is_clause_head(token):
        return False
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)
    comma_after = (
        token.right_edge.i + 1 < token.head.i and token.doc[token.right_edge.i + 1].text == ","
    )
    return has_subject and (comma_after or token.doc[token.right_edge.i].text == ",")


def _unwrap_frame(root: Token) -> Token:
    """For "I think/said that X", return the head of X; otherwise the root itself."""
    lemma = root.lemma_.lower()
    if lemma not in HEDGE_OPINION_VERBS | REPORTING_VERBS:
        return root
    complements = [c for c in root.children if c.dep_ == "ccomp"]
    return complements[0] if complements else root


def is_clause_head(token: Token) -> bool:
    """A verb or auxiliary (copula) heading a clause."""
    return token.pos_ in {"VERB", "AUX"}


def build_claim(statement: Statement, sentence: Span, head: Token, hedged_by_frame: bool) -> Claim:
    """The proposition frame of one clause headed by `head`."""
    quote = statement.quote
    tokens = [t for t in clause_tokens(head) if sentence.start <= t.i < sentence.end]
    subject = subject_of(head)
    if subject is not None and not sentence.start <= subject.i < sentence.end:
        subject = None  # the parser hung narrative words (a dateline, a cue) on the clause
    predicate_token = predicate_token_of(head)
    existent = existential_subject(head, subject)
    about = existent if existent is not None else subject
    return Claim(
        speaker=statement.speaker.name,
        content=quote.content,
        content_start=quote.content_start,
        content_end=quote.content_end,
        kind=quote.kind,
        subject=span_text(about) if about is not None else "",
        predicate=EVENT_PREDICATE if existent is not None else predicate_class(predicate_token),
        predicate_text=predicate_token.lemma_.lower(),
        polarity=not is_negated(head),
        slots=tuple(
            slot
            for slot in (*slots_of(head, subject), *stance_slots(head, subject, tokens))
            if sentence.start_char <= slot.start and slot.end <= sentence.end_char
        ),
        numbers=tuple(numbers_in(tokens)),
        hedged=hedged_by_frame or is_hedged(head, tokens, sentence),
        quantifier=quantifier_in(tokens, (head, predicate_token)),
        topics=topics_of(tokens),
        text=clause_text(tokens),
        verb_text=verb_group_text(head, predicate_token),
    )


def existential_subject(head: Token, subject: Token | None) -> Token | None:
    """What 'there is/will be (no) X' says exists: X becomes the subject of 'happen'."""
    if subject is None or subject.dep_ != "expl" or head.lemma_.lower() != "be":
        return None
    return next((c for c in head.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)


def predicate_class(token: Token) -> str:
    """The predicate's synonym class; being held, going ahead and taking place are 'happen'."""
    lemma = token.lemma_.lower()
    children = list(token.children)
    staged = lemma in STAGED_VERBS and any(c.dep_ == "auxpass" for c in children)
    taking_place = lemma == "take" and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "place" for c in children
    )
    going_ahead = lemma == "go" and any(c.lower_ == "ahead" for c in children)
    if lemma in EVENT_VERBS or staged or taking_place or going_ahead:
        return EVENT_PREDICATE
    return normalise_predicate(lemma)


def clause_text(tokens: list[Token]) -> str:
    """The clause as written, without conjunctions and punctuation (but quote marks) at its
    edges."""
    kept = sorted(tokens, key=lambda t: t.i)
    while kept and is_clause_edge(kept[0]):
        kept = kept[1:]
    while kept and is_clause_edge(kept[-1]):
        kept = kept[:-1]
    return "".join(t.text_with_ws for t in kept).strip()


def is_clause_edge(token: Token) -> bool:
    """A conjunction, space or punctuation other than a quote mark."""
    return token.dep_ == "cc" or token.is_space or (token.is_punct and not token.is_quote)


def verb_group_text(head: Token, predicate_token: Token) -> str:
    """The verb group as the speaker put it: "did not sign", "never met", "is not safe",
    "have no plans", "no decision has been made"."""
    group = [head, *(c for c in head.children if is_verb_group_part(c))]
    for denied in (c for c in head.children if denied_by_no(c)):
        group.extend(t for t in denied.children if t.dep_ == "det")
        group.append(denied)
    group.extend(t for c in head.children if is_no_longer(c) for t in no_longer_span(c))
    if predicate_token.i != head.i:
        group.append(predicate_token)
        group.extend(
            c
            for c in predicate_token.children
            if c.i < predicate_token.i and c.dep_ in {"aux", "neg", "det", "amod", "compound"}
        )
    unique = {t.i: t for t in group}
    first = unique[min(unique)]
    if first.text[:1] in {"'", "’"} and first.i > 0:
        unique[first.i - 1] = first.doc[first.i - 1]  # "I'm talking", not "'m talking"
    return "".join(unique[i].text_with_ws for i in sorted(unique)).strip()


def is_verb_group_part(token: Token) -> bool:
    """Auxiliaries, negation ("not", "never"), particles ("step down", "go ahead", "take
    place")."""
    if token.dep_ in {"aux", "auxpass", "neg", "prt"} or token.lower_ in VERB_GROUP_WORDS:
        return True
    return token.lower_ == "place" and token.head.lemma_.lower() == "take"


def is_no_longer(token: Token) -> bool:
    """The 'longer' of 'no longer'."""
    return token.lemma_.lower() == "long" and any(c.lower_ == "no" for c in token.children)


def no_longer_span(longer: Token) -> Span:
    """The words 'no longer' (from its 'no' to its 'longer')."""
    start = min([longer.i, *(c.i for c in longer.children if c.lower_ == "no")])
    return longer.doc[start : longer.i + 1]


def clause_tokens(head: Token) -> list[Token]:
    """Tokens of the clause: the head's subtree minus conjoined clauses and reporting asides."""
    skip = reporting_asides(head)
    for child in head.children:
        if (child.dep_ == "conj" and is_clause_head(child)) or is_fronted_clause(child):
            skip.update(t.i for t in child.subtree)
    return [t for t in head.subtree if t.i not in skip]


def reporting_asides(head: Token) -> set[int]:
    """Token indices of asides about the saying itself ("As I said in March, …", "I repeat"):
    their words (and their dates) are not part of the claim."""
    return {
        t.i
        for child in head.children
        if child.dep_ in {"advcl", "parataxis"} and child.lemma_.lower() in REPORTING_VERBS
        for t in child.subtree
    }


def subject_of(head: Token) -> Token | None:
    """The subject of the clause, inherited from the first conjunct when missing."""
    for child in head.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    if head.dep_ == "conj" and head.head.i != head.i:
        return subject_of(head.head)
    return None


def predicate_token_of(head: Token) -> Token:
    """The main verb ("have to build" → build), or a copula's attribute ("is reliable")."""
    if head.lemma_.lower() in SEMI_MODALS:
        for child in head.children:
            if child.dep_ == "xcomp" and child.pos_ == "VERB":
                return child
    if head.lemma_.lower() not in COPULAS and head.pos_ != "AUX":
        return head
    for child in head.children:
        if child.dep_ in {"acomp", "attr", "oprd"} and child.is_alpha:
            return child
    return head


def normalise_predicate(lemma: str) -> str:
    """Map synonymous predicates onto one class (run/operate/manage → operate)."""
    return PREDICATE_CLASSES.get(lemma, lemma)


def span_text(token: Token) -> str:
    """Text of a token's whole subtree."""
    doc = token.doc
    return doc[token.left_edge.i : token.right_edge.i + 1].text


def is_negated(head: Token) -> bool:
    """True when the clause head carries a negation, or its subject, object or attribute is
    'no X' ("no decision was made", "we have no plans", "there will be no vote")."""
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in {"never"} or is_no_longer(child):
            return True
        if denied_by_no(child):
            return True
    return False


def denied_by_no(token: Token) -> bool:
    """A subject, object or attribute under 'no' ("no decision", "no plans", "be no vote")."""
    return token.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"attr"} and any(
        c.dep_ == "det" and c.lower_ == "no" for c in token.children
    )


def is_hedged(head: Token, tokens: list[Token], sentence: Span) -> bool:
    """Modal verbs, conditions, hedging adverbs, "I think", or an either … or construction."""
    for child in head.children:
        if child.dep_ == "aux" and child.lower_ in HEDGE_MODALS:
            return True
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKERS for m in child.children
        ):
            return True
    lowered = [t.lower_ for t in tokens]
    if any(word in HEDGE_ADVERBS for word in lowered):
        return True
    sentence_words = [t.lower_ for t in sentence]
    if "either" in sentence_words and "or" in sentence_words:
        return True
    return has_opinion_frame(tokens)


def has_opinion_frame(tokens: list[Token]) -> bool:
    """A first-person "I think/believe/guess" inside the clause."""
    for token in tokens:
        if token.lemma_.lower() in HEDGE_OPINION_VERBS and any(
            c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in token.children
        ):
            return True
    return False


def quantifier_in(tokens: list[Token], verbs: Iterable[Token]) -> str | None:
    """The first quantifier word of the clause's own verbs, in canonical form ("Nothing has
    changed: it opens" quantifies 'changed', not 'opens')."""
    own = {verb.i for verb in verbs}
    for index, token in enumerate(tokens):
        if governing_verb(token).i not in own:
            continue
        word = token.lower_
        if word == "no" and index + 1 < len(tokens) and tokens[index + 1].lower_ == "one":
            return "none"
        if word in QUANTIFIERS and token.dep_ != "quantmod" and token.ent_type_ != "CARDINAL":
            return QUANTIFIERS[word]
    return None


def governing_verb(token: Token) -> Token:
    """The nearest verb (or auxiliary) at or above the token."""
    current = token
    while current.pos_ not in {"VERB", "AUX"} and current.head.i != current.i:
        current = current.head
    return current


def slots_of(head: Token, subject: Token | None) -> Iterator[Slot]:
    """Place, agent, time, source, object, attribute and tense ("past" event) slots."""
    anchors = [head, *[c for c in head.children if c.dep_ in OBJECT_DEPS]]
    for anchor in anchors:
        for child in anchor.children:
            yield from prepositional_slots(head, child)
    for child in head.children:
        if child.dep_ in OBJECT_DEPS and predicate_class(head) != EVENT_PREDICATE:
            yield make_slot("object", child)
        if child.dep_ == "agent":
            yield from (make_slot("agent", p) for p in child.children if p.dep_ == "pobj")
        if child.dep_ in {"attr", "acomp"}:
            yield from attribute_slots(child)
    is_operator = normalise_predicate(head.lemma_.lower()) == "operate"
    if subject is not None and is_operator and subject.dep_ == "nsubj":
        yield make_slot("agent", subject)
    yield from time_slots(head)
    if is_simple_past(head):
        yield Slot("tense", "past", head.idx, head.idx + len(head))


def stance_slots(head: Token, subject: Token | None, tokens: list[Token]) -> Iterator[Slot]:
    """An "admission" marker when the speaker owns up to an earlier position of their own
    ("scrapping it was a mistake", "I apologise for calling it a hoax", "we withdraw the
    figures"); otherwise a "change" marker for a change over time they point out ("no
    longer"). "I regret that the council refused" admits nothing of the speaker's."""
    trigger = admission_trigger(head, subject, tokens)
    if trigger is not None:
        yield Slot("admission", trigger.text, trigger.start_char, trigger.end_char)
        return
    for child in head.children:
        if is_no_longer(child):
            marker = no_longer_span(child)
            yield Slot("change", marker.text, marker.start_char, marker.end_char)


def admission_trigger(head: Token, subject: Token | None, tokens: list[Token]) -> Span | None:
    """The words by which the clause admits a change of the speaker's own position."""
    doc = head.doc
    if tokens:
        lo, hi = min(t.i for t in tokens), max(t.i for t in tokens)
        found = MIND_CHANGE_RE.search(doc[lo : hi + 1].text)
        if found is not None:
            start = doc[lo].idx + found.start()
            return doc.char_span(start, start + len(found.group()), alignment_mode="expand")
    speaker_acts = subject is not None and subject.lower_ in FIRST_PERSON
    for child in head.children:
        if is_no_longer(child) and (
            speaker_acts
            or head.lemma_.lower() in DESCRIBING_VERBS
            or (subject is not None and subject.lemma_.lower() in POSITION_NOUNS)
        ):
            return no_longer_span(child)
    for trigger in (
        error_admission(head, subject, speaker_acts),
        apology(head, subject, speaker_acts),
        retraction(head, speaker_acts),
        haste(tokens, speaker_acts),
    ):
        if trigger is not None:
            return doc[trigger.i : trigger.i + 1]
    return None


def error_admission(head: Token, subject: Token | None, speaker_acts: bool) -> Token | None:
    """An admitted error of the speaker's own: "I was wrong", "scrapping the line was an
    error", "it was a mistake to close it"."""
    error = next(
        (
            c
            for c in head.children
            if c.lemma_.lower() in ERROR_WORDS and c.dep_ in {"attr", "acomp", "oprd", "ccomp"}
        ),
        None,
    )
    if error is None:
        return None
    if speaker_acts or (subject is not None and is_own(subject)):
        return error
    deferred = [c for c in head.children if c.dep_ in {"xcomp", "ccomp"} and c.i != error.i]
    it_subject = subject is not None and subject.lower_ == "it"
    return error if it_subject and any(is_own(c) for c in deferred) else None


def apology(head: Token, subject: Token | None, speaker_acts: bool) -> Token | None:
    """An apology for the speaker's own act: "I regret calling it a hoax", "I'm sorry I said
    it", "we apologise for our figures"."""
    word = head if head.lemma_.lower() in APOLOGY_WORDS else None
    if word is None:
        word = next((c for c in head.children if c.lower_ in APOLOGY_WORDS), None)
    if not speaker_acts or word is None:
        return None
    targets = [c for c in (*head.children, *word.children) if c.dep_ in APOLOGY_TARGET_DEPS]
    targets += [g for t in targets if t.dep_ == "prep" for g in t.children]
    return word if any(is_own(t) for t in targets if t.dep_ != "prep") else None


def retraction(head: Token, speaker_acts: bool) -> Token | None:
    """The speaker withdraws their own words: "we withdraw the figures we gave", "I take
    back my remarks"."""
    lemma = head.lemma_.lower()
    taking_back = lemma == "take" and any(c.lower_ == "back" for c in head.children)
    if not speaker_acts or not (lemma in RETRACTION_VERBS or taking_back):
        return None
    objects = [c for c in head.children if c.dep_ in OBJECT_DEPS]
    return head if any(is_own(o) for o in objects) else None


def haste(tokens: list[Token], speaker_acts: bool) -> Token | None:
    """The speaker says they were hasty: "I was too quick to call it a hoax", "we spoke too
    soon"."""
    if not speaker_acts:
        return None
    for token in tokens:
        if token.lemma_.lower() in HASTE_WORDS and any(c.lower_ == "too" for c in token.children):
            return token
    return None


def is_own(token: Token) -> bool:
    """The speaker's own act or words: a clause with no subject or a first-person one
    ("calling it a hoax", "what I said"), or a position noun no one else owns ("the
    figures we gave", "my remarks", "the decision")."""
    if token.pos_ in {"VERB", "AUX"}:
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        return all(s.lower_ in FIRST_PERSON_WORDS for s in subjects)
    if token.lemma_.lower() not in POSITION_NOUNS:
        return False
    owners = [c for c in token.children if c.dep_ == "poss"]
    return all(o.lower_ in FIRST_PERSON_WORDS for o in owners)


def is_simple_past(head: Token) -> bool:
    """A simple-past main verb ("met", not "was meeting" or "was"): a one-off event."""
    return head.tag_ == "VBD" and head.lemma_.lower() not in COPULAS and head.pos_ == "VERB"


def prepositional_slots(head: Token, prep: Token) -> Iterator[Slot]:
    """Place and source slots from a prepositional phrase attached to the clause."""
    if prep.dep_ != "prep":
        return
    if prep.lower_ == "according":
        prep = next((c for c in prep.children if c.lower_ == "to"), prep)
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    for obj in objects:
        if obj.ent_type_ in TIME_ENTS:
            continue
        if prep.lower_ == "to" and prep.head.lower_ == "according":
            yield make_slot("source", obj)
        elif prep.lower_ in PLACE_PREPS and is_place(obj):
            yield make_slot("place", obj)
        elif (
            prep.lower_ == "from"
            and obj.ent_type_ in {"PERSON", "ORG", "NORP"}
            and head.lemma_.lower() in SOURCE_VERBS
        ):
            yield make_slot("source", obj)


def is_place(token: Token) -> bool:
    """A geographic/facility entity or a noun naming a place (cell, jail, prison...)."""
    return token.ent_type_ in PLACE_ENTS or token.lemma_.lower() in PLACE_NOUNS


def attribute_slots(attribute: Token) -> Iterator[Slot]:
    """Adjectives qualifying a copula's attribute ("a reliable ally" → reliable)."""
    for child in attribute.children:
        if child.dep_ == "amod" and child.pos_ == "ADJ":
            yield Slot("attribute", child.lemma_.lower(), child.idx, child.idx + len(child))


def time_slots(head: Token) -> Iterator[Slot]:
    """DATE/TIME entities inside the clause, with the preposition before them ("since 2021")."""
    doc = head.doc
    lo, hi = head.left_edge.i, head.right_edge.i
    asides = reporting_asides(head)
    for ent in entities_between(doc, lo, hi + 1):
        if ent.label_ in TIME_ENTS and ent.end - 1 <= hi and ent.start not in asides:
            start = ent.start
            if start > lo and doc[start - 1].dep_ in {"prep", "mark"}:
                start -= 1
            span = doc[start : ent.end]
            yield Slot("time", span.text, span.start_char, span.end_char)


def make_slot(role: str, token: Token) -> Slot:
    """A slot covering the token's subtree."""
    doc = token.doc
    span = doc[token.left_edge.i : token.right_edge.i + 1]
    return Slot(role, span.text, span.start_char, span.end_char)


def numbers_in(tokens: list[Token]) -> Iterator[Number]:
    """Numbers of the clause with the measure each counts."""
    for group in number_groups(tokens):
        value = number_value(group)
        if value is None:
            continue
        first, last = group[0], group[-1]
        start = first.idx
        approximator = first.nbor(-1) if first.i > 0 else None
        if approximator is not None and approximator.lower_ in APPROXIMATORS:
            start = approximator.idx
        end = last.idx + len(last)
        text = first.doc.text[start:end]
        counted = counted_noun(group)
        shown = first.doc.text[start : counted.idx + len(counted)] if counted is not None else ""
        yield Number(value, text, measure_of(group), start, end, shown)


def number_groups(tokens: list[Token]) -> Iterator[list[Token]]:
    """Runs of adjacent number tokens ("12 thousand", "1.5 million", "thirty-two"), dates
    excluded."""
    group: list[Token] = []
    for token in sorted(tokens, key=lambda t: t.i):
        if is_number_hyphen(token) and group and group[-1].i + 1 == token.i:
            group.append(token)
            continue
        if is_number_token(token) and (not group or group[-1].i + 1 == token.i):
            group.append(token)
            continue
        if group:
            yield group
        group = [token] if is_number_token(token) else []
    if group:
        yield group


def is_number_hyphen(token: Token) -> bool:
    """The hyphen of "thirty-two" (between two number words)."""
    doc = token.doc
    return (
        token.text == "-"
        and 0 < token.i < len(doc) - 1
        and is_number_token(doc[token.i - 1])
        and is_number_token(doc[token.i + 1])
    )


def is_number_token(token: Token) -> bool:
    """A cardinal, money, percent or quantity number (never a date, time or ordinal)."""
    if token.ent_type_ in {"DATE", "TIME", "ORDINAL"}:
        return False
    return token.like_num or (token.lower_ in SCALE_WORDS and token.pos_ == "NUM")


def number_value(group: list[Token]) -> float | None:
    """Numeric value of a run of number tokens, or None when it cannot be read."""
    value: float | None = None
    for token in group:
        word = token.lower_
        if word == "-":
            continue
        if word in SCALE_WORDS:
            value = (value if value is not None else 1.0) * SCALE_WORDS[word]
        elif NUMERIC_RE.match(word):
            value = float(word.replace(",", ""))
        elif word in NUMBER_WORDS:
            units = float(NUMBER_WORDS[word])
            tens = value is not None and value in TENS and units < TENS_STEP
            value = value + units if tens and value is not None else units
        else:
            return None
    return value


def counted_noun(group: list[Token]) -> Token | None:
    """The word after the number naming what it counts, as written ("troops", "percent")."""
    last = group[-1]
    doc = last.doc
    following = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if following is not None and following.lower_ in PERCENT_WORDS:
        return following
    if doc[last.i + 1 : last.i + 3].text.lower() == "per cent":
        return doc[last.i + 2]
    head = last.head
    near = last.i < head.i <= last.i + MAX_WORDS_TO_COUNTED_NOUN
    return head if near and head.pos_ in {"NOUN", "PROPN"} else None


def measure_of(group: list[Token]) -> str:
    """What the number counts: percent, a currency, or the lemma of the noun it modifies."""
    last = group[-1]
    doc = last.doc
    following = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if following is not None and following.lower_ in PERCENT_WORDS:
        return "percent"
    per_cent = doc[last.i + 1 : last.i + 3].text.lower() == "per cent"
    if per_cent:
        return "percent"
    for token in (*group, *[c for t in group for c in t.children]):
        if token.text in CURRENCY_SYMBOLS:
            return CURRENCY_SYMBOLS[token.text]
    if group[0].i > 0 and doc[group[0].i - 1].text in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[doc[group[0].i - 1].text]
    head = last.head
    if head.pos_ in {"NOUN", "PROPN"} and head.i not in {t.i for t in group}:
        lemma = head.lemma_.lower()
        return CURRENCY_WORDS.get(lemma, lemma)
    return ""


def topics_of(tokens: Iterable[Token]) -> tuple[str, ...]:
    """Lower-cased content lemmas and entity texts of the clause, with aliases normalised."""
    topics: set[str] = set()
    token_list = list(tokens)
    for token in token_list:
        if token.is_stop or token.pos_ not in TOPIC_POS:
            continue
        lemma = token.lemma_.lower()
        if lemma in LIGHT_LEMMAS or not any(ch.isalpha() for ch in lemma):
            continue
        topics.add(normalise_topic(lemma, token))
    indices = {t.i for t in token_list}
    for token in token_list:
        ent = entity_of(token)
        if ent is None or ent.label_ in NUMERIC_ENTS:
            continue
        if ent.start == token.i and ent.end - 1 in indices:
            topics.add(normalise_topic(ent.text.lower(), token))
    return tuple(sorted(topics))


def entity_of(token: Token) -> Span | None:
    """The named entity a token starts, if any."""
    if not token.ent_type_ or token.ent_iob_ != "B":
        return None
    return entity_at(token)


def normalise_topic(word: str, token: Token) -> str:
    """Normalise aliases (X/Twitter → twitter) and predicate classes (run → operate)."""
    if word in TOPIC_ALIASES and (word != "x" or token.text == "X"):
        return TOPIC_ALIASES[word]
    if token.pos_ == "VERB":
        return normalise_predicate(word)
    return word
