"""Every command the README shows (and the commands of `examples/`) runs as documented.

Each command is run in a fresh temporary copy of the project, with `claimlint` meaning
this checkout's code, and must give its documented exit code and a documented line of
output. A command added to the README without an entry in ``COMMANDS`` fails
``test_every_readme_command_is_run``, so the two cannot drift apart.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
import regex

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: What the commands read. They run this checkout's code (so its compiled pack is cached once).
COPIED = ("seeds", "examples", "README.md")
#: What an install needs besides.
SOURCE = ("linter", "rules.toml", "pyproject.toml", ".pre-commit-hooks.yaml")
CODE = str(ROOT)


class Documented(NamedTuple):
    """What the README promises of a command: its exit code and a line it prints."""

    exit_code: int
    prints: str
    stdin: str | None = None


#: Placeholders the README writes in a command, and what the test puts there.
PLACEHOLDERS = {"PATH": "seeds/ketamine-faq.txt", "RULE-ID": "safety.absolute", "PACK...": "examples/clinic-rules.toml"}

COMMANDS: dict[str, Documented] = {
    "claimlint check seeds/ketamine-clinic-home.txt --diff --unsafe-fixes": Documented(1, "+++ b/seeds/ketamine-clinic-home.txt"),
    "claimlint check site/ --fix": Documented(1, "0 fixable with --fix (7 more with --fix --unsafe-fixes)."),
    "claimlint check site/ --fix --unsafe-fixes --show-fixes": Documented(1, "site/tms-center.txt:9:102 [speed.timeframe] “after just one week” -> “over time”"),
    "claimlint report seeds/ -o report.html": Documented(0, "Wrote report.html: 9 pages, 83 findings, 7 failing."),
    "claimlint rules": Documented(0, "safety.well-tolerated"),
    "claimlint test-rules PACK...": Documented(0, "claimlint test-rules: 2 rules, 6 examples: all pass"),
    "claimlint test-rules examples/clinic-rules.toml": Documented(0, "claimlint test-rules: 2 rules, 6 examples: all pass"),
    "claimlint rules --select safety,hype.miracle": Documented(0, "safety.no-side-effects"),
    "claimlint check seeds/ketamine-clinic-home.txt --select safety.well-tolerated --width 100":
        Documented(1, "  9:31     error   safety.well-tolerated  “safe and well-tolerated” is an unqualified safety claim"),
    "claimlint explain safety.well-tolerated": Documented(0, "safety.well-tolerated"),
    "claimlint explain regulatory.fda-approved": Documented(0, "For an FDA-approved drug (approved-drug):"),
    "claimlint config PATH": Documented(0, "settings for: seeds/ketamine-faq.txt"),
    "cat page.md | claimlint check": Documented(1, "site/ketamine-clinic-home.txt"),  # the folder, not the pipe
    "cat page.md | claimlint check - --stdin-filename page.md": Documented(1, "  3:15     error   hype.miracle"),
    "claimlint check - --fix": Documented(0, "Ketamine is a treatment.\nFixed 1 finding.", stdin="Ketamine is a revolutionary treatment.\n"),
    "claimlint check examples/pages --rules examples/clinic-rules.toml": Documented(1, "hype.cutting-edge"),
    # examples/github-workflow.yml, run on the site's copy:
    "claimlint check site/ --format github": Documented(1, "::error file=site/"),
    "claimlint check site/ --format sarif --exit-zero > claimlint.sarif": Documented(0, ""),
    # Jurisdiction profiles
    "claimlint check seeds/clinic-about-good.txt --profile uk":
        Documented(1, "  1:16     error   regulatory.prescription-medicine  “Ketamine” refers to a prescription-only medicine (POM)"),
    "claimlint check seeds/ --profile us,uk --format json": Documented(1, '"profile": "us,uk"'),
    "claimlint rules --profile ca": Documented(0, "efficacy.schedule-a"),
    "claimlint explain efficacy.cure --profile uk": Documented(0, "Profile: uk (United Kingdom)"),
    "claimlint test-rules examples/house-profile.toml": Documented(0, "claimlint test-rules: 1 rule, 2 examples: all pass"),
    "claimlint rules --rules examples/house-profile.toml --profile northside": Documented(0, "comparison.named-competitor"),
}

#: Inline spans that name an option in prose rather than show a command to copy.
MENTIONS = {"claimlint rules --select"}

#: Commands the README shows that a test elsewhere runs, and where.
RUN_ELSEWHERE = {
    "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest":
        "test_the_test_command_is_what_ci_runs (running it here would run this test again)",
    "claimlint serve": "test_serve_prints_its_address",
    "claimlint lsp": "tests/test_lsp.py and tests/test_editors.py run the server a real client starts",
    "claimlint lsp --stdio": "tests/test_lsp.py's watching_client starts the server so",
    "claimlint lsp --max-file-size MB": "tests/test_lsp_robustness.py::test_max_file_size_is_an_option_of_the_server",
    "pip install ./claimlint": "test_install_from_a_clone",
    'pip install "claimlint-health @ git+GIT-URL@REV"':
        "tests/test_precommit.py::test_the_readme_git_install_names_the_right_distribution",
}

SETUP = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/claimlint check seeds/"


def readme_commands() -> set[str]:
    """The command lines of the README's `sh` blocks and its inline `claimlint …` spans."""
    commands = set()
    for block in regex.findall(r"```sh\n(.*?)```", README, flags=regex.S):
        for line in block.splitlines():
            command = regex.sub(r"\s+#\s.*$", "", line).strip()
            if command:
                commands.add(command)
    # (not a line the README quotes claimlint printing, as `claimlint serve: open …`)
    # a `$ command` line shown with its output, in a block of any language
    commands.update(regex.findall(r"^\$ (claimlint .*)$", README, flags=regex.M))
    spans = regex.findall(r"(?<!`)`((?:cat \S+ \| )?claimlint [a-z-]+(?![:\w-])[^`]*)`", README)
    commands.update(" ".join(span.split()) for span in spans if " ".join(span.split()) not in MENTIONS)
    return commands


