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
