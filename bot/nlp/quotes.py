"""Find statements in a parsed article: direct quotes, reported speech and mixed quotes.

`extract_quotes(doc)` is a pure function over a spaCy Doc. It never raises on messy copy:
quotation marks are paired by kind on the raw text (see quotemarks.py), and anything
that cannot be attributed is skipped rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp.entities import entity_at
from bot.nlp.quotemarks import QuoteSpan, find_quote_spans
from bot.nlp.roles import AGENT_NOUNS, looks_like_name, widen_name
from bot.nlp.types import Quote, QuoteKind

SPEECH_VERBS = frozenset(
    """
    say tell claim allege insist deny warn add argue state assert announce declare explain
    note suggest maintain acknowledge admit confirm reveal stress emphasise emphasize write
    tweet post predict promise vow pledge concede contend counter reply respond retort
    answer remark comment observe recall complain urge caution estimate indicate affirm
    reiterate repeat agree testify boast charge hint mention report disclose accuse blame
    concur dismiss describe continue conclude shout yell exclaim whisper joke quip lament
    acknowledge recount reason underline underscore highlight threaten forecast predict ask
    inform assure signal propose demand brief point
    wonder question inquire enquire
    """.split()
)
QUESTION_VERBS = frozenset({"ask", "wonder", "question", "inquire", "enquire"})
# Verbs that report speech only when they introduce a direct quote, not a clause.
DIRECT_ONLY_VERBS = frozenset({"continue", "describe", "dismiss", "blame", "accuse", "shout"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
NP_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "case", "nummod", "prep"})
SPEAKER_POS = frozenset({"PROPN", "NOUN", "PRON"})
NON_SPEAKER_PRONOUNS = frozenset({"it", "this", "that", "which", "what", "there", "i", "we", "you"})
WORDS_FOR_SHORT_QUOTE = 4
MAX_CUE_DISTANCE_AFTER = 25
MAX_INHERIT_GAP_WORDS = 12


@dataclass(frozen=True)
class _Cue:
    """A speech verb (or 'according to') and the head token of who spoke."""

    cue: Span
    speaker: Token


def extract_quotes(doc: Doc) -> list[Quote]:
    """All statements in the document, in text order; questions come back as kind 'question'."""
    text = doc.text  # built from the tokens on every access: read it once
    spans = find_quote_spans(text)
    quote_of_token = _token_quote_index(doc, spans)
    indirect = list(_reported_speech(doc, text, spans, quote_of_token))
    indirect.extend(_according_to(doc, text, spans, quote_of_token, indirect))
    direct = _direct_quotes(doc, text, spans, quote_of_token, indirect)
    return sorted(direct + indirect, key=lambda q: (q.content_start, q.content_end))


def _token_quote_index(doc: Doc, spans: Sequence[QuoteSpan]) -> list[int]:
    """For each token, the index of the quote span it lies in (marks included), or -1."""
    index = [-1] * len(doc)
    s = 0
    for token in doc:
        while s < len(spans) and spans[s].end < token.idx:
            s += 1
        if s < len(spans) and spans[s].start - 1 <= token.idx <= spans[s].end:
            index[token.i] = s
    return index


# ---------------------------------------------------------------- speakers of a cue


def _subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of a speech verb, climbing conjunctions, xcomps and relative clauses."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in {"who", "that"} and verb.dep_ == "relcl":
                return verb.head
            if _is_dateline(child):
                after_dateline = _speaker_after_dateline(child)
                if after_dateline is not None:
                    return after_dateline
                continue
            return _named_apposition(child) or child
    if verb.dep_ == "relcl" and verb.head.pos_ in SPEAKER_POS:
        return verb.head
    misparsed = _subject_of_fronted_participle(verb)
    if misparsed is not None:
        return misparsed
    if depth >= 3 or verb.head.i == verb.i:
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.pos_ == "ADP":
        head = head.head  # 'was quoted as saying'
    elif verb.dep_ not in {"conj", "xcomp", "advcl", "ccomp"}:
        return None
    if head.pos_ in {"VERB", "AUX"} and not (verb.dep_ == "ccomp" and head.lemma_ in SPEECH_VERBS):
        return _subject_of(head, depth + 1)
    return None


def _subject_of_fronted_participle(verb: Token) -> Token | None:
    """'Mendez, asked about the cost, said': the parser may hang the name on 'asked'."""
    for child in verb.lefts:
        if child.dep_ in {"ccomp", "advcl"} and child.tag_ in {"VBD", "VBN"}:
            between = child.doc[child.right_edge.i : verb.i]
            if any(t.text == "," for t in between):
                for grandchild in child.lefts:
                    if grandchild.dep_ == "nsubj" and grandchild.i < child.i:
                        return grandchild
    return None


def _after_dateline(doc: Doc, start: int, end: int) -> int:
    """Skip a dateline ('Capital, 1 April 2025 —', 'FRANKFURT, Feb 12 (Reuters) -') that
    the parser put inside a clause."""
    sentence_start = doc[start].sent.start
    if start - sentence_start > 3:
        return start
    for i in range(start, min(sentence_start + 14, end)):
        if doc[i].text in {"—", "–", "-", "--"} and i > sentence_start:
            opening = doc[sentence_start:i]
            if _is_dateline(doc[sentence_start]) or any(t.text in WIRE_CREDITS for t in opening):
                return i + 1
            return start
    return start


def _speaker_after_dateline(place: Token) -> Token | None:
    """'Capital, 2 May 2025 — Minister Ana Ruiz said': the parser may hang Ruiz on the place."""
    for child in place.rights:
        if child.dep_ == "appos" and looks_like_name(child) and child.ent_type_ != "DATE":
            return child
    return None


def _is_dateline(token: Token) -> bool:
    """'NEW DELHI —' or 'Millbrook, 3 March 2025 —': the place opening a story, not a speaker."""
    if token.i - token.sent.start > 3:
        return False
    following = token.doc[token.i + 1 : min(token.i + 10, token.sent.end)]
    dash_at = next((t.i for t in following if t.text in DATELINE_DASHES), None)
    if dash_at is None:
        return False
    lead_in = token.doc[token.i + 1 : dash_at]
    shouted = token.text.isupper() and len(token.text) >= 3
    dated = any(t.ent_type_ == "DATE" for t in lead_in) and any(t.text == "," for t in lead_in)
    return shouted or dated or (len(lead_in) <= 1 and token.ent_type_ in {"GPE", "LOC"})


def _named_apposition(noun: Token) -> Token | None:
    """'Her Labour shadow, Owen Pritchard, said' → Pritchard."""
    if noun.pos_ != "NOUN":
        return None
    for child in noun.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    return None


def _acceptable_speaker(token: Token | None, quote_of_token: Sequence[int]) -> bool:
    """A person, an organisation or a pronoun for one: not 'the report' or 'the grant'."""
    if token is None or quote_of_token[token.i] >= 0:
        return False
    if token.pos_ == "PRON":
        return token.lower_ not in NON_SPEAKER_PRONOUNS
    if token.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or looks_like_name(token):
        return token.ent_type_ not in {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY"}
    return token.pos_ == "NOUN" and token.lemma_.lower() in AGENT_NOUNS


def speaker_span(token: Token) -> Span:
    """The noun phrase that names a speaker: a whole entity, a name, or 'the defence minister'."""
    doc = token.doc
    ent = entity_at(token)
    if ent is not None:
        return _strip_possessive(widen_name(ent) if ent.label_ == "PERSON" else ent)
    if token.pos_ == "PRON":
        return doc[token.i : token.i + 1]
    start = token.i
    for child in token.lefts:
        if child.dep_ in NP_LEFT_DEPS or (token.pos_ == "PROPN" and child.pos_ == "PROPN"):
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in {"compound", "flat"} and child.pos_ == "PROPN" and child.i == end:
            end = child.i + 1
        elif token.pos_ == "NOUN" and child.dep_ == "prep" and child.lower_ in {"for", "of", "at"}:
            end = max(end, child.right_edge.i + 1)  # 'a spokesperson for the police'
    return _strip_possessive(doc[start:end])


def _strip_possessive(span: Span) -> Span:
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].lower_ in {"'s", "’s", "'", "’"}:
        end -= 1
    start = span.start
    while start < end - 1 and span.doc[start].is_punct:
        start += 1
    return span.doc[start:end]


def _cue_for_verb(verb: Token, quote_of_token: Sequence[int]) -> _Cue | None:
    has_own_subject = any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    if verb.tag_ == "VBN" and not has_own_subject:
        return None  # "Asked whether …, X said": the question was put to X, not by X
    subordinate = verb.dep_ in {"advcl", "xcomp", "pcomp", "conj"}
    if verb.lemma_ in QUESTION_VERBS and subordinate and not has_own_subject:
        return None
    subject = _subject_of(verb)
    if subject is None or not _acceptable_speaker(subject, quote_of_token):
        return None
    return _Cue(_cue_span(verb), subject)


def _cue_span(verb: Token) -> Span:
    """The cue words: the verb with its particle or object ('told reporters', 'pointed out')."""
    doc = verb.doc
    end = verb.i + 1
    for child in verb.rights:
        if child.i == end and (
            child.dep_ == "prt" or (verb.lemma_ == "tell" and child.dep_ in {"dobj", "dative"})
        ):
            end = child.i + 1
    return doc[verb.i : end]


def _according_to_speaker(token: Token) -> Token | None:
    """'according to X' → X."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for obj in nxt.children:
            if obj.dep_ == "pobj":
                return obj
    return None


