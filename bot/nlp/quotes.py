"""Find statements in a parsed article: direct quotes, reported speech and mixed quotes.

`extract_quotes(doc)` is a pure function over a spaCy Doc. It never raises on messy copy:
quotation marks are paired by kind on the raw text (see quotemarks.py), and anything
that cannot be attributed is skipped rather than guessed. Every rule works from one
DocIndex and walks a bounded stretch of tokens, so the cost is linear in the article.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from bot.nlp.cues import (
    QUESTION_VERBS,
    Cue,
    acceptable_speaker,
    according_to_cue,
    cue_for_verb,
    cue_lemma,
    is_speech_verb,
    make_quote,
    subject_of,
)
from bot.nlp.docindex import DocIndex, Intervals, index_doc
from bot.nlp.quotemarks import QuoteSpan
from bot.nlp.reported import CLOSING_MARKS, reported_speech
from bot.nlp.roles import AGENT_NOUNS, looks_like_name
from bot.nlp.transcripts import transcript_turns, turn_quote
from bot.nlp.types import Quote, QuoteKind
from bot.nlp.vocabulary import NOMINAL_SUBJECT_DEPS

WORDS_FOR_SHORT_QUOTE = 4
MAX_CUE_DISTANCE_AFTER = 25
MAX_CUE_DISTANCE_BEFORE = 60
MAX_INHERIT_GAP_WORDS = 12
MAX_INHERIT_GAP_CHARS = 400
MAX_INTERRUPTION_CHARS = 120
MAX_HEADLINE_WORDS = 20
MAX_TITLE_WORDS = 10
MAX_QUESTION_DEPTH = 6
TITLE_SMALL_WORDS = frozenset(
    "a an the and or but nor of in on at to for with by from as vs".split()
)
# Words after which a quoted name in title case is a title: 'on "Meet the Nation"'.
TITLE_CONTEXT = frozenset(
    """
    on in of titled entitled called named show programme program podcast book memoir novel
    film movie documentary series column article headline song album play newsletter
    """.split()
)
# 'Asked whether …', 'Pressed on …', 'Questioned about …': a question put to the speaker.
QUESTION_CONTEXT_VERBS = frozenset({"ask", "press", "question", "challenge", "quiz"})
SENTENCE_ENDS = frozenset({".", "!", "?", ";"})


def extract_quotes(doc: Doc) -> list[Quote]:
    """All statements in the document, in text order; questions come back as kind 'question'."""
    ix = index_doc(doc)
    indirect = reported_speech(ix)
    direct = _merge_interrupted(ix.text, _direct_quotes(ix, indirect))
    found = _with_turns(ix, direct + indirect)
    headline_end = headline_length(ix.text)
    return sorted(
        (q for q in found if q.content_start >= headline_end),
        key=lambda q: (q.content_start, q.content_end),
    )


def headline_length(text: str) -> int:
    """Characters of the headline opening the text (0 when there is none): a first line
    of at most MAX_HEADLINE_WORDS words, with no full stop at its end. A headline repeats,
    shortened, what the story reports; the story's own sentences are the statements."""
    start = len(text) - len(text.lstrip())
    line_end = text.find("\n", start)
    if line_end < 0:
        return 0
    line = text[start:line_end].rstrip()
    if not line or line[-1] in ".!?:;,”\"'’" or len(line.split()) > MAX_HEADLINE_WORDS:
        return 0
    return line_end


def _with_turns(ix: DocIndex, found: list[Quote]) -> list[Quote]:
    """Transcript turns replace the statements found inside them; a paragraph continuing a
    turn is narrative instead when a statement with its own cue is found in it."""
    turns = transcript_turns(ix.text)
    if not turns:
        return found
    cued = Intervals([(q.content_start, q.content_end) for q in found])
    kept_turns = [t for t in turns if not (t.continued and cued.overlaps(t.start, t.end))]
    taken = Intervals([(t.start, t.end) for t in kept_turns])
    kept = [q for q in found if not taken.overlaps(q.content_start, q.content_end)]
    return kept + [turn_quote(ix.text, t) for t in kept_turns]


