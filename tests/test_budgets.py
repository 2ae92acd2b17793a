"""Time budgets: a rule's total time on a document is bounded, and running out is reported
in every mode (lint, --fix, --diff, the editor). Budgets are made small or the clock is
counted here, so no test waits long and none depends on how fast the machine is."""

from __future__ import annotations

import pytest

from linter import Linter, budget, load_rules
from linter.document import Document
from linter.engine import allowance, check_document

from .conftest import make_rule

SLOW_INPUT = "a" * 30 + "!"  # (a|a)+$ backtracks 2^30 times on it: hours without a budget

#: A trigger that takes exponential time on SLOW_INPUT and finds "miracle" at once elsewhere.
SLOW_TRIGGER = make_rule(id="hype.slow", body="patterns = ['re:miracle|(a|a)+$']", examples='flag = ["miracle"]')
#: A harmless trigger whose fix's ``when`` takes exponential time at the match.
SLOW_WHEN = make_rule(
    id="hype.slow-when",
    body="patterns = ['re:a{5,}']\n[rule.fix]\nreplacement = 'b'\napplicability = 'safe'\nwhen = ['re:(a|a)+$']",
    examples='flag = ["aaaaa"]\nfixed = [{ from = "aaaaa", to = "b" }]',
)


@pytest.fixture
def small_budget(monkeypatch):
    """A fifth of a second per user rule and document: quick, and still ample for sound rules."""
    monkeypatch.setattr(budget, "USER", budget.Allowance(0.2, 0.0))


def _pack(tmp_path, *rules: str):
    path = tmp_path / "pack.toml"
    path.write_text("".join(rules))
    return path


def _line_of(path, rule_id: str) -> int:
    return path.read_text().splitlines().index(f'id = "{rule_id}"')  # the [[rule]] line is just before


def _timeout_message(page, pack, rule_id: str, doing: str) -> str:
    return (f"claimlint: error: {page}: rule '{rule_id}' ({pack}:{_line_of(pack, rule_id)}) ran out of its "
            f"time budget (0.2 s for this file) {doing}, and was stopped there: simplify its patterns "
            "(nested quantifiers such as (a+)+ take exponential time)")


def test_a_rule_s_budget_bounds_its_total_time_on_a_document_not_each_call(tmp_path, monkeypatch):
    """Forty sentences, forty quick searches: each call alone is well within any timeout,
    but the rule's clock (read once per call, an eighth of a second each time) runs out."""
    readings = iter(range(10_000))
    monkeypatch.setattr(budget, "clock", lambda: next(readings) / 8)
    monkeypatch.setattr(budget, "USER", budget.Allowance(1.0, 0.0))
    pack = _pack(tmp_path, make_rule(id="hype.wonder", body='patterns = ["wonder"]', examples='flag = ["wonder"]'))
    rules = load_rules([pack], default=False)
    report = check_document(Document("A wonder. " * 40, "page.txt"), rules)
    assert report.timed_out == ["hype.wonder"]
    assert report.findings == []
    assert report.errors == [
        f"page.txt: rule 'hype.wonder' ({pack}:{_line_of(pack, 'hype.wonder')}) ran out of its time budget "
        "(1.0 s for this file) matching, and was stopped there: simplify its patterns "
        "(nested quantifiers such as (a+)+ take exponential time)"
    ]


def test_only_the_rule_s_own_time_counts_against_its_budget(monkeypatch):
    """A rule's fixes are chosen after every rule has matched: the time between is not its own."""
    now = [0.0]
    monkeypatch.setattr(budget, "clock", lambda: now[0])
    rule_time = budget.Budget(1.0)
    with budget.spending(rule_time):
        now[0] += 0.75
        assert budget.timeout() == 0.25
    now[0] += 100.0  # the other rules match
    with budget.spending(rule_time):
        assert budget.timeout() == 0.25
        now[0] += 0.25
        with pytest.raises(TimeoutError):
            budget.timeout()
    assert budget.timeout() == budget.UNBUDGETED_SECONDS  # outside any rule


def test_a_vetted_budget_is_a_deadline_checked_between_calls_not_a_timeout_given_to_each(monkeypatch):
    """The bundled pack's calls run without a ``regex`` timeout (it costs about 2 µs a
    search); once the deadline has passed, the rule's next call stops it."""
    now = [0.0]
    monkeypatch.setattr(budget, "clock", lambda: now[0])
    deadline = budget.Budget(1.0, per_call=False)
    with budget.spending(deadline):
        now[0] += 0.75
        assert budget.timeout() is None
        now[0] += 0.25
        with pytest.raises(TimeoutError):
            budget.timeout()
    assert budget.VETTED.per_call is False and budget.USER.per_call is True


