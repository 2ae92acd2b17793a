"""The phrase language rule authors write, compiled to ``regex`` patterns.

Copywriters write "game-changer", "game changer" and "gamechanger"; "don't"
with a straight or a curly apostrophe; "revolutionize" and "revolutionizing".
A rule author should write the phrase once, so a phrase is compiled with that
tolerance built in:

==================  ==========================================================
``well tolerated``  a space or hyphen between words matches any run of spaces,
                    line breaks or hyphens, or nothing ("well-tolerated")
``don't``           ``'`` matches straight and curly apostrophes; ``"`` quotes
``revolutionize~``  ``~`` adds inflections: -s, -ed, -ing, 's (and -ise spellings)
``suicid*``         ``*`` matches any ending: suicide, suicidal, suicidality
``{treatment}``     any entry of the vocabulary named ``treatment``
``(cure|heal)~``    alternatives; a group or word followed by ``?`` is optional
``...``             a gap of up to eight words inside the same sentence
``_``               exactly one word (``no _? side effects``: "no serious side effects")
``\\?``              a backslash makes the next character literal
``re:...``          the rest is a raw regex (for digits, lookarounds...); it is
                    not word-bounded for you, and ``{name}`` still expands
==================  ==========================================================

Matching is case-insensitive and word-bounded at both ends of the phrase.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping, NamedTuple, Optional, Tuple

import re

SEPARATOR = r"(?:\s*[-‐‑]\s*|\s+|)"
ANY_WORD = r"(?<![\w'’])[\w'’]+(?:[-‐‑][\w'’]+)*"  # a whole word, never the tail of one
GAP = r"[^\w\s]*(?:\s+\S+?){0,8}?[^\w\s]*"
_APOSTROPHE = "['’‘ʼ]"
_QUOTE = "[\"“”„]"
_SPECIAL = set("(){}|~*?\\ \t\r\n")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_VOWELS = set("aeiou")


class PatternError(ValueError):
    """A phrase or regex that cannot be compiled; the message says why."""


#: The longest regex one phrase or vocabulary may expand to, ten times what the bundled
#: pack's longest needs (about 23,000 characters). A vocabulary that names another twice
#: doubles its size, so thirty lines of them would expand to gigabytes; and compiling
#: takes about 17 µs a character, so this much already takes seconds.
MAX_PATTERN_CHARACTERS = 250_000
#: Parentheses a phrase may nest: the parser and the regex compiler recurse on them.
MAX_NESTING = 50


def _too_large(what: str) -> PatternError:
    return PatternError(
        f"{what} expands to a pattern of more than {MAX_PATTERN_CHARACTERS:,} characters (a vocabulary "
        "that names another several times multiplies its size): list the phrases it needs instead"
    )


#: Literal strings, one of which occurs (case-folded) in any text a pattern can
#: match; ``None`` when no such set is known (a raw regex, a wildcard).
Anchors = Optional[frozenset]
#: A compiled vocabulary: its regex source and its anchors.
Compiled = Tuple[str, Anchors]


class Phrase(NamedTuple):
    """A rule's compiled phrase, with the anchors that let a prefilter skip text
    that cannot match: if none of them occurs in a segment, neither does the phrase.

    ``groups`` are the anchor sets of every word the phrase requires, ``anchors``
    being the most selective of them: a sentence can hold a match only if it
    holds a member of each ("{treatment} ... cures" needs a treatment *and*
    "cure" in one sentence). Empty: ``anchors`` is the only one known.
    """

    regex: object  # a compiled ``regex`` pattern
    anchors: Anchors
    source: str
    groups: tuple = ()


@dataclass
class _Item:
    regex: str
    optional: bool = False
    gap: bool = False
    anchors: Anchors = None


class _PhraseParser:
    """Recursive descent over the phrase syntax; produces a regex string and its anchors."""

    def __init__(self, phrase: str, vocabulary: Mapping[str, Compiled]):
        self.phrase = phrase
        self.vocabulary = vocabulary
        self.i = 0
        self.depth = 0  # of parentheses
        self.size = 0  # characters of the vocabularies it names, to refuse an expansion bomb
        self.top_level: list[list[frozenset]] = []  # the required anchor sets of each top-level alternative

    def parse(self) -> Compiled:
        result = self._alternation()
        if self.i < len(self.phrase):
            raise PatternError(f"unexpected {self.phrase[self.i]!r} at character {self.i + 1}")
        return result

    def groups(self) -> tuple:
        """After ``parse``: every anchor set the whole phrase requires (see ``Phrase``)."""
        return tuple(self.top_level[0]) if len(self.top_level) == 1 else ()

    def _alternation(self) -> Compiled:
        branches = [self._sequence()]
        while self._peek() == "|":
            self.i += 1
            branches.append(self._sequence())
        anchors = _union(anchor for _, anchor in branches)
        if len(branches) == 1:
            return branches[0]
        sources = sorted((source for source, _ in branches), key=len, reverse=True)
        return "(?:" + "|".join(sources) + ")", anchors

    def _sequence(self) -> Compiled:
        items: list[_Item] = []
        while True:
            self._skip_space()
            char = self._peek()
            if char in ("", "|", ")"):
                break
            items.append(self._item())
        if not items or all(item.gap or item.optional for item in items):
            raise PatternError("an alternative that can match nothing (every word in it is optional)")
        if self.depth == 0:
            self.top_level.append(_required_anchors(items))
        return _join(items)

    def _item(self) -> _Item:
        char = self._peek()
        if self.phrase.startswith("...", self.i):
            self.i += 3
            return _Item(GAP, gap=True)
        if char == "_" and self.phrase[self.i + 1:self.i + 2] in ("", " ", "?", ")", "|"):
            self.i += 1
            return _Item(ANY_WORD, optional=self._optional())
        if char == "(":
            self.i += 1
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise PatternError(f"parentheses nested more than {MAX_NESTING} deep")
            inner, anchors = self._alternation()
            self.depth -= 1
            if self._peek() != ")":
                raise PatternError("a '(' is not closed")
            self.i += 1
            if self._peek() in ("~", "*"):
                raise PatternError(f"{self._peek()!r} after a group at character {self.i + 1}: put it on each "
                                   f"word of the group instead, as in (cure~|heal~)")
            body = "(?:" + inner + ")"
        elif char == "{":
            end = self.phrase.find("}", self.i)
            name = self.phrase[self.i + 1:end] if end > 0 else ""
            if end > 0 and re.fullmatch(r"\d*,?\d*", name):
                raise PatternError(f"'{{{name}}}' is a regex repetition, which a phrase does not have; "
                                   "write 're:' before a regular expression")
            if end < 0 or not _NAME.fullmatch(name):
                raise PatternError(f"bad vocabulary reference at character {self.i + 1}")
            if name not in self.vocabulary:
                raise UnknownVocabulary(name)
            self.i = end + 1
            source, anchors = self.vocabulary[name]
            self.size += len(source)
            if self.size > MAX_PATTERN_CHARACTERS:
                raise _too_large("the phrase")
            body = "(?:" + source + ")"
        elif char in ("}", "~", "*", "?"):
            raise PatternError(f"unexpected {char!r} at character {self.i + 1}")
        else:
            body, anchors = self._word()
        return _Item(body, optional=self._optional(), anchors=anchors)

    def _word(self) -> Compiled:
        chars = []
        while self.i < len(self.phrase):
            char = self.phrase[self.i]
            if char == "\\":
                if self.i + 1 >= len(self.phrase):
                    raise PatternError("a backslash at the end of the phrase")
                chars.append(self.phrase[self.i + 1])
                self.i += 2
            elif char in _SPECIAL:
                break
            else:
                chars.append(char)
                self.i += 1
        word = "".join(chars)
        if self._peek() == "*":
            self.i += 1
            return _literal(word) + r"\w*", _word_anchor(word)
        if self._peek() == "~":
            self.i += 1
            forms = sorted(inflections(word), key=len, reverse=True)
            return "(?:" + "|".join(_literal(form) for form in forms) + ")", _word_anchor(os.path.commonprefix(forms))
        return _literal(word), _word_anchor(word)

    def _optional(self) -> bool:
        if self._peek() == "?":
            self.i += 1
            return True
        return False

    def _peek(self) -> str:
        return self.phrase[self.i] if self.i < len(self.phrase) else ""

    def _skip_space(self) -> None:
        while self._peek() in (" ", "\t", "\r", "\n"):
            self.i += 1


class VocabularyError(PatternError):
    """A vocabulary entry that cannot be compiled; ``name`` locates it."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


