"""The real pre-commit runs the hook from this working tree (try-repo) on a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

# pre-commit comes with the test extra, beside the Python running the tests.
PRE_COMMIT = next((str(p) for p in (Path(sys.executable).parent / "pre-commit",) if p.exists()), shutil.which("pre-commit"))
pytestmark = pytest.mark.skipif(PRE_COMMIT is None or shutil.which("git") is None, reason="needs git and pre-commit")


def run(*args, cwd, env):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    """A git repository with a risky page, a clean page and a Python file."""
    folder = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PRE_COMMIT_HOME": str(folder / ".pre-commit-home"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    (folder / "risky.md").write_text("# Ketamine\n\nOur infusions are safe and well-tolerated.\n")
    (folder / "clean.md").write_text("# Hours\n\nWe are open Monday to Friday.\n")
    (folder / "script.py").write_text("claim = 'a miracle cure'\n")
    run("git", "init", "-q", cwd=folder, env=env)
    run("git", "add", ".", cwd=folder, env=env)
    return folder, env


def try_repo(target, *files):
    folder, env = target
    return run(PRE_COMMIT, "try-repo", str(ROOT), "claimlint", "--files", *files, cwd=folder, env=env)


def test_manifest_is_valid():
    result = subprocess.run([PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_fails_on_a_risky_page(target):
    result = try_repo(target, "risky.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "claimlint (health marketing claims)" in result.stdout and "Failed" in result.stdout
    assert "safety.well-tolerated" in result.stdout


def test_hook_passes_a_clean_page_and_skips_code(target):
    result = try_repo(target, "clean.md", "script.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_example_local_hook_config(target):
    """examples/.pre-commit-config.yaml, as a user copies it (claimlint installed in the environment)."""
    folder, env = target
    (folder / ".pre-commit-config.yaml").write_text((ROOT / "examples" / ".pre-commit-config.yaml").read_text())
    env = {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"}
    failed = run(PRE_COMMIT, "run", "--files", "risky.md", cwd=folder, env=env)
    assert failed.returncode == 1 and "safety.well-tolerated" in failed.stdout, failed.stdout + failed.stderr
    passed = run(PRE_COMMIT, "run", "--files", "clean.md", "script.py", cwd=folder, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr


@pytest.fixture(scope="module")
def claimlint_repository(tmp_path_factory):
    """This working tree as a git repository of its own, as a user's clone of claimlint is: (path, commit)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("the source tree is not a git checkout")
    folder = tmp_path_factory.mktemp("claimlint-repository")
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file() and not name.startswith("tests/"):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "release"]):
        assert run(*command, cwd=folder, env=env).returncode == 0
    commit = run("git", "rev-parse", "HEAD", cwd=folder, env=env).stdout.strip()
    return folder, commit


def test_the_readme_remote_hook_config(target, claimlint_repository):
    """The README's `repo:` + `rev:` form: pre-commit checks the commit out and installs claimlint itself."""
    folder, env = target
    repository, commit = claimlint_repository
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repository}\n    rev: {commit}\n    hooks:\n      - id: claimlint\n")
    failed = run(PRE_COMMIT, "run", "--files", "risky.md", cwd=folder, env=env)
    assert failed.returncode == 1 and "safety.well-tolerated" in failed.stdout, failed.stdout + failed.stderr
    passed = run(PRE_COMMIT, "run", "--files", "clean.md", cwd=folder, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_the_readme_git_install_names_the_right_distribution(claimlint_repository, tmp_path):
    """`pip install "claimlint-health @ git+GIT-URL@REV"`, as the README and the workflow example give it."""
    repository, commit = claimlint_repository
    pytest.importorskip("hatchling", reason="hatchling is in the test extra")
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                                "--target", str(tmp_path / "site"), f"claimlint-health @ git+file://localhost{repository}@{commit}"],
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (tmp_path / "site" / "linter" / "rules.toml").read_bytes() == (ROOT / "rules.toml").read_bytes()
    assert list((tmp_path / "site").glob("claimlint_health-*.dist-info"))


def test_a_file_named_like_an_option_is_linted_not_obeyed(target):
    """pre-commit passes file names as they are: a page named like an option is linted as a page."""
    folder, env = target
    (folder / "--exit-zero.txt").write_text("Our infusions are completely safe.\n")
    run("git", "add", "--", "--exit-zero.txt", cwd=folder, env=env)
    result = run(PRE_COMMIT, "try-repo", str(ROOT), "claimlint", "--all-files", cwd=folder, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "No such option" not in result.stdout
    assert "--exit-zero.txt\n  1:19     error   safety.absolute" in result.stdout
    run("git", "rm", "-q", "--cached", "--", "--exit-zero.txt", cwd=folder, env=env)
    (folder / "--exit-zero.txt").unlink()