# ---------------------------------------------------------------- the words around a quote


def _ends_paragraph(token: Token) -> bool:
    """A whitespace token with a line break in it."""
    return token.is_space and "\n" in token.text


def _tokens_after(ix: DocIndex, q: QuoteSpan, next_open: int) -> Iterable[Token]:
    """Tokens right after a quote's closing mark, in its sentence, before the next quote."""
    if not q.closed:
        return
    doc = ix.doc
    rest = doc.char_span(q.end, len(ix.text), alignment_mode="expand")
    i = rest.start if rest is not None else len(doc)
    while i < len(doc) and doc[i].idx < q.end + 1:
        i += 1
    count = 0
    while i < len(doc) and count < MAX_CUE_DISTANCE_AFTER and doc[i].idx < next_open:
        token = doc[i]
        if _ends_paragraph(token):
            return
        yield token
        if token.text in SENTENCE_ENDS:
            return
        count += 1
        i += 1


def _tokens_before(ix: DocIndex, q: QuoteSpan, prev_close: int) -> list[Token]:
    """Tokens from the sentence start (or last quote) to a quote's opening mark, nearest first."""
    doc = ix.doc
    span = doc.char_span(0, q.start, alignment_mode="expand") if q.start > 0 else None
    i = (span.end if span is not None else 0) - 1
    while i >= 0 and doc[i].idx >= q.start - 1:
        i -= 1
    found: list[Token] = []
    while i >= 0 and doc[i].idx > prev_close and len(found) < MAX_CUE_DISTANCE_BEFORE:
        token = doc[i]
        if _ends_paragraph(token) or token.text in SENTENCE_ENDS:
            break
        found.append(token)
        i -= 1
    return found


# ---------------------------------------------------------------- cues of a direct quote


def _cue_in(ix: DocIndex, tokens: Iterable[Token]) -> Cue | None:
    for token in tokens:
        if ix.in_quote(token):
            continue
        if token.lower_ == "according":
            cue = according_to_cue(ix, token)
            if cue is not None:
                return cue
        if is_speech_verb(token):
            cue = cue_for_verb(ix, token)
            if cue is not None:
                return cue
    return None


def _colon_speaker(ix: DocIndex, before: Sequence[Token]) -> Cue | None:
    """A colon introduces the quote: 'Asif: “…”' (transcript) or 'The minister was blunt: “…”'."""
    if len(before) < 2 or before[0].text != ":" or ix.in_long_sentence(before[0]):
        return None
    colon, name, rest = before[0], before[1], before[2:]
    if name.pos_ == "PROPN" and all(t.pos_ in {"PROPN", "SPACE"} for t in rest):
        if acceptable_speaker(ix, name):
            return Cue(colon.doc[colon.i : colon.i + 1], name)
        return None
    root = name
    while root.head.i != root.i and not ix.in_quote(root.head):
        root = root.head  # the clause before the colon, not the quote it introduces
    if root.pos_ not in {"VERB", "AUX"}:
        return None
    subject = subject_of(ix, root)
    if subject is None or not acceptable_speaker(ix, subject):
        return None
    if subject.pos_ == "NOUN" and subject.lemma_.lower() not in AGENT_NOUNS:
        return None
    cue_start = root.i if root.i < colon.i else colon.i
    return Cue(colon.doc[cue_start : colon.i], subject)  # 'was blunt


def _direct_cue(ix: DocIndex, q: QuoteSpan, prev_close: int, next_open: int) -> Cue | None:
    text = ix.text
    after = list(_tokens_after(ix, q, next_open))
    before = _tokens_before(ix, q, prev_close)
    content_end = text[q.end - 1] if q.end > q.start else ""
    ends_sentence = content_end in {"."} and q.closed
    after_cue = _cue_in(ix, after)
    if after_cue is not None and ends_sentence and len(after) > 6:
        after_cue = None
    before_cue = _cue_in(ix, before)
    if after_cue is not None and (before_cue is None or content_end in {",", "?", "!", "—"}):
        return after_cue
    found = before_cue or after_cue or _colon_speaker(ix, before)
    if found is None and not before and q.opens_paragraph:
        return _cue_ending_previous_paragraph(ix, q, prev_close)
    return found


