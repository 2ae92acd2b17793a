"""``claim`` rules: a sentence that makes a claim, judged as a whole sentence.

"Ketamine is FDA-approved" is a claim; "ketamine is not FDA-approved for
anxiety" is the disclosure that corrects it, and "ketamine may help some
patients" is a hedged statement a reviewer leaves alone. So a claim rule
fires on its trigger only when the rest of the sentence agrees:

``with``           the sentence must also hold one of these (a treatment, a condition)
``unless``         a sentence holding one of these is not a finding (a citation, logistics)
``hedge``          nor is a claim whose own clause holds one of these ("may", "some
                   patients"): "X works fast, though it might not suit everyone" is still
                   a claim, and so is the claim after "where pills might need a month,"
``unless-before``  nor is one where these stand within ``window`` words before the
                   trigger, or inside it (a negation: "not", "never", "isn't")
``unless-page``    nor is any sentence of a page that holds one of these anywhere
                   (a "results are not typical" statement for a testimonial)
``weaken``         one of these in the sentence lowers the severity one step
                   (a weak hedge: "can provide relief" is lesser than "provides relief")
``questions``      whether a question ("Is ketamine safe?") can be a finding; by
                   default it cannot: the answer is judged instead
``assertive-questions``  whether a question that no auxiliary or question word opens
                   ("Insomnia gone in a week?") is judged as the statement it makes;
                   an FAQ's "Well tolerated?" still asks, so a rule opts in
"""

from __future__ import annotations

import bisect
from typing import Iterator

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from ..budget import any_matches, timeout
from ..prose import Segment
from ..rules import Hit, KeySpec
from ..sentences import Page, Sentence
from . import phrase
from .phrase import Context

KEYS = {
    **phrase.KEYS,
    "with": KeySpec("list"),
    "unless": KeySpec("list"),
    "hedge": KeySpec("list"),
    "unless-before": KeySpec("list"),
    "window": KeySpec("int"),
    "unless-page": KeySpec("list"),
    "weaken": KeySpec("list"),
    "questions": KeySpec("bool"),
    "assertive-questions": KeySpec("bool"),
}

DEFAULT_WINDOW = 5
_WORD = regex.compile(r"\S+")
#: "While conventional medications may take weeks, ketamine works in hours": a hedge in
#: a leading contrast clause qualifies the other treatment, not the claim after the comma.
_CONTRAST_CLAUSE = regex.compile(r"\s*(?:while|whereas|although|though|unlike|where)\b[^,;:]*[,;:]", regex.IGNORECASE)
_QUESTION = regex.compile(r"\?[\"'”’)\]]*$")
#: How a question that really asks begins: an auxiliary or a question word ("Is ketamine
#: safe?"), or the elliptical invitation of ad copy ("Tired of feeling tired?", "Ready to
#: start?"). A question that begins otherwise asserts its content with a question mark
#: ("Insomnia gone in a week?"), and is judged as the statement it makes.
_ASKING = regex.compile(
    r"[\W_]*(?:(?:so|and|but|or|now|okay|ok|well|still|then|honestly|seriously),?\s+)?"
    r"(?:is|isn['’]t|are|aren['’]t|am|was|wasn['’]t|were|do|don['’]t|does|doesn['’]t|did|didn['’]t|"
    r"can|can['’]t|could|couldn['’]t|will|won['’]t|would|wouldn['’]t|should|shouldn['’]t|shall|"
    r"may|might|must|have|haven['’]t|has|hasn['’]t|had|what|what['’]s|why|how|how['’]s|who|"
    r"who['’]s|whom|whose|which|when|where|whether|ever|any|anyone|anybody|got|want|need|"
    r"ready|tired|sick|curious|worried|wondering|interested|thinking|considering|looking|"
    r"struggling|suffering|living|dealing|feeling|searching|hoping|new|been|coming|planning|"
    r"frustrated|fed up|exhausted|overwhelmed|stuck|done|unsure|not sure|nervous|scared|"
    r"afraid|concerned|skeptical|sceptical)\b",
    regex.IGNORECASE,
)
#: What ends a negation's reach before a trigger: a conjunction or a comma between them.
_COORDINATION = regex.compile(r",|&|\b(?:and|but|plus)\b", regex.IGNORECASE)
#: An aside in brackets: its own hedges qualify it, not the clause around it.
_ASIDE = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")
#: Where one clause ends and the next begins: a semicolon or colon, a dash between spaces,
#: a parenthesis, or a comma before a conjunction that starts a clause of its own.
_CLAUSE_BREAK_SOURCE = (
    r"[;:]|\s[—–-]\s|—|,\s*(?:but|though|although|even though|while|whereas|yet|so|and|or|unlike|because|since|"
    r"if|when|which|who|where)\b|\s(?:but|though|although|whereas)\s"
)
_CLAUSE_BREAK = regex.compile(_CLAUSE_BREAK_SOURCE, regex.IGNORECASE)
#: Every place a clause break starts, overlapping ones included: the first at or after an
#: offset is the break ``_CLAUSE_BREAK.search`` from that offset finds (it looks at nothing before it).
_CLAUSE_BREAK_AT = regex.compile(f"(?=({_CLAUSE_BREAK_SOURCE}))", regex.IGNORECASE)


