"""Clauses of a statement: sentences, clause heads, the tokens of a clause, its subject and
predicate, and the words that mark a clause's edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Span, Token

from bot.nlp.vocabulary import OBJECT_DEPS, SUBJECT_DEPS

# A claim's clause also takes the universal-dependencies label for an object.
CLAUSE_OBJECT_DEPS = OBJECT_DEPS | {"obj"}


SEMI_MODALS = frozenset({"have", "go", "need", "use"})


COPULAS = frozenset({"be", "become", "remain", "seem"})


HEDGE_OPINION_VERBS = frozenset(
    {"think", "believe", "guess", "suppose", "reckon", "feel", "suspect", "assume", "hope"}
)


REPORTING_VERBS = frozenset({"say", "claim", "know", "tell", "insist", "state", "mean"})


EVENT_PREDICATE = "happen"  # one class for taking place and existing: held, go ahead, there is


EVENT_VERBS = frozenset({"happen", "occur"})


STAGED_VERBS = frozenset({"hold", "stage"})  # "the vote will be held" (passive only)


VERB_GROUP_WORDS = frozenset({"never", "ahead"})


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


def denied_by_no(token: Token) -> bool:
    """A subject, object or attribute under 'no' ("no decision", "no plans", "be no vote")."""
    return token.dep_ in SUBJECT_DEPS | CLAUSE_OBJECT_DEPS | {"attr"} and any(
        c.dep_ == "det" and c.lower_ == "no" for c in token.children
    )


def governing_verb(token: Token) -> Token:
    """The nearest verb (or auxiliary) at or above the token."""
    current = token
    while current.pos_ not in {"VERB", "AUX"} and current.head.i != current.i:
        current = current.head
    return current
