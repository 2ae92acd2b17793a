"""Jurisdiction profiles: the same pack as a US, UK, Canadian or Australian reviewer reads it.

A profile is data in a rule pack::

    [profile.uk]
    name = "United Kingdom"
    description = "..."
    extends = "us"                       # optional: start from another profile
    disable = ["disclosure.off-label"]   # rule ids or categories
    enable = ["testimonial.health-service"]

    [profile.uk.rule."safety.well-tolerated"]
    severity = "error"                   # and message, description, suggestions, why, references,
    references = ["CAP Code 12.1"]       # suggestions-for, message-for, examples

and a ``[[rule]]`` with ``profiles = ["uk"]`` applies only under those profiles. The rules a
profile sees are computed from the loaded pack (``view``): the base rule, then the overrides of
each profile from the root of its ``extends`` chain down to it, then the user's configuration
(``[severity]``), which the engine applies as it always has. The engine never knows about
profiles: the caller picks the view for the file's profile. Without a profile nothing here runs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .rules import Examples, Rule, Ruleset

#: The profile a page is judged by when neither the command line nor the configuration names one.
DEFAULT_PROFILE = "us"
#: What a profile's override of a rule may change: what the rule says, never how it matches.
OVERRIDE_KEYS = ("severity", "message", "description", "suggestions", "suggestions-for",
                 "message-for", "why", "references", "examples")
PROFILE_KEYS = ("name", "description", "extends", "disable", "enable", "rule")


@dataclass
class Profile:
    """One jurisdiction (or a house policy) as the packs define it; packs loaded later add to a
    profile an earlier pack defined (their overrides win, their disable/enable lists add)."""

    name: str
    title: str = ""
    description: str = ""
    extends: str = ""
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    #: rule id -> the Rule fields the profile sets for it (``examples`` as ``Examples``)
    overrides: dict[str, dict] = field(default_factory=dict)
    #: rule id -> (pack, line) of the override that brought its examples (test-rules names it)
    examples_from: dict[str, tuple[str, int]] = field(default_factory=dict)
    source: str = ""
    line: int = 0

    @property
    def label(self) -> str:
        """``uk (United Kingdom)``: how the command line names it."""
        return f"{self.name} ({self.title})" if self.title else self.name


def lineage(profiles: dict[str, Profile], name: str) -> list[Profile]:
    """The profiles ``name`` is built from, root first (the loader has refused cycles)."""
    chain: list[Profile] = []
    while name and name in profiles and all(p.name != name for p in chain):
        chain.append(profiles[name])
        name = profiles[name].extends
    return chain[::-1]


def _selects(names: tuple[str, ...], rule: Rule) -> bool:
    return rule.id in names or rule.category in names


def applies(rule: Rule, chain: list[Profile]) -> bool:
    """Whether ``rule`` runs under the profile ``chain`` ends with: a rule of every profile, or
    of one in the chain, unless a profile disables it; ``enable`` brings in another's rule.
    Each profile down the chain has the last word over those above it."""
    names = {profile.name for profile in chain}
    active = not rule.profiles or bool(names & set(rule.profiles))
    for profile in chain:
        if _selects(profile.disable, rule):
            active = False
        if _selects(profile.enable, rule):
            active = True
    return active


def overridden(rule: Rule, chain: list[Profile]) -> Rule:
    """``rule`` with each profile's changes applied in order, root first."""
    changes: dict = {}
    for profile in chain:
        changes.update(profile.overrides.get(rule.id, {}))
    return dataclasses.replace(rule, **changes) if changes else rule