class UnknownVocabulary(PatternError):
    """A ``{name}`` that no rule pack defines."""

    def __init__(self, name: str):
        super().__init__(f"undefined vocabulary {{{name}}}")
        self.name = name


def _join(items: list[_Item]) -> Compiled:
    out = ""
    pending_separator = False
    for item in items:
        if item.gap:
            out += GAP
            continue
        if item.optional:
            out += f"(?:{SEPARATOR}{item.regex})?" if pending_separator else f"(?:{item.regex}{SEPARATOR})?"
            continue
        out += (SEPARATOR if pending_separator else "") + item.regex
        pending_separator = True
    return out, max(_required_anchors(items), key=_selectivity, default=None)


def _required_anchors(items: list[_Item]) -> list[frozenset]:
    return [item.anchors for item in items if not item.optional and not item.gap and item.anchors]


def _selectivity(anchors: frozenset) -> tuple:
    """Prefer the item whose anchors are long (rare in text) and few."""
    return (min(len(anchor) for anchor in anchors), -len(anchors))


def _union(sets) -> Anchors:
    union: set = set()
    for anchors in sets:
        if anchors is None:
            return None
        union |= anchors
    return frozenset(union)


_PLAIN_RUN = re.compile(r"[^-‐‑'’‘ʼ\"“”„\s]+")