def _cue_ending_previous_paragraph(ix: DocIndex, q: QuoteSpan, prev_close: int) -> Cue | None:
    """'In a statement, the ministry said:' ending one paragraph, the quote opening the next."""
    text = ix.text
    colon_at = q.start - 1
    while colon_at > 0 and text[colon_at - 1].isspace():
        colon_at -= 1
    if colon_at == 0 or text[colon_at - 1] != ":" or colon_at - 1 <= prev_close:
        return None
    colon = ix.doc.char_span(colon_at - 1, colon_at, alignment_mode="expand")
    if colon is None:
        return None
    stand_in = QuoteSpan(colon.end_char + 1, colon.end_char + 1, "", closed=True)
    before = _tokens_before(ix, stand_in, prev_close)
    return _cue_in(ix, before) or _colon_speaker(ix, before)


def _char_before(text: str, index: int, skipping: str) -> str:
    """The last character before `index` that is not in `skipping` ('' at the start)."""
    while index > 0 and text[index - 1] in skipping:
        index -= 1
    return text[index - 1] if index > 0 else ""


def _cue_verb_right_after(ix: DocIndex, q: QuoteSpan, next_open: int) -> bool:
    """'“…,” the report said': a cue whose subject is no speaker still rules out a guess."""
    return any(is_speech_verb(t) for t in _tokens_after(ix, q, next_open))


def _previous_sentence_subject(ix: DocIndex, q: QuoteSpan) -> Cue | None:
    """'Asif was defiant. “We will not back down.”': a quote that is a sentence of its own
    belongs to the person the sentence before it (same paragraph, no quotes) is about."""
    text, doc = ix.text, ix.doc
    if not q.closed or _word_count(text[q.start : q.end]) < WORDS_FOR_SHORT_QUOTE:
        return None
    opening = doc.char_span(q.start - 1, q.start, alignment_mode="expand")
    if opening is None or _char_before(text, q.start - 1, " \t") not in {".", "!"}:
        return None
    if not opening[0].is_sent_start or opening.start == 0:
        return None
    last = doc[opening.start - 1]
    if ix.in_long_sentence(last):
        return None
    before = ix.sentence(last)
    if any(ix.in_quote(t) or _ends_paragraph(t) for t in before):
        return None
    root = before.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or not acceptable_speaker(ix, subject):
        return None
    if not (looks_like_name(subject) or subject.lower_ in {"he", "she"}):
        return None
    return Cue(doc[root.i : root.i], subject)


def _word_count(text: str) -> int:
    return sum(1 for part in text.split() if any(ch.isalnum() for ch in part))


# ---------------------------------------------------------------- direct quotes


def _direct_quotes(ix: DocIndex, indirect: Sequence[Quote]) -> list[Quote]:
    text, spans = ix.text, ix.spans
    reported = Intervals([(i.content_start, i.content_end) for i in indirect])
    found: list[Quote] = []
    previous: Quote | None = None
    pending: list[QuoteSpan] = []  # open paragraphs of a multi-paragraph quote, speaker unknown yet
    for n, q in enumerate(spans):
        if reported.contains(q.start, q.end):
            continue  # a mixed quote, already part of reported speech
        if not q.continues_previous:
            pending = []
        if _is_title(text, q) or _inside_a_question(ix, q):
            continue
        prev_close = spans[n - 1].end if n else -1
        next_open = spans[n + 1].start - 1 if n + 1 < len(spans) else len(text)
        cue = _direct_cue(ix, q, prev_close, next_open)
        content = text[q.start : q.end]
        attributed_elsewhere = cue is None and _cue_verb_right_after(ix, q, next_open)
        inherits = (
            cue is None
            and not attributed_elsewhere
            and previous is not None
            and _continues(text, previous, q)
        )
        if cue is None and not inherits and not attributed_elsewhere:
            cue = _previous_sentence_subject(ix, q)
        if inherits and previous is not None:
            quote = _inherit(text, previous, q)
        elif cue is not None and (
            _word_count(content) >= WORDS_FOR_SHORT_QUOTE or _stands_alone(text, q)
        ):
            start, end = _trim_content(text, q.start, q.end)
            quote = make_quote(text, start, end, _direct_kind(content, cue), cue)
        else:
            if cue is None and not q.closed and q.opens_paragraph:
                pending.append(q)
            continue
        found.extend(_inherit(text, quote, p) for p in pending)
        pending = []
        found.append(quote)
        previous = quote
    return found


