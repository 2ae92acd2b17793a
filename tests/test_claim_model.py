"""The claim model: hedges judged in the claim's own clause, several claims in one sentence,
and approvals checked against what each product is approved for."""

from __future__ import annotations

import pytest

from linter import lint_text


def categories(text: str) -> set[str]:
    return {finding.category for finding in lint_text(text, path="page.txt")} - {"disclosure"}


def messages(text: str, rule: str) -> list[str]:
    return [finding.message for finding in lint_text(text, path="page.txt") if finding.rule == rule]


@pytest.mark.parametrize("text", [
    # the hedge stands in another clause: the claim is still made
    "This drip is extremely effective and completely safe, though it might not be right for everyone.",
    "Where pills might need a month, our protocol relieves anxiety in a day.",
    # an aside in brackets qualifies itself, not the claim around it
    "Our peptide stack erases joint pain (if other treatments help at all).",
])
def test_a_hedge_outside_the_claims_clause_does_not_cancel_it(text):
    assert categories(text) & {"efficacy", "safety", "speed"}


@pytest.mark.parametrize("text", [
    "Our infusions may relieve anxiety for some patients.",
    "Research suggests this therapy could ease joint pain.",
    "Spinal decompression tables are FDA-cleared traction devices, but evidence that they repair discs is limited.",
])
def test_a_hedge_in_the_claims_own_clause_cancels_it(text):
    assert not categories(text) & {"efficacy"}


def test_every_distinct_claim_in_a_sentence_is_its_own_finding():
    found = lint_text("Our IV drip cures hangovers in 30 minutes and works better than any sports drink.", path="ad.txt")
    assert {f.category for f in found} >= {"efficacy", "speed", "comparison"}


@pytest.mark.parametrize("text", [
    "Exosome facials erase fine lines.",          # a product outside the old lists
    "Our immunity drip shortens colds and flu.",  # an infectious condition
    "Eases joint stiffness.",                     # label copy with no subject
    "My hot flashes are gone.",                   # the symptom as the subject
])
def test_claims_about_any_product_and_condition(text):
    assert "efficacy" in categories(text)


def test_approval_finding_says_what_the_approval_covers():
    assert messages("Ozempic is FDA-approved for weight loss.", "regulatory.fda-approved") == [
        "“Ozempic is FDA-approved for weight” implies FDA approval that this use does not have. "
        "Ozempic is FDA-approved for type 2 diabetes (blood sugar, and for some the risk of heart attack, "
        "stroke or kidney disease), not for weight loss."
    ]


def test_a_product_approved_for_nothing_is_a_finding_whatever_the_use():
    assert messages("Our NAD+ drips are FDA approved.", "regulatory.fda-approved") == [
        "“FDA approved” implies FDA approval that this use does not have. "
        "Drips are not FDA-approved for the uses wellness drips are sold for."
    ]


@pytest.mark.parametrize("text", [
    "Ketamine is FDA-approved as an anesthetic.",
    "Spravato (esketamine) nasal spray is FDA-approved for treatment-resistant depression in adults.",
    "Saxenda (liraglutide) is a daily injection approved for chronic weight management.",
    "HBOT is FDA-cleared for certain conditions, such as decompression sickness and some non-healing diabetic wounds.",
    "Vitamin B12 injections are FDA-approved for treating B12 deficiency, such as pernicious anemia.",
    "Some low-level lasers are FDA-cleared for temporary relief of minor muscle and joint pain.",
])
def test_true_approval_statements_pass(text):
    assert "regulatory" not in categories(text)
    assert "efficacy" not in categories(text)


def test_a_use_outside_the_approval_is_named():
    [message] = messages("Spravato is FDA-approved for depression and anxiety.", "regulatory.fda-approved")
    assert message.endswith("not for depression or anxiety.")


def test_an_approvals_table_entry_needs_products(pack):
    from linter.loader import RulesError

    from .conftest import make_rule

    body = '''
    patterns = ["FDA approved"]
    uses = ["pain"]
    [rule.approvals.thing]
    for = ["pain"]
    '''
    with pytest.raises(RulesError) as error:
        pack(make_rule(id="regulatory.test", kind="approval", body=body, examples='flag = ["FDA approved"]'))
    assert "'approvals.thing.products' needs at least one phrase naming the product" in str(error.value)


@pytest.mark.parametrize("text, expected", [
    # a question that asserts: no auxiliary or question word opens it
    ("Back pain gone after two visits?", {"efficacy", "speed"}),
    ("Stubborn belly fat melted away in a month?", {"efficacy", "speed"}),
    # questions that really ask, or invite, are judged by their answer, not by themselves
    ("Is our drip safe?", set()),
    ("Tired of back pain that never goes away?", set()),
    ("Struggling with anxiety that won't quit?", set()),
])
def test_a_question_that_asserts_is_judged_as_a_statement(text, expected):
    assert categories(text) == expected


@pytest.mark.parametrize("text", [
    "Any clinic that promises an IV drip will cure your migraines is overstating the evidence.",
    "If a provider says ozone cures Lyme disease, ask to see the published trials.",
    "Anyone calling stem cells a miracle cure is selling something.",
    "No honest clinic can promise you a pain-free life.",
    "Be wary of websites that say peptides reverse ageing.",
])
def test_a_statement_about_other_peoples_claims_is_not_a_claim(text):
    assert categories(text) == set()


@pytest.mark.parametrize("text, expected", [
    # a negation reaches no further than the next "and", "but" or comma before the claim
    ("Our drip is not habit-forming and works fast for hangovers.", {"safety", "speed"}),
    ("No needles, no pills, results in days.", {"speed"}),
    # an "or" keeps it: both are denied
    ("This treatment is not a breakthrough or a cure.", set()),
    ("No stem cell or exosome product is FDA-approved for arthritis.", set()),
])
def test_a_negation_governs_only_its_own_coordinated_clause(text, expected):
    assert categories(text) == expected
