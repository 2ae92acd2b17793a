"""Markdown as its readers see it, with findings on the exact source characters."""

from __future__ import annotations

import pytest

from linter import lint_text


def findings(text, select=("hype", "safety")):
    return [(f.rule, f.line, f.column, f.end_line, f.end_column, f.text) for f in lint_text(text, path="page.md", select=select)]


def test_claim_through_emphasis_and_a_wrapped_line():
    text = "Ketamine is **safe and\nwell-tolerated** for many.\n"
    assert findings(text) == [("safety.well-tolerated", 1, 15, 2, 15, "safe and\nwell-tolerated")]


def test_link_text_is_prose_and_its_url_is_not():
    text = "Read about [our miracle](https://example.com/miracle-cure \"a miracle\") today.\n"
    assert findings(text) == [("hype.miracle", 1, 17, 1, 24, "miracle")]


def test_image_alt_text_is_prose():
    assert findings("![A wonder drug in a vial](img/wonder-drug.png)\n") == [("hype.miracle", 1, 5, 1, 16, "wonder drug")]


def test_list_items_block_quotes_and_headings():
    text = "# A breakthrough\n\n- first\n- a game-changer\n\n> a miracle\n"
    assert findings(text) == [
        ("hype.breakthrough", 1, 5, 1, 17, "breakthrough"),
        ("hype.game-changer", 4, 5, 4, 17, "game-changer"),
        ("hype.miracle", 6, 5, 6, 12, "miracle"),
    ]


def test_table_cells():
    text = "| Claim | Note |\n|---|---|\n| ok | a miracle |\n"
    assert findings(text) == [("hype.miracle", 3, 10, 3, 17, "miracle")]


def test_crlf_file_gives_the_same_positions():
    text = "# Title\r\n\r\nKetamine is *safe and\r\nwell-tolerated*.\r\n"
    assert findings(text) == [("safety.well-tolerated", 3, 14, 4, 15, "safe and\r\nwell-tolerated")]


def test_character_references_are_decoded_but_positions_stay_on_the_source():
    text = "Safe &amp; well-tolerated &mdash; a miracle.\n"
    result = findings(text)
    assert ("hype.miracle", 1, 37, 1, 44, "miracle") in result
    assert ("safety.well-tolerated", 1, 1, 1, 26, "Safe &amp; well-tolerated") in result


def test_code_urls_comments_and_raw_html_attributes_are_not_prose():
    text = (
        "Inline `a miracle` code.\n\n"
        "```\nfenced: a miracle\n```\n\n"
        "    indented: a miracle\n\n"
        "<https://example.com/a-miracle>\n\n"
        "<!-- a miracle in a comment -->\n\n"
        'Text <span data-x="a miracle">plain</span>.\n'
    )
    assert findings(text) == []


def test_visible_text_of_an_html_block_is_prose_and_its_attributes_are_not():
    assert findings('<div class="note" title="a miracle">A miracle.</div>\n') == [("hype.miracle", 1, 39, 1, 46, "miracle")]


def test_front_matter_title_and_description_are_linted_and_the_rest_is_not():
    text = (
        "---\n"
        'title: "A breakthrough for anxiety"\n'
        "description: >\n"
        "  Safe and\n"
        "  well-tolerated infusions.\n"
        "tags: [miracle]\n"
        "---\n\n"
        "Body.\n"
    )
    assert findings(text) == [
        ("hype.breakthrough", 2, 11, 2, 23, "breakthrough"),
        ("safety.well-tolerated", 4, 3, 5, 17, "Safe and\n  well-tolerated"),
    ]


def test_toml_front_matter():
    text = '+++\ntitle = "A miracle"\ndraft = "a miracle"\n+++\n\nBody.\n'
    assert findings(text) == [("hype.miracle", 2, 12, 2, 19, "miracle")]


def test_emoji_before_a_finding_in_markdown():
    assert findings("😀 *a miracle*\n") == [("hype.miracle", 1, 6, 1, 13, "miracle")]


def test_mdx_imports_and_jsx_are_not_flagged_but_prose_is():
    text = (
        "import Hero from '../components/Hero'\n\n"
        '<Hero title="a miracle" />\n\n'
        "Our infusions are a game-changer.\n"
    )
    result = [(f.rule, f.line) for f in lint_text(text, path="page.mdx", select=["hype"])]
    assert result == [("hype.game-changer", 5)]


def test_mdx_esm_blocks_and_expressions_are_code_not_prose():
    text = (
        "export const meta = {\n  title: 'A miracle cure',\n}\n\n"
        "Our infusions are {props.word} a game-changer {/* not { a } miracle */}.\n\n"
        "{show ? 'Ketamine is a miracle' : ''}\n\n"
        "```js\nconst x = {a: 'miracle'}\n```\n\n"
        "A `{literal}` brace, and a miracle.\n"
    )
    result = [(f.rule, f.line, f.column, f.text) for f in lint_text(text, path="page.mdx", select=["hype"])]
    assert result == [("hype.game-changer", 5, 34, "game-changer"), ("hype.miracle", 13, 28, "miracle")]


def test_a_paragraph_reads_by_its_own_pages_link_references():
    """Inline tokens are cached by paragraph text and the page's references: the same
    words are a link on a page that defines [1] and literal brackets on one that does not."""
    from linter.extract import extract

    linked = extract("[miracle cure][1] here.\n\n[1]: https://example.com/a\n", "markdown")
    plain = extract("[miracle cure][1] here.\n", "markdown")
    relinked = extract("[miracle cure][1] here.\n\n[1]: https://example.com/b\n", "markdown")
    assert [s.text for s in linked.segments] == ["miracle cure here."]
    assert [s.text for s in plain.segments] == ["[miracle cure][1] here."]
    assert [s.text for s in relinked.segments] == ["miracle cure here."]