class ClaimMatcher(phrase.PhraseMatcher):
    def __init__(self, table: dict, compile_list):
        super().__init__(compile_list("patterns"), phrase.regexes(compile_list("exclude")))
        self.with_ = phrase.regexes(compile_list("with"))
        self.unless = phrase.regexes(compile_list("unless"))
        self.hedge = phrase.regexes(compile_list("hedge"))
        self.unless_before = phrase.regexes(compile_list("unless-before"))
        self.window = table.get("window", DEFAULT_WINDOW)
        self.unless_page = phrase.regexes(compile_list("unless-page"))
        self.weaken = phrase.regexes(compile_list("weaken"))
        self.questions = table.get("questions", False)
        self.assertive_questions = table.get("assertive-questions", False)
        # Words the rule's own phrases contain: "hours, not weeks" holds a "not"
        # that is part of the claim, not a negation of it.
        self.own_words = frozenset(_words(" ".join(table.get("patterns", []))))

    def hits_by_segment(self, page: Page, sentence_with: bool = True) -> Iterator[tuple[int, tuple]]:
        """No hit at all on a page that states an ``unless-page`` qualifier anywhere: a page-wide
        check, made here and not per match, so the per-segment hits never depend on the page."""
        if self.unless_page and page.says((self, "unless-page"), self.unless_page):
            return
        yield from super().hits_by_segment(page, sentence_with)

    def accepts(self, page: Page, segment: Segment, sentence: Sentence, match: regex.Match, sentence_with: bool = True,
                context: Context | None = None) -> bool:
        """Whether the sentence lets the match stand. What depends on the sentence or the
        clause alone is asked once per sentence or clause (see ``Context``); only the window
        before the trigger is read per hit, and it is a few words long."""
        text = segment.text
        context = context or Context(text)
        s, e = sentence
        if not self.questions and context.once(("question", s, e), lambda: self._asks(text, sentence)):
            return False
        if sentence_with and self.with_:
            if not context.once(("with", s, e), lambda: any_matches(self.with_, text, s, e)):
                return False
        scope = self._hedge_scope(text, sentence, match, context)
        if self.unless and context.once(("unless", scope, e), lambda: any_matches(self.unless, text, scope, e)):
            return False
        if self.hedge and self._hedged(text, sentence, match, context):
            return False
        if self.unless_before and self._negated(text, sentence, match):
            return False
        return not self.excluded(text, sentence, match, context)

    def _asks(self, text: str, sentence: Sentence) -> bool:
        """A question that really asks, not one that asserts with a question mark."""
        if not _QUESTION.search(text, sentence.start, sentence.end):
            return False
        return not self.assertive_questions or bool(_ASKING.match(text, sentence.start, sentence.end))

    def _hedged(self, text: str, sentence: Sentence, match: regex.Match, context: Context) -> bool:
        """A hedge in the claim's own clause, outside any aside the claim is not part of:
        "(if they help at all)" qualifies the aside, not the claim."""
        start, end = clause_of(text, sentence, match, context)
        free, holding, asides = context.once(("hedges", start, end), lambda: self._hedges_in(text, start, end))
        if free:
            return True
        i = bisect.bisect_right(asides, (match.start(), float("inf"))) - 1
        return i >= 0 and match.start() < asides[i][1] and i in holding

    def _hedges_in(self, text: str, start: int, end: int) -> tuple[bool, set, list]:
        """Where the hedges of a clause stand: whether one stands outside every aside, which
        asides (by index) hold a hedge inside them alone, and the asides. A hedge counts for a
        claim unless it is inside an aside the claim does not start in."""
        asides = [aside.span() for aside in _ASIDE.finditer(text, start, end)]
        aside_starts = [aside[0] for aside in asides]
        free, holding = False, set()
        for pattern in self.hedge:
            for hedge in pattern.finditer(text, start, end, timeout=timeout()):
                around = [i for i in _asides_holding(asides, aside_starts, hedge.span())]
                if not around:
                    free = True
                elif len(around) == 1:
                    holding.add(around[0])
        return free, holding, asides

    def weakened(self, segment: Segment, sentence: Sentence, context: Context | None = None) -> bool:
        context = context or Context(segment.text)
        s, e = sentence
        return context.once(("weaken", s, e), lambda: any_matches(self.weaken, segment.text, s, e))

    def _hedge_scope(self, text: str, sentence: Sentence, match: regex.Match,
                     context: Context | None = None) -> int:
        """Where a hedge or citation that cancels this match may stand: the whole
        sentence, less a leading contrast clause that the match is not part of."""
        clause = contrast_clause_end(text, sentence, context or Context(text))
        return clause if clause is not None and match.start() >= clause else sentence.start

    def _negated(self, text: str, sentence: Sentence, match: regex.Match) -> bool:
        """A negation within ``window`` words before the trigger, or inside it
        ("ketamine is not approved for depression") unless the phrase itself asks for it."""
        if any_matches(self.unless_before, text, self._negation_scope(text, sentence, match), match.start()):
            return True
        for pattern in self.unless_before:
            for negation in pattern.finditer(text, match.start(), match.end(), timeout=timeout()):
                if not self.own_words.issuperset(_words(negation.group())):
                    return True  # "no longer" in "no longer have PTSD" is the phrase's own
        return False

    def _negation_scope(self, text: str, sentence: Sentence, match: regex.Match) -> int:
        """Where a negation before the trigger may stand: the ``window`` words before it, after
        the last "and", "but" or comma among them. "Not habit-forming and works fast" still
        claims speed, and "no needles, results in days" still promises them; an "or" keeps
        the negation ("not a breakthrough or a cure" denies both)."""
        start = self._window_start(text, sentence, match)
        last = None
        for last in _COORDINATION.finditer(text, start, match.start()):
            pass
        return last.end() if last is not None else start

    def _window_start(self, text: str, sentence: Sentence, match: regex.Match) -> int:
        """Where the ``window`` words before the match start (the sentence's start if it has
        fewer). The words are read back from the match over a stretch that doubles until it
        holds one word more than the window (so the first it counts is whole): the work is
        that of the window, not of the sentence before it."""
        reach = 64 * (self.window + 1)
        while True:
            low = max(sentence.start, match.start() - reach)
            words = list(_WORD.finditer(text, low, match.start()))
            if low == sentence.start:
                return sentence.start if len(words) <= self.window else words[-self.window].start()
            if len(words) > self.window:
                return words[-self.window].start()
            reach *= 2


