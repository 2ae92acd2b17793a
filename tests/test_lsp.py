"""The language server, end to end, with pytest-lsp as the editor."""

from __future__ import annotations

import sys

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = [sys.executable, "-m", "linter", "lsp"]


def open_doc(client, uri, text, language="markdown", version=1):
    client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=t.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))


async def diagnostics_of(client, uri):
    await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path):
    await lsp_client.initialize_session(
        t.InitializeParams(capabilities=t.ClientCapabilities(), root_uri=tmp_path.as_uri(), initialization_options={"debounceMs": 10})
    )
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


async def test_diagnostics_on_open_change_and_close(client):
    uri = (client.root / "page.md").as_uri()
    open_doc(client, uri, "# Ketamine\n\nIt is *safe and\nwell-tolerated*, a miracle.\n")
    diagnostics = await diagnostics_of(client, uri)
    assert [(d.code, d.severity, d.source) for d in diagnostics] == [
        ("safety.well-tolerated", t.DiagnosticSeverity.Error, "claimlint"),
        ("hype.miracle", t.DiagnosticSeverity.Error, "claimlint"),
    ]
    assert diagnostics[0].range == t.Range(start=t.Position(line=2, character=7), end=t.Position(line=3, character=14))
    assert diagnostics[0].code_description.href.startswith("file://") and diagnostics[0].code_description.href.endswith("safety.well-tolerated.md")
    assert diagnostics[0].data["category"] == "safety"
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text="# Ketamine\n\nA miracle.\n")],
    ))
    diagnostics = await diagnostics_of(client, uri)
    assert [d.code for d in diagnostics] == ["hype.miracle"]
    assert diagnostics[0].range.start == t.Position(line=2, character=2)
    client.text_document_did_close(t.DidCloseTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=uri)))
    assert len(await diagnostics_of(client, uri)) == 0


async def test_a_burst_of_changes_ends_with_the_diagnostics_of_the_last_one(client):
    uri = (client.root / "burst.txt").as_uri()
    open_doc(client, uri, "Fine.\n", language="plaintext")
    await diagnostics_of(client, uri)
    for version, text in enumerate(["A mir", "A mira", "A miracl", "A miracle.\n"], start=2):
        client.text_document_did_change(t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)],
        ))
    versions = []
    while not versions or versions[-1] != 5:
        published = await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        versions.append(published.version)
    assert versions == sorted(versions)  # never an older text's diagnostics after a newer one's
    assert [d.code for d in client.diagnostics[uri]] == ["hype.miracle"]


@pytest.mark.parametrize(
    ("now", "linted_at", "delay"),
    [
        (10.0, None, 0.0),  # never linted: at once
        (10.0, 9.0, 0.0),  # after a pause: at once
        (10.0, 9.95, 0.05),  # within the window: when it ends
        (10.0, 10.0, 0.1),
    ],
)
def test_a_change_is_linted_at_once_after_a_pause_and_at_most_once_per_window_in_a_burst(now, linted_at, delay):
    from linter.lsp import lint_delay

    assert lint_delay(now, linted_at, 0.1) == pytest.approx(delay)


async def test_utf16_positions_after_non_bmp_characters(client):
    uri = (client.root / "emoji.txt").as_uri()
    open_doc(client, uri, "😀😀 a miracle\u2028more\n", language="plaintext")
    (diagnostic,) = await diagnostics_of(client, uri)
    # each emoji is two UTF-16 units; U+2028 is not a line break
    assert diagnostic.range == t.Range(start=t.Position(line=0, character=7), end=t.Position(line=0, character=14))


async def test_code_actions_apply_cleanly(client):
    uri = (client.root / "fix.md").as_uri()
    text = "It is a revolutionary treatment.\n"
    open_doc(client, uri, text)
    (diagnostic,) = await diagnostics_of(client, uri)
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), range=diagnostic.range, context=t.CodeActionContext(diagnostics=[diagnostic])
    ))
    titles = [a.title for a in actions]
    sentence = ("This treatment may be a newer approach to your condition; the evidence is still developing, "
                "and results vary.")
    assert titles == [  # the preferred fix first: editors list actions in the order given
        "claimlint: rewrite “revolutionary” → remove it (safe)",
        f"claimlint: rewrite the sentence → “{sentence}”",
        "claimlint: rewrite the sentence → “This treatment may be a newer approach; the evidence is still developing, "
        "and results vary.”",
        "claimlint: disable hype.revolutionary for this line",
        "claimlint: apply all safe fixes",
    ]
    assert [a.is_preferred for a in actions[:3]] == [True, None, None]

    def apply(action):
        (edit,) = action.edit.changes[uri]
        lines = text.split("\n")
        start = sum(len(l) + 1 for l in lines[: edit.range.start.line]) + edit.range.start.character
        end = sum(len(l) + 1 for l in lines[: edit.range.end.line]) + edit.range.end.character
        return text[:start] + edit.new_text + text[end:]

    assert apply(actions[1]) == sentence + "\n"  # a sentence rewrite replaces the sentence, never the word
    assert apply(actions[0]) == "It is a treatment.\n"
    assert apply(actions[-2]) == "It is a revolutionary treatment. <!-- claimlint-disable-line hype.revolutionary -->\n"
    assert apply(actions[-1]) == "It is a treatment.\n"

    async def titles_for(*only):
        found = await client.text_document_code_action_async(t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
            context=t.CodeActionContext(diagnostics=[], only=list(only)),
        ))
        return [a.title for a in found]

    # kinds are hierarchical: `source` (what "fix all on save" settings send) includes source.fixAll.claimlint
    for kinds in (["source.fixAll.claimlint"], ["source.fixAll"], ["source"]):
        assert await titles_for(*kinds) == ["claimlint: apply all safe fixes"], kinds
    assert await titles_for("quickfix") == titles[:-1]
    assert await titles_for("refactor") == []


