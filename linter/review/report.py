"""``claimlint report``: one self-contained HTML file for the people who sign off copy.

The file carries its own style sheet and script (no network, no font, no
external anything; a Content-Security-Policy forbids every other source), is
the same byte for byte for the same input (the date appears only with
``--stamp``; otherwise the print header shows the date it is printed on), and
is written atomically: a temporary file beside the target, renamed over it.
"""

from __future__ import annotations

import base64
import hashlib
import os
from html import escape
from pathlib import Path

from .. import __version__
from ..findings import SEVERITIES
from ..loader import default_pack_path
from ..rules import CATEGORIES, Ruleset
from .view import PageReview, render_page

ASSETS = Path(__file__).parent


def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def pack_label(source: str) -> str:
    """A pack's name as the report shows it: the bundled pack by name, others as given."""
    try:
        if Path(source).resolve() == default_pack_path().resolve():
            return "bundled rules.toml"
    except OSError:
        pass
    return os.path.relpath(source) if not os.path.isabs(source) else Path(source).name


def packs(rulesets: list[Ruleset]) -> list[tuple[str, str]]:
    """(name, sha256 of its bytes) of every rule pack used, in first-use order."""
    seen: dict[str, tuple[str, str]] = {}
    for ruleset in rulesets:
        for source in ruleset.sources:
            key = str(source)
            if key in seen:
                continue
            try:
                digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()
            except OSError:
                digest = "unreadable"
            seen[key] = (pack_label(key), digest)
    return list(seen.values())


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal: anything but plain characters as a hex escape."""
    return '"' + "".join(ch if ch.isalnum() or ch in " .,:;_-+/()" else f"\\{ord(ch):x} " for ch in text) + '"'


def csp(scripts: list[str], connect: bool = False) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    connect_src = "'self'" if connect else "'none'"
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {hashes}; "
            f"connect-src {connect_src}; base-uri 'none'; form-action 'none'")


def document_html(title: str, body: str, scripts: list[str], print_line: str, connect: bool = False) -> str:
    """A whole HTML document around ``body`` with the shared style sheet and ``scripts`` inline."""
    style = asset("review.css").replace("/*PRINT-LINE*/", _css_string(print_line))
    script_tags = "".join(f"<script>{script}</script>" for script in scripts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp(scripts, connect))}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="claimlint">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}\n{script_tags}\n</body>\n</html>\n"
    )


def build_report(pages: list[PageReview], rulesets: list[Ruleset], errors: list[str] = (), stamp: str | None = None) -> str:
    """The report's HTML for ``pages`` (in any order: the worst are shown first)."""
    ordered = sorted(pages, key=PageReview.worst_key)
    ids = {id(page): f"p{number + 1}" for number, page in enumerate(ordered)}
    used = packs(rulesets)
    pack_text = "; ".join(f"{name} sha256:{digest[:16]}" for name, digest in used) or "no rule pack"
    total = sum(len(page.findings) for page in pages)
    passing = sum(1 for page in pages if page.passes)
    counts = {(category, severity): 0 for category in CATEGORIES for severity in SEVERITIES}
    extra_categories: list[str] = []
    for page in pages:
        for finding in page.findings:
            if finding.category not in CATEGORIES and finding.category not in extra_categories:
                extra_categories.append(finding.category)
            counts[(finding.category, finding.severity)] = counts.get((finding.category, finding.severity), 0) + 1
    categories = list(CATEGORIES) + sorted(extra_categories)
    severities = list(reversed(SEVERITIES))

    head = [
        '<header class="report-head">',
        "<h1>claimlint review</h1>",
        '<p class="meta">'
        f'claimlint {escape(__version__)} · rule packs: <span class="packs">{escape(pack_text)}</span>'
        + (f' · generated <time class="stamp">{escape(stamp)}</time>' if stamp else "")
        + '<span class="printed-on"></span></p>',
        f'<p class="totals"><strong>{len(pages)}</strong> page{"s" if len(pages) != 1 else ""} · '
        f'<strong class="total-findings">{total}</strong> finding{"s" if total != 1 else ""} · '
        f'<strong class="total-passing">{passing}</strong> pass{"es" if passing == 1 else ""}</p>',
        "</header>",
    ]
    if errors:
        head.append('<div class="input-errors"><h2>Could not be read</h2><ul>'
                    + "".join(f"<li>{escape(error)}</li>" for error in errors) + "</ul></div>")
    # the summary: category x severity, and pages worst first
    rows = []
    for category in categories:
        cells = "".join(f'<td class="n sev-{severity}">{counts.get((category, severity), 0) or ""}</td>' for severity in severities)
        row_total = sum(counts.get((category, severity), 0) for severity in severities)
        rows.append(f'<tr><th scope="row">{escape(category)}</th>{cells}<td class="n">{row_total or ""}</td></tr>')
    totals = "".join(f'<td class="n">{sum(counts.get((c, s), 0) for c in categories)}</td>' for s in severities)
    summary = [
        '<section class="summary"><h2>Summary</h2><div class="tables">',
        '<table class="by-category"><caption>Findings by category and severity</caption><thead><tr><th></th>'
        + "".join(f'<th scope="col">{severity}</th>' for severity in severities)
        + '<th scope="col">all</th></tr></thead><tbody>' + "".join(rows)
        + f'</tbody><tfoot><tr><th scope="row">all</th>{totals}<td class="n">{total}</td></tr></tfoot></table>',
        '<table class="by-page"><caption>Pages, worst first</caption><thead><tr><th scope="col">page</th><th scope="col">verdict</th>'
        + "".join(f'<th scope="col">{severity}</th>' for severity in severities)
        + '<th scope="col">must add</th></tr></thead><tbody>',
    ]
    for page in ordered:
        page_counts = page.counts
        verdict = "passes" if page.passes else "fails"
        missing = sum(1 for finding in page.findings if finding.category == "disclosure")
        summary.append(
            f'<tr data-page="{escape(page.path)}"><td><a href="#{ids[id(page)]}">{escape(page.path)}</a></td>'
            f'<td class="verdict {verdict}">{verdict}</td>'
            + "".join(f'<td class="n">{page_counts[severity] or ""}</td>' for severity in severities)
            + f'<td class="n">{missing or ""}</td></tr>'
        )
    summary.append("</tbody></table></div></section>")

    filters = [
        '<form class="filters" aria-label="Filters"><fieldset><legend>Category</legend>',
        *(f'<label><input type="checkbox" name="category" value="{escape(category)}" checked> {escape(category)}</label>'
          for category in categories if any(counts.get((category, s), 0) for s in severities)),
        '</fieldset><fieldset><legend>Severity</legend>',
        *(f'<label><input type="checkbox" name="severity" value="{severity}" checked> {severity}</label>' for severity in severities),
        '</fieldset><fieldset><legend>Page</legend><select name="page"><option value="">all pages</option>',
        *(f'<option value="{ids[id(page)]}">{escape(page.path)}</option>' for page in ordered),
        '</select> <label><input type="checkbox" name="failing"> failing pages only</label></fieldset>',
        '<fieldset><legend>Findings</legend><button type="button" class="expand-all">Open all</button> '
        '<button type="button" class="collapse-all">Close all</button> <output class="shown"></output></fieldset></form>',
    ]
    body = "\n".join(head + summary + filters + ['<main class="pages">'] + [render_page(page, ids[id(page)]) for page in ordered] + ["</main>"])
    print_line = f"claimlint {__version__} · {pack_text}" + (f" · {stamp}" if stamp else "")
    return document_html("claimlint review", body, [asset("review.js")], print_line)
