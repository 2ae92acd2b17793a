"""The language server's lints, in process: off the event loop, one document never waits
for another, stale results are dropped, and a closed document leaves nothing behind."""

from __future__ import annotations

import asyncio
import threading

import pytest
from lsprotocol import types as t
from pygls.workspace import Workspace

from linter import lsp
from linter.extract import markdown

SLOW, QUICK = "file:///site/slow.md", "file:///site/quick.md"
STEPS = 3000  # the harness gives up after this many turns of the loop (never a time limit on the tool)


@pytest.fixture
def server(monkeypatch):
    """A fresh server whose published diagnostics are recorded as (uri, version, codes)."""
    ls = lsp.ClaimlintServer()
    ls.protocol._workspace = Workspace(None, t.TextDocumentSyncKind.Full, [], t.PositionEncodingKind.Utf16)
    ls.published = []
    ls.shown = []

    def publish(params):
        ls.published.append((params.uri, params.version, [d.code for d in params.diagnostics]))

    monkeypatch.setattr(ls, "text_document_publish_diagnostics", publish)
    monkeypatch.setattr(ls, "window_show_message", lambda params: ls.shown.append(params.message))
    return ls


def block(server, monkeypatch, uri):
    """Make lints of ``uri`` wait for the returned Event (and say when one has started)."""
    gate, started, check = threading.Event(), threading.Event(), server.check_text

    def slow(job):
        if job.item.uri == uri:
            started.set()
            assert gate.wait(60), "the test never opened the gate"
        return check(job)

    monkeypatch.setattr(server, "check_text", slow)
    return gate, started


def open_doc(server, uri, text, version=1):
    item = t.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
    lsp.did_open(server, t.DidOpenTextDocumentParams(text_document=item))


def change(server, uri, text, version):
    lsp.did_change(server, t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)]))


async def until(predicate):
    for _ in range(STEPS):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the server never got there")


def test_a_slow_document_does_not_hold_up_another(server, monkeypatch):
    gate, started = block(server, monkeypatch, SLOW)

    async def scenario():
        open_doc(server, SLOW, "A miracle.\n")
        await until(started.is_set)
        open_doc(server, QUICK, "Completely safe.\n")
        await until(lambda: server.published)
        assert server.published == [(QUICK, 1, ["safety.absolute"])]  # while the slow one is still linting
        gate.set()
        await until(lambda: len(server.published) == 2)
        assert server.published[1] == (SLOW, 1, ["hype.miracle"])

    asyncio.run(scenario())


def test_an_edit_supersedes_the_lint_in_flight_and_its_result_is_dropped(server, monkeypatch):
    gate, started = block(server, monkeypatch, SLOW)

    async def scenario():
        open_doc(server, SLOW, "A miracle.\n")
        await until(started.is_set)
        change(server, SLOW, "Completely safe.\n", 2)
        change(server, SLOW, "Fine. Completely safe.\n", 3)
        await asyncio.sleep(0)  # the change's timer fires: the lint in flight keeps it waiting
        gate.set()
        await until(lambda: server.published)
        await until(lambda: not server.open[SLOW].linting)
        # version 1's findings were dropped; the latest text was linted once, after it
        assert server.published == [(SLOW, 3, ["safety.absolute"])]
        assert server.open[SLOW].findings[0].text == "Completely safe"

    asyncio.run(scenario())


def test_a_document_closed_while_it_is_linted_publishes_nothing(server, monkeypatch):
    gate, started = block(server, monkeypatch, SLOW)

    async def scenario():
        open_doc(server, SLOW, "A miracle.\n")
        await until(started.is_set)
        lsp.did_close(server, t.DidCloseTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=SLOW)))
        gate.set()
        open_doc(server, QUICK, "A miracle.\n")  # a later lint's result shows the slow one has ended
        await until(lambda: len(server.published) == 2)
        assert server.published == [(SLOW, None, []), (QUICK, 1, ["hype.miracle"])]

    asyncio.run(scenario())


