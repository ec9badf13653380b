"""Reported speech: 'X said (that) …', 'X told reporters …', 'according to X, …'.

Pure functions over a parsed Doc and its DocIndex; contents are character spans of the
clause (or phrase) reported, without the cue.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from bot.nlp.cues import (
    DIRECT_ONLY_VERBS,
    QUESTION_VERBS,
    SPEECH_ACT_NEEDS_PREDICATE,
    SPEECH_ACT_NEEDS_SPEECH_OBJECT,
    SPEECH_ACT_PREPS,
    SPEECH_ACT_VERBS,
    SPEECH_OBJECT_NOUNS,
    SPEECH_VERBS,
    Cue,
    according_to_cue,
    after_dateline,
    cue_for_verb,
    is_speech_verb,
    make_quote,
)
from bot.nlp.docindex import DocIndex, Intervals
from bot.nlp.types import Quote, QuoteKind
from bot.nlp.vocabulary import (
    CONDITIONAL_MARKERS,
    HEDGE_MODALS,
    NOMINAL_SUBJECT_DEPS,
    OBJECT_DEPS,
)

REFUSAL_VERBS = frozenset({"refuse", "decline", "fail"})
# Beyond the hedging modals, any of these makes a clause a prediction or a supposition.
HYPOTHETICAL_AUX = HEDGE_MODALS | {"will", "would", "should", "must"}
CLAUSE_BREAKS = frozenset({"while", "whereas", "according", "after"})
OPENING_MARKS = frozenset({"“", '"', "‘", "'"})
CLOSING_MARKS = frozenset({"”", '"', "’", "'"})
MIN_CONTENT_TOKENS = 3
MIN_SPEECH_ACT_TOKENS = 2
# Conjunctions that carry a statement on past a cue in its middle ('…, X said, after …').
CONTINUING_MARKS = frozenset({"after", "because", "since", "although", "though", "unless", "until"})
CLAUSE_SUBJECT_DEPS = NOMINAL_SUBJECT_DEPS | {"expl", "csubj"}
PREDICATE_DEPS = frozenset({"oprd", "xcomp", "attr", "acomp"})
# 'made it clear that …', 'made plain that …'
CLEAR_WORDS = frozenset({"clear", "plain"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# What a statement was made in: 'said in a statement that …', 'wrote in a post that …'.
MEDIUM_NOUNS = frozenset(
    """
    statement interview post letter speech email tweet message briefing release video
    conference address remarks note memo op-ed column article podcast
    """.split()
)
# Verbs whose object is whom they spoke to ('told a briefing that …').
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "remind", "warn", "brief", "promise"})


def reported_speech(ix: DocIndex) -> list[Quote]:
    """Every reported statement of the article, in token order."""
    found = list(_said_that(ix))
    clauses = Intervals([(q.content_start, q.content_end) for q in found])
    found.extend(  # not 'X denied that her party had promised Y': the promise is X's words
        q for q in _speech_acts(ix) if not clauses.contains(q.cue_start, q.cue_end)
    )
    found.extend(_according_to(ix, found))
    return found


def _not_actually_said(ix: DocIndex, verb: Token) -> bool:
    """'X did not say that…', 'if X says that…', 'X will say that…', 'Did X say that…?',
    'X refused to say whether…'."""
    if verb.dep_ == "xcomp" and verb.head.lemma_ in REFUSAL_VERBS:
        return True
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKERS):
            return True
        if child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_AUX:
            return True
    sentence = ix.sentence(verb)  # a question about speech: 'Did X say that …?'
    last = sentence[-1]
    while last.i > sentence.start and last.is_space:
        last = ix.doc[last.i - 1]
    return sentence[0].lower_ in {"did", "does", "do"} and last.text == "?"


def _complement_of(verb: Token) -> Token | None:
    """The clause a speech verb reports: its ccomp, or the that-clause of 'made it clear'."""
    if verb.lemma_ == "make":
        return _made_clear_clause(verb)
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    return _clause_hung_on_object(verb)


def _clause_hung_on_object(verb: Token) -> Token | None:
    """'told a briefing that the sanctions would hurt …', 'said in a statement that it was
    monitoring …': the parser may read the that-clause as a relative clause of the
    addressee or of the statement; with a subject of its own, it is the reported clause."""
    for child in verb.rights:
        if child.dep_ in {"dobj", "dative"} and verb.lemma_ in ADDRESSEE_VERBS:
            holders = [child]  # not 'denied the allegations that …': that is what was denied
        elif child.dep_ == "prep":
            holders = [o for o in child.rights if o.lemma_.lower() in MEDIUM_NOUNS]
        else:
            continue
        for holder in holders:
            clause = _that_clause(holder)
            if clause is not None:
                return clause
    return None


def _that_clause(noun: Token) -> Token | None:
    for clause in noun.rights:
        if clause.dep_ not in {"relcl", "acl"} or clause.left_edge.lower_ != "that":
            continue
        subjects = [c for c in clause.lefts if c.dep_ in CLAUSE_SUBJECT_DEPS]
        if subjects and subjects[0].lower_ != "that":
            return clause
    return None


def _made_clear_clause(verb: Token) -> Token | None:
    """'She made it clear on Tuesday that there was no room' → 'was'."""
    clear = next((c for c in verb.rights if c.lower_ in CLEAR_WORDS), None)
    if clear is None:
        return None
    for head in (clear, verb):
        for child in head.rights:
            if child.i > clear.i and child.dep_ in {"ccomp", "advcl"}:
                return child
    return None


def _complement_end(comp: Token) -> int:
    """End token of a complement, stopping before a coordinated speech verb ('and warned')."""
    end = comp.right_edge.i + 1
    for child in comp.rights:
        if _coordinated_speech(child):
            end = min(end, child.left_edge.i)
            for sibling in comp.rights:
                if sibling.dep_ == "cc" and sibling.i < child.i:
                    end = min(end, sibling.i)
    return end


def _coordinated_speech(token: Token) -> bool:
    """'… and warned that …', '… and accused X of …': a second statement joined to the first
    (not 'and had urged', which the reported clause itself holds)."""
    if token.dep_ != "conj":
        return False
    if token.lemma_ in SPEECH_VERBS and _complement_of(token) is not None:
        return True
    return (
        token.lemma_ in SPEECH_ACT_VERBS
        and token.tag_ in FINITE_TAGS
        and not any(c.dep_ == "aux" for c in token.children)
    )


def _cut_before_coordinated_speech(doc: Doc, start: int, end: int) -> int:
    """End a content span before a speech verb coordinated inside it."""
    for i in range(start + 1, end):
        token = doc[i]
        if start <= token.head.i < end and _coordinated_speech(token):
            cut = token.left_edge.i
            if doc[cut - 1].dep_ == "cc":
                cut -= 1
            return cut
    return end


def _is_determiner(token: Token) -> bool:
    """'that figure' (a determiner) as opposed to 'said that lists …' (a complementizer)."""
    return token.dep_ == "det" and token.head.tag_ in {"NN", "NNP"}


def content_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds with a leading 'that' and trailing punctuation (not quote marks) trimmed."""
    while (
        start < end
        and doc[start].lower_ in {"that", "if", "whether"}
        and not _is_determiner(doc[start])
    ):
        start += 1
    while start < end and (
        doc[start].is_space or (doc[start].is_punct and doc[start].text not in OPENING_MARKS)
    ):
        start += 1
    while (
        end > start
        and (doc[end - 1].is_punct or doc[end - 1].is_space)
        and doc[end - 1].text not in CLOSING_MARKS
    ):
        end -= 1
    return start, end


