"""HTML as published: visible text, title, meta and alt text; not code, hidden text or comments."""

from __future__ import annotations

from linter import lint_text


def findings(text, select=("hype", "safety")):
    return [(f.rule, f.line, f.column, f.end_column, f.text) for f in lint_text(text, path="page.html", select=select)]


def test_title_meta_social_cards_and_alt_text_are_prose():
    text = (
        "<html><head>\n"
        "<title>A miracle</title>\n"
        '<meta name="description" content="A wonder drug.">\n'
        '<meta property="og:title" content="A breakthrough">\n'
        '<meta name="keywords" content="miracle">\n'
        "</head><body>\n"
        '<img src="miracle.png" alt="A game-changer" data-x="miracle">\n'
        '<a href="/miracle" title="Not a miracle? A miracle.">x</a>\n'
        "</body></html>\n"
    )
    assert findings(text) == [
        ("hype.miracle", 2, 10, 17, "miracle"),
        ("hype.miracle", 3, 37, 48, "wonder drug"),
        ("hype.breakthrough", 4, 38, 50, "breakthrough"),
        ("hype.game-changer", 7, 31, 43, "game-changer"),
        ("hype.miracle", 8, 44, 51, "miracle"),
    ]


def test_scripts_styles_templates_code_hidden_text_and_comments_are_not_prose():
    text = (
        "<body>\n"
        "<script>var a = 'a miracle';</script>\n"
        "<style>.miracle{}</style>\n"
        "<template><p>a miracle</p></template>\n"
        "<code>a miracle</code>\n"
        "<p hidden>a miracle</p>\n"
        '<div aria-hidden="true"><span>a miracle</span></div>\n'
        "<!-- a miracle -->\n"
        "<p>Visible.</p>\n"
        "</body>\n"
    )
    assert findings(text) == []


def test_character_references_decode_with_source_positions():
    text = "<p>Safe &amp; well&#8209;tolerated &mdash; it&rsquo;s a miracle.</p>"
    assert findings(text) == [
        ("safety.well-tolerated", 1, 4, 35, "Safe &amp; well&#8209;tolerated"),
        ("hype.miracle", 1, 57, 64, "miracle"),
    ]


def test_inline_elements_keep_a_sentence_and_markup_stays_in_the_span():
    text = "<p>Ketamine is <strong>safe and\nwell-tolerated</strong>.</p>"
    assert findings(text, select=("safety",)) == [("safety.well-tolerated", 1, 24, 15, "safe and\nwell-tolerated")]


def test_block_elements_and_br_end_a_sentence():
    # "safe" ends one cell and "well-tolerated" starts the next: not one claim.
    text = "<table><tr><td>Is it safe</td><td>well tolerated?</td></tr></table><p>A<br>miracle</p>"
    result = findings(text, select=("safety", "hype"))
    assert [r[4] for r in result] == ["miracle"]


def test_document_rule_reads_the_footer_but_not_a_comment_or_a_script():
    claim = "<p>Ketamine infusions for anxiety.</p>"
    footer = "<footer><p>Ketamine's use for anxiety is off-label.</p></footer>"
    assert findings(claim + footer, select=("disclosure.off-label",)) == []
    hidden = "<!-- Ketamine's use for anxiety is off-label. --><script>/* off-label */</script>"
    assert [r[0] for r in findings(claim + hidden, select=("disclosure.off-label",))] == ["disclosure.off-label"]


def test_unclosed_and_stray_tags_do_not_lose_text():
    text = "<div><p>one <b>a miracle</div></i><p>two a miracle"
    assert [r[4] for r in findings(text)] == ["miracle", "miracle"]


def test_crlf_html_gives_the_lines_an_editor_shows():
    text = "<html>\r\n<body>\r\n<p>Ketamine is safe and\r\nwell-tolerated.</p>\r\n</body></html>\r\n"
    assert findings(text, select=("safety",)) == [("safety.well-tolerated", 3, 16, 15, "safe and\r\nwell-tolerated")]