# ---------------------------------------------------------------- reported speech


WIRE_CREDITS = frozenset({"Reuters", "AP", "AFP", "Bloomberg", "dpa", "PTI", "IANS", "ANI"})
DATELINE_DASHES = frozenset({"—", "–", "-", "--", "(", ":"})
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether"})
HYPOTHETICAL_AUX = frozenset({"will", "would", "could", "might", "may", "should", "can", "must"})


def _not_actually_said(verb: Token) -> bool:
    """'X did not say that…', 'if X says that…', 'X will say that…', 'Did X say that…?'."""
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "mark" and child.lower_ in HYPOTHETICAL_MARKS):
            return True
        if child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_AUX:
            return True
    sentence = verb.sent  # a question about speech: 'Did X say that …?'
    return sentence[0].lower_ in {"did", "does", "do"} and sentence.text.rstrip().endswith("?")


def _complement_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    return None


def _complement_end(comp: Token) -> int:
    """End token of a complement, stopping before a coordinated speech verb ('and warned')."""
    end = comp.right_edge.i + 1
    for child in comp.rights:
        if (
            child.dep_ == "conj"
            and child.lemma_ in SPEECH_VERBS
            and _complement_of(child) is not None
        ):
            end = min(end, child.left_edge.i)
            for sibling in comp.rights:
                if sibling.dep_ == "cc" and sibling.i < child.i:
                    end = min(end, sibling.i)
    return end