def _cut_at_clause_break(doc: Doc, start: int, end: int) -> int:
    """End a content span before ', while …' / ', according to …' (another clause or source)."""
    for i in range(start + 1, end - 1):
        if doc[i].text != ",":
            continue
        after = i + 2 if doc[i + 1].text in CLOSING_MARKS and i + 2 < end else i + 1
        if doc[after].lower_ in CLAUSE_BREAKS or (
            doc[after].lower_ == "to" and after + 1 < end and doc[after + 1].lower_ == "which"
        ):
            return after if after > i + 1 else i
    return end


def char_bounds(ix: DocIndex, start: int, end: int) -> tuple[int, int]:
    """Character bounds of tokens [start, end), taking in a quote's closing mark ('high."')."""
    doc = ix.doc
    start_char, end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    return start_char, ix.closing_mark_end(start_char, end_char)


def _said_that(ix: DocIndex) -> Iterable[Quote]:
    """'X said (that) …', 'X told reporters …', 'X asked whether …', and the cue inside
    the statement: 'Y, X said, Z'."""
    doc = ix.doc
    for verb in doc:
        if verb.lemma_ not in SPEECH_VERBS and verb.lemma_ != "make":
            continue
        if verb.lemma_ in DIRECT_ONLY_VERBS:
            continue
        if verb.pos_ not in {"VERB", "AUX"} or ix.in_quote(verb) or ix.in_long_sentence(verb):
            continue
        if _not_actually_said(ix, verb):
            continue
        pieces = _reported_pieces(ix, verb)
        if pieces is None:
            continue
        start, end = pieces[0][0], pieces[-1][1]
        start_char, end_char = char_bounds(ix, start, end)
        if ix.quote_inside(start_char, end_char) or (
            ix.quote_of_token[start] >= 0 and doc[start].text not in OPENING_MARKS
        ):
            continue
        if ix.in_quote(doc[start]) and _cue_between_quotes(ix, start, end):
            continue  # '“Y,” said X, “Z.” “W,” she said': quotes with cues, not one clause
        cue = cue_for_verb(ix, verb)
        if cue is None or any(s <= cue.speaker.i < e for s, e in pieces):
            continue  # no speaker, or the speaker is inside the 'complement' (a misparse)
        kind: QuoteKind = "mixed" if ix.quotes_within(start_char, end_char) else "indirect"
        if verb.lemma_ in QUESTION_VERBS:
            kind = "question"
        parts = tuple(char_bounds(ix, s, e) for s, e in pieces) if len(pieces) > 1 else ()
        yield make_quote(ix.text, start_char, end_char, kind, cue, parts)


