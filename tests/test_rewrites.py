"""Rewrites and messages fit the page they are shown on, and every edit leaves the copy whole.

Pages of seven fields (``tests/rewrites/``) and every rule's ``flag`` examples are linted;
no suggestion or message may name a product, condition or side effect the page does not
concern, and "off-label" is said only of an approved drug promoted off-label. Then every
quick fix the language server offers, and ``--fix`` / ``--unsafe-fixes``, is applied: the
result has no doubled word, a/an right, as many sentences and paragraphs as before, and the
finding is gone (or only a lesser one of its rule is left).
"""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
import pytest_lsp
from click.testing import CliRunner
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from linter import lint_text
from linter.api import default_rules
from linter.cli import explanation, main
from linter.document import Document
from linter.extract import extract, format_for
from linter.findings import severity_rank
from linter.fixer import article_for, fix_text, polish
from linter.sentences import split

PAGES = sorted((Path(__file__).parent / "rewrites").iterdir())
LANGUAGE = {".md": "markdown", ".txt": "plaintext", ".html": "html"}

#: Words a rewrite or message must not bring to a page that does not concern them.
PRODUCTS = [
    "ketamine", "esketamine", "Spravato", "TMS", "transcranial", "NAD", "semaglutide", "tirzepatide", "Ozempic",
    "Wegovy", "Mounjaro", "Zepbound", "GLP-1", "stem cell", "exosome", "psilocybin", "ashwagandha", "infusion",
    "drip", "troche", "anesthetic", "anaesthetic", "anesthesiology", "anesthesiologist", "PHQ-9", "antidepressant",
]
CONDITIONS = [
    "depression", "depressive", "anxiety", "PTSD", "OCD", "pain", "arthritis", "obesity", "diabetes", "insomnia",
    "stress", "migraine", "suicid", "weight", "cartilage", "trauma",
]
SIDE_EFFECTS = [
    "dissociation", "dissociative", "nausea", "blood pressure", "drowsiness", "dizziness", "bladder", "sedat",
    "headache", "Schedule III",
]
#: Said only of an approved drug promoted off-label (the ``offlabel`` kind of product).
OFFLABEL_ONLY = ["off-label", "controlled substance"]


def _names(word: str, text: str) -> bool:
    """Whether ``text`` names ``word`` (as a word's start; hyphen and space alike)."""
    pattern = r"(?<![\w])" + re.escape(word).replace(r"\-", "[- ]").replace(r"\ ", "[- ]")
    return re.search(pattern, text, re.IGNORECASE) is not None


def _without_label(message: str, rule: str) -> str:
    """An approval rule's message ends with the label of the very product the claim names
    (its ``detail``, tested in test_kinds): that is knowledge about this product, not a template."""
    return message.split(". ", 1)[0] if rule == "regulatory.fda-approved" else message


def _offlabel_product_on(text: str) -> bool:
    finder = default_rules().products
    return any(mention.kind == "offlabel" for mention in finder.mentions(text))


def _examples():
    for rule in default_rules().rules:
        for number, example in enumerate(rule.examples.flag):
            yield pytest.param(example, "example.txt", id=f"{rule.id}-{number}")


def _pages():
    for page in PAGES:
        yield pytest.param(page.read_text(encoding="utf-8"), page.name, id=page.name)


@pytest.mark.parametrize("text, name", [*_pages(), *_examples()])
def test_rewrites_and_messages_name_only_what_the_page_concerns(text, name):
    findings = lint_text(text, path=name)
    offlabel = _offlabel_product_on(text)
    for finding in findings:
        for said in [_without_label(finding.message, finding.rule), *finding.suggestions]:
            for word in PRODUCTS + CONDITIONS + SIDE_EFFECTS:
                assert not _names(word, said) or _names(word, text), (finding.rule, word, said)
            for word in OFFLABEL_ONLY:
                assert offlabel or not _names(word, said) or _names(word, text), (finding.rule, word, said)


def test_the_pages_cover_seven_fields_and_each_gets_its_own_products_name():
    texts = {page.name: page.read_text(encoding="utf-8") for page in PAGES}
    assert sorted(texts) == ["esketamine.md", "glp1.md", "ketamine.md", "nad.txt", "stem-cells.html",
                             "supplements.md", "tms.md"]
    (tms,) = [f for f in lint_text(texts["tms.md"], path="tms.md") if f.rule == "safety.no-side-effects"]
    assert tms.message == "“side-effect free” denies or minimises the risks of TMS: every treatment carries some."
    assert tms.suggestions == (
        "TMS can cause side effects, as any treatment can; we explain them before you start and check on you afterwards.",
        "Side effects of TMS are possible, and we tell you which ones to watch for.",
    )


