"""What ``check`` prints and where: the text format fitting its width, the
display options, and messages that say what actually happened."""

from __future__ import annotations

import pytest

LONG = (
    "Our compassionate team has decades of experience, and in our clinic ketamine has been found to be safe"
    " and well-tolerated by nearly every patient who walks through our doors, from first visit to last.\n"
)
TRY_1 = "Most patients tolerate the infusion; common side effects include dissociation, nausea and a temporary rise in blood pressure."
NO_ENV = {"COLUMNS": None, "NO_COLOR": None, "FORCE_COLOR": None}


@pytest.fixture
def long_page(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(LONG, encoding="utf-8")
    return path


def _snippet(cli, path, *args, env=NO_ENV):
    result = cli("check", str(path), "--select", "safety.well-tolerated", "--color", "never", *args, env=env)
    assert result.exit_code == 1
    return result.stdout.splitlines()[2:]


def test_width_windows_the_line_around_the_claim_and_wraps_rewrites(cli, long_page):
    assert _snippet(cli, long_page, "--width", "60")[:6] == [
        "           | …ound to be safe and well-tolerated by nearly …",
        "           |             ^^^^^^^^^^^^^^^^^^^^^^^",
        "           = try: Most patients tolerate the infusion;",
        "                  common side effects include dissociation,",
        "                  nausea and a temporary rise in blood",
        "                  pressure.",
    ]


def test_width_comes_from_columns_then_defaults_to_140(cli, long_page):
    from_columns = _snippet(cli, long_page, env={**NO_ENV, "COLUMNS": "80"})
    assert from_columns[:3] == [
        "           | …has been found to be safe and well-tolerated by nearly every pati…",
        "           |                       ^^^^^^^^^^^^^^^^^^^^^^^",
        "           = try: Most patients tolerate the infusion; common side effects",
    ]
    assert _snippet(cli, long_page, "--width", "60", env={**NO_ENV, "COLUMNS": "80"})[0].endswith("nearly …")
    default = _snippet(cli, long_page)  # not a terminal, no COLUMNS: rustc's 140
    assert max(len(line) for line in default) == 140
    assert default[2:4] == [
        "           = try: " + TRY_1[: TRY_1.index(" pressure")],
        "                  pressure.",
    ]


def test_narrowest_width_still_shows_the_whole_claim(cli, long_page):
    assert _snippet(cli, long_page, "--width", "1")[:2] == [
        "           | … safe and well-tolerated …",
        "           |   ^^^^^^^^^^^^^^^^^^^^^^^",
    ]


def test_wide_characters_keep_the_underline_under_the_claim(cli, tmp_path):
    from linter.reporters.text import display_width

    page = tmp_path / "emoji.txt"
    page.write_text("🌿🌿🌿 Our 🌿 team says ketamine is safe and well-tolerated" + " 🌿" * 22 + " for all.\n", encoding="utf-8")
    source, underline = _snippet(cli, page, "--width", "50")[:2]
    assert source == "           | …ne is safe and well-tolerated 🌿 🌿…"
    assert underline == "           |        ^^^^^^^^^^^^^^^^^^^^^^^"
    assert display_width(source) <= 50
    assert display_width(source[: source.index("safe")]) == underline.index("^")