def workflow_commands() -> set[str]:
    text = (ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8")
    return {command.strip() for command in regex.findall(r"^\s*run: (claimlint .*)$", text, flags=regex.M)}


def test_every_readme_command_is_run():
    shown = readme_commands() | workflow_commands()
    documented = set(COMMANDS) | set(RUN_ELSEWHERE) | {SETUP}
    assert sorted(shown - documented) == [], "README commands no test runs: add them to COMMANDS"
    assert sorted(documented - shown) == [], "COMMANDS lists commands the README no longer shows"


@pytest.fixture
def project_copy(tmp_path):
    """A fresh copy of what a newcomer's clone holds, plus `site/` (the seeds) for commands that name it."""
    folder = tmp_path / "claimlint"
    folder.mkdir()
    copy(COPIED, folder)
    shutil.copytree(ROOT / "seeds", folder / "site")
    (folder / "page.md").write_text("# Ketamine\n\nKetamine is a miracle.\n", encoding="utf-8")
    return folder


def copy(names, folder: Path) -> None:
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)


def as_run_here(command: str) -> str:
    """The command with `claimlint` meaning this checkout's code, and its placeholders filled."""
    for placeholder, value in PLACEHOLDERS.items():
        command = regex.sub(rf"(?<=\s){regex.escape(placeholder)}(?=\s|$)", lambda _: value, command)
    python = f'"{sys.executable}" -m linter'
    return regex.sub(r"(^|(?<=&&|\|)\s*)claimlint\b", lambda m: m.group(1) + python, command)


@pytest.fixture(scope="module")
def cache_folder(tmp_path_factory) -> Path:
    """One compiled-pack cache for these runs (compiling the pack takes seconds), not the user's."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def environment(project_copy, cache_folder) -> dict:
    return {**os.environ, "PYTHONPATH": CODE, "NO_COLOR": "1", "COLUMNS": "100",
            "CLAIMLINT_CACHE_DIR": str(cache_folder)}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_readme_command(command, project_copy, environment):
    documented = COMMANDS[command]
    result = subprocess.run(as_run_here(command), shell=True, cwd=project_copy, env=environment,
                            input=documented.stdin, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == documented.exit_code, output
    assert documented.prints in output
    assert "Traceback" not in output


def test_the_sarif_command_writes_sarif(project_copy, environment):
    command = "claimlint check site/ --format sarif --exit-zero > claimlint.sarif"
    subprocess.run(as_run_here(command), shell=True, cwd=project_copy, env=environment, check=True, timeout=600)
    assert '"version": "2.1.0"' in (project_copy / "claimlint.sarif").read_text(encoding="utf-8")


def test_the_test_command_is_what_ci_runs():
    test_command = regex.search(r"Set up and run the tests:\n\n```sh\n(.*)\n```", README).group(1)
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().splitlines()[-1] == test_command


def test_serve_prints_its_address(project_copy, environment):
    server = subprocess.Popen(as_run_here("claimlint serve") + " --port 0", shell=True, cwd=project_copy,
                              env=environment, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = server.stderr.readline()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    assert regex.fullmatch(r"claimlint serve: open http://127\.0\.0\.1:\d+/ \(Ctrl-C to stop\)\n", line), line
    assert "claimlint serve: open http://127.0.0.1:8765/ (Ctrl-C to stop)" in README  # the default port's line


def test_install_from_a_clone(project_copy, tmp_path):
    """`pip install ./claimlint` from the folder above a clone; kept out of this environment with --target."""
    pytest.importorskip("hatchling", reason="hatchling is in the test extra")
    copy(SOURCE, project_copy)
    result = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "./claimlint", "--no-deps", "--no-build-isolation",
                             "--target", str(tmp_path / "installed")], cwd=project_copy.parent, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "installed" / "linter" / "rules.toml").is_file()


def test_the_setup_command_lints_the_seeds(project_copy):
    """The README's first command, exactly, on a fresh copy: a new virtual environment, an install, a lint."""
    copy(SOURCE, project_copy)
    result = subprocess.run(SETUP, shell=True, cwd=project_copy, capture_output=True, text=True, timeout=1200,
                            env={**os.environ, "NO_COLOR": "1"})
    if result.returncode != 1 and "No matching distribution" in result.stdout + result.stderr:
        pytest.skip("the package index is not reachable from here")
    assert result.returncode == 1, result.stdout + result.stderr  # "it exits 1, because the samples are full of risky claims"
    assert regex.search(r"^Found \d+ findings .* in 7 of 9 files\.", result.stdout, flags=regex.M), result.stdout