def test_advice_differs_by_kind_of_product():
    """regulatory.fda-approved: off-label wording for ketamine only; 'no approval at all' for an
    unapproved product; a label to check for an approved drug."""
    said = {}
    for text in ("Ketamine is approved for depression and anxiety.", "Our NAD+ drips are FDA-approved.",
                 "Ozempic is FDA-approved for weight loss."):
        (finding,) = [f for f in lint_text(text) if f.rule == "regulatory.fda-approved"]
        said[text.split()[0]] = finding.suggestions
    assert said["Ketamine"] == (
        "The FDA has approved ketamine for other uses; using it for depression is off-label, which means the FDA "
        "has not approved that use.",
        "The FDA has approved ketamine for other uses; using it here is off-label, which means the FDA has not "
        "approved that use.")
    assert said["Our"] == ("The FDA has not approved NAD+ drips for any use; the evidence is limited.",)
    assert said["Ozempic"] == ("The FDA has approved Ozempic for the uses listed in the prescribing information; "
                               "ask us whether your use is one of them.",)


def test_the_controlled_substance_message_is_for_ketamine_only():
    (glp1,) = [f for f in lint_text("Our semaglutide shots are not habit-forming.") if f.rule == "safety.non-addictive"]
    (ketamine,) = [f for f in lint_text("Unlike opioids, ketamine is non-addictive.") if f.rule == "safety.non-addictive"]
    assert "controlled" not in glp1.message + " ".join(glp1.suggestions)
    assert ketamine.message == "“non-addictive” denies the known potential for misuse of a controlled substance (ketamine)."


def test_a_quoted_story_in_a_message_keeps_one_pair_of_quotation_marks():
    (story,) = [f for f in lint_text("“After my first drip I felt like myself again.”") if f.rule == "testimonial.patient-story"]
    assert story.text.endswith("again.”")
    assert story.message == ("“my first drip I felt like myself again.” is a patient story presented without saying "
                             "results are not typical.")


# --------------------------------------------------------------------------- edits leave the copy whole

_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
_ARTICLE = re.compile(r"\b(a|an)\s+([\w'’-]+)", re.IGNORECASE)


def _shape(text: str, name: str) -> tuple[int, int]:
    """(paragraphs, sentences) of the page's prose, as claimlint reads it."""
    segments = extract(text, format_for(name)).segments
    return len(segments), sum(len(split(segment)) for segment in segments)


def _wrong_articles(text: str) -> Counter:
    return Counter(m.group(0).lower() for m in _ARTICLE.finditer(text) if article_for(m.group(2)) != m.group(1).lower())


def _doubled(text: str) -> Counter:
    return Counter(m.group(0).lower() for m in _DOUBLED.finditer(text))


def assert_whole(before: str, after: str, name: str, what: object) -> None:
    assert not _doubled(after) - _doubled(before), (what, after)
    assert not _wrong_articles(after) - _wrong_articles(before), (what, after)
    assert _shape(after, name) == _shape(before, name), (what, after)


def assert_gone(finding, after: str, name: str, span: tuple[int, int], what: object) -> None:
    """No finding of ``finding``'s rule as severe as it is left at ``span`` of ``after``."""
    for other in lint_text(after, path=name):
        if other.rule == finding.rule and other.start < span[1] and span[0] < other.end:
            assert severity_rank(other.severity) < severity_rank(finding.severity), (what, other.text, after)


def _where_now(finding, edits: list[tuple[int, int, str]]) -> tuple[int, int]:
    """The finding's span after ``edits`` (source offsets, in order): the new text where an edit
    covers it, else moved by the edits before it."""
    shift = 0
    for start, end, new in edits:
        overlaps = start < finding.end and finding.start < end
        if overlaps or (start == end and finding.start <= start < finding.end):
            return start + shift, start + shift + len(new)
        if end <= finding.start:
            shift += len(new) - (end - start)
    return finding.start + shift, finding.end + shift


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_fix_alone_leaves_the_copy_whole_and_the_finding_gone(page):
    text = page.read_text(encoding="utf-8")
    fixable = [f for f in lint_text(text, path=page.name) if f.fix is not None]
    for finding in fixable:
        edit = polish(text, finding)
        after = text[:edit.start] + edit.replacement + text[edit.end:]
        assert_whole(text, after, page.name, finding.rule)
        assert_gone(finding, after, page.name, (edit.start, edit.start + len(edit.replacement)), finding.rule)