def _is_determiner(token: Token) -> bool:
    """'that figure' (a determiner) as opposed to 'said that lists …' (a complementizer)."""
    return token.dep_ == "det" and token.head.tag_ in {"NN", "NNP"}


def _content_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds with a leading 'that' and trailing punctuation (not quote marks) trimmed."""
    while (
        start < end
        and doc[start].lower_ in {"that", "if", "whether"}
        and not _is_determiner(doc[start])
    ):
        start += 1
    while start < end and (
        doc[start].is_space or (doc[start].is_punct and doc[start].text not in {"“", '"', "‘", "'"})
    ):
        start += 1
    while (
        end > start
        and (doc[end - 1].is_punct or doc[end - 1].is_space)
        and doc[end - 1].text not in {"”", '"', "’", "'"}
    ):
        end -= 1
    return start, end


CLAUSE_BREAKS = frozenset({"while", "whereas", "according"})
CLOSING_MARKS = frozenset({"”", '"', "’", "'"})


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


def _char_bounds(doc: Doc, spans: Sequence[QuoteSpan], start: int, end: int) -> tuple[int, int]:
    """Character bounds of tokens [start, end), taking in a quote's closing mark ('high."')."""
    start_char, end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    for q in spans:
        if start_char <= q.start < end_char < q.end + 1 and q.closed:
            end_char = q.end + 1
    return start_char, end_char