def _word_anchor(word: str) -> Anchors:
    """The longest run of the word that every spelling of it contains: hyphens,
    apostrophes and quotes are matched tolerantly, so they split the word."""
    runs = _PLAIN_RUN.findall(word.casefold())
    return frozenset({max(runs, key=len)}) if runs else None


def _literal(word: str) -> str:
    """A word with tolerant hyphens, apostrophes and quotes."""
    out = []
    for char in word:
        if char in "-‐‑":
            out.append(SEPARATOR)
        elif char in "'’‘ʼ":
            out.append(_APOSTROPHE)
        elif char in "\"“”„":
            out.append(_QUOTE)
        else:
            out.append(re.escape(char))
    return "".join(out)


def inflections(word: str) -> set[str]:
    """The base form plus the regular English inflections of ``word``.

    Over-generation ("breakthroughed") is harmless: it never occurs in copy.
    """
    w = word.lower()
    forms = {w}
    if w.endswith(("ize", "ise")) and len(w) > 4:
        stem = w[:-3]
        for suffix in ("iz", "is"):
            forms |= {stem + suffix + "e", stem + suffix + "es", stem + suffix + "ed", stem + suffix + "ing"}
    elif w.endswith("e"):
        forms |= {w + "s", w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    elif w.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {w + "es", w + "ed", w + "ing"}
    else:
        forms |= {w + "s", w + "ed", w + "ing"}
        if len(w) <= 5 and len(w) >= 3 and w[-1] not in _VOWELS | set("wxy") and w[-2] in _VOWELS and w[-3] not in _VOWELS:
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms | {w + "'s"}  # the possessive: "Crohn's", "ketamine's effects"


RAW_PREFIX = "re:"


#: Regex habits that mean something else in a phrase, each with what the phrase does
#: instead. A phrase is checked against them only for a warning: every one of them
#: compiles, and matches text nobody writes, so the rule silently stops doing its job.
_REGEX_HABITS = (
    (re.compile(r"\\[dDsSwWbB]"), "'{0}' matches the letter '{1}'"),
    (re.compile(r"\[[^\]\s]+\]"), "'{0}' matches those brackets and letters, not one of them"),
    (re.compile(r"(?<!\.)\.[*+]|[)\]]\+"), "'{0}' repeats nothing"),
    (re.compile(r"^\^|(?<!\\)\$$"),
     "'{0}' is a character, not an anchor: a phrase is word-bounded already"),
    (re.compile(r"\w*[^\W_]\?(?=\w)"), "'{0}' makes the whole word optional, not one letter"),
    (re.compile(r"\w*[^\W_]\?$"), "'{0}' makes the word optional; a question mark is '\\?'"),
)


def regex_habits(phrase: str) -> list[str]:
    """Why a plain phrase looks like a regex written without ``re:`` (empty when it does not).

    The phrase language's own syntax (``{name}``, ``~``, ``*``, ``...``, ``_``, ``word?``,
    ``(a|b)?``, an escaped ``\\.``) never counts; a ``+`` ending a word ("NAD+") or a ``$``
    opening one ("$99") is literal text, as the author meant.
    """
    if phrase.startswith(RAW_PREFIX):
        return []
    found = []
    for habit, why in _REGEX_HABITS:
        match = habit.search(phrase)
        if match:
            found.append(why.format(match.group(), match.group()[-1]))
    return found


def compile_phrase(phrase: str, vocabulary: Mapping[str, Compiled]) -> tuple[str, Anchors, tuple]:
    """The regex source for ``phrase`` (word-bounded at both ends, unless it is
    ``re:``), its anchors and its anchor groups (see ``Phrase``; ``raw_anchor_groups``
    for a raw regex)."""
    if phrase.startswith(RAW_PREFIX):
        source = raw_regex(phrase[len(RAW_PREFIX):], vocabulary)
        groups = raw_anchor_groups(source)
        anchors = max(groups, key=_selectivity, default=None)
        return source, anchors, _worth_scanning(groups, anchors)
    parser = _PhraseParser(phrase, vocabulary)
    source, anchors = parser.parse()
    return r"(?<!\w)" + source + r"(?!\w)", anchors, _worth_scanning(parser.groups(), anchors)


#: Anchor groups kept per phrase, and the shortest anchor worth scanning for: every
#: anchor kept is one more string the prefilter finds everywhere it occurs, and
#: "the", "of" or "%" occur in nearly every sentence, so they would cost more
#: scanning than they save searching.
MAX_GROUPS = 3
MIN_GROUP_ANCHOR = 4


def _worth_scanning(groups: tuple, anchors: Anchors) -> tuple:
    """The groups the prefilter checks: ``anchors`` (the most selective) and the next
    most selective whose anchors are all long enough. Any subset of the groups is safe."""
    kept = [anchors] if anchors else []
    for group in sorted(set(groups), key=_selectivity, reverse=True):
        if len(kept) < MAX_GROUPS and group not in kept and min(map(len, group)) >= MIN_GROUP_ANCHOR:
            kept.append(group)
    return tuple(kept)


def phrase_regex(phrase: str, vocabulary: Mapping[str, Compiled]) -> str:
    return compile_phrase(phrase, vocabulary)[0]


def _entry(entry: str, vocabulary: Mapping[str, Compiled]) -> Compiled:
    if entry.startswith(RAW_PREFIX):
        source = raw_regex(entry[len(RAW_PREFIX):], vocabulary)
        return "(?:" + source + ")", max(raw_anchor_groups(source), key=_selectivity, default=None)
    return _PhraseParser(entry, vocabulary).parse()


def raw_regex(pattern: str, vocabulary: Mapping[str, Compiled]) -> str:
    """A rule author's own regex, with ``{name}`` expanded to a vocabulary.

    Only ``{identifier}`` is expanded, so quantifiers such as ``{2,3}`` keep
    their meaning.
    """

    size = 0

    def expand(match: re.Match) -> str:
        nonlocal size
        name = match.group(1)
        if name not in vocabulary:
            raise UnknownVocabulary(name)
        size += len(vocabulary[name][0])
        if size > MAX_PATTERN_CHARACTERS:
            raise _too_large("the regex")
        return "(?:" + vocabulary[name][0] + ")"

    import regex  # the rule engine's regex module, loaded only when a pack is compiled

    expanded = re.sub(r"\{([A-Za-z][A-Za-z0-9_-]*)\}", expand, pattern)
    try:
        regex.compile(expanded)
    except regex.error as error:
        raise PatternError(f"invalid regex: {error}") from None
    except RecursionError:
        raise PatternError("the regex nests groups too deeply to compile") from None
    return expanded


def raw_anchor_groups(source: str) -> tuple:
    """Anchor groups of a raw regex (see ``Phrase``): sets of pieces of literal text, each
    set having a member in every match, read from the regex's parse tree (stdlib ``re``'s parser; the ``regex`` module
    does not expose one). None when the regex needs no literal text (``\\d+%`` needs
    "%"; ``[A-Z]\\w+`` nothing) or uses syntax only ``regex`` knows: then the phrase
    is searched everywhere. Only ASCII is taken, and nothing from a lookaround,
    whose text lies outside the match."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sre_parse is deprecated by name before Python 3.11
            try:
                from re import _parser as parser
            except ImportError:  # pragma: no cover - Python < 3.11
                import sre_parse as parser
            tree = parser.parse(source)
    except Exception:  # any syntax the stdlib parser does not know
        return ()
    return tuple(_literal_sets(tree, parser))


def _literal_sets(items, parser) -> list[frozenset]:
    """Sets of literal strings, one of each of which ``items`` (a parsed sequence) must match."""
    found: list[frozenset] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            found.append(frozenset({"".join(run).casefold()}))
            run.clear()

    for op, argument in items:
        if op is parser.LITERAL and 32 <= argument < 127:
            run.append(chr(argument))
            continue
        end_run()
        if op is parser.SUBPATTERN:
            found += _literal_sets(argument[-1], parser)
        elif op is getattr(parser, "ATOMIC_GROUP", None):
            found += _literal_sets(argument, parser)
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", None)) and argument[0] >= 1:
            found += _literal_sets(argument[2], parser)
        elif op is parser.BRANCH:
            child = _union(max(_literal_sets(branch, parser), key=_selectivity, default=None) for branch in argument[1])
            if child:
                found.append(child)
    end_run()
    return found


#: What the engine calls on a compiled pattern; a ``StoredPattern`` binds each straight to
#: the ``regex`` pattern once it is loaded, so a call costs what it costs on the pattern.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")


class StoredPattern:
    """A compiled pattern kept in the pack cache as its pickled code, unpickled the first
    time it is used.

    With a vocabulary of some three hundred conditions, the bundled pack's patterns
    unpickle to about 90 MB of compiled code and take some 200 ms to load: most of a
    pre-commit hook's start on one page, although the anchor prefilter skips most phrases
    on any one page without touching their patterns. So each pattern is unpickled on first
    use; a run over a whole site ends up loading them all, at the same cost as before.
    """

    __slots__ = ("_code", "_compiled") + _METHODS

    def __init__(self, compiled=None, code: bytes | None = None):
        self._code = code
        self._compiled = None
        if compiled is not None:
            self._bind(compiled)
        else:
            for name in _METHODS:
                setattr(self, name, self._loader(name))

    def _loader(self, name: str):
        def first_call(*args, **options):
            return getattr(self._load(), name)(*args, **options)

        return first_call

    def _bind(self, compiled) -> None:
        self._compiled = compiled
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))

    def _load(self):
        if self._compiled is None:
            import pickle

            self._bind(pickle.loads(self._code))
            self._code = None
        return self._compiled

    def __getattr__(self, name: str):  # pattern, flags, groups...: read from the loaded pattern
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._load(), name)

    def __reduce__(self):
        import pickle

        code = self._code if self._compiled is None else pickle.dumps(self._compiled, pickle.HIGHEST_PROTOCOL)
        return (_stored, (code,))

    def __repr__(self) -> str:
        return f"StoredPattern({self._load()!r})"


def _stored(code: bytes) -> StoredPattern:
    return StoredPattern(code=code)


def compile_regex(source: str):
    import regex

    try:
        return StoredPattern(regex.compile(source, regex.IGNORECASE | regex.VERSION0))
    except regex.error as error:
        raise PatternError(f"invalid regex: {error}") from None
    except RecursionError:
        raise PatternError("the pattern nests groups too deeply to compile") from None


def compile_vocabularies(entries: Mapping[str, list[str]]) -> dict[str, Compiled]:
    """Regex source and anchors for every vocabulary; entries may reference other vocabularies."""
    compiled: dict[str, Compiled] = {}
    visiting: set[str] = set()

    class _Lazy(dict):
        def __contains__(self, name: object) -> bool:
            return name in entries

        def __getitem__(self, name: str) -> Compiled:
            return resolve(name)

    lazy = _Lazy()

    def resolve(name: str) -> Compiled:
        if name in compiled:
            return compiled[name]
        if name in visiting:
            raise PatternError(f"vocabulary {{{name}}} refers to itself")
        visiting.add(name)
        alternatives = []
        size = 0  # checked entry by entry: a thousand entries naming one large list add up
        for entry in entries[name]:
            try:
                alternatives.append(_entry(entry, lazy))
            except VocabularyError:
                raise
            except PatternError as error:
                raise VocabularyError(name, f"in vocabulary '{name}', entry {entry!r}: {error}") from None
            size += len(alternatives[-1][0]) + 1
            if size > MAX_PATTERN_CHARACTERS:
                raise VocabularyError(name, str(_too_large(f"vocabulary '{name}'")))
        sources = sorted((source for source, _ in alternatives), key=len, reverse=True)
        visiting.discard(name)
        compiled[name] = ("|".join(sources), _union(anchors for _, anchors in alternatives)) if sources else (r"(?!)", frozenset())
        return compiled[name]

    try:
        for name in entries:
            resolve(name)
    except RecursionError:
        raise PatternError("vocabularies name each other too deeply: a chain of more than a few "
                           "hundred is a mistake (or a trap)") from None
    return compiled
