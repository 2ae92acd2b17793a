"""``claimlint report``: the HTML review, read back and checked exactly."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

import linter
from linter.document import Document
from linter.extract import format_for
from linter.review.report import asset, build_report
from linter.review.view import review

from .conftest import ROOT
from .reviewhtml import highlighted, parse


def page(text: str, path: str, rules=None):
    rules = rules or linter.default_rules()
    findings = linter.lint_text(text, path, rules=rules)
    return review(Document(text, path), findings, format_for(path), rules), findings


def report_of(*pages) -> str:
    return build_report(list(pages), [linter.default_rules()])


def ids_by_finding(html_root, findings, page_id="p1"):
    return {f"{page_id}-f{number + 1}": finding for number, finding in enumerate(findings)}


# -- highlights land on exactly the finding's characters


def test_highlights_after_emoji_and_across_crlf():
    text = "Our 😀 clinic: ketamine is safe and\r\nwell-tolerated 🚀. Results are instant and guaranteed.\r\n"
    view, findings = page(text, "clinic.txt")
    rules = [f.rule for f in findings]
    assert rules == ["safety.well-tolerated", "disclosure.risk-information", "efficacy.guarantee"]
    start = text.index("safe and")
    assert (findings[0].start, findings[0].end) == (start, text.index(" 🚀"))
    assert (findings[0].line, findings[0].column) == (1, 27)  # the emoji is one column
    root = parse(report_of(view))
    marks = highlighted(root)
    # the CRLF that wraps the line reads as one space in the prose, and only the claim is marked
    assert marks == {"p1-f1": "safe and well-tolerated", "p1-f2": "Results", "p1-f3": "guaranteed"}
    # every highlight maps back to the finding's own source characters
    for finding, place in zip(findings, view.places):
        segment = view.segments[place.block]
        assert segment.to_source(place.start) == finding.start
        assert segment.to_source(place.end, end=True) == finding.end


def test_highlights_in_markdown_and_html_drop_the_markup_but_keep_the_characters():
    md = "# Our 😀 clinic\n\nA **breakthrough** for you: ketamine is *safe and well-tolerated*.\n"
    view, findings = page(md, "page.md")
    marks = highlighted(parse(report_of(view)))
    assert [f.text for f in findings] == ["breakthrough", "safe and well-tolerated"]
    assert list(marks.values()) == ["breakthrough", "safe and well-tolerated"]
    html = "<h1>Ketamine 🙂</h1>\n<p>Ketamine is <strong>safe and\r\n well-tolerated</strong> &amp; a breakthrough.</p>"
    view, findings = page(html, "page.html")
    assert [f.text for f in findings] == ["safe and\r\n well-tolerated", "breakthrough"]
    root = parse(report_of(view))
    assert list(highlighted(root).values()) == ["safe and\r\n well-tolerated", "breakthrough"]
    heading = root.find_all("div", "heading")
    assert [block.find_all("div", "text")[0].text for block in heading] == ["Ketamine 🙂"]


def test_every_seed_finding_is_highlighted_once_on_its_own_text():
    for path in sorted((ROOT / "seeds").iterdir()):
        text = path.read_text(encoding="utf-8")
        view, findings = page(text, path.name)
        assert None not in view.places, path
        marks = highlighted(parse(report_of(view)))
        assert set(marks) == {f"p1-f{n + 1}" for n in range(len(findings))}, path
        for number, finding in enumerate(findings):
            # the prose joins wrapped lines and drops markup: compare words
            shown = marks[f"p1-f{number + 1}"]
            source_words = re.sub(r"[*_`#>\[\]]|<[^>]*>", "", finding.text).split()
            assert shown.split() == source_words, (path, finding.rule)


def test_overlapping_findings_share_a_highlight_that_names_both():
    view, findings = page("Feel amazing in under an hour! Instant results.", "drip.txt")
    assert [(f.rule, f.text) for f in findings][-2:] == [("speed.immediate", "Instant results"), ("disclosure.risk-information", "results")]
    root = parse(report_of(view))
    marks = root.find_all("mark", "hl")
    assert [(m.text, m.attrs["data-f"], "overlap" in m.classes) for m in marks] == [
        ("Feel amazing", "p1-f1", False),
        ("in under an hour", "p1-f2", False),
        ("Instant ", "p1-f3", False),
        ("results", "p1-f3 p1-f4", True),
    ]
    assert highlighted(root)["p1-f3"] == "Instant results"
    assert "doc" in marks[-1].classes and "sev-warning" in marks[-1].classes


# -- what a reviewer reads


def test_cards_carry_rule_message_rewrites_why_basis_and_position():
    view, findings = page("Ketamine is safe and well-tolerated.\n", "home.txt")
    rule = linter.default_rules().get("safety.well-tolerated")
    root = parse(report_of(view))
    card = next(el for el in root.iter() if el.attrs.get("id") == "p1-f1")
    assert card.tag == "details" and card.attrs["data-rule"] == "safety.well-tolerated"
    assert card.attrs["data-category"] == "safety" and card.attrs["data-severity"] == findings[0].severity
    assert card.find_all("span", "message")[0].text == findings[0].message
    assert card.find_all("span", "where")[0].text == "line 1:13"
    # the rewrites as filled for this page's product, not the rule's templates
    rewrites = [el.text for el in card.find_all("span", "rewrite")]
    assert rewrites == list(findings[0].suggestions) and "{product}" not in " ".join(rewrites)
    assert rewrites[0].startswith("Most people manage ketamine without serious problems")
    assert card.find_all("p", "why")[0].text == rule.why
    assert [el.text for el in card.find_all("ul", "references")[0].find_all("li")] == list(rule.references)
    source = card.find_all("div", "source")[0]
    assert source.find_all("span", "location")[0].text == "home.txt:1:13–1:36"
    assert source.find_all("u")[0].text == "safe and well-tolerated"


def test_document_findings_stand_at_the_top_with_what_to_add():
    text = "Ketamine for depression\n\nKetamine infusions relieve depression and suicidal thoughts.\n"
    view, findings = page(text, "offlabel.txt")
    assert [f.rule for f in findings] == ["disclosure.off-label", "disclosure.risk-information", "efficacy.suicide",
                                          "disclosure.crisis-resources"]
    root = parse(report_of(view))
    top = root.find_all("div", "must-add")[0]
    cards = top.find_all("details", "finding")
    assert [c.attrs["data-rule"] for c in cards] == ["disclosure.off-label", "disclosure.risk-information", "disclosure.crisis-resources"]
    crisis = linter.default_rules().get("disclosure.crisis-resources")
    assert cards[2].find_all("h4")[0].text == "Add one of these"
    assert [el.text for el in cards[2].find_all("span", "rewrite")] == list(crisis.suggestions)
    assert cards[2].find_all("q")[0].text == "suicidal thoughts"
    # only the claim's card stands in the prose; every trigger is still marked where it is
    assert [c.attrs["data-rule"] for c in root.find_all("div", "prose")[0].find_all("details")] == ["efficacy.suicide"]
    assert highlighted(root) == {"p1-f1": "Ketamine", "p1-f2": "relieve depression",
                                 "p1-f3": "relieve depression and suicidal thoughts", "p1-f4": "suicidal thoughts"}


def test_summary_counts_pages_findings_and_puts_the_worst_first(cli, tmp_path):
    result = cli("report", "seeds", "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 0, result.stderr
    root = parse((tmp_path / "r.html").read_text(encoding="utf-8"))
    checked = json.loads(cli("check", "seeds", "--format", "json").stdout)
    assert root.find_all(cls="total-findings")[0].text == str(len(checked))
    per_page: dict = {}
    for finding in checked:
        per_page.setdefault(finding["path"], []).append(finding["severity"])
    rows = root.find_all("table", "by-page")[0].find_all("tbody")[0].find_all("tr")
    shown = [row.attrs["data-page"] for row in rows]
    assert sorted(shown) == sorted(str(p.relative_to(ROOT)) for p in (ROOT / "seeds").iterdir())
    keys = [(-per_page.get(p, []).count("error"), -per_page.get(p, []).count("warning"), -per_page.get(p, []).count("info"), p) for p in shown]
    assert keys == sorted(keys)
    passing = [p for p in shown if not any(s in ("error", "warning") for s in per_page.get(p, []))]
    assert root.find_all(cls="total-passing")[0].text == str(len(passing))
    table = root.find_all("table", "by-category")[0]
    for row in table.find_all("tbody")[0].find_all("tr"):
        category = row.find_all("th")[0].text
        cells = [td.text for td in row.find_all("td")]
        expected = [sum(1 for f in checked if f["category"] == category and f["severity"] == s) for s in ("error", "warning", "info")]
        assert cells[:3] == [str(n) if n else "" for n in expected]
    assert [section.attrs["data-page"] for section in root.find_all("section", "page")] == shown


def test_the_report_names_the_version_and_the_packs_with_their_hash(tmp_path):
    view, _ = page("A miracle.", "a.txt")
    html = report_of(view)
    digest = hashlib.sha256((ROOT / "rules.toml").read_bytes()).hexdigest()
    assert f"claimlint {linter.__version__} · rule packs: <span class=\"packs\">bundled rules.toml sha256:{digest[:16]}</span>" in html
    assert "@media print" in html and "counter(pages)" in html


# -- safety of the file


HOSTILE = [
    '<script>window.pwned = 1</script> Ketamine is a miracle.',
    '"><img src=x onerror="window.pwned=1"> Ketamine is a miracle \' onmouseover=\'window.pwned=1.',
    "</textarea></style></script><!-- Ketamine is a miracle --> &lt;b&gt;",
]


@pytest.mark.parametrize("path", ["x.txt", "x.md", "x.html"])
def test_hostile_page_text_is_only_ever_text(path):
    text = "\n\n".join(f"<p>{line}</p>" if path == "x.html" else line for line in HOSTILE)
    view, findings = page(text, path)
    html = report_of(view)
    root = parse(html)
    scripts = root.find_all("script")
    assert [s.text for s in scripts] == [asset("review.js")]
    assert not [el.tag for el in root.iter() if el.tag in ("img", "iframe", "object", "embed", "textarea", "style") and el.parent.tag != "head"]
    for element in root.iter():
        assert not [name for name in element.attrs if name.startswith("on")], element.tag
    assert "window.pwned" not in asset("review.js")
    # the page's own words are all there, as text
    prose = root.find_all("div", "prose")[0].text
    if path != "x.html":
        assert "<script>window.pwned = 1</script>" in prose
        assert '"><img src=x onerror="window.pwned=1">' in prose


def test_a_hostile_file_name_is_escaped(tmp_path, cli):
    name = tmp_path / 'a"><img src=x onerror="window.pwned=1"><script>.txt'
    name.write_text("Ketamine is a miracle.", encoding="utf-8")
    out = tmp_path / "r.html"
    assert cli("report", str(name), "-o", str(out)).exit_code == 0
    root = parse(out.read_text(encoding="utf-8"))
    assert len(root.find_all("script")) == 1 and root.find_all("img") == []
    assert root.find_all("section", "page")[0].attrs["data-page"] == str(name)
    assert root.find_all("span", "path")[0].text == str(name)


def test_self_contained_no_reference_leaves_the_file(tmp_path, cli):
    out = tmp_path / "r.html"
    cli("report", "seeds", "examples/pages", "-o", str(out))
    root = parse(out.read_text(encoding="utf-8"))
    for element in root.iter():
        for name in ("href", "src", "action", "srcset", "poster", "data"):
            if name in element.attrs:
                assert element.attrs[name].startswith(("#", "data:")), (element.tag, name, element.attrs[name])
    policy = next(el.attrs["content"] for el in root.find_all("meta") if el.attrs.get("http-equiv") == "Content-Security-Policy")
    assert policy.startswith("default-src 'none';") and "connect-src 'none'" in policy
    assert "url(" not in asset("review.css") and "@import" not in asset("review.css")


def test_identical_input_gives_identical_bytes_and_stamp_asks_for_a_date(tmp_path, cli, monkeypatch):
    first, second = tmp_path / "1.html", tmp_path / "2.html"
    cli("report", "seeds", "-o", str(first))
    cli("report", "seeds", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert not re.search(rb"20\d\d-\d\d-\d\d", first.read_bytes())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    cli("report", "seeds", "--stamp", "-o", str(second))
    assert b'generated <time class="stamp">2026-01-01 00:00 UTC</time>' in second.read_bytes()


# -- the command


def test_report_uses_the_configuration_and_selection_like_check(tmp_path, cli):
    (tmp_path / ".claimlint.toml").write_text('ignore = ["hype"]\n', encoding="utf-8")
    (tmp_path / "page.txt").write_text("Ketamine is a miracle and safe and well-tolerated.\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert cli("report", str(tmp_path / "page.txt"), "-o", str(out)).exit_code == 0
    cards = parse(out.read_text(encoding="utf-8")).find_all("details", "finding")
    assert [c.attrs["data-rule"] for c in cards] == ["safety.well-tolerated"]
    cli("report", str(tmp_path / "page.txt"), "--no-config", "--select", "hype", "-o", str(out))
    cards = parse(out.read_text(encoding="utf-8")).find_all("details", "finding")
    assert [c.attrs["data-rule"] for c in cards] == ["hype.miracle"]


def test_bad_output_path_is_a_clear_error_and_writes_nothing(tmp_path, cli):
    result = cli("report", "seeds", "-o", str(tmp_path / "missing" / "r.html"))
    assert result.exit_code == 2
    assert "the folder" in result.stderr and "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "missing").exists()
    result = cli("report", "seeds", "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_a_broken_configuration_leaves_the_old_report_untouched(tmp_path, cli):
    out = tmp_path / "r.html"
    out.write_text("old report", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / ".claimlint.toml").write_text("ignor = ['hype']\n", encoding="utf-8")
    (tmp_path / "site" / "page.txt").write_text("A miracle.\n", encoding="utf-8")
    result = cli("report", str(tmp_path / "site"), "-o", str(out))
    assert result.exit_code == 2
    assert ".claimlint.toml" in result.stderr and "no report written" in result.stderr
    assert out.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "site"]  # no temporary file left


def test_an_unreadable_file_is_listed_and_exits_2_after_the_rest(tmp_path, cli):
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 miracle\n")
    (tmp_path / "good.txt").write_text("Ketamine is a miracle.\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = cli("report", str(tmp_path / "bad.txt"), str(tmp_path / "good.txt"), "-o", str(out))
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr and "UTF-8" in result.stderr
    root = parse(out.read_text(encoding="utf-8"))
    assert "bad.txt" in root.find_all("div", "input-errors")[0].text
    assert [s.attrs["data-page"] for s in root.find_all("section", "page")] == [str(tmp_path / "good.txt")]


def test_report_to_standard_output(cli):
    result = cli("report", "seeds/ketamine-landing.html", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.endswith("</html>\n")
    assert "Wrote standard output: 1 page, 7 findings, 1 failing." in result.stderr


def test_the_style_sheet_and_scripts_ship_in_the_wheel(tmp_path, monkeypatch):
    import zipfile

    build = pytest.importorskip("hatchling.build", reason="hatchling is in the test extra")
    monkeypatch.chdir(ROOT)
    with zipfile.ZipFile(tmp_path / build.build_wheel(str(tmp_path))) as archive:
        for name in ("review.css", "review.js", "serve.js"):
            assert archive.read(f"linter/review/{name}") == (ROOT / "linter" / "review" / name).read_bytes()