def _quote_inside(spans: Sequence[QuoteSpan], start_char: int, end_char: int) -> bool:
    """True when [start_char, end_char) lies within one quote span (marks included)."""
    return any(q.start - 1 <= start_char and end_char <= q.end + 1 for q in spans)


def _quotes_within(spans: Sequence[QuoteSpan], start_char: int, end_char: int) -> list[int]:
    return [i for i, q in enumerate(spans) if start_char <= q.start and q.end <= end_char]


def _reported_speech(
    doc: Doc, text: str, spans: Sequence[QuoteSpan], quote_of_token: Sequence[int]
) -> Iterable[Quote]:
    """'X said (that) …', 'X told reporters …', 'X asked whether …'."""
    for verb in doc:
        if verb.lemma_ not in SPEECH_VERBS or verb.lemma_ in DIRECT_ONLY_VERBS:
            continue
        if verb.pos_ not in {"VERB", "AUX"} or quote_of_token[verb.i] >= 0:
            continue
        if _not_actually_said(verb):
            continue
        comp = _complement_of(verb)
        if comp is None:
            continue
        start, end = _content_bounds(doc, comp.left_edge.i, _complement_end(comp))
        start = _after_dateline(doc, start, end)
        start, end = _content_bounds(doc, start, end)
        end = _cut_at_clause_break(doc, start, end)
        if end - start < 3:
            continue
        start_char, end_char = _char_bounds(doc, spans, start, end)
        if _quote_inside(spans, start_char, end_char) or (
            quote_of_token[start] >= 0 and doc[start].text not in {"“", '"', "‘", "'"}
        ):
            continue
        cue = _cue_for_verb(verb, quote_of_token)
        if cue is None or start <= cue.speaker.i < end:
            continue  # no speaker, or the speaker is inside the 'complement' (a misparse)
        inner = _quotes_within(spans, start_char, end_char)
        kind: QuoteKind = "mixed" if inner else "indirect"
        if verb.lemma_ in QUESTION_VERBS:
            kind = "question"
        yield _make_quote(text, start_char, end_char, kind, cue)


def _according_to(
    doc: Doc,
    text: str,
    spans: Sequence[QuoteSpan],
    quote_of_token: Sequence[int],
    found: Sequence[Quote],
) -> Iterable[Quote]:
    """'According to X, …' and '…, according to X.' outside direct quotes."""
    for token in doc:
        if token.lower_ != "according" or quote_of_token[token.i] >= 0:
            continue
        who = _according_to_speaker(token)
        if not _acceptable_speaker(who, quote_of_token) or who is None:
            continue
        sent = token.sent
        phrase_start, phrase_end = token.i, token.right_edge.i + 1
        if phrase_start - sent.start <= 1:
            start, end = phrase_end, sent.end
        elif sent.end - phrase_end <= 2:
            start, end = sent.start, phrase_start
        else:
            continue
        start, end = _content_bounds(doc, start, end)
        if end - start < 3:
            continue
        start_char, end_char = _char_bounds(doc, spans, start, end)
        if _quote_inside(spans, start_char, end_char):
            continue  # a direct quote: attributed with its own cue
        if any(q.content_start < end_char and start_char < q.content_end for q in found):
            continue  # 'Officials said …, according to …': already a statement
        kind: QuoteKind = "mixed" if _quotes_within(spans, start_char, end_char) else "indirect"
        cue = _Cue(doc[token.i : token.i + 2], who)
        yield _make_quote(text, start_char, end_char, kind, cue)


# ---------------------------------------------------------------- direct quotes


