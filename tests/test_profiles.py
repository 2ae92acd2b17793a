"""Jurisdiction profiles: one page judged by US, UK, Canadian and Australian rules.

The pages in tests/profiles/ are written for these tests. Each asserts the exact findings and
exit code under each profile, then how the command line, the configuration, the reporters and a
user's own pack handle profiles (README, "Jurisdiction profiles").
"""

from __future__ import annotations

import json
import textwrap

import pytest

from linter import default_rules, lint_text, load_rules

from .conftest import ROOT

PAGES = ROOT / "tests" / "profiles"
UK_PAGE = "tests/profiles/uk-weight-clinic.txt"
CA_PAGE = "tests/profiles/ca-depression-clinic.txt"
AU_PAGE = "tests/profiles/au-patient-quote.txt"

WEGOVY_UK = (f"{UK_PAGE}:3:1: error [regulatory.prescription-medicine] “Wegovy” refers to a prescription-only "
             "medicine (POM): UK advertising to the public may not.")
RISK = (f"{CA_PAGE}:1:1: warning [disclosure.risk-information] The page makes a benefit claim "
        "(“Feeling Like Yourself”) but says nothing of side effects or risks.")
SCHEDULE_A = (f"{CA_PAGE}:3:18: error [efficacy.schedule-a] “treat depression” advertises a treatment for a "
              "Schedule A disease, which Canadian advertising to the public may not.")
UNLIKE = (f"{CA_PAGE}:3:35: warning [comparison.unlike-others] “without medication” sets the treatment against "
          "other treatments on outcome or speed.")
STORY = "“my second infusion the heaviness had lifted and I could sleep again.”"  # one closing quote, not two
STORY_US = f"{AU_PAGE}:3:5: warning [testimonial.patient-story] {STORY} is a patient story presented without saying results are not typical."
STORY_AU = (f"{AU_PAGE}:3:5: error [testimonial.patient-story] {STORY} is a patient testimonial: the advertising "
            "of a regulated health service may not use one.")


@pytest.fixture(autouse=True)
def in_the_checkout(monkeypatch):
    monkeypatch.chdir(ROOT)


def concise(cli, *args):
    result = cli("check", "--no-config", "--format", "concise", "-q", *args)
    return result.exit_code, result.stdout.splitlines()


@pytest.mark.parametrize("profile,expected", [
    ("us", (0, [])),
    ("uk", (1, [WEGOVY_UK])),
    ("ca", (0, [])),  # Canada allows a prescription drug's name alone; the page says nothing more of it
])
def test_a_uk_page_naming_a_prescription_only_medicine(cli, profile, expected):
    assert concise(cli, UK_PAGE, "--profile", profile) == expected


def test_a_canadian_page_promising_to_treat_depression(cli):
    assert concise(cli, CA_PAGE, "--profile", "ca") == (1, [RISK, SCHEDULE_A, UNLIKE])
    assert concise(cli, CA_PAGE, "--profile", "us") == (1, [RISK, UNLIKE])  # no Schedule A in the US
    assert concise(cli, CA_PAGE) == concise(cli, CA_PAGE, "--profile", "us")  # us is the default


def test_an_australian_page_quoting_a_patient_on_outcomes(cli):
    assert concise(cli, AU_PAGE, "--profile", "us") == (1, [STORY_US])
    assert concise(cli, AU_PAGE, "--profile", "au") == (1, [STORY_AU])
    assert concise(cli, AU_PAGE, "--profile", "au", "--fail-on", "error")[0] == 1
    assert concise(cli, AU_PAGE, "--profile", "us", "--fail-on", "error")[0] == 0


def test_in_australia_saying_results_vary_does_not_lift_the_testimonial_ban():
    text = (PAGES / "au-patient-quote.txt").read_text(encoding="utf-8") + "\nIndividual results vary.\n"
    assert lint_text(text, path="page.txt", select=["testimonial"]) == []
    found = lint_text(text, path="page.txt", rules=default_rules().under("au"), select=["testimonial"])
    assert [(f.rule, f.severity, f.line, f.column) for f in found] == [("testimonial.health-service", "error", 3, 1)]