def _merge_interrupted(text: str, found: list[Quote]) -> list[Quote]:
    """'“Y,” he said, “Z.”' is one statement: the content runs from Y to Z, cue inside,
    and `parts` keeps the speaker's own words apart."""
    merged: list[Quote] = []
    for quote in found:
        previous = merged[-1] if merged else None
        if previous is not None and _interrupted_by_its_cue(text, previous, quote):
            pieces = previous.parts or ((previous.content_start, previous.content_end),)
            merged[-1] = dataclasses.replace(
                previous,
                content=text[previous.content_start : quote.content_end],
                content_end=quote.content_end,
                kind="question" if quote.kind == "question" else previous.kind,
                parts=(*pieces, (quote.content_start, quote.content_end)),
            )
        else:
            merged.append(quote)
    return merged


def _interrupted_by_its_cue(text: str, first: Quote, second: Quote) -> bool:
    """The two quotes share a cue that stands between them, set off by a comma on each side
    ('“Y,” Ruiz said, “Z”'); a full stop after the cue makes two statements."""
    if (first.cue_start, first.speaker_start) != (second.cue_start, second.speaker_start):
        return False
    if not first.content_end <= first.cue_start < first.cue_end <= second.content_start:
        return False
    gap = text[first.content_end : second.content_start]
    if len(gap) > MAX_INTERRUPTION_CHARS or any(ch in gap for ch in ".!?;\n"):
        return False
    before_cue = text[first.content_end : min(first.cue_start, first.speaker_start)]
    after_cue = gap.rstrip(" \t“\"‘'")
    return "," in before_cue and after_cue.endswith(",")


def _is_title(text: str, q: QuoteSpan) -> bool:
    """'on "Meet the Nation"', 'her memoir, "Water Rights and Wrongs"': a quoted title of a
    show, book or film in title case after a word that introduces one."""
    words = text[q.start : q.end].split()
    if not words or len(words) > MAX_TITLE_WORDS or text[q.end - 1] in ".,!?;:":
        return False
    if not all(w[:1].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words):
        return False
    before = text[max(0, q.start - 40) : q.start - 1].rstrip(" ,:").split()
    previous = before[-1].lower() if before else ""
    return previous in TITLE_CONTEXT or previous.endswith(("'s", "’s"))


def _inside_a_question(ix: DocIndex, q: QuoteSpan) -> bool:
    """'Asked whether the account was "run from India by rivals", Asif said …': the quoted
    words are the question put to the speaker, not the speaker's."""
    opening = ix.doc.char_span(q.start, q.end, alignment_mode="expand")
    if opening is None:
        return False
    token = opening[0]
    for _ in range(MAX_QUESTION_DEPTH):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.lemma_ in QUESTION_CONTEXT_VERBS and token.tag_ in {"VBN", "VBG"}:
            return not any(c.dep_ in NOMINAL_SUBJECT_DEPS for c in token.children)
    return False


def _direct_kind(content: str, cue: Cue) -> QuoteKind:
    if content.rstrip().endswith("?") or cue_lemma(cue) in QUESTION_VERBS:
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
    if q.start <= previous.content_end or q.start - previous.content_end > MAX_INHERIT_GAP_CHARS:
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