def _ends_paragraph(token: Token) -> bool:
    """A whitespace token with a line break in it."""
    return token.is_space and "\n" in token.text


def _tokens_after(doc: Doc, q: QuoteSpan, next_open: int) -> Iterable[Token]:
    """Tokens right after a quote's closing mark, in its sentence, before the next quote."""
    if not q.closed:
        return
    rest = doc.char_span(q.end, doc[-1].idx + len(doc[-1]), alignment_mode="expand")
    i = rest.start if rest is not None else len(doc)
    while i < len(doc) and doc[i].idx < q.end + 1:
        i += 1
    count = 0
    while i < len(doc) and count < MAX_CUE_DISTANCE_AFTER and doc[i].idx < next_open:
        token = doc[i]
        if _ends_paragraph(token):
            return
        yield token
        if token.text in {".", "!", "?", ";"}:
            return
        count += 1
        i += 1


def _tokens_before(doc: Doc, q: QuoteSpan, prev_close: int) -> list[Token]:
    """Tokens from the sentence start (or last quote) to a quote's opening mark, nearest first."""
    span = doc.char_span(0, q.start, alignment_mode="expand")
    i = (span.end if span is not None else 0) - 1
    while i >= 0 and doc[i].idx >= q.start - 1:
        i -= 1
    found: list[Token] = []
    while i >= 0 and doc[i].idx > prev_close:
        token = doc[i]
        if _ends_paragraph(token):
            break
        if token.text in {".", "!", "?", ";"}:
            break
        found.append(token)
        i -= 1
    return found


def _cue_in(tokens: Iterable[Token], quote_of_token: Sequence[int]) -> _Cue | None:
    for token in tokens:
        if quote_of_token[token.i] >= 0:
            continue
        if token.lower_ == "according":
            who = _according_to_speaker(token)
            if _acceptable_speaker(who, quote_of_token) and who is not None:
                return _Cue(token.doc[token.i : token.i + 2], who)
        if token.lemma_ in SPEECH_VERBS and token.pos_ in {"VERB", "AUX"}:
            cue = _cue_for_verb(token, quote_of_token)
            if cue is not None:
                return cue
    return None


def _colon_speaker(before: Sequence[Token], quote_of_token: Sequence[int]) -> _Cue | None:
    """A colon introduces the quote: 'Asif: “…”' (transcript) or 'The minister was blunt: “…”'."""
    if len(before) < 2 or before[0].text != ":":
        return None
    colon, name, rest = before[0], before[1], before[2:]
    if name.pos_ == "PROPN" and all(t.pos_ in {"PROPN", "SPACE"} for t in rest):
        if _acceptable_speaker(name, quote_of_token):
            return _Cue(colon.doc[colon.i : colon.i + 1], name)
        return None
    root = name
    while root.head.i != root.i and quote_of_token[root.head.i] < 0:
        root = root.head  # the clause before the colon, not the quote it introduces
    if root.pos_ not in {"VERB", "AUX"}:
        return None
    subject = _subject_of(root)
    if subject is None or not _acceptable_speaker(subject, quote_of_token):
        return None
    if subject.pos_ == "NOUN" and subject.lemma_.lower() not in AGENT_NOUNS:
        return None
    cue_start = root.i if root.i < colon.i else colon.i
    return _Cue(colon.doc[cue_start : colon.i], subject)  # 'was blunt


def _direct_cue(
    doc: Doc,
    text: str,
    q: QuoteSpan,
    prev_close: int,
    next_open: int,
    quote_of_token: Sequence[int],
) -> _Cue | None:
    after = list(_tokens_after(doc, q, next_open))
    before = _tokens_before(doc, q, prev_close)
    content_end = text[q.end - 1] if q.end > q.start else ""
    ends_sentence = content_end in {"."} and q.closed
    after_cue = _cue_in(after, quote_of_token)
    if after_cue is not None and ends_sentence and len(after) > 6:
        after_cue = None
    before_cue = _cue_in(before, quote_of_token)
    if after_cue is not None and (before_cue is None or content_end in {",", "?", "!", "—"}):
        return after_cue
    found = before_cue or after_cue or _colon_speaker(before, quote_of_token)
    if found is None and not before and q.opens_paragraph:
        return _cue_ending_previous_paragraph(doc, text, q, prev_close, quote_of_token)
    return found


