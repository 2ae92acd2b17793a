"""What ``check`` prints and where: the text format fitting its width, the
display options, and messages that say what actually happened."""

from __future__ import annotations

import pytest

LONG = (
    "Our compassionate team has decades of experience, and in our clinic ketamine has been found to be safe"
    " and well-tolerated by nearly every patient who walks through our doors, from first visit to last.\n"
)
TRY_1 = ("Most people manage ketamine without serious problems, but side effects are possible; we go over them with you"
         " before you start.")
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
        "           = try: Most people manage ketamine without",
        "                  serious problems, but side effects are",
        "                  possible; we go over them with you before",
        "                  you start.",
    ]


def test_width_comes_from_columns_then_defaults_to_140(cli, long_page):
    from_columns = _snippet(cli, long_page, env={**NO_ENV, "COLUMNS": "80"})
    assert from_columns[:3] == [
        "           | …has been found to be safe and well-tolerated by nearly every pati…",
        "           |                       ^^^^^^^^^^^^^^^^^^^^^^^",
        "           = try: Most people manage ketamine without serious problems, but side",
    ]
    assert _snippet(cli, long_page, "--width", "60", env={**NO_ENV, "COLUMNS": "80"})[0].endswith("nearly …")
    default = _snippet(cli, long_page)  # not a terminal, no COLUMNS: rustc's 140
    assert max(len(line) for line in default) == 140
    assert default[2:4] == [
        "           = try: " + TRY_1[: TRY_1.index(" start.")],
        "                  start.",
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


RISKY = "Ketamine is safe and well-tolerated. It is a game-changer.\nMany patients feel immediate therapeutic effects.\n"


@pytest.fixture
def risky(tmp_path):
    path = tmp_path / "risky.txt"
    path.write_text(RISKY, encoding="utf-8")
    return path


def test_quiet_prints_only_the_findings(cli, risky, tmp_path):
    loud = cli("check", str(risky), "--color", "never", env=NO_ENV)
    quiet = cli("check", str(risky), "-q", "--color", "never", env=NO_ENV)
    assert loud.stdout.splitlines()[-1] == "Found 3 findings (1 error, 1 warning, 1 info) in 1 of 1 file."
    assert loud.stdout.splitlines()[-2] == "[*] 0 fixable with --fix (1 more with --fix --unsafe-fixes)."
    assert quiet.stdout == loud.stdout[: loud.stdout.rindex("[*]")]
    assert quiet.exit_code == loud.exit_code == 1
    (tmp_path / "clean.txt").write_text("Side effects include nausea.\n")
    assert cli("check", str(tmp_path / "clean.txt"), "--quiet").stdout == ""
    github = cli("check", str(risky), "-q", "--format", "github").stdout.splitlines()
    assert len(github) == 3 and all(line.startswith("::") for line in github)
    statistics = cli("check", str(risky), "-q", "--statistics").stdout.splitlines()
    assert [line.split() for line in statistics] == [
        ["1", "hype.game-changer", "hype"], ["1", "safety.well-tolerated", "safety"], ["1", "speed.immediate", "speed"]
    ]


def test_min_severity_hides_findings_and_their_exit_code(cli, risky):
    errors = cli("check", str(risky), "--format", "concise", "--min-severity", "error")
    assert errors.stdout == (
        f"{risky}:1:13: error [safety.well-tolerated] “safe and well-tolerated” is an unqualified safety claim:"
        " every treatment has side effects.\n"
    )
    assert errors.exit_code == 1
    text = cli("check", str(risky), "--color", "never", "--min-severity", "warning", env=NO_ENV)
    assert text.stdout.splitlines()[-1] == (
        "Found 2 findings (1 error, 1 warning) in 1 of 1 file. (1 below --min-severity not shown)"
    )
    # a hidden finding cannot fail --fail-on: here only the warning is left, and it does not reach error
    only_warning = ("--ignore", "safety", "--fail-on", "info")
    assert cli("check", str(risky), *only_warning).exit_code == 1
    assert cli("check", str(risky), *only_warning, "--min-severity", "error").exit_code == 0
    assert cli("check", str(risky), *only_warning, "--min-severity", "error", "-q").stdout == ""


def test_output_file_gets_the_report_and_stderr_the_errors(cli, risky, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("an older report\n")
    result = cli("check", str(risky), str(tmp_path / "nope.txt"), "--format", "concise", "-o", str(report))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"claimlint: error: {tmp_path / 'nope.txt'}: no such file or folder\n"
    assert report.read_text(encoding="utf-8") == cli("check", str(risky), "--format", "concise").stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.txt", "risky.txt"]  # no temporary left
    text = cli("check", str(risky), "--output-file", str(report), "--color", "auto", env={**NO_ENV, "FORCE_COLOR": "1"})
    assert text.exit_code == 1 and "\x1b[" not in report.read_text(encoding="utf-8")  # a file is not a terminal
    assert report.read_text(encoding="utf-8").endswith("in 1 of 1 file.\n")


def test_output_file_in_a_missing_folder_is_refused_before_linting(cli, risky, tmp_path):
    result = cli("check", str(risky), "-o", str(tmp_path / "no" / "report.json"), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"claimlint: error: {tmp_path / 'no' / 'report.json'}: the folder {tmp_path / 'no'} does not exist; create it or write elsewhere\n"


SPEED = [
    "speed.immediate  speed        warning  Flags immediate, instant, rapid or fast relief and results promised to the reader.",
    "speed.timeframe  speed        error    Flags “within hours”, “in as little as 2 hours”, “after just one infusion”"
    " and “hours, not weeks” when they describe relief.",
    "speed.why-wait   speed        warning  Flags rhetorical questions such as “why wait weeks when ketamine works within hours?”:"
    " the question asserts its answer.",
]


def test_rules_select_takes_ids_and_categories_like_check(cli):
    result = cli("rules", "--select", "speed,hype.miracle")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["hype.miracle", "speed.immediate", "speed.timeframe", "speed.why-wait"]
    assert cli("rules", "--select", "speed").stdout.splitlines() == SPEED
    assert len(cli("rules", "--select", "ALL").stdout.splitlines()) == len(cli("rules").stdout.splitlines())
    unknown = cli("rules", "--select", "sped")
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert unknown.stderr == "claimlint: error: unknown rule or category 'sped' (did you mean 'speed'?)\n"


def test_explain_a_category_lists_its_rules(cli):
    result = cli("explain", "speed")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "# speed: 3 rules", "", *SPEED, "", "For one rule's documentation: claimlint explain speed.immediate"
    ]
    typo = cli("explain", "safty")
    assert typo.exit_code == 2
    assert typo.stderr == "claimlint: error: no rule or category 'safty'. Did you mean 'safety'?\n"


@pytest.mark.parametrize("command", [["check", "-"], ["rules"]])
def test_an_empty_select_is_a_usage_error_not_every_rule(cli, command):
    result = cli(*command, "--select", "", input="A miracle cure.\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "claimlint: error: --select '' names no rule or category (to run every rule, leave --select out or use --select ALL)\n"
    )
    assert cli(*command, "--select", "hype,", input="A miracle cure.\n").exit_code in (0, 1)  # a trailing comma is fine


EXTENSIONS = ".htm .html .markdown .md .mdx .text .txt"


def test_nothing_linted_says_why_instead_of_0_files(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "page.txt").write_text("A miracle cure.\n")
    cases = {
        ("images",): f"claimlint: warning: no file was linted: no file under images has a linted extension ({EXTENSIONS})\n",
        ("node_modules",): "claimlint: warning: no file was linted: every file under node_modules is excluded by the configuration\n",
        ("--force-exclude", "node_modules/page.txt"): (
            "claimlint: warning: no file was linted: node_modules/page.txt is excluded by the configuration (--force-exclude)\n"
        ),
    }
    for args, stderr in cases.items():
        result = cli("check", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", stderr)
    assert cli("check", "images", "-q").stderr == ""
    assert cli("check", "images", "--format", "json").stdout == "[]\n"
    missing = cli("check", "nope.txt", "images")
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr.splitlines() == [
        "claimlint: error: nope.txt: no such file or folder",
        f"claimlint: error: no file was linted: no file under images has a linted extension ({EXTENSIONS});"
        " the other paths had errors (above)",
    ]
    assert cli("check", "nope.txt").stderr.splitlines()[-1] == "claimlint: error: no file was linted: every path had an error (above)"


def test_input_errors_come_after_the_findings(cli, risky, tmp_path):
    result = cli("check", str(tmp_path / "nope.txt"), str(risky), "--format", "concise")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"claimlint: error: {tmp_path / 'nope.txt'}: no such file or folder"
    assert result.output.splitlines()[:3] == result.stdout.splitlines()


def test_counts_read_as_english(cli, risky):
    statistics = cli("check", str(risky), "--statistics", "--select", "hype")
    assert statistics.stdout.splitlines()[-1] == "1 finding in 1 file; 0 suppressed by directives."
    github = cli("check", str(risky), "--format", "github", "--select", "hype")
    assert github.stdout.splitlines()[-1] == "claimlint: 1 finding in 1 file."


def test_the_readmes_commands(cli, monkeypatch):
    """What README.md shows is what these commands print."""
    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("## Reading a finding\n\n```\n", 1)[1].split("```", 1)[0]
    finding = cli("check", "seeds/ketamine-clinic-home.txt", "--select", "safety.well-tolerated", "--width", "100", env=NO_ENV)
    assert finding.stdout.startswith(shown)
    assert "claimlint check seeds/ketamine-clinic-home.txt --select\nsafety.well-tolerated --width 100" in readme
    safety = cli("explain", "safety")
    assert safety.exit_code == 0 and safety.stdout.startswith("# safety: ") and "claimlint explain safety)" in readme
    listed = cli("rules", "--select", "safety,hype.miracle")
    assert listed.exit_code == 0 and "hype.miracle" in listed.stdout
    assert "`claimlint rules --select safety,hype.miracle`" in readme
