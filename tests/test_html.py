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
        "<!-- a miracle -->\n"
        "<p>Visible.</p>\n"
        "</body>\n"
    )
    assert findings(text) == []


def test_what_a_sighted_reader_sees_is_prose_each_element_decided():
    # aria-hidden hides from screen readers only; noscript shows with scripts off; an
    # option, a textarea's default text, a placeholder, a button's label and svg <text>
    # are drawn on the page.
    text = (
        "<body>\n"
        '<div aria-hidden="true"><span>A miracle.</span></div>\n'
        "<noscript><p>A breakthrough.</p></noscript>\n"
        '<select><option>A game-changer</option><option value="miracle">Other</option></select>\n'
        '<textarea name="q">A miracle</textarea>\n'
        '<input type="text" placeholder="A breakthrough">'
        '<input type="submit" value="Get a miracle">\n'
        '<svg><text x="0">A <tspan>game-changer</tspan></text></svg>\n'
        "</body>\n"
    )
    assert findings(text, select=("hype",)) == [
        ("hype.miracle", 2, 33, 40, "miracle"),
        ("hype.breakthrough", 3, 16, 28, "breakthrough"),
        ("hype.game-changer", 4, 19, 31, "game-changer"),
        ("hype.miracle", 5, 22, 29, "miracle"),
        ("hype.breakthrough", 6, 35, 47, "breakthrough"),
        ("hype.miracle", 6, 83, 90, "miracle"),
        ("hype.game-changer", 7, 27, 39, "game-changer"),
    ]


def test_what_no_reader_sees_is_not_prose_each_element_decided():
    # An option's value, a hidden input, svg shapes, title and desc, MathML, iframe
    # fallback and a hidden parent of svg text are not drawn as words.
    text = (
        "<body>\n"
        '<select><option value="a miracle">Other</option></select>\n'
        '<input type="hidden" value="a miracle"><input type="text" value="a miracle">\n'
        "<svg><title>a miracle</title><desc>a miracle</desc><g>a miracle</g></svg>\n"
        "<p hidden><svg><text>a miracle</text></svg></p>\n"
        "<math><mi>a miracle</mi></math><iframe>a miracle</iframe>\n"
        "</body>\n"
    )
    assert findings(text) == []


def test_an_html_block_in_markdown_follows_the_same_decisions_without_attributes():
    text = (
        '<div aria-hidden="true">A miracle.</div>\n\n'
        "<noscript>A breakthrough.</noscript>\n\n"
        '<input placeholder="A game-changer">\n'
    )
    result = [(f.rule, f.line, f.column) for f in lint_text(text, path="page.md", select=["hype"])]
    assert result == [("hype.miracle", 1, 27), ("hype.breakthrough", 3, 13)]


def test_svg_text_elements_are_separate_sentences():
    text = "<svg><text>Is it safe</text><text>well tolerated?</text></svg>"
    assert findings(text, select=("safety",)) == []


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