def _cue_between_quotes(ix: DocIndex, start: int, end: int) -> bool:
    return any(is_speech_verb(t) and not ix.in_quote(t) for t in ix.doc[start:end])


def _complement_start(verb: Token, comp: Token) -> int:
    """'insisted his coalition was united': the parser may make the clause's subject the
    verb's object; a clause with no subject of its own starts at that object."""
    start = comp.left_edge.i
    if any(c.dep_ in CLAUSE_SUBJECT_DEPS for c in comp.lefts):
        return start
    for child in verb.rights:
        if child.dep_ == "dobj" and child.i < comp.i and verb.lemma_ not in ADDRESSEE_VERBS:
            return min(start, child.left_edge.i)
    return start


def _reported_pieces(ix: DocIndex, verb: Token) -> list[tuple[int, int]] | None:
    """Token bounds of what a speech verb reports: its clause, plus the rest of the
    sentence when the cue interrupts it ('Y, X said, after Z')."""
    doc = ix.doc
    comp = _complement_of(verb)
    if comp is None:
        return _parenthetical_pieces(verb)
    start, end = content_bounds(doc, _complement_start(verb, comp), _complement_end(comp))
    start = after_dateline(ix, start, end)
    start, end = content_bounds(doc, start, end)
    end = _cut_at_clause_break(doc, start, end)
    if end - start < MIN_CONTENT_TOKENS:
        return None
    pieces = [(start, end)]
    tail = _continuation_after_cue(verb) if end <= verb.i else None
    if tail is not None:
        tail_start, tail_end = content_bounds(doc, tail.left_edge.i, tail.right_edge.i + 1)
        if tail_end > tail_start:
            pieces.append((tail_start, tail_end))
    return pieces