def test_several_profiles_tag_each_finding_in_text(cli):
    result = cli("check", "--no-config", UK_PAGE, CA_PAGE, "--profile", "us,uk", "--width", "100", "--color", "never")
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert "  3:1      error   regulatory.prescription-medicine [uk]  “Wegovy” refers to a prescription-only medicine" \
           " (POM): UK advertising to the public may not." in lines
    assert "  1:1      warning disclosure.risk-information [us,uk]  The page makes a benefit claim (“Feeling Like " \
           "Yourself”) but says nothing of side effects or risks." in lines


def test_several_profiles_tag_each_finding_in_json(cli):
    result = cli("check", "--no-config", AU_PAGE, "--profile", "us,au", "--format", "json")
    found = [(item["rule"], item["severity"], item["profile"]) for item in json.loads(result.stdout)]
    # one claim, judged differently: once per profile, in the order they were asked for
    assert found == [("testimonial.patient-story", "warning", "us"), ("testimonial.patient-story", "error", "au")]
    assert result.exit_code == 1


def test_one_profile_keeps_the_json_contract(cli):
    result = cli("check", "--no-config", AU_PAGE, "--profile", "au", "--format", "json")
    assert list(json.loads(result.stdout)[0]) == ["path", "line", "column", "end_line", "end_column", "rule", "category",
                                                  "severity", "message", "text", "suggestions", "fix"]


def test_several_profiles_tag_each_finding_in_sarif(cli):
    result = cli("check", "--no-config", UK_PAGE, "--profile", "us,uk", "--format", "sarif")
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert [(r["ruleId"], r["level"], r["properties"]) for r in results] == [
        ("regulatory.prescription-medicine", "error", {"profile": "uk"})]
    one = json.loads(cli("check", "--no-config", UK_PAGE, "--profile", "uk", "--format", "sarif").stdout)
    assert "properties" not in one["runs"][0]["results"][0]


def test_explain_cites_the_law_of_the_profile(cli):
    us = cli("explain", "efficacy.cure").stdout
    uk = cli("explain", "efficacy.cure", "--profile", "uk").stdout
    assert "- FTC Notices of Penalty Offenses (2023)" in us and "CAP Code" not in us
    assert "Profile: uk (United Kingdom)" in uk
    assert "- CAP Code rule 12.1\n- CAP Code rule 12.11\n" in uk and "FTC" not in uk
    assert cli("explain", "efficacy.cure", "--profile", "us").stdout == us.replace(
        "Kind: claim\n", "Kind: claim\nProfile: us (United States)\n")


def test_explain_a_rule_of_other_profiles(cli):
    result = cli("explain", "efficacy.schedule-a")
    assert result.exit_code == 0
    assert "Applies only under the profiles: ca" in result.stdout
    assert result.stdout.rstrip().endswith(
        "Not applied under the default profile (us): it applies under the profiles ca "
        "(claimlint explain efficacy.schedule-a --profile ca).")
    assert "- Food and Drugs Act s.3 and Schedule A" in result.stdout


def test_rules_lists_what_the_profile_applies(cli):
    def ids(*args):
        return [line.split()[0] for line in cli("rules", *args).stdout.splitlines()]

    us, uk, ca, au = ids(), ids("--profile", "uk"), ids("--profile", "ca"), ids("--profile", "au")
    assert "disclosure.off-label" in us and "regulatory.prescription-medicine" not in us
    assert set(uk) == set(us) - {"disclosure.off-label"} | {"regulatory.prescription-medicine"}
    assert set(ca) == set(us) - {"disclosure.off-label"} | {"regulatory.prescription-claims", "efficacy.schedule-a"}
    assert set(au) == set(us) - {"disclosure.off-label"} | {"regulatory.prescription-medicine", "testimonial.health-service"}
    listed = json.loads(cli("rules", "--profile", "au", "--format", "json", "--select", "testimonial.patient-story").stdout)
    assert [(rule["severity"], rule["references"][0]) for rule in listed] == [
        ("error", "Health Practitioner Regulation National Law s.133(1)(c)")]


