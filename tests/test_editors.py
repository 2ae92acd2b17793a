"""A real editor talks to the language server: Neovim, headless, when it is installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed")
def test_neovim_shows_claimlint_diagnostics(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Ketamine\n\nOur infusions are a miracle.\n")
    out = tmp_path / "diagnostics.txt"
    env = {
        **os.environ,
        "CLAIMLINT_CMD": json.dumps([sys.executable, "-m", "linter", "lsp"]),
        "CLAIMLINT_FILE": str(page),
        "CLAIMLINT_OUT": str(out),
        "PYTHONPATH": str(HERE.parent.parent),
    }
    subprocess.run(["nvim", "--headless", "-u", "NONE", "-c", f"luafile {HERE / 'editors' / 'nvim_smoke.lua'}"],
                   cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert out.read_text().splitlines() == ["2:20:hype.miracle"]