@pytest.mark.parametrize("unsafe", [False, True], ids=["fix", "unsafe-fixes"])
@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_fix_and_unsafe_fixes_leave_the_pages_whole(page, unsafe, tmp_path):
    text = page.read_text(encoding="utf-8")
    result = fix_text(text, lambda current: lint_text(current, path=page.name), unsafe=unsafe)
    assert_whole(text, result.text, page.name, "fix_text")
    copy = tmp_path / page.name
    shutil.copy(page, copy)
    flags = ["--fix", "--unsafe-fixes"] if unsafe else ["--fix"]
    outcome = CliRunner().invoke(main, ["check", "--no-config", *flags, str(copy)])
    assert outcome.exit_code == 1, outcome.output  # findings without a fix remain on every page
    assert copy.read_text(encoding="utf-8") == result.text
    assert (result.text != text) == bool(result.applied)


# --------------------------------------------------------------------------- the editor's quick fixes


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "linter", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path):
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=t.ClientCapabilities(), root_uri=tmp_path.as_uri(), initialization_options={"debounceMs": 10}))
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


async def test_every_quick_fix_the_editor_offers_leaves_the_copy_whole_and_the_finding_gone(client):
    offered = Counter()
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        uri = (client.root / page.name).as_uri()
        client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=t.TextDocumentItem(
            uri=uri, language_id=LANGUAGE[page.suffix], version=1, text=text)))
        await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        document = Document(text, page.name)
        findings = lint_text(text, path=page.name)
        for finding in findings:
            start, end = document.position(finding.start), document.position(finding.end)
            where = t.Range(start=t.Position(line=start.line - 1, character=start.column - 1),
                            end=t.Position(line=end.line - 1, character=end.column - 1))
            actions = await client.text_document_code_action_async(t.CodeActionParams(
                text_document=t.TextDocumentIdentifier(uri=uri), range=where,
                context=t.CodeActionContext(diagnostics=[], only=[t.CodeActionKind.QuickFix])))
            for action in actions:
                if not any(d.code == finding.rule and d.range == where for d in action.diagnostics or ()):
                    continue  # another finding's action at this place
                edits = sorted((document.offset_at(e.range.start.line, e.range.start.character, "utf-16"),
                                document.offset_at(e.range.end.line, e.range.end.character, "utf-16"), e.new_text)
                               for e in action.edit.changes[uri])
                after, position = [], 0
                for edit_start, edit_end, new in edits:
                    after += [text[position:edit_start], new]
                    position = edit_end
                after = "".join(after + [text[position:]])
                assert_whole(text, after, page.name, action.title)
                assert_gone(finding, after, page.name, _where_now(finding, edits), action.title)
                title = action.title
                offered["sentence" if title.startswith("claimlint: rewrite the sentence") else title.split()[1]] += 1
    # rewrites of words, of whole sentences, and the disable action were all tried
    assert offered["rewrite"] and offered["sentence"] and offered["disable"], offered


def test_explain_shows_the_templates_and_which_kind_each_variant_is_for():
    rule = default_rules().get("safety.non-addictive")
    text = explanation(rule)
    start = text.index("## Use instead")
    end = text.index("\n## ", start + 1)
    assert text[start:end] == "\n".join([
        "## Use instead",
        "Rewrites are templates: {product} is the product as the page writes it, {condition} the condition the "
        "sentence names.",
        "- Ask your clinician about any risk of dependence with {product}; we screen for a history of substance use "
        "before treatment.",
        "",
        "For an approved drug promoted for a use it is not approved for (offlabel):",
        "- As a controlled substance, {product} can be misused; every dose is given under supervision in our clinic.",
        "- We screen for a history of substance use before treatment with {product}.",
        "",
        "Message for an approved drug promoted for a use it is not approved for (offlabel): “{match}” denies the "
        "known potential for misuse of a controlled substance ({product}).",
        "",
    ])