def _continuation_after_cue(verb: Token) -> Token | None:
    """'Prosecutors opened the inquiry, two officials said, after an audit found …': a
    clause after the cue that goes on with the statement (not 'adding …', 'citing …')."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ != "advcl" or child.tag_ == "VBG" or child.lemma_ in SPEECH_VERBS:
            continue
        if child.left_edge.i == 0 or doc[child.left_edge.i - 1].text != ",":
            continue
        if any(c.dep_ == "mark" and c.lower_ in CONTINUING_MARKS for c in child.children):
            return child
    return None


def _parenthetical_pieces(verb: Token) -> list[tuple[int, int]] | None:
    """'The economy, Ruiz said, is in good shape': the cue set off by commas inside the
    clause it reports (the parser makes it a parataxis)."""
    doc = verb.doc
    if verb.dep_ != "parataxis" or verb.head.pos_ not in {"VERB", "AUX"}:
        return None
    if not any(c.dep_ in NOMINAL_SUBJECT_DEPS for c in verb.children):
        return None
    left, right, head = verb.left_edge.i, verb.right_edge.i, verb.head
    while left < verb.i and doc[left].is_punct:
        left += 1  # the parser often hangs the commas on the cue itself
    while right > verb.i and doc[right].is_punct:
        right -= 1
    if (
        left == 0
        or right + 1 >= len(doc)
        or doc[left - 1].text != ","
        or doc[right + 1].text != ","
    ):
        return None
    first = content_bounds(doc, head.left_edge.i, left - 1)
    second = content_bounds(doc, right + 2, head.right_edge.i + 1)
    if first[1] <= first[0] or second[1] <= second[0] or second[1] - first[0] < MIN_CONTENT_TOKENS:
        return None
    return [first, second]


def _speech_acts(ix: DocIndex) -> Iterable[Quote]:
    """'X denied the allegations', 'X called the plan "a disgrace"', 'X called for an
    inquiry', 'X urged lawmakers to …', 'X vowed to …': the object or infinitive is the
    content, the verb (with its particle or preposition) the cue."""
    doc = ix.doc
    for verb in doc:
        if verb.lemma_ not in SPEECH_ACT_VERBS or verb.pos_ != "VERB":
            continue
        if ix.in_quote(verb) or ix.in_long_sentence(verb) or _not_actually_said(ix, verb):
            continue
        if verb.lemma_ in SPEECH_VERBS and _complement_of(verb) is not None:
            continue  # 'denied that …': a clause, reported by _said_that
        bounds = _speech_act_bounds(verb)
        if bounds is None:
            continue
        cue_end, start, end = bounds
        end = _cut_before_coordinated_speech(doc, start, end)
        start, end = content_bounds(doc, start, end)
        end = _cut_at_clause_break(doc, start, end)
        if end - start < MIN_SPEECH_ACT_TOKENS:
            continue
        start_char, end_char = char_bounds(ix, start, end)
        if ix.quote_inside(start_char, end_char):
            continue
        cue = cue_for_verb(ix, verb)
        if cue is None or start <= cue.speaker.i < end:
            continue
        kind: QuoteKind = "mixed" if ix.quotes_within(start_char, end_char) else "indirect"
        yield make_quote(
            ix.text, start_char, end_char, kind, Cue(doc[verb.i : cue_end], cue.speaker)
        )


def _speech_act_bounds(verb: Token) -> tuple[int, int, int] | None:
    """(end of the cue, start, end) of a speech act's content in tokens, or None."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return None  # 'He was called a traitor': said of him, not by him
    preps = SPEECH_ACT_PREPS.get(verb.lemma_, frozenset())
    cue_end = verb.i + 1
    parts: list[Token] = []
    predicate = False
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == cue_end:
            cue_end = child.i + 1
        elif child.dep_ in OBJECT_DEPS:
            parts.append(child)
            predicate = predicate or any(  # 'accused the opposition of …' hung on the object
                c.dep_ in {"appos", "oprd"} or (c.dep_ == "prep" and c.lower_ in preps)
                for c in child.rights
            )
        elif child.dep_ in PREDICATE_DEPS or (child.dep_ == "prep" and child.lower_ in preps):
            parts.append(child)
            predicate = True
    if not parts or (verb.lemma_ == "rule" and cue_end == verb.i + 1):
        return None  # 'ruled' without 'out' is a judge's word, not a speech act
    if verb.lemma_ in SPEECH_ACT_NEEDS_PREDICATE and not predicate:
        return None
    if verb.lemma_ in SPEECH_ACT_NEEDS_SPEECH_OBJECT and not any(
        p.lemma_.lower() in SPEECH_OBJECT_NOUNS for p in parts if p.dep_ in OBJECT_DEPS
    ):
        return None
    first = parts[0]
    if first.dep_ == "prep" and first.i == cue_end:
        return first.i + 1, first.i + 1, max(p.right_edge.i for p in parts) + 1  # 'called for'
    return cue_end, min(p.left_edge.i for p in parts), max(p.right_edge.i for p in parts) + 1