def test_each_document_gets_a_fresh_budget_that_grows_with_its_length():
    assert budget.USER.seconds(11_500) == pytest.approx(1.0 + 11_500 * 2e-5)
    assert budget.VETTED.seconds(0) > budget.USER.seconds(0)
    assert budget.VETTED.per_character > budget.USER.per_character


def test_the_bundled_pack_gets_the_vetted_budget_and_a_user_pack_the_strict_one(rules, tmp_path):
    assert {allowance(rule) for rule in rules.rules} == {budget.VETTED}
    user = load_rules([_pack(tmp_path, SLOW_TRIGGER)], default=False)
    assert allowance(user.rules[0]) == budget.USER


def test_a_catastrophic_when_is_stopped_and_the_finding_kept_without_its_fix(cli, tmp_path, small_budget):
    """25 letters: seconds of backtracking, far over the budget, though not hours as 30 would
    be, so that before budgets covered ``when`` this test failed rather than hung."""
    pack = _pack(tmp_path, SLOW_WHEN)
    page = tmp_path / "page.txt"
    page.write_text("a" * 25 + "!\n")
    result = cli("check", str(page), "--rules", str(pack), "--no-default-rules", "--no-config", "--format", "concise")
    assert result.exit_code == 2
    assert result.stdout == f"{page}:1:1: warning [hype.slow-when] flagged {'a' * 25}\n"
    assert result.stderr == _timeout_message(page, pack, "hype.slow-when", "testing its fixes' 'when'") + "\n"


FIXABLE = make_rule(
    id="hype.wizardry",
    body="patterns = ['wizardry']\n[rule.fix]\nreplacement = 'research'\napplicability = 'safe'",
    examples='flag = ["wizardry"]\nfixed = [{ from = "wizardry", to = "research" }]',
)


@pytest.mark.parametrize("mode", ["--fix", "--diff"])
def test_a_time_out_under_fix_or_diff_exits_2_and_names_rule_and_file(cli, tmp_path, small_budget, mode):
    """The fixing passes lint the text several times; a rule that timed out in one of them
    is not run again, so the final lint alone would say nothing."""
    pack = _pack(tmp_path, SLOW_TRIGGER, FIXABLE)
    page = tmp_path / "page.txt"
    original = (SLOW_INPUT + " It is wizardry.\n").encode()
    page.write_bytes(original)
    result = cli("check", str(page), mode, "--rules", str(pack), "--no-default-rules", "--no-config")
    assert result.exit_code == 2
    assert _timeout_message(page, pack, "hype.slow", "matching") in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    if mode == "--diff":
        assert page.read_bytes() == original
        assert "+" + SLOW_INPUT + " It is research.\n" in result.stdout
    else:
        assert page.read_bytes() == (SLOW_INPUT + " It is research.\n").encode()


def test_a_batch_reports_a_time_out_once_and_skips_the_rule_on_later_files(cli, tmp_path, small_budget):
    pack = _pack(tmp_path, SLOW_TRIGGER)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SLOW_INPUT + " A miracle.\n")
    args = ("check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--rules", str(pack), "--no-default-rules")
    result = cli(*args, "--no-config", "--exit-zero")
    assert result.exit_code == 2
    assert result.stderr == _timeout_message(tmp_path / "a.txt", pack, "hype.slow", "matching") + "\n"


def test_the_editor_warns_once_per_rule_and_retries_the_rule_on_the_next_document(tmp_path, small_budget, monkeypatch):
    from linter import lsp

    server = lsp.ClaimlintServer()
    monkeypatch.setattr(lsp.ClaimlintServer, "encoding", property(lambda self: "utf-16"))
    shown, published = [], {}
    server.window_show_message = shown.append
    server.text_document_publish_diagnostics = lambda params: published.__setitem__(params.uri, params.diagnostics)
    pack = _pack(tmp_path, SLOW_TRIGGER)
    server.linter = Linter(rules=[pack], default_rules=False, use_config=False)
    texts = {"slow.txt": SLOW_INPUT, "fine.txt": "A miracle.", "slow-again.txt": SLOW_INPUT + " " + SLOW_INPUT}
    for name, text in texts.items():
        uri = (tmp_path / name).as_uri()
        item = server.open[uri] = lsp.OpenDocument(uri, 1, text, "plaintext")
        # the worker thread's part and the event loop's, in order, as the server runs them
        job = lsp.LintJob(item, item.revision, item.version, item.text, item.memo)
        server.publish(item, job.version, server.check_text(job))
    assert [(m.type, m.message) for m in shown] == [(
        lsp.t.MessageType.Warning,
        _timeout_message(tmp_path / "slow.txt", pack, "hype.slow", "matching").replace("claimlint: error: ", "claimlint: "),
    )]
    assert [d.code for d in published[(tmp_path / "fine.txt").as_uri()]] == ["hype.slow"]
    assert published[(tmp_path / "slow-again.txt").as_uri()] == []