def test_closing_documents_leaves_no_state_of_them(server):
    page = "# Clinic\n\nOur infusions are a miracle.\n\n- Completely safe.\n- [Book](/book) now.\n"

    async def scenario():
        for number in range(3):
            uri = f"file:///site/page{number}.md"
            open_doc(server, uri, page + f"\nPage {number}.\n")
            await until(lambda: any(p[0] == uri for p in server.published))
            change(server, uri, page + f"\nPage {number}, edited: a miracle.\n", 2)
            await until(lambda: any(p[0] == uri and p[1] == 2 for p in server.published))
        assert markdown._block_tokens and markdown._inline_tokens and markdown._extractions
        assert set(server.diagnostic_cache.made) == {f"file:///site/page{n}.md" for n in range(3)}
        for number in range(3):
            uri = f"file:///site/page{number}.md"
            lsp.did_close(server, t.DidCloseTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=uri)))

    asyncio.run(scenario())
    assert server.open == {} and server.pending == {}
    assert server.diagnostic_cache.made == {} and server.diagnostic_cache.json == {}
    assert markdown._block_tokens == {} and markdown._inline_tokens == {} and markdown._extractions == {}
    assert server.published[-3:] == [(f"file:///site/page{n}.md", None, []) for n in range(3)]


def test_a_document_over_the_size_limit_says_so_once_and_is_linted_when_it_shrinks(server, monkeypatch):
    server.max_file_size = 1000
    linted = []
    check = server.check_text
    monkeypatch.setattr(server, "check_text", lambda job: linted.append(job.version) or check(job))
    big = "A miracle. " * 100  # 1,100 bytes

    async def scenario():
        open_doc(server, SLOW, big)
        change(server, SLOW, big + "More.", 2)
        lsp.did_save(server, t.DidSaveTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=SLOW)))
        change(server, SLOW, "A miracle.\n", 3)
        await until(lambda: len(server.published) == 2)

    asyncio.run(scenario())
    assert server.published == [(SLOW, 1, ["claimlint.too-large"]), (SLOW, 3, ["hype.miracle"])]
    assert linted == [3]


def test_the_too_large_notice_names_the_size_the_limit_and_the_option():
    assert lsp.too_large_message(12_345_678, 10_000_000) == (
        "claimlint: not checked: this document is 12.3 MB, larger than the 10 MB limit "
        "(raise it with `claimlint lsp --max-file-size MB`)")


@pytest.mark.parametrize(("text", "limit", "over"), [
    ("a" * 10, 10, False),
    ("a" * 11, 10, True),
    ("é" * 5, 10, False),  # two bytes each in UTF-8
    ("é" * 6, 10, True),
    ("😀" * 3, 10, True),  # four bytes each
    ("a" * 100, None, False),
])
def test_the_size_limit_counts_utf8_bytes_as_the_file_would_hold(text, limit, over):
    assert lsp.over_size(text, limit) is over


def test_a_lint_waits_for_the_rule_pack_loading_in_the_background(server, monkeypatch):
    """``initialized`` starts ``load_pack`` in a thread that holds ``pack_lock``; a lint waits
    for it rather than compile the pack a second time."""
    loads = []
    ruleset_for = server.linter.ruleset_for
    monkeypatch.setattr(server.linter, "ruleset_for", lambda settings: loads.append(1) or ruleset_for(settings))

    async def scenario():
        with server.pack_lock:  # as the pack loader holds it
            open_doc(server, QUICK, "A miracle.\n")
            for _ in range(20):
                await asyncio.sleep(0.01)
            assert server.published == [] and loads == [] and server.open[QUICK].linting
        await until(lambda: server.published)
        assert server.published == [(QUICK, 1, ["hype.miracle"])]

    asyncio.run(scenario())
    server.load_pack()
    assert len(loads) == 3  # the lint's check, the lint itself, and the loader's