def _according_to(ix: DocIndex, found: Sequence[Quote]) -> Iterable[Quote]:
    """'According to X, …' and '…, according to X.' outside direct quotes."""
    doc = ix.doc
    taken = Intervals([(q.content_start, q.content_end) for q in found])
    for token in doc:
        if token.lower_ != "according" or ix.in_quote(token):
            continue
        cue = according_to_cue(ix, token)
        if cue is None:
            continue
        pieces = _around_according(ix, token)
        if not pieces or _has_own_cue(ix, pieces):
            continue
        start, end = pieces[0][0], pieces[-1][1]
        if end - start < MIN_CONTENT_TOKENS:
            continue
        start_char, end_char = char_bounds(ix, start, end)
        if ix.quote_inside(start_char, end_char):
            continue  # a direct quote: attributed with its own cue
        if taken.overlaps(start_char, end_char):
            continue  # 'Officials said …, according to …': already a statement
        kind: QuoteKind = "mixed" if ix.quotes_within(start_char, end_char) else "indirect"
        parts = tuple(char_bounds(ix, s, e) for s, e in pieces) if len(pieces) > 1 else ()
        yield make_quote(ix.text, start_char, end_char, kind, cue, parts)


def _has_own_cue(ix: DocIndex, pieces: Sequence[tuple[int, int]]) -> bool:
    """'X retracted them, according to sources, saying, "…"': the words after 'according to'
    carry a speaking participle of their own, whose subject's words they are ('the
    minister has asked …' is what the sources report, not a cue)."""
    doc = ix.doc
    return any(
        t.tag_ == "VBG"
        and t.dep_ in {"advcl", "xcomp"}
        and is_speech_verb(t)
        and not ix.in_quote(t)
        and cue_for_verb(ix, t) is not None
        for start, end in pieces
        for t in doc[start:end]
    )


def _around_according(ix: DocIndex, token: Token) -> list[tuple[int, int]]:
    """What 'according to X' attributes: the rest of its sentence, before or after it, or
    around it when commas set it off in the middle ('The plan, according to X, will …')."""
    doc = ix.doc
    sent_start, sent_end = ix.sent_start[token.i], ix.sent_end[token.i]
    phrase_start, phrase_end = token.i, token.right_edge.i + 1
    if phrase_start - sent_start <= 1:
        pieces = [(phrase_end, sent_end)]
    elif sent_end - phrase_end <= 2:
        pieces = [(sent_start, phrase_start)]
    elif doc[phrase_start - 1].text == "," and doc[phrase_end].text == ",":
        pieces = [(sent_start, phrase_start - 1), (phrase_end + 1, sent_end)]
    else:
        return []
    bounded = [content_bounds(doc, start, end) for start, end in pieces]
    return [(start, end) for start, end in bounded if end > start]