def _cue_ending_previous_paragraph(
    doc: Doc, text: str, q: QuoteSpan, prev_close: int, quote_of_token: Sequence[int]
) -> _Cue | None:
    """'In a statement, the ministry said:' ending one paragraph, the quote opening the next."""
    colon_at = len(text[: q.start - 1].rstrip())
    if colon_at == 0 or text[colon_at - 1] != ":" or colon_at - 1 <= prev_close:
        return None
    colon = doc.char_span(colon_at - 1, colon_at, alignment_mode="expand")
    if colon is None:
        return None
    stand_in = QuoteSpan(colon.end_char + 1, colon.end_char + 1, "", closed=True)
    before = _tokens_before(doc, stand_in, prev_close)
    return _cue_in(before, quote_of_token) or _colon_speaker(before, quote_of_token)


def _char_before(text: str, index: int, skipping: str) -> str:
    """The last character before `index` that is not in `skipping` ('' at the start)."""
    while index > 0 and text[index - 1] in skipping:
        index -= 1
    return text[index - 1] if index > 0 else ""


def _cue_verb_right_after(doc: Doc, q: QuoteSpan, next_open: int) -> bool:
    """'“…,” the report said': a cue whose subject is no speaker still rules out a guess."""
    return any(
        t.lemma_ in SPEECH_VERBS and t.pos_ in {"VERB", "AUX"}
        for t in _tokens_after(doc, q, next_open)
    )


def _previous_sentence_subject(
    doc: Doc, text: str, q: QuoteSpan, quote_of_token: Sequence[int]
) -> _Cue | None:
    """'Asif was defiant. “We will not back down.”': a quote that is a sentence of its own
    belongs to the person the sentence before it (same paragraph, no quotes) is about."""
    if not q.closed or _word_count(text[q.start : q.end]) < WORDS_FOR_SHORT_QUOTE:
        return None
    opening = doc.char_span(q.start - 1, q.start, alignment_mode="expand")
    if opening is None or _char_before(text, q.start - 1, " \t") not in {".", "!"}:
        return None
    if not opening[0].is_sent_start or opening.start == 0:
        return None
    before = doc[opening.start - 1].sent
    if any(quote_of_token[t.i] >= 0 for t in before) or any(_ends_paragraph(t) for t in before):
        return None
    root = before.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or not _acceptable_speaker(subject, quote_of_token):
        return None
    if not (looks_like_name(subject) or subject.lower_ in {"he", "she"}):
        return None
    return _Cue(doc[root.i : root.i], subject)


def _word_count(text: str) -> int:
    return sum(1 for part in text.split() if any(ch.isalnum() for ch in part))


def _direct_quotes(
    doc: Doc,
    text: str,
    spans: Sequence[QuoteSpan],
    quote_of_token: Sequence[int],
    indirect: Sequence[Quote],
) -> list[Quote]:
    found: list[Quote] = []
    previous: Quote | None = None
    pending: list[QuoteSpan] = []  # open paragraphs of a multi-paragraph quote, speaker unknown yet
    for n, q in enumerate(spans):
        if any(i.content_start <= q.start and q.end <= i.content_end for i in indirect):
            continue  # a mixed quote, already part of reported speech
        if not q.continues_previous:
            pending = []
        prev_close = spans[n - 1].end if n else -1
        next_open = spans[n + 1].start - 1 if n + 1 < len(spans) else len(text)
        cue = _direct_cue(doc, text, q, prev_close, next_open, quote_of_token)
        content = text[q.start : q.end]
        attributed_elsewhere = cue is None and _cue_verb_right_after(doc, q, next_open)
        inherits = (
            cue is None
            and not attributed_elsewhere
            and previous is not None
            and _continues(text, previous, q)
        )
        if cue is None and not inherits and not attributed_elsewhere:
            cue = _previous_sentence_subject(doc, text, q, quote_of_token)
        if inherits and previous is not None:
            quote = _inherit(text, previous, q)
        elif cue is not None and (
            _word_count(content) >= WORDS_FOR_SHORT_QUOTE or _stands_alone(text, q)
        ):
            start, end = _trim_content(text, q.start, q.end)
            quote = _make_quote(text, start, end, _direct_kind(content, cue), cue)
        else:
            if cue is None and not q.closed and q.opens_paragraph:
                pending.append(q)
            continue
        found.extend(_inherit(text, quote, p) for p in pending)
        pending = []
        found.append(quote)
        previous = quote
    return found