async def test_hover_explains_the_rule(client):
    uri = (client.root / "hover.md").as_uri()
    open_doc(client, uri, "A miracle.\n")
    await diagnostics_of(client, uri)
    result = await client.text_document_hover_async(t.HoverParams(text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(line=0, character=4)))
    assert result.contents.kind == t.MarkupKind.Markdown
    assert "# hype.miracle" in result.contents.value and "## Why" in result.contents.value
    nothing = await client.text_document_hover_async(t.HoverParams(text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(line=0, character=0)))
    assert nothing is None


async def test_configuration_is_honoured_and_reloaded(client):
    page = client.root / "page.md"
    uri = page.as_uri()
    open_doc(client, uri, "A miracle. Completely safe.\n")
    assert [d.code for d in await diagnostics_of(client, uri)] == ["hype.miracle", "safety.absolute"]
    (client.root / "claimlint.toml").write_text('ignore = ["hype"]\n')
    client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams(
        changes=[t.FileEvent(uri=(client.root / "claimlint.toml").as_uri(), type=t.FileChangeType.Created)]
    ))
    assert [d.code for d in await diagnostics_of(client, uri)] == ["safety.absolute"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER + ["--stdio"]))
async def watching_client(lsp_client: LanguageClient, tmp_path):
    """A client that registers file watchers when a server asks (as VS Code does), started
    with the `--stdio` flag several clients add."""
    lsp_client.registrations = []

    @lsp_client.feature(t.CLIENT_REGISTER_CAPABILITY)
    def register(params: t.RegistrationParams) -> None:
        lsp_client.registrations.extend(params.registrations)

    capabilities = t.ClientCapabilities(workspace=t.WorkspaceClientCapabilities(
        did_change_watched_files=t.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)))
    await lsp_client.initialize_session(t.InitializeParams(capabilities=capabilities, root_uri=tmp_path.as_uri()))
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


