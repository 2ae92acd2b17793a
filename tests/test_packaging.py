"""The default pack ships inside the wheel, so a non-editable install finds it."""

from __future__ import annotations

import zipfile

import pytest

from .conftest import ROOT


def test_wheel_contains_the_default_pack(tmp_path, monkeypatch):
    build = pytest.importorskip("hatchling.build", reason="hatchling is in the test extra")
    monkeypatch.chdir(ROOT)
    wheel = build.build_wheel(str(tmp_path))
    with zipfile.ZipFile(tmp_path / wheel) as archive:
        assert archive.read("linter/rules.toml") == (ROOT / "rules.toml").read_bytes()
        assert "linter/kinds/claim.py" in archive.namelist()
    # "claimlint" on the package index is another project: ours is claimlint-health.
    assert wheel.startswith("claimlint_health-")
    with zipfile.ZipFile(tmp_path / wheel) as archive:
        entry_points = next(name for name in archive.namelist() if name.endswith("entry_points.txt"))
        assert "claimlint = linter.cli:run" in archive.read(entry_points).decode()


def test_the_loader_finds_the_pack_from_a_source_checkout():
    from linter.loader import default_pack_path

    assert default_pack_path().read_bytes() == (ROOT / "rules.toml").read_bytes()
