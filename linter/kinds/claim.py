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

from typing import Iterator

import re as regex  # stdlib re: these helpers need nothing more, and it loads and compiles fast

from ..budget import any_matches, timeout
from ..prose import Segment
from ..rules import Hit, KeySpec
from ..sentences import Page, Sentence
from . import phrase

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
#: An aside in brackets: its own hedges qualify it, not the clause around it.
_ASIDE = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")
#: Where one clause ends and the next begins: a semicolon or colon, a dash between spaces,
#: a parenthesis, or a comma before a conjunction that starts a clause of its own.
_CLAUSE_BREAK = regex.compile(
    r"[;:]|\s[—–-]\s|—|,\s*(?:but|though|although|even though|while|whereas|yet|so|and|or|unlike|because|since|"
    r"if|when|which|who|where)\b|\s(?:but|though|although|whereas)\s",
    regex.IGNORECASE,
)


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

    def hits(self, page: Page, sentence_with: bool = True) -> Iterator[Hit]:
        """No hit at all on a page that states an ``unless-page`` qualifier anywhere: a page-wide
        check, made here and not per match, so the per-segment hits never depend on the page."""
        if self.unless_page and page.says((self, "unless-page"), self.unless_page):
            return
        yield from super().hits(page, sentence_with)

    def accepts(self, page: Page, segment: Segment, sentence: Sentence, match: regex.Match, sentence_with: bool = True) -> bool:
        text = segment.text
        if not self.questions and self._asks(text, sentence):
            return False
        if sentence_with and self.with_ and not any_matches(self.with_, text, sentence.start, sentence.end):
            return False
        if any_matches(self.unless, text, self._hedge_scope(text, sentence, match), sentence.end):
            return False
        if self.hedge and self._hedged(text, sentence, match):
            return False
        if self.unless_before and self._negated(text, sentence, match):
            return False
        return not self.excluded(text, sentence, match)

    def _asks(self, text: str, sentence: Sentence) -> bool:
        """A question that really asks, not one that asserts with a question mark."""
        if not _QUESTION.search(text, sentence.start, sentence.end):
            return False
        return not self.assertive_questions or bool(_ASKING.match(text, sentence.start, sentence.end))

    def _hedged(self, text: str, sentence: Sentence, match: regex.Match) -> bool:
        """A hedge in the claim's own clause, outside any aside the claim is not part of:
        "(if they help at all)" qualifies the aside, not the claim."""
        start, end = clause_of(text, sentence, match)
        asides = [a.span() for a in _ASIDE.finditer(text, start, end) if not (a.start() <= match.start() < a.end())]
        for pattern in self.hedge:
            for hedge in pattern.finditer(text, start, end, timeout=timeout()):
                if not any(a[0] <= hedge.start() and hedge.end() <= a[1] for a in asides):
                    return True
        return False

    def weakened(self, segment: Segment, sentence: Sentence) -> bool:
        return any_matches(self.weaken, segment.text, sentence.start, sentence.end)

    def _hedge_scope(self, text: str, sentence: Sentence, match: regex.Match) -> int:
        """Where a hedge or citation that cancels this match may stand: the whole
        sentence, less a leading contrast clause that the match is not part of."""
        clause = _CONTRAST_CLAUSE.match(text, sentence.start, sentence.end)
        return clause.end() if clause and match.start() >= clause.end() else sentence.start

    def _negated(self, text: str, sentence: Sentence, match: regex.Match) -> bool:
        """A negation within ``window`` words before the trigger, or inside it
        ("ketamine is not approved for depression") unless the phrase itself asks for it."""
        if any_matches(self.unless_before, text, self._window_start(text, sentence, match), match.start()):
            return True
        for pattern in self.unless_before:
            for negation in pattern.finditer(text, match.start(), match.end(), timeout=timeout()):
                if not self.own_words.issuperset(_words(negation.group())):
                    return True  # "no longer" in "no longer have PTSD" is the phrase's own
        return False

    def _window_start(self, text: str, sentence: Sentence, match: regex.Match) -> int:
        words = list(_WORD.finditer(text, sentence.start, match.start()))
        if len(words) <= self.window:
            return sentence.start
        return words[-self.window].start()


def _words(text: str) -> list[str]:
    """Lower-case words with one apostrophe: a curly "can’t" is the rule's own "can't"."""
    return regex.findall(r"[a-z']+", regex.sub(r"[’‘ʼ]", "'", text.lower()))


def clause_of(text: str, sentence: Sentence, match: regex.Match) -> tuple[int, int]:
    """The clause a match stands in: from the last clause break before it to the first after
    it, within its sentence. A break inside the match (a rule's own "hours, not weeks") does
    not cut it."""
    start, end = sentence.start, sentence.end
    leading = _CONTRAST_CLAUSE.match(text, sentence.start, sentence.end)
    if leading and leading.end() <= match.start():
        start = leading.end()  # "Where pills might need a month, X works in a day"
    for found in _CLAUSE_BREAK.finditer(text, start, match.start()):
        start = found.end()
    after = _CLAUSE_BREAK.search(text, match.end(), sentence.end)
    if after:
        end = after.start()
    return start, end


def build(table: dict, compile_list) -> ClaimMatcher:
    return ClaimMatcher(table, compile_list)