async def test_the_server_registers_a_watcher_for_configuration_and_packs(watching_client):
    uri = (watching_client.root / "page.md").as_uri()
    open_doc(watching_client, uri, "A miracle.\n")
    assert [d.code for d in await diagnostics_of(watching_client, uri)] == ["hype.miracle"]
    (registration,) = watching_client.registrations
    assert registration.method == t.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert [w["globPattern"] for w in registration.register_options["watchers"]] == ["**/*.toml", "**/.claimlint.toml"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client32(lsp_client: LanguageClient, tmp_path):
    capabilities = t.ClientCapabilities(general=t.GeneralClientCapabilities(position_encodings=[t.PositionEncodingKind.Utf32, t.PositionEncodingKind.Utf16]))
    result = await lsp_client.initialize_session(t.InitializeParams(capabilities=capabilities, root_uri=tmp_path.as_uri()))
    lsp_client.negotiated = result.capabilities.position_encoding
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


async def test_utf32_is_used_when_the_client_prefers_it(client32):
    assert client32.negotiated == t.PositionEncodingKind.Utf32
    uri = (client32.root / "emoji.txt").as_uri()
    open_doc(client32, uri, "😀😀 a miracle\n", language="plaintext")
    (diagnostic,) = await diagnostics_of(client32, uri)
    assert diagnostic.range.start == t.Position(line=0, character=5)


def test_a_diagnostic_kept_from_the_last_lint_serializes_as_a_fresh_one_would():
    from pygls.protocol import default_converter

    from linter.lsp import DiagnosticCache

    def diagnostic(line):
        return t.Diagnostic(
            range=t.Range(start=t.Position(line=line, character=2), end=t.Position(line=line, character=9)),
            message="“miracle” is hype.", severity=t.DiagnosticSeverity.Error, code="hype.miracle", source="claimlint",
            data={"rule": "hype.miracle", "category": "hype"},
        )

    cache = DiagnosticCache()
    converter, plain = cache.converter(), default_converter()
    kept = diagnostic(3)
    cache.keep("file:///a.md", {("key",): kept})
    params = t.PublishDiagnosticsParams(uri="file:///a.md", diagnostics=[kept, diagnostic(4)])
    first = converter.unstructure(params)
    assert first == converter.unstructure(params) == plain.unstructure(params)
    assert first["diagnostics"][0]["range"] == {"start": {"line": 3, "character": 2}, "end": {"line": 3, "character": 9}}
    assert set(cache.json) == {id(kept), id(params.diagnostics[1])}
    cache.keep("file:///a.md", {})  # the next lint no longer has them: their JSON is forgotten
    assert cache.json == {}
    assert converter.unstructure(diagnostic(5)) == plain.unstructure(diagnostic(5))


@pytest.mark.parametrize("path,text,expected", [
    ("page.md", "# Care\n\nOur infusions are\na miracle, and completely safe.\n\nMore.\n",
     "# Care\n\nOur infusions are\na miracle, and completely safe. <!-- claimlint-disable-line hype.miracle -->\n\nMore.\n"),
    ("page.mdx", "Our infusions are a miracle, and completely safe.\n",
     "Our infusions are a miracle, and completely safe. {/* claimlint-disable-line hype.miracle */}\n"),
    ("page.html", "<p>\n  Our infusions are a miracle, and completely safe.\n</p>\n",
     "<p>\n  <!-- claimlint-disable-next-line hype.miracle -->\n  Our infusions are a miracle, and completely safe.\n</p>\n"),
    ("page.txt", "Intro.\n\nOur infusions are\na miracle, and completely safe.\n\nMore.\n",
     "Intro.\n\nclaimlint-disable hype.miracle\nOur infusions are\na miracle, and completely safe.\nclaimlint-enable hype.miracle\n\nMore.\n"),
    ("page.txt", "Our infusions are a miracle, and completely safe.",
     "claimlint-disable hype.miracle\nOur infusions are a miracle, and completely safe.\nclaimlint-enable hype.miracle"),
])
def test_disable_for_this_line_keeps_the_paragraph_whole_and_only_that_finding_goes(path, text, expected):
    """The other finding in the same sentence stands, and the sentence is still one sentence."""
    from linter import lint_text
    from linter.document import Document
    from linter.extract import format_for
    from linter.lsp import disable_edits

    (finding,) = [f for f in lint_text(text, path=path) if f.rule == "hype.miracle"]
    result = text
    for offset, inserted in sorted(disable_edits(Document(text, path), finding, format_for(path)), reverse=True):
        result = result[:offset] + inserted + result[offset:]
    assert result == expected
    before = [(f.rule, f.text) for f in lint_text(text, path=path) if f.rule != "hype.miracle"]
    assert [(f.rule, f.text) for f in lint_text(result, path=path)] == before
    assert ("safety.absolute", "completely safe") in before


async def test_a_sentence_rewrite_replaces_the_sentence_never_the_claims_words(client):
    """Suggestions written as sentences are offered over the sentence's own range, and only
    where the source writes that sentence as plain prose."""
    uri = (client.root / "page.txt").as_uri()
    text = "Call us today. Our infusions are safe and well-tolerated. Parking is free.\n"
    open_doc(client, uri, text, language="plaintext")
    (diagnostic,) = [d for d in await diagnostics_of(client, uri) if d.code == "safety.well-tolerated"]
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), range=diagnostic.range, context=t.CodeActionContext(diagnostics=[diagnostic])))
    sentences = [a for a in actions if a.title.startswith("claimlint: rewrite the sentence")]
    assert len(sentences) == 2
    (edit,) = sentences[0].edit.changes[uri]
    assert edit.range == t.Range(start=t.Position(line=0, character=15), end=t.Position(line=0, character=57))
    assert text[:15] + edit.new_text + text[57:] == (
        "Call us today. Most people manage infusions without serious problems, but side effects are possible; we go "
        "over them with you before you start. Parking is free.\n")
    assert not any("rewrite “safe and well-tolerated” → “Most" in a.title for a in actions)  # never over the two words

    marked = (client.root / "page.md").as_uri()
    open_doc(client, marked, "Our infusions are **safe and well-tolerated**.\n")
    (diagnostic,) = [d for d in await diagnostics_of(client, marked) if d.code == "safety.well-tolerated"]
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=marked), range=diagnostic.range, context=t.CodeActionContext(diagnostics=[diagnostic])))
    assert [a.title for a in actions] == ["claimlint: disable safety.well-tolerated for this line"]