def test_a_cached_paragraph_is_placed_where_it_now_stands():
    claim = "Ketamine is a *game-changer* and a [miracle](https://x.test).\n"
    first = [(f.line, f.column, f.text) for f in lint_text("Intro.\n\n" + claim, path="a.md")]
    moved = [(f.line, f.column, f.text) for f in lint_text("A longer\nintro.\n\n  " + claim, path="a.md")]
    assert first == [(3, 16, "game-changer"), (3, 37, "miracle")]
    assert moved == [(4, 18, "game-changer"), (4, 39, "miracle")]


def placed(segment):
    """Where each run of a segment was read from, however the segment was built."""
    return [(run.text_start, segment.shift + run.source_start, run.text_length, run.source_length) for run in segment.runs]


def test_cached_inline_tokens_give_the_extraction_of_a_cold_parse():
    from linter.extract import extract, markdown

    from .conftest import ROOT

    folders = ["seeds", "examples", "tests/corpus", "tests/holdout"]
    pages = [path.read_text(encoding="utf-8") for folder in folders for path in sorted((ROOT / folder).glob("**/*.md"))]
    pages.append((ROOT / "README.md").read_text(encoding="utf-8"))
    pages.append("[a *miracle*][1] and `code`.\n\n[1]: https://example.com\n\n[a *miracle*][1] again.\n")

    def segments(text):
        return [(s.text, s.breaks, placed(s)) for s in extract(text, "markdown").segments]

    warm = [segments(text) for text in pages + pages]
    cold = []
    for text in pages + pages:
        markdown._inline_tokens.clear()
        cold.append(segments(text))
    assert warm == cold
    assert sum(len(page) for page in warm) > 200  # the comparison saw real prose


BLOCKS = [
    "# Ketamine heading", "Ketamine is safe and a *miracle*.", "- item one\n- item [two][r]", "1. first\n2. second",
    "- item\n\n  continued miracle", "- item\n\nnot continued", "```\ncode\n\ndef miracle():\n```", "```\nnever closed\n\nmiracle",
    "~~~~\ntilde\n\n~~~\nstill code\n~~~~", "- ```\n  code\n\nafter the list", "<!--\n\nhidden miracle\n-->", "<!-- claimlint-disable -->",
    "<div>\nA miracle in a div\n</div>", "<pre>\n\nx miracle\n</pre>", "> quoted miracle\nlazy line", "> quote\n\n> another",
    "    indented code miracle", "[r]: https://example.com/r", "[r]: https://example.com/other", "[miracle][r] here",
    "| a | b |\n|---|---|\n| miracle | x |", "Title miracle\n=====", "---", "2024 was great.", "```", "``` not `a fence`",
    "+ plus item", "* star item", "  two-space paragraph", "\tTabbed", "A line\nwrapped here", "&amp; entity `code` text",
]


def test_reused_block_tokens_give_the_extraction_of_a_whole_parse():
    """The editor's path (pieces reused across edits) must extract exactly what one parse of the page does."""
    import random

    from linter.extract import extract, markdown

    from .test_memo import edited

    def result(text, editing):
        extraction = extract(text, "markdown", editing=editing)
        return [(s.text, s.breaks, placed(s)) for s in extraction.segments], extraction.comments

    rng = random.Random(5)
    markdown._block_tokens.clear()
    markdown._extractions.clear()
    compared = 0
    for _ in range(150):
        blocks = [rng.choice(BLOCKS) for _ in range(rng.randint(1, 12))]
        for _ in range(6):  # a page, then edits to it, each linted the editor's way with what earlier ones left
            text = "".join(block + rng.choice(["\n\n", "\n", "\n\n\n", "\n \n"]) for block in blocks)
            if rng.random() < 0.2:
                text = "---\ntitle: A miracle\n---\n" + text
            editor = result(text, True)
            markdown._inline_tokens.clear()
            assert editor == result(text, False), text
            compared += len(editor[0])
            blocks = edited(rng, blocks, BLOCKS, typed=(" more", "\n", "`", "\n\n```", "!"))
    assert compared > 1000


def test_a_piece_read_as_front_matter_is_not_reused_for_the_same_text_further_down():
    from linter.extract import extract

    front = "---\ntitle: A miracle cure\n---\n\nBody text.\n"
    below = "Intro.\n\n" + front
    for text in (front, below, front):
        editor = [(s.text, placed(s)) for s in extract(text, "markdown", editing=True).segments]
        assert editor == [(s.text, placed(s)) for s in extract(text, "markdown").segments]
    assert [s.text for s in extract(below, "markdown", editing=True).segments] == ["Intro.", "title: A miracle cure", "Body text."]


@pytest.mark.parametrize("depth", [10, 60, 190])
def test_copy_after_a_deeply_nested_outline_is_still_read(depth):
    """markdown-it's own limit (ten nested lists) dropped the rest of the page, which renderers show."""
    text = "\n".join("  " * level + f"- level {level}" for level in range(depth)) + "\n\nKetamine is a miracle.\n"
    assert [(f.rule, f.line) for f in lint_text(text, path="a.md", select=["hype"])] == [("hype.miracle", depth + 2)]