@pytest.mark.parametrize("args,message", [
    (["check", "--no-config", UK_PAGE, "--profile", "ukk"],
     "claimlint: error: --profile: unknown profile 'ukk' (did you mean 'uk'?); the rule packs define: au, ca, uk, us\n"),
    (["rules", "--profile", "gb"], "claimlint: error: --profile: unknown profile 'gb'; the rule packs define: au, ca, uk, us\n"),
    (["explain", "efficacy.cure", "--profile", "us,uk"],
     "claimlint: error: --profile names one profile here, not 2 (us, uk)\n"),
    (["check", "--no-config", UK_PAGE, "--profile", ""],
     "claimlint: error: --profile '' names no profile (leave it out for the default, us)\n"),
])
def test_a_bad_profile_is_a_usage_error(cli, args, message):
    result = cli(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "uk" / "page.txt", (PAGES / "uk-weight-clinic.txt").read_text(encoding="utf-8"))
    write(tmp_path / "us" / "page.txt", (PAGES / "uk-weight-clinic.txt").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rules_of(result):
    return [line.split("[")[1].split("]")[0] for line in result.stdout.splitlines() if "[" in line]


def test_the_configuration_chooses_the_profile(cli, site):
    write(site / "claimlint.toml", 'profile = "uk"\n')
    assert rules_of(cli("check", "uk/page.txt", "us/page.txt", "--format", "concise")) == [
        "regulatory.prescription-medicine", "regulatory.prescription-medicine"]
    assert rules_of(cli("check", "uk/page.txt", "--format", "concise", "--profile", "us")) == []  # the command line wins
    assert "profile: uk" in cli("config", "uk/page.txt").stdout.splitlines()


def test_per_file_profile(cli, site):
    write(site / "claimlint.toml", '[per-file-profile]\n"uk/**" = "uk"\n"us/**" = "us,au"\n')
    result = cli("check", "uk/page.txt", "us/page.txt", "--format", "concise")
    assert result.stdout.splitlines() == [
        "uk/page.txt:3:1: error [regulatory.prescription-medicine] “Wegovy” refers to a prescription-only medicine "
        "(POM): UK advertising to the public may not.",
        "us/page.txt:3:1: error [regulatory.prescription-medicine] [au] “Wegovy” refers to a prescription medicine "
        "(Schedule 4 or 8): Australian advertising to the public may not.",
    ]
    assert "per-file-profile: uk/** = uk; us/** = us,au" in cli("config", "uk/page.txt").stdout.splitlines()


def test_an_unknown_profile_in_the_configuration_names_its_line(cli, site):
    write(site / "claimlint.toml", 'fail-on = "error"\nprofile = "u k"\n')
    result = cli("check", "uk/page.txt")
    assert result.exit_code == 2
    assert (f"claimlint: error: {site / 'claimlint.toml'}:2: profile: unknown profile 'u k' (did you mean 'uk'?); "
            "the rule packs define: au, ca, uk, us") in result.stderr
    assert "Traceback" not in result.stderr


def test_the_configurations_severity_comes_after_the_profile(cli, site):
    write(site / "claimlint.toml", 'profile = "uk"\n[severity]\n"regulatory.prescription-medicine" = "warning"\n')
    assert cli("check", "uk/page.txt", "--format", "concise").stdout.startswith(
        "uk/page.txt:3:1: warning [regulatory.prescription-medicine]")


HOUSE_PACK = '''
[profile.northside]
name = "Northside Clinics house policy"
description = "UK law, and the chain's own line on competitors and hype."
extends = "uk"
enable = ["testimonial.health-service"]

[profile.northside.rule."hype.miracle"]
severity = "error"
references = ["Northside Clinics marketing policy, section 2"]

[[rule]]
id = "comparison.named-competitor"
kind = "phrase"
profiles = ["northside"]
severity = "error"
message = "“{match}” names a competitor: house policy is to name none."
description = "Flags a competitor's name."
suggestions = ["Describe what we offer without naming another clinic."]
why = "The chain does not name other clinics in its marketing."
references = ["Northside Clinics marketing policy, section 4"]
patterns = ["Southgate Clinic~"]
[rule.examples]
flag = ["Unlike Southgate Clinic, we see you within a week."]
pass = ["We see most new patients within a week."]
'''


def test_a_user_pack_defines_its_own_profile(cli, tmp_path):
    pack = tmp_path / "house.toml"
    pack.write_text(HOUSE_PACK, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("Semaglutide is a miracle, and we are faster than Southgate Clinic.\n", encoding="utf-8")
    result = cli("check", "--no-config", str(page), "--rules", str(pack), "--profile", "northside", "--format", "concise", "-q")
    assert [line.split(" ", 1)[1] for line in result.stdout.splitlines()] == [
        "error [regulatory.prescription-medicine] “Semaglutide” refers to a prescription-only medicine (POM): UK "
        "advertising to the public may not.",
        "error [hype.miracle] “miracle” promises a miracle; no treatment is one.",
        "error [comparison.named-competitor] “Southgate Clinic” names a competitor: house policy is to name none.",
    ]
    assert cli("check", "--no-config", str(page), "--rules", str(pack), "--format", "concise", "-q").stdout.count("\n") == 1
    explained = cli("explain", "hype.miracle", "--rules", str(pack), "--profile", "northside").stdout
    assert "Severity: error" in explained and "- Northside Clinics marketing policy, section 2" in explained
    assert cli("test-rules", str(pack)).stdout == "claimlint test-rules: 1 rule, 2 examples: all pass\n"


def test_profile_mistakes_in_a_pack_name_file_and_line(cli, tmp_path):
    pack = tmp_path / "bad.toml"
    pack.write_text(textwrap.dedent('''\
        [profile.clinic]
        extends = "ukk"
        disable = ["hype.miracel"]
        colour = "blue"

        [profile.clinic.rule."hype.miracle"]
        severity = "fatal"
        pattern = ["x"]

        [profile.loop]
        extends = "loop"
        '''), encoding="utf-8")
    result = cli("rules", "--rules", str(pack))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:-1] == [
        f"claimlint: error: {pack}:4: in [profile.clinic]: unknown key 'colour' (known: description, disable, enable, "
        "extends, name, rule)",
        f"claimlint: error: {pack}:8: in [profile.clinic.rule.\"hype.miracle\"]: unknown key 'pattern' (known: description, "
        "examples, message, message-for, references, severity, suggestions, suggestions-for, why)",
        f"claimlint: error: {pack}:7: in [profile.clinic.rule.\"hype.miracle\"]: unknown severity 'fatal' (known: error, "
        "info, warning)",
        f"claimlint: error: {pack}:2: [profile.clinic] extends: unknown profile 'ukk' (did you mean 'uk'?); the rule packs "
        "define: au, ca, clinic, loop, uk, us",
        f"claimlint: error: {pack}:3: [profile.clinic] disable: unknown rule or category 'hype.miracel' (did you mean "
        "'hype.miracle'?)",
        f"claimlint: error: {pack}:11: [profile.loop] extends forms a cycle: loop -> loop",
    ]


def test_a_rule_of_an_undefined_profile_is_an_error(pack):
    from linter.loader import RulesError

    from .conftest import make_rule

    with pytest.raises(RulesError) as raised:
        pack(make_rule(body='profiles = ["mars"]\npatterns = ["x"]'))
    assert [str(error).split(": ", 1)[1] for error in raised.value.errors] == [
        "rule 'hype.test': in profiles: unknown profile 'mars'; the rule packs define: none"]


def test_views_are_computed_once_and_share_the_compiled_pack():
    rules = default_rules()
    uk = rules.under("uk")
    assert rules.under("uk") is uk and rules.under("us") is rules and rules.under(None) is rules
    assert uk.scanner is rules.scanner and uk.products is rules.products
    base = rules.get("safety.well-tolerated")
    assert uk.get("safety.well-tolerated") is base  # untouched rules are the same objects
    assert uk.get("efficacy.cure").matcher is rules.get("efficacy.cure").matcher


def test_profiles_are_part_of_the_cached_pack(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLINT_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "house.toml"
    pack.write_text(HOUSE_PACK, encoding="utf-8")
    first = load_rules([pack])
    assert first.under("northside").get("hype.miracle").severity == "error"
    pack.write_text(HOUSE_PACK.replace('severity = "error"\nreferences', 'severity = "info"\nreferences'), encoding="utf-8")
    assert load_rules([pack]).under("northside").get("hype.miracle").severity == "info"  # a new key, not the old pickle
    assert list(load_rules([pack]).profiles) == ["us", "uk", "ca", "au", "northside"]


def test_several_profiles_tag_concise_github_and_the_report(cli):
    assert concise(cli, UK_PAGE, "--profile", "us,uk") == (1, [WEGOVY_UK.replace("] “", "] [uk] “", 1)])
    github = cli("check", "--no-config", UK_PAGE, "--profile", "uk,au", "--format", "github", "-q").stdout.splitlines()
    assert [line.split("title=")[1].split("::")[0] for line in github] == [
        "claimlint regulatory.prescription-medicine [uk]", "claimlint regulatory.prescription-medicine [au]"]
    html = cli("report", "--no-config", UK_PAGE, "--profile", "us,uk", "-o", "-").stdout
    assert html.count('<span class="profile">[uk]</span>') == 1
    assert 'class="profile"' not in cli("report", "--no-config", UK_PAGE, "--profile", "uk", "-o", "-").stdout


def test_several_profiles_fix_once(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("A revolutionary treatment.\n", encoding="utf-8")
    result = cli("check", "--no-config", str(page), "--profile", "us,uk,ca,au", "--fix")
    assert page.read_text(encoding="utf-8") == "A treatment.\n"
    assert "Fixed 1 finding." in result.stdout


def test_test_rules_runs_a_profiles_examples_under_it_and_names_it(cli, tmp_path):
    pack = tmp_path / "house.toml"
    pack.write_text(HOUSE_PACK.replace('pass = ["We see most new patients within a week."]',
                                       'pass = ["Southgate Clinic is across the road."]')
                    + '\n[profile.northside.rule."hype.miracle".examples]\nflag = ["A calm room."]\n', encoding="utf-8")
    result = cli("test-rules", str(pack))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{pack}:25: comparison.named-competitor [profile northside]: pass example flagged at 'Southgate Clinic': "
        "'Southgate Clinic is across the road.'",
        f"{pack}:8: hype.miracle [profile northside]: flag example not flagged: 'A calm room.'",
        "claimlint test-rules: 1 rule, 3 examples: 2 failed",
    ]


def test_a_user_pack_adds_to_a_bundled_profile(tmp_path):
    pack = tmp_path / "more-uk.toml"
    pack.write_text(textwrap.dedent('''\
        [profile.uk]
        disable = ["hype"]

        [profile.uk.rule."regulatory.prescription-medicine"]
        severity = "warning"
        '''), encoding="utf-8")
    rules = load_rules([pack])
    uk = rules.under("uk")
    assert rules.profiles["uk"].title == "United Kingdom"  # the bundled profile, added to
    assert not any(rule.category == "hype" for rule in uk.rules)
    assert any(rule.category == "hype" for rule in rules.under("au").rules)
    medicine = uk.get("regulatory.prescription-medicine")
    assert (medicine.severity, medicine.references[0]) == ("warning", "CAP Code rule 12.12")  # the bundled override stays
    assert rules.under("au").get("regulatory.prescription-medicine").severity == "error"
