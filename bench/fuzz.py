"""A long fuzz run of the whole pipeline, started by hand (the test suite runs a short one).

    python bench/fuzz.py                 # 20,000 generated documents
    python bench/fuzz.py --examples 200000

Hypothesis generates text, Markdown and HTML with arbitrary Unicode (lone
surrogates, NUL, U+2028), mixed line endings and markup fragments, and checks
that linting and fixing never raise, that every finding's span lies inside the
document and holds its ``text``, that columns agree between code points, UTF-16
and UTF-8, and that fixing is idempotent. Prints how many inputs were tried.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from linter import lint_text  # noqa: E402
from linter.document import Document  # noqa: E402
from linter.fixer import fix_text  # noqa: E402

FRAGMENTS = [
    "A miracle.", "It is a revolutionary treatment.", "safe and\nwell-tolerated", "Ketamine relieves anxiety within hours.",
    "<!-- claimlint-disable-next-line -->\n", "---\ntitle: a game-changer\n---\n", "**", "`code`", "[a](http://x)", "&amp;", "<p>", "</div>",
    "\r\n", "\r", "\u2028", "\ud800", "\0", "😀",
]
tried = 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=20_000)
    args = parser.parse_args()

    @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.text(max_size=40) | st.sampled_from(FRAGMENTS), max_size=16), st.sampled_from(["a.txt", "a.md", "a.html"]))
    def check(parts, path):
        global tried
        tried += 1
        text = "".join(parts)
        findings = lint_text(text, path=path)
        document = Document(text, path)
        for finding in findings:
            assert 0 <= finding.start <= finding.end <= len(text) and text[finding.start:finding.end] == finding.text
            for encoding in ("utf-32", "utf-16", "utf-8"):
                assert document.offset_at(finding.line - 1, document.column_in(finding.start, encoding), encoding) == finding.start
        lint = lambda t: lint_text(t, path=path)  # noqa: E731
        once = fix_text(text, lint, unsafe=True).text
        assert fix_text(once, lint, unsafe=True).text == once

    check()
    print(f"{tried} generated documents linted and fixed without a failure")


if __name__ == "__main__":
    main()