def _words(text: str) -> list[str]:
    """Lower-case words with one apostrophe: a curly "can’t" is the rule's own "can't"."""
    return regex.findall(r"[a-z']+", regex.sub(r"[’‘ʼ]", "'", text.lower()))


def _asides_holding(asides: list, starts: list, span: tuple[int, int]) -> list[int]:
    """Indices of the asides (sorted, not overlapping) that hold ``span`` whole."""
    i = bisect.bisect_right(starts, span[0]) - 1
    return [j for j in (i - 1, i) if j >= 0 and asides[j][0] <= span[0] and span[1] <= asides[j][1]]


def contrast_clause_end(text: str, sentence: Sentence, context: Context) -> int | None:
    """Where a leading contrast clause ("While pills take weeks,") ends, once per sentence."""
    s, e = sentence

    def find() -> int | None:
        clause = _CONTRAST_CLAUSE.match(text, s, e)
        return clause.end() if clause else None

    return context.once(("contrast", s, e), find)


def clause_of(text: str, sentence: Sentence, match: regex.Match,
              context: Context | None = None) -> tuple[int, int]:
    """The clause a match stands in: from the last clause break before it to the first after
    it, within its sentence. A break inside the match (a rule's own "hours, not weeks") does
    not cut it.

    The breaks of a sentence are found once (``context``), over the whole sentence, and each
    match looks its clause up by bisection: in one long unpunctuated sentence, scanning from
    its start for every hit was quadratic. A break before the match is one that ends at or
    before the match's start, as found in the whole sentence (it is never cut short by where
    the match starts); the break after the match is exactly the one a search from the
    match's end finds.
    """
    context = context or Context(text)
    start, end = sentence.start, sentence.end
    leading = contrast_clause_end(text, sentence, context)
    if leading is not None and leading <= match.start():
        start = leading  # "Where pills might need a month, X works in a day"
    before = context.once(("breaks", start, end), lambda: _break_ends(text, start, end))
    i = bisect.bisect_right(before, match.start()) - 1
    if i >= 0:
        start = before[i]
    after = context.once(("breaks-at", sentence), lambda: _break_starts(text, sentence))
    j = bisect.bisect_left(after, match.end())
    if j < len(after):
        end = after[j]
    return start, end


def _break_ends(text: str, start: int, end: int) -> list[int]:
    return [found.end() for found in _CLAUSE_BREAK.finditer(text, start, end)]


def _break_starts(text: str, sentence: Sentence) -> list[int]:
    return [found.start() for found in _CLAUSE_BREAK_AT.finditer(text, sentence.start, sentence.end)]


def build(table: dict, compile_list) -> ClaimMatcher:
    return ClaimMatcher(table, compile_list)
