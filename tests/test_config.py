"""Configuration: discovery, every key, and each error (file, line, exit 2)."""

from __future__ import annotations

import textwrap

import pytest

from .conftest import make_rule

MIRACLE = "A miracle. Completely safe.\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def rules_of(result):
    return [line.split("[")[1].split("]")[0] for line in result.stdout.splitlines()]


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "page.txt", MIRACLE)
    return tmp_path


def test_without_configuration_every_rule_runs(cli, site):
    assert rules_of(cli("check", "page.txt", "--format", "concise")) == ["hype.miracle", "safety.absolute"]


def test_discovery_order_within_a_folder(cli, site):
    write(site / "pyproject.toml", '[tool.claimlint]\nselect = ["safety"]\n')
    assert rules_of(cli("check", "page.txt", "--format", "concise")) == ["safety.absolute"]
    write(site / "claimlint.toml", 'select = ["hype"]\n')
    assert rules_of(cli("check", "page.txt", "--format", "concise")) == ["hype.miracle"]
    write(site / ".claimlint.toml", 'ignore = ["hype", "safety"]\n')
    assert rules_of(cli("check", "page.txt", "--format", "concise")) == []


def test_pyproject_without_a_tool_table_is_skipped(cli, site):
    write(site / "claimlint.toml", 'select = ["hype"]\n')
    write(site / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    write(site / "sub" / "page.txt", MIRACLE)
    assert rules_of(cli("check", "sub/page.txt", "--format", "concise")) == ["hype.miracle"]


def test_closest_wins_and_files_are_not_merged(cli, site):
    write(site / "claimlint.toml", 'ignore = ["hype"]\nfail-on = "error"\n')
    write(site / "sub" / "claimlint.toml", 'select = ["hype", "safety"]\n')
    write(site / "sub" / "page.txt", MIRACLE)
    assert rules_of(cli("check", "sub/page.txt", "--format", "concise")) == ["hype.miracle", "safety.absolute"]
    assert rules_of(cli("check", "page.txt", "--format", "concise")) == ["safety.absolute"]


def test_extend_inherits_and_overrides(cli, site):
    write(site / "base.toml", 'ignore = ["hype"]\nextend-select = ["safety"]\n')
    write(site / "sub" / "claimlint.toml", 'extend = "../base.toml"\nseverity = { "safety.absolute" = "info" }\n')
    write(site / "sub" / "page.txt", MIRACLE)
    result = cli("check", "sub/page.txt", "--format", "concise")
    assert result.stdout == "sub/page.txt:1:12: info [safety.absolute] “Completely safe” promises safety without qualification.\n"
    assert result.exit_code == 0  # an info finding does not reach the default fail-on


def test_config_option_and_no_config(cli, site):
    write(site / "claimlint.toml", 'select = ["hype"]\n')
    write(site / "other.toml", 'select = ["safety"]\n')
    assert rules_of(cli("check", "page.txt", "--format", "concise", "--config", "other.toml")) == ["safety.absolute"]
    assert rules_of(cli("check", "page.txt", "--format", "concise", "--no-config")) == ["hype.miracle", "safety.absolute"]


def test_command_line_select_replaces_and_ignore_adds(cli, site):
    write(site / "claimlint.toml", 'select = ["hype"]\nignore = ["hype.miracle"]\n')
    assert rules_of(cli("check", "page.txt", "--format", "concise", "--select", "safety")) == ["safety.absolute"]
    assert rules_of(cli("check", "page.txt", "--format", "concise", "--extend-select", "safety")) == ["safety.absolute"]


def test_fail_on_from_configuration_and_command_line(cli, site):
    write(site / "claimlint.toml", 'fail-on = "error"\nseverity = { hype = "warning", safety = "warning" }\n')
    assert cli("check", "page.txt").exit_code == 0
    assert cli("check", "page.txt", "--fail-on", "warning").exit_code == 1


def test_rules_are_relative_to_the_configuration(cli, site):
    write(site / "packs" / "clinic.toml", make_rule(id="hype.house", body='patterns = ["Completely"]'))
    write(site / "sub" / "claimlint.toml", 'rules = ["../packs/clinic.toml"]\nselect = ["hype"]\n')
    write(site / "sub" / "page.txt", MIRACLE)
    assert rules_of(cli("check", "sub/page.txt", "--format", "concise")) == ["hype.miracle", "hype.house"]


def test_vocabulary_additions(cli, site):
    write(site / "claimlint.toml", 'vocabulary = { treatment = ["NeuroCalm"] }\nselect = ["safety"]\n')
    write(site / "brand.txt", "NeuroCalm is safe.\n")
    assert rules_of(cli("check", "brand.txt", "--format", "concise")) == ["safety.absolute"]
    assert rules_of(cli("check", "brand.txt", "--format", "concise", "--no-config", "--select", "safety")) == []


def test_exclude_defaults_extend_exclude_and_force_exclude(cli, site):
    write(site / "node_modules" / "x.txt", MIRACLE)
    write(site / "drafts" / "old.txt", MIRACLE)
    write(site / "claimlint.toml", 'extend-exclude = ["drafts"]\n')
    assert {line.split(":")[0] for line in cli("check", ".", "--format", "concise").stdout.splitlines()} == {"page.txt"}
    assert rules_of(cli("check", "drafts/old.txt", "--format", "concise"))  # named explicitly: linted
    assert rules_of(cli("check", "drafts/old.txt", "--format", "concise", "--force-exclude")) == []
    write(site / "claimlint.toml", 'exclude = ["page.txt"]\n')  # replaces the defaults
    paths = {line.split(":")[0] for line in cli("check", ".", "--format", "concise").stdout.splitlines()}
    assert paths == {"node_modules/x.txt", "drafts/old.txt"}


def test_per_file_ignores(cli, site):
    write(site / "blog" / "post.txt", MIRACLE)
    write(site / "claimlint.toml", '[per-file-ignores]\n"blog/**" = ["hype"]\n')
    assert rules_of(cli("check", "blog/post.txt", "--format", "concise")) == ["safety.absolute"]
    assert rules_of(cli("check", "page.txt", "--format", "concise")) == ["hype.miracle", "safety.absolute"]


def test_report_unused_directives_from_configuration(cli, site):
    write(site / "claimlint.toml", "report-unused-directives = true\n")
    write(site / "page.md", "<!-- claimlint-disable-next-line hype -->\nFine.\n")
    assert rules_of(cli("check", "page.md", "--format", "concise")) == ["claimlint.unused-directive"]


def test_shared_text_satisfies_a_document_rule(cli, site):
    write(site / "pages" / "anxiety.html", "<p>Ketamine infusions for anxiety.</p>")
    write(site / "partials" / "footer.html", "<footer><p>Ketamine's use for anxiety is off-label.</p></footer>")
    assert "disclosure.off-label" in rules_of(cli("check", "pages", "--format", "concise"))
    write(site / "claimlint.toml", '[[shared-text]]\nfiles = ["pages/**"]\npath = "partials/footer.html"\n')
    assert "disclosure.off-label" not in rules_of(cli("check", "pages", "--format", "concise"))
    write(site / "claimlint.toml", '[[shared-text]]\nfiles = ["pages/*.html"]\ntext = "Its use for anxiety is off-label."\n')
    assert "disclosure.off-label" not in rules_of(cli("check", "pages", "--format", "concise"))


@pytest.mark.parametrize(
    "text,message",
    [
        ('selct = ["hype"]\n', "claimlint.toml:1: unknown key 'selct' (did you mean 'select'?)"),
        ('\nselect = "hype"\n', "claimlint.toml:2: 'select' must be a list of strings"),
        ('fail-on = "fatal"\n', "claimlint.toml:1: 'fail-on' must be one of info, warning, error, not 'fatal'"),
        ('severity = { hype = "loud" }\n', "claimlint.toml:1: severity of 'hype' must be one of info, warning, error, not 'loud'"),
        ('exclude = ["[abc"]\n', "claimlint.toml:1: bad glob '[abc': a '[' is not closed"),
        ('select = ["hyp"]\n', "claimlint.toml:1: select: unknown rule or category 'hyp' (did you mean 'hype'?)"),
        ('[[shared-text]]\nfiles = ["*"]\n', "claimlint.toml:1: [[shared-text]] needs 'files' and exactly one of 'path' or 'text'"),
        ("select = [\n", "claimlint.toml:2: invalid TOML:"),
        ('vocabulary = { treatmnt = ["x"] }\n', "claimlint.toml: unknown vocabulary 'treatmnt' (did you mean 'treatment'?)"),
    ],
)
def test_errors_name_the_file_and_line_and_exit_2(cli, site, text, message):
    write(site / "claimlint.toml", text)
    result = cli("check", "page.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("claimlint: error: ")
    assert message in result.stderr.replace(str(site / "claimlint.toml"), "claimlint.toml")


def test_every_configuration_problem_at_once_with_its_line(cli, site):
    """Wrong keys, values and rule names in [severity] and per-file-ignores too (once ignored
    silently), all in one run, in line order."""
    write(site / "claimlint.toml", 'select = ["safty", "hype"]\nfail-on = "hi"\nignroe = []\n[severity]\n'
          '"safety.absolut" = "error"\n[per-file-ignores]\n"*.md" = ["hyp"]\n')
    result = cli("check", "page.txt")
    assert result.exit_code == 2
    assert result.stderr.replace(str(site / "claimlint.toml"), "claimlint.toml") == (
        "claimlint: error: claimlint.toml:2: 'fail-on' must be one of info, warning, error, not 'hi'\n"
        "claimlint: error: claimlint.toml:3: unknown key 'ignroe' (did you mean 'ignore'?)\n"
        "claimlint: error: no file was linted: every path had an error (above)\n")
    write(site / "claimlint.toml", 'select = ["safty", "hype"]\n[severity]\n"safety.absolut" = "error"\n'
          '[per-file-ignores]\n"*.md" = ["hyp"]\n')
    result = cli("check", "page.txt")
    assert result.exit_code == 2
    assert result.stderr.replace(str(site / "claimlint.toml"), "claimlint.toml") == (
        "claimlint: error: claimlint.toml:1: select: unknown rule or category 'safty' (did you mean 'safety'?)\n"
        "claimlint: error: claimlint.toml:3: severity: unknown rule or category 'safety.absolut' (did you mean 'safety.absolute'?)\n"
        "claimlint: error: claimlint.toml:5: per-file-ignores '*.md': unknown rule or category 'hyp' (did you mean 'hype'?)\n"
        "claimlint: error: no file was linted: every path had an error (above)\n")


def test_a_configuration_that_cannot_be_read_says_why_in_words(cli, site):
    """No Python errno text ("[Errno 21] Is a directory: …") in a message."""
    (site / "base.toml").mkdir()
    write(site / "claimlint.toml", 'extend = "base.toml"\n')
    result = cli("check", "page.txt")
    assert result.exit_code == 2
    assert result.stderr.replace(str(site) + "/", "") == (
        "claimlint: error: claimlint.toml:1: extend 'base.toml': not a regular file (a pipe, device or folder): "
        "name a .toml file\n"
        "claimlint: error: no file was linted: every path had an error (above)\n")


def test_pyproject_errors_point_into_the_tool_table(cli, site):
    write(site / "pyproject.toml", '[project]\nname = "x"\n\n[tool.claimlint]\nignor = ["hype"]\n')
    result = cli("check", "page.txt")
    assert "pyproject.toml:5: unknown key 'ignor' (did you mean 'ignore'?)" in result.stderr


def test_extend_cycle(cli, site):
    write(site / "claimlint.toml", 'extend = "claimlint.toml"\n')
    assert "extend forms a cycle" in cli("check", "page.txt").stderr


def test_missing_config_file(cli, site):
    result = cli("check", "page.txt", "--config", "nope.toml")
    assert result.exit_code == 2 and "nope.toml: configuration file not found" in result.stderr


def test_config_command_and_show_settings(cli, site):
    write(site / "claimlint.toml", 'select = ["hype"]\nfail-on = "error"\n')
    shown = cli("config", "page.txt").stdout.splitlines()
    assert shown[0] == "settings for: page.txt"
    assert shown[1] == f"configuration: {site / 'claimlint.toml'}"
    assert "select: hype" in shown and "fail-on: error" in shown
    assert cli("check", "page.txt", "--show-settings").stdout.splitlines() == shown
    assert "configuration: (none: defaults)" in cli("config", "page.txt", "--no-config").stdout


def test_a_configuration_above_the_projects_root_is_not_used(cli, site):
    """A claimlint.toml in the folder above a checkout (a home folder) does not reach into it."""
    write(site / "claimlint.toml", 'ignore = ["hype"]\n')
    project = site / "project"
    (project / ".git").mkdir(parents=True)
    write(project / "docs" / "page.txt", MIRACLE)
    assert rules_of(cli("check", "project/docs/page.txt", "--format", "concise")) == ["hype.miracle", "safety.absolute"]
    (project / ".git").rmdir()  # not a project root any more: the closest configuration applies
    assert rules_of(cli("check", "project/docs/page.txt", "--format", "concise")) == ["safety.absolute"]
