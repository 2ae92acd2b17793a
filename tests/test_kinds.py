"""The three rule kinds, on small packs written for each behaviour."""

from __future__ import annotations

from linter import lint_text

from .conftest import make_rule

VOCAB = """
[vocabulary]
treatment = ["ketamine", "TMS"]
condition = ["anxiety", "PTSD"]
negation = ["not", "never", "isn't"]
hedge = ["may", "some patients"]
weak = ["can"]
typical = ["results vary"]
"""


def rules_of(pack, body, kind="claim", **kw):
    return pack(VOCAB + make_rule(kind=kind, body=body, **kw))


def found(text, rules):
    return [(f.text, f.severity) for f in lint_text(text, rules=rules)]


def test_phrase_rule_with_exclusion(pack):
    rules = rules_of(pack, 'patterns = ["breakthrough~"]\nexclude = ["emotional breakthrough~"]', kind="phrase")
    assert found("A breakthrough treatment.", rules) == [("breakthrough", "warning")]
    assert found("Many describe emotional breakthroughs.", rules) == []


def test_claim_needs_its_subject(pack):
    rules = rules_of(pack, 'patterns = ["relieve~ {condition}"]\nwith = ["{treatment}"]', id="efficacy.t")
    assert found("Ketamine relieves anxiety.", rules) == [("relieves anxiety", "warning")]
    assert found("Exercise relieves anxiety.", rules) == []


def test_claim_negated_before_or_inside_is_not_a_finding(pack):
    rules = rules_of(pack, 'patterns = ["{treatment} ... approved for {condition}"]\nunless-before = ["{negation}"]', id="regulatory.t")
    assert found("Ketamine is approved for anxiety.", rules) == [("Ketamine is approved for anxiety", "warning")]
    assert found("Ketamine is not approved for anxiety.", rules) == []
    assert found("We never say ketamine is approved for anxiety.", rules) == []


def test_negation_outside_the_window_does_not_count(pack):
    rules = rules_of(pack, 'patterns = ["approved"]\nunless-before = ["{negation}"]\nwindow = 2', id="regulatory.t")
    assert found("It is not true, we hear, that it is approved.", rules) == [("approved", "warning")]


def test_negation_the_phrase_itself_contains_does_not_cancel_it(pack):
    rules = rules_of(pack, 'patterns = ["hours, not weeks"]\nunless-before = ["{negation}"]', id="speed.t")
    assert found("Relief in hours, not weeks.", rules) == [("hours, not weeks", "warning")]


def test_hedge_cancels_and_weak_hedge_weakens(pack):
    rules = rules_of(pack, 'patterns = ["relieve~ {condition}"]\nunless = ["{hedge}"]\nweaken = ["{weak}"]', id="efficacy.t", severity="error")
    assert found("Ketamine relieves anxiety.", rules) == [("relieves anxiety", "error")]
    assert found("Ketamine can relieve anxiety.", rules) == [("relieve anxiety", "warning")]
    assert found("Ketamine may relieve anxiety in some patients.", rules) == []


def test_hedge_in_a_leading_contrast_clause_qualifies_the_other_treatment(pack):
    rules = rules_of(pack, 'patterns = ["relieve~ {condition}"]\nunless = ["{hedge}"]', id="efficacy.t")
    text = "While pills may take weeks, ketamine relieves anxiety."
    assert found(text, rules) == [("relieves anxiety", "warning")]
    assert found("While ketamine may relieve anxiety, pills take weeks.", rules) == []
    assert found("Ketamine relieves anxiety, though it may not last.", rules) == []


def test_questions_are_skipped_unless_asked_for(pack):
    rules = rules_of(pack, 'patterns = ["safe"]', id="safety.t")
    assert found("Is ketamine safe?", rules) == []
    rules = rules_of(pack, 'patterns = ["safe"]\nquestions = true', id="safety.t")
    assert found("Is ketamine safe?", rules) == [("safe", "warning")]


def test_unless_page_reads_the_whole_page(pack):
    rules = rules_of(pack, 'patterns = ["patients report relief"]\nunless-page = ["{typical}"]', id="testimonial.t")
    assert found("Our patients report relief.", rules) == [("patients report relief", "warning")]
    assert found("Our patients report relief.\n\nResults vary.", rules) == []
    assert found("Results vary.\n\nOur patients report relief.", rules) == []
    # A heading "Results" over "Vary your routine" does not say "results vary".
    assert found("Our patients report relief.\n\n# Results\n\nVary your routine.", rules) == [("patients report relief", "warning")]
    assert found("Our patients report relief.\n\n# Results\n\nVary your routine; results vary.", rules) == []


def document_rule(pack, extra=""):
    body = 'patterns = ["{treatment}"]\nwith = ["{condition}"]\nexpect = ["off label"]\n' + extra
    return rules_of(pack, body, kind="document", id="disclosure.t", message="{match} without a disclosure")


def test_document_rule_reports_the_first_trigger_once(pack):
    rules = document_rule(pack)
    text = "Intro.\n\nKetamine for anxiety.\n\nKetamine for PTSD."
    (finding,) = lint_text(text, rules=rules)
    assert (finding.line, finding.column, finding.text, finding.message) == (3, 1, "Ketamine", "Ketamine without a disclosure")


def test_document_rule_matches_no_paragraph_after_the_first_that_holds_its_trigger(pack):
    """Only the page's first claim is reported, so the paragraphs after it are never matched."""
    from .test_linear import CountingPattern

    rules = document_rule(pack)
    (rule,) = rules.rules
    counting = CountingPattern(rule.matcher.patterns[0].regex)
    rule.matcher.patterns[0] = rule.matcher.patterns[0]._replace(regex=counting)
    text = "Intro.\n\n" + "\n\n".join(f"Ketamine for anxiety, visit {n}." for n in range(50))
    (finding,) = lint_text(text, rules=rules)
    assert (finding.line, finding.text) == (3, "Ketamine")
    assert counting.scanned == len("Ketamine for anxiety, visit 0.")  # its sentence, and no other paragraph


def test_document_rule_accepts_the_statement_before_or_after(pack):
    rules = document_rule(pack)
    assert lint_text("Ketamine for anxiety.\n\nIts use is off-label.", rules=rules) == []
    assert lint_text("Its use is off-label.\n\nKetamine for anxiety.", rules=rules) == []


def test_document_rule_with_page_falls_back_to_the_first_trigger(pack):
    rules = document_rule(pack, 'with-page = ["{condition}"]')
    (finding,) = lint_text("Ketamine Retreats\n\nHeal your anxiety.", rules=rules)
    assert (finding.line, finding.text) == (1, "Ketamine")
    assert lint_text("Ketamine Retreats\n\nRelax by the sea.", rules=rules) == []


def test_overlapping_findings_of_one_category_collapse(pack):
    text = VOCAB + make_rule(id="safety.a", severity="warning", body='patterns = ["well tolerated"]') + make_rule(
        id="safety.b", severity="error", body='patterns = ["safe and well tolerated"]'
    ) + make_rule(id="hype.c", body='patterns = ["well"]')
    rules = pack(text)
    assert [(f.rule, f.text) for f in lint_text("It is safe and well-tolerated.", rules=rules)] == [
        ("safety.b", "safe and well-tolerated"),
        ("hype.c", "well"),
    ]


def test_a_match_running_into_the_next_sentence_hides_nothing(pack):
    rules = rules_of(pack, 'patterns = ["patients ... report ... relief"]', id="testimonial.t")
    text = "We treat patients across the state. Most patients report relief."
    assert found(text, rules) == [("patients report relief", "warning")]