def view(ruleset: Ruleset, name: str) -> Ruleset:
    """The ruleset as profile ``name`` sees it; it shares the compiled matchers, the prefilter's
    scan and the product finder with ``ruleset``, so a view costs a list, not a compile.
    An undefined name sees the packs as written (the default profile of a pack that defines
    none); the command line and the configuration check names before they get here."""
    chain = lineage(ruleset.profiles, name)
    if not chain:
        return ruleset
    rules = [overridden(rule, chain) for rule in [*ruleset.rules, *ruleset.profile_rules]
             if applies(rule, chain)]
    if len(rules) == len(ruleset.rules) and all(a is b for a, b in zip(rules, ruleset.rules)):
        return ruleset  # the profile changes nothing (the bundled "us")
    return Ruleset(
        rules, ruleset.vocabulary, ruleset.sources, ruleset.warnings,
        _scanner=ruleset.scanner, _products=ruleset.products, timed_out=ruleset.timed_out,
        profiles=ruleset.profiles, profile_rules=ruleset.profile_rules, profile=name,
    )


def rule_fields(key: str, value: object) -> tuple[str, object]:
    """An override's TOML key and value as the ``Rule`` field they set."""
    if key == "examples":
        return "examples", Examples(tuple(value.get("flag", ())), tuple(value.get("pass", ())),
                                    tuple((pair["from"], pair["to"]) for pair in value.get("fixed", [])))
    if key in ("suggestions", "references"):
        return key, tuple(value)
    if key == "suggestions-for":
        return "suggestions_for", {kind: tuple(texts) for kind, texts in value.items()}
    if key == "message-for":
        return "message_for", dict(value)
    return key, value


def parse(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"us,uk"`` or ``["us", "uk"]`` as names, each once, in order."""
    parts = value.split(",") if isinstance(value, str) else [p for v in value for p in v.split(",")]
    names: list[str] = []
    for part in (part.strip() for part in parts):
        if part and part not in names:
            names.append(part)
    return tuple(names)


def unknown(name: str, profiles: dict[str, Profile]) -> str:
    """The message for a profile no pack defines, with a did-you-mean and the ones there are."""
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(name, sorted(profiles), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    known = ", ".join(sorted(profiles)) or "none"
    return f"unknown profile '{name}'{hint}; the rule packs define: {known}"


def examples_to_run(ruleset: Ruleset) -> list[tuple[str, Rule]]:
    """(profile, rule) for every set of examples that belongs to a profile: those a profile's
    override brings, and those of a rule of some profiles only (run under the first of them).
    Each is linted with that profile's rules; the rule given carries the examples. The base
    examples of every other rule run under the default view, as they always have."""
    found = [(rule.profiles[0], rule) for rule in ruleset.profile_rules]
    for name in sorted(ruleset.profiles):
        changes = ruleset.profiles[name].overrides
        found += [(name, rule) for rule in ruleset.under(name).rules
                  if "examples" in changes.get(rule.id, {})]
    return found

def merge(reports: list[tuple[str, "Report"]]) -> "Report":
    """One report of the lints of a document under several profiles. A finding that several
    profiles raise alike (same rule, words, severity, message and rewrites) is kept once and
    names them all (``us,uk``); one that differs is kept per profile. Directives suppress
    alike under every profile, so the suppressed count is the largest, not the sum."""
    import dataclasses as dc

    from .engine import Report

    order: list[tuple] = []
    raised: dict[tuple, tuple] = {}  # key -> (first finding, the profiles that raised it)
    for name, report in reports:
        for finding in report.findings:
            key = (finding.rule, finding.start, finding.end, finding.severity, finding.message,
                   finding.suggestions, finding.fix)
            if key not in raised:
                order.append(key)
                raised[key] = (finding, [])
            raised[key][1].append(name)
    findings = [dc.replace(raised[key][0], profile=",".join(raised[key][1])) for key in order]
    findings.sort(key=lambda finding: finding.sort_key())  # stable: the profiles' order breaks ties
    errors = [error for _, report in reports for error in report.errors]
    timed_out = [rule for _, report in reports for rule in report.timed_out]
    return Report(findings, max((report.suppressed for _, report in reports), default=0),
                  list(dict.fromkeys(errors)), list(dict.fromkeys(timed_out)))
