"""The bundled sample copy shows what the issue promised: every claim it was written
to contain is found, and the careful page produces nothing."""

from __future__ import annotations

import pytest

from linter import lint_paths

from .conftest import ROOT

SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def findings():
    result = lint_paths([SEEDS])
    assert result.errors == []
    return result.findings


def found(findings, page, text):
    return [f for f in findings if f.path.endswith(page) and f.text.lower() == text.lower()]


@pytest.mark.parametrize(
    "page,text,rule",
    [
        ("ketamine-clinic-home.txt", "safe and well-tolerated", "safety.well-tolerated"),
        ("psilocybin-retreat.txt", "game-changer", "hype.game-changer"),
        ("ketamine-clinic-home.txt", "breakthrough", "hype.breakthrough"),
        ("tms-center.txt", "revolutionary", "hype.revolutionary"),
        ("ketamine-clinic-home.txt", "immediate therapeutic effects", "speed.immediate"),
        ("ketamine-clinic-home.txt", "in as little as 2 hours", "speed.timeframe"),
        ("ketamine-clinic-home.txt", "Studies have shown", "evidence.studies-show"),
        ("psilocybin-retreat.txt", "Numerous studies confirm", "evidence.studies-show"),
        ("ketamine-clinic-home.txt", "patients report dramatic improvements", "testimonial.patient-reports"),
        ("ketamine-clinic-home.txt", "Ketamine infusion", "disclosure.off-label"),
        ("psilocybin-retreat.txt", "suicidal thoughts", "disclosure.crisis-resources"),
        ("tms-center.txt", "FDA-approved TMS", "regulatory.tms-cleared-for"),
        ("glp1-telehealth-email.txt", "same active ingredient as Ozempic", "regulatory.equivalence"),
        ("iv-drip-lounge.txt", "no side effects", "safety.no-side-effects"),
        ("tms-blog-post.md", "Game-Changer", "hype.game-changer"),  # front matter title
        ("tms-blog-post.md", "no systemic\n   side effects", "safety.no-side-effects"),  # wrapped, inside *emphasis*
        ("tms-blog-post.md", "Clinically proven", "evidence.proven"),  # link text
        ("ketamine-landing.html", "Ketamine is a safe, fast-acting treatment", "safety.absolute"),  # meta description
        ("ketamine-landing.html", "suicide", "disclosure.crisis-resources"),  # a TODO comment is not a resource
    ],
)
def test_seed_claims_are_found(findings, page, text, rule):
    assert [f.rule for f in found(findings, page, text)] == [rule]


def test_the_careful_pages_produce_nothing(findings):
    assert [f for f in findings if f.path.endswith(("clinic-about-good.txt", "ketamine-faq.txt"))] == []


def test_disclaimers_and_safe_environments_are_left_alone(findings):
    home = [f for f in findings if f.path.endswith("ketamine-clinic-home.txt")]
    assert not [f for f in home if "environment" in f.text or f.line == 19]


def test_markup_that_is_not_prose_is_left_alone(findings):
    pages = [f for f in findings if f.path.endswith((".md", ".html"))]
    assert not [f for f in pages if "miracle" in f.text.lower() or "revolutionary" in f.text.lower()]
    assert not [f for f in pages if f.rule == "disclosure.off-label"]  # the footer says off-label


def test_every_seed_page_finding_has_a_rewrite(findings):
    assert findings and all(f.suggestions for f in findings)