def _direct_kind(content: str, cue: _Cue) -> QuoteKind:
    if content.rstrip().endswith("?") or _cue_lemma(cue) in QUESTION_VERBS:
        return "question"
    return "direct"


def _stands_alone(text: str, q: QuoteSpan) -> bool:
    """A short quote is a statement only when it is set off, not a phrase inside a sentence."""
    before = text[max(0, q.start - 3) : q.start - 1].rstrip()
    after = text[q.end + 1 : q.end + 3].lstrip()
    set_off = (not before or before[-1] in ",:.") and (not after or after[0] in ",.?!")
    return set_off or text[q.end - 1] in ",.?!"


def _continues(text: str, previous: Quote, q: QuoteSpan) -> bool:
    """A quote with no cue continues the previous speaker when little narrative lies between."""
    if q.continues_previous:
        return True
    if q.start <= previous.content_end:
        return False
    gap = text[previous.content_end : q.start - 1]
    if "\n" in gap and _char_before(text, q.start - 1, " \t") not in {"\n", ""}:
        return False  # a new paragraph continues a quote only when it opens with the quote
    if any(_word_count(line) for line in gap.split("\n")[1:]):
        return False  # a whole paragraph of narrative lies between
    before_open = _char_before(text, q.start - 1, " \t\r\n\f\v")
    starts_sentence = before_open in {".", "!", "?", ":", "\n", ""} or (
        before_open in CLOSING_MARKS and gap.strip()[:-1].rstrip()[-1:] in {".", "!", "?"}
    )
    return starts_sentence and _word_count(gap) <= MAX_INHERIT_GAP_WORDS


def _inherit(text: str, previous: Quote, q: QuoteSpan) -> Quote:
    start, end = _trim_content(text, q.start, q.end)
    content = text[start:end]
    kind: QuoteKind = "question" if content.endswith("?") else "direct"
    return Quote(
        content=content,
        content_start=start,
        content_end=end,
        kind=kind,
        cue=previous.cue,
        cue_start=previous.cue_start,
        cue_end=previous.cue_end,
        speaker_text=previous.speaker_text,
        speaker_start=previous.speaker_start,
        speaker_end=previous.speaker_end,
        cue_lemma=previous.cue_lemma,
    )


def _trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the comma that belongs to the attribution (`"…," he said`)."""
    while end > start and text[end - 1] in ",;:—– ":
        end -= 1
    return start, end


def _cue_lemma(cue: _Cue) -> str:
    """Lemma of the cue's head word ('' for a quote attributed without a cue word)."""
    return cue.cue.root.lemma_.lower() if len(cue.cue) else ""


def _make_quote(text: str, start_char: int, end_char: int, kind: QuoteKind, cue: _Cue) -> Quote:
    speaker = speaker_span(cue.speaker)
    return Quote(
        content=text[start_char:end_char],
        content_start=start_char,
        content_end=end_char,
        kind=kind,
        cue=cue.cue.text,
        cue_start=cue.cue.start_char,
        cue_end=cue.cue.end_char,
        speaker_text=speaker.text,
        speaker_start=speaker.start_char,
        speaker_end=speaker.end_char,
        cue_lemma=_cue_lemma(cue),
    )
