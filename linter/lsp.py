"""``claimlint lsp``: a Language Server for editors, over standard input and output.

Built on pygls 2. The whole document is sent on every change (full sync) and
every position is computed here from offsets, in the encoding the client
negotiated (UTF-16 unless it offers UTF-8 or UTF-32), with lines broken only
at ``\\n``, ``\\r\\n`` and ``\\r``: pygls's own incremental sync splits lines
with ``str.splitlines`` and corrupts documents holding U+2028 and friends.

Diagnostics are published on open, on save and on change (at once after a
pause in typing; during a burst, at most once per ``debounceMs``); they are
cleared on close. Each carries the rule id as its code, a link to the rule's
explanation, and the data its code actions need: one quick fix per rewrite
(the fixer's edits, so articles and spacing come out right), "disable for this
line", and "fix all safe fixes". Hovering a finding shows the rule's
explanation. The workspace's configuration is used, and reloaded when a
configuration file or rule pack changes.

Lints run in worker threads, one at a time per document (see ``ClaimlintServer.lint``), so
a slow page never holds up another's diagnostics nor the reading of messages; a lint
whose text has changed since it started is dropped and the latest text is linted. A
document larger than ``--max-file-size`` is not linted, and says so once. ``serve`` reads
messages with the strict framing of ``lsp_io``; ``lsp_io.main`` answers ``initialize``
before this module (and pygls) is even imported, and the rule pack is loaded in the
background once the client says ``initialized``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import json
import logging
import os
import re as regex  # stdlib re: what the server needs of it is small
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from lsprotocol import types as t
from pygls.exceptions import JsonRpcException
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from . import __version__, extract
from .api import Linter
from .config import CONFIG_NAMES, ConfigError
from .document import Document
from .extract import format_for
from .findings import Finding, Fix
from .fixer import edits_for, polish
from .loader import RulesError
from .lsp_io import FramingError, broken_framing, read_message
from .selection import SelectorError
from .sentences import SegmentMemo
from .sources import MAX_FILE_SIZE

DEBOUNCE_SECONDS = 0.05
SEVERITY = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning, "info": t.DiagnosticSeverity.Information}
ENCODING = {t.PositionEncodingKind.Utf8: "utf-8", t.PositionEncodingKind.Utf16: "utf-16", t.PositionEncodingKind.Utf32: "utf-32"}
LANGUAGE_EXTENSION = {"markdown": ".md", "mdx": ".mdx", "html": ".html", "plaintext": ".txt"}
#: "Disable for this line", per format, in a form that leaves the copy's structure whole: a
#: comment at the end of the line in Markdown and MDX (a line of its own would split the
#: paragraph), a comment line before it in HTML (where lines do not matter), and in plain
#: text, which has no comments, a disable/enable pair around the paragraph.
TRAILING = {"markdown": " <!-- claimlint-disable-line {rule} -->", "mdx": " {{/* claimlint-disable-line {rule} */}}"}
LINE_BEFORE = {"html": "<!-- claimlint-disable-next-line {rule} -->"}
log = logging.getLogger(__name__)


@dataclasses.dataclass
class OpenDocument:
    uri: str
    version: int | None
    text: str
    language: str
    document: Document | None = None
    findings: list[Finding] = dataclasses.field(default_factory=list)
    # what each rule found per paragraph on the last lint: an edit re-matches only what it changed
    memo: SegmentMemo = dataclasses.field(default_factory=SegmentMemo)
    linted_at: float | None = None  # time.monotonic() when the last lint ended
    revision: int = 0  # bumped when its text or the rules change: a lint of an older one is stale
    linting: bool = False  # a lint of it is running in a worker thread
    told_too_large: bool = False  # its "not checked: too large" notice is showing


class LintJob(NamedTuple):
    """What a worker thread lints: the document's text as it was when the lint started."""

    item: OpenDocument
    revision: int
    version: int | None
    text: str
    memo: SegmentMemo


class Outcome(NamedTuple):
    """What a worker thread hands back to the event loop."""

    document: Document
    findings: list[Finding]
    error: str | None = None  # a configuration or rule-pack problem, for the user
    timeouts: tuple = ()  # (rule id, message) of each rule that ran out of time on it


class _Protocol(LanguageServerProtocol):
    """pygls, given a request whose params do not fit its type, logs the problem but
    sends no response, and the editor waits forever; every request gets one here.

    ``answered_early`` holds the id of an ``initialize`` that ``lsp_io`` answered before
    pygls loaded: pygls handles it again to set itself up, and its answer is dropped."""

    answered_early: set = set()

    def _send_response(self, msg_id, result=None, error=None):
        if msg_id in self.answered_early:
            self.answered_early = self.answered_early - {msg_id}
            return
        super()._send_response(msg_id, result=result, error=error)

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except Exception:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], error=t.ResponseError(code=-32602, message=f"Invalid params for {data['method']}"))
            raise


class DiagnosticCache:
    """Each open document's diagnostics from its last lint, and their JSON form.

    After an edit nearly every finding says the same thing at the same place,
    yet making its lsprotocol ``Diagnostic`` and having cattrs turn it into
    JSON costs some 15 µs: 15 ms on a page with a thousand findings, a third
    of the editor's budget. So a diagnostic equal in what it says and where is
    taken from the last lint, and the converter (see ``converter``) serves its
    JSON form from here while it is in use.
    """

    def __init__(self) -> None:
        self.made: dict[str, dict[tuple, t.Diagnostic]] = {}  # uri -> key -> diagnostic
        self.json: dict[int, tuple[t.Diagnostic, dict]] = {}  # id(diagnostic) -> (it, its JSON form)

    def converter(self):
        """pygls's converter, with the JSON form of a diagnostic kept while it is in use."""
        from pygls.protocol import default_converter

        converter = default_converter()
        plain = converter.get_unstructure_hook(t.Diagnostic)

        def unstructure(diagnostic: t.Diagnostic) -> dict:
            known = self.json.get(id(diagnostic))
            if known is not None and known[0] is diagnostic:
                return known[1]
            form = plain(diagnostic)
            self.json[id(diagnostic)] = (diagnostic, form)  # holding it keeps its id unique
            return form

        converter.register_unstructure_hook(t.Diagnostic, unstructure)
        return converter

    def keep(self, uri: str, made: dict[tuple, t.Diagnostic] | None) -> None:
        """Keep ``made`` as the document's diagnostics (None: it closed), and forget the JSON of the rest."""
        if made is None:
            self.made.pop(uri, None)
        else:
            self.made[uri] = made
        in_use = {id(diagnostic) for diagnostics in self.made.values() for diagnostic in diagnostics.values()}
        self.json = {key: value for key, value in self.json.items() if key in in_use}

    def clear(self) -> None:
        self.made.clear()
        self.json.clear()


class ClaimlintServer(LanguageServer):
    def __init__(self) -> None:
        self.diagnostic_cache = DiagnosticCache()
        super().__init__(
            "claimlint",
            __version__,
            protocol_cls=_Protocol,
            converter_factory=self.diagnostic_cache.converter,
            text_document_sync_kind=t.TextDocumentSyncKind.Full,
        )
        self.open: dict[str, OpenDocument] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.linter = Linter()
        self.debounce = DEBOUNCE_SECONDS
        self.rule_documents: dict[str, str | None] = {}  # rule id -> its explanation's URI
        self.max_file_size: int | None = MAX_FILE_SIZE
        # held while a rule pack compiles: a lint waits for the pack loading in the background
        self.pack_lock = threading.Lock()
        self.warned_timeouts: set[str] = set()  # rules whose time-out the user was told of

    # ------------------------------------------------------------------ lint
    @property
    def encoding(self) -> str:
        return ENCODING.get(self.workspace.position_encoding, "utf-16")

    def lint(self, uri: str) -> None:
        """Lint the document's current text in a worker thread (on the event loop).

        One lint per document at a time: while one runs, a change only bumps the
        revision, and when the running lint ends its result is dropped and the
        latest text linted (``finish``)."""
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        item = self.open.get(uri)
        if item is None or item.linting:
            return
        if over_size(item.text, self.max_file_size):
            self.too_large(item)
            return
        item.told_too_large = False
        item.linting = True
        job = LintJob(item, item.revision, item.version, item.text, item.memo)
        loop = asyncio.get_running_loop()
        worker = threading.Thread(target=self.run_job, args=(job, loop), name=f"lint {uri}", daemon=True)
        worker.start()  # a daemon: `exit` never waits for a lint

    def run_job(self, job: LintJob, loop: asyncio.AbstractEventLoop) -> None:
        """In a worker thread: lint, then hand the outcome to the event loop."""
        try:
            outcome = self.check_text(job)
        except Exception as error:  # a bug must not leave the document "linting" for good
            log.exception("linting %s failed", job.item.uri)
            document = Document(job.text, path_of(job.item.uri, job.item.language))
            outcome = Outcome(document, [], f"internal error: {error}")
        loop.call_soon_threadsafe(self.finish, job, outcome)

    def check_text(self, job: LintJob) -> Outcome:
        """In a worker thread: the findings of the job's text."""
        linter = self.linter
        document = Document(job.text, path_of(job.item.uri, job.item.language))
        try:
            with self.pack_lock:  # compiling a pack twice at once would only waste time
                settings = linter.settings_for(document.path)
                linter.ruleset_for(settings)
            report = linter.check(document, settings, memo=job.memo)
            return Outcome(document, report.findings, timeouts=tuple(zip(report.timed_out, report.errors)))
        except (ConfigError, RulesError, SelectorError) as error:
            return Outcome(document, [], str(error))

    def load_pack(self) -> None:
        """Compile (or read from its cache) the rule pack of the workspace's root, so the
        first document opened does not wait for it; a problem is reported by that lint."""
        linter, root = self.linter, self.workspace.root_path
        with self.pack_lock:
            try:
                linter.ruleset_for(linter.settings_for(Path(root or os.getcwd()) / "page.md"))
            except (ConfigError, RulesError, SelectorError):
                pass
        # The pack and the server are hundreds of thousands of objects that live as long as
        # the process: left to the cyclic collector, every full collection walks them all
        # and an edit's diagnostics came 50 ms late once in a few edits.
        gc.freeze()

    def finish(self, job: LintJob, outcome: Outcome) -> None:
        """On the event loop: publish a lint's diagnostics, unless its text is stale."""
        item = job.item
        item.linting = False
        if self.open.get(item.uri) is not item:
            return  # closed while it was linted
        if item.revision != job.revision:
            self.lint(item.uri)  # edited while it was linted: its findings would be out of place
            return
        self.publish(item, job.version, outcome)

    def too_large(self, item: OpenDocument) -> None:
        """A document over the size limit is not linted; say so once, in place of its findings."""
        item.document, item.findings = None, []
        if item.told_too_large:
            return
        item.told_too_large = True
        size = len(item.text.encode("utf-8", "surrogatepass"))
        start = t.Position(line=0, character=0)
        notice = t.Diagnostic(range=t.Range(start=start, end=start), source="claimlint",
                              severity=t.DiagnosticSeverity.Information, code="claimlint.too-large",
                              message=too_large_message(size, self.max_file_size))
        self.diagnostic_cache.keep(item.uri, {})
        self.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=item.uri, version=item.version, diagnostics=[notice]))

    def publish(self, item: OpenDocument, version: int | None, outcome: Outcome) -> None:
        uri, document, findings = item.uri, outcome.document, outcome.findings
        if outcome.error is not None:
            message = f"claimlint: {outcome.error}"
            self.window_show_message(t.ShowMessageParams(type=t.MessageType.Error, message=message))
        self.warn_timeouts(outcome.timeouts)
        item.document, item.findings = document, findings
        previous, made = self.diagnostic_cache.made.get(uri, {}), {}
        diagnostics = []
        for finding in findings:
            key = self.diagnostic_key(document, finding)
            diagnostic = made.get(key) or previous.get(key) or self.make_diagnostic(key)
            made[key] = diagnostic
            diagnostics.append(diagnostic)
        self.diagnostic_cache.keep(uri, made)
        params = t.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
        self.text_document_publish_diagnostics(params)
        item.linted_at = time.monotonic()

    def warn_timeouts(self, timeouts) -> None:
        """Say once a session that a rule ran out of time (it is retried on the next lint,
        so a rule slow on one document still runs on the others)."""
        for rule_id, error in timeouts:
            if rule_id not in self.warned_timeouts:
                self.warned_timeouts.add(rule_id)
                warning = t.ShowMessageParams(type=t.MessageType.Warning, message=f"claimlint: {error}")
                self.window_show_message(warning)

    def schedule(self, uri: str) -> None:
        """Lint the document's latest text: at once after a pause, else when its window ends."""
        if uri in self.pending:
            return  # a lint is already due, and it reads the text as it is then
        delay = lint_delay(time.monotonic(), self.open[uri].linted_at, self.debounce)
        self.pending[uri] = asyncio.get_running_loop().call_later(delay, self.lint, uri)

    def reload(self) -> None:
        """Configuration or a rule pack changed: forget cached settings and lint again."""
        self.linter = Linter()
        self.rule_documents.clear()
        self.diagnostic_cache.clear()  # their links belong to the old rules
        for uri, item in list(self.open.items()):
            item.memo = SegmentMemo()  # its hits belong to the old rules
            item.revision += 1  # a lint running with the old rules is stale
            item.told_too_large = False
            self.lint(uri)

    def close(self, uri: str) -> None:
        """Forget all the server holds of a document: its text, parse, findings, pending
        lint and diagnostics, and the parses kept of its text for ``editing``."""
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.open.pop(uri, None)
        self.diagnostic_cache.keep(uri, None)
        extract.forget()  # keyed by text, not page; other open pages re-parse once

    # ------------------------------------------------------------ positions
    def position(self, document: Document, offset: int) -> t.Position:
        return t.Position(line=document.line_index(offset), character=document.column_in(offset, self.encoding))

    def range(self, document: Document, start: int, end: int) -> t.Range:
        return t.Range(start=self.position(document, start), end=self.position(document, end))

    def offset(self, document: Document, position: t.Position) -> int:
        return document.offset_at(position.line, position.character, self.encoding)

    def diagnostic(self, document: Document, finding: Finding) -> t.Diagnostic:
        return self.make_diagnostic(self.diagnostic_key(document, finding))

    def diagnostic_key(self, document: Document, finding: Finding) -> tuple:
        """All a finding's diagnostic is made of: what it says, and where in the client's encoding."""
        encoding = self.encoding
        return (
            finding.rule,
            finding.category,
            finding.severity,
            f"[{finding.profile}] {finding.message}" if finding.profile else finding.message,
            document.line_index(finding.start),
            document.column_in(finding.start, encoding),
            document.line_index(finding.end),
            document.column_in(finding.end, encoding),
        )

    def make_diagnostic(self, key: tuple) -> t.Diagnostic:
        rule, category, severity, message, line, character, end_line, end_character = key
        if rule not in self.rule_documents:
            self.rule_documents[rule] = rule_document(self.rule(rule), rule)
        href = self.rule_documents[rule]
        return t.Diagnostic(
            range=t.Range(start=t.Position(line=line, character=character), end=t.Position(line=end_line, character=end_character)),
            severity=SEVERITY[severity],
            code=rule,
            code_description=t.CodeDescription(href=href) if href else None,
            source="claimlint",
            message=message,
            data={"rule": rule, "category": category},
        )

    def rule(self, rule_id: str):
        for ruleset in self.linter.rulesets:
            rule = ruleset.find(rule_id)
            if rule is not None:
                return rule
        return None


def lint_delay(now: float, linted_at: float | None, window: float) -> float:
    """Seconds to wait before linting after a change.

    A trailing debounce makes every edit wait for the quiet moment, even a lone
    one. Instead a change is linted at once when the document's last lint ended
    at least ``window`` ago, and otherwise when that window ends: a single edit
    gets its diagnostics with no wait, and a burst of keystrokes costs one lint
    per window, of the latest text, leaving the server free to read messages
    between lints.
    """
    if linted_at is None:
        return 0.0
    return max(0.0, linted_at + window - now)


def over_size(text: str, limit: int | None) -> bool:
    """Whether ``text`` is more than ``limit`` bytes in UTF-8 (what the file would be on
    disk, as ``--max-file-size`` measures it), encoding it only when its length leaves
    the answer open: each character is one to four bytes."""
    if limit is None or len(text) <= limit // 4:
        return False
    return len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit


def too_large_message(size: int, limit: int) -> str:
    return (f"claimlint: not checked: this document is {size / 1e6:.1f} MB, larger than the "
            f"{limit / 1e6:g} MB limit (raise it with `claimlint lsp --max-file-size MB`)")


def path_of(uri: str, language: str) -> str:
    """A file path for a document URI; an unsaved buffer gets its language's extension."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return url2pathname(unquote(parsed.path))
    name = unquote(parsed.path).rsplit("/", 1)[-1] or "untitled"
    return name if format_for(name) != "text" or "." in name else name + LANGUAGE_EXTENSION.get(language, ".txt")


def rule_document(rule, rule_id: str) -> str | None:
    """A file URI of the rule's explanation, written once to the user's cache folder."""
    if rule is None:
        return None
    from .cli import explanation

    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimlint" / __version__ / "rules"
    path = folder / f"{rule_id}.md"
    try:
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(explanation(rule) + "\n", encoding="utf-8")
    except OSError:
        return None
    return path.as_uri()


server = ClaimlintServer()


@server.feature(t.INITIALIZE)
def initialize(ls: ClaimlintServer, params: t.InitializeParams) -> None:
    options = params.initialization_options or {}
    if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
        ls.debounce = max(float(options["debounceMs"]), 0.0) / 1000


#: What the server asks a client to watch: configuration files and rule packs (any .toml:
#: a pack may have any name), so that a change made outside the editor is picked up too.
WATCHED = ("**/*.toml", "**/.claimlint.toml")  # a dot file, for globs whose `*` skips them
FIX_ALL = t.CodeActionKind.SourceFixAll + ".claimlint"


@server.feature(t.INITIALIZED)
def initialized(ls: ClaimlintServer, params: t.InitializedParams) -> None:
    """Editors send file changes only for files a server registered to watch; a client
    that cannot register dynamically still sends didSave for the files it has open."""
    capabilities = ls.client_capabilities.workspace
    watched = capabilities.did_change_watched_files if capabilities else None
    if watched is not None and watched.dynamic_registration:
        options = t.DidChangeWatchedFilesRegistrationOptions(watchers=[t.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED])
        registration = t.Registration(id="claimlint-configuration", method=t.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                      register_options=options)
        ls.client_register_capability(t.RegistrationParams(registrations=[registration]))
    threading.Thread(target=ls.load_pack, name="claimlint-pack", daemon=True).start()


@server.feature(t.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ClaimlintServer, params: t.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    ls.open[item.uri] = OpenDocument(item.uri, item.version, item.text, item.language_id)
    ls.lint(item.uri)


@server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ClaimlintServer, params: t.DidChangeTextDocumentParams) -> None:
    item = ls.open.get(params.text_document.uri)
    if item is None or not params.content_changes:
        return
    for change in params.content_changes:
        if isinstance(change, t.TextDocumentContentChangeWholeDocument):
            item.text = change.text
        else:  # a client that ignores our full-sync request: apply the range edit ourselves
            document = Document(item.text)
            start, end = ls.offset(document, change.range.start), ls.offset(document, change.range.end)
            item.text = item.text[:start] + change.text + item.text[max(start, end):]
    item.version = params.text_document.version
    item.revision += 1
    ls.schedule(item.uri)


@server.feature(t.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: ClaimlintServer, params: t.DidSaveTextDocumentParams) -> None:
    if _is_configuration(params.text_document.uri):
        ls.reload()
    elif params.text_document.uri in ls.open:
        ls.lint(params.text_document.uri)


@server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ClaimlintServer, params: t.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.close(uri)
    ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: ClaimlintServer, params: t.DidChangeWatchedFilesParams) -> None:
    if any(_is_configuration(change.uri) for change in params.changes):
        ls.reload()


@server.feature(t.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: ClaimlintServer, params: t.DidChangeConfigurationParams) -> None:
    ls.reload()


def _is_configuration(uri: str) -> bool:
    name = unquote(urlparse(uri).path).rsplit("/", 1)[-1]
    return name in CONFIG_NAMES or name.endswith(".toml")


@server.feature(
    t.TEXT_DOCUMENT_CODE_ACTION,
    t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix, FIX_ALL]),
)
def code_action(ls: ClaimlintServer, params: t.CodeActionParams) -> list[t.CodeAction]:
    uri = params.text_document.uri
    item = ls.open.get(uri)
    if item is None or item.document is None:
        return []
    only = params.context.only or []
    fix_all = _fix_all(ls, item) if wanted(FIX_ALL, only) else []
    if only and not wanted(t.CodeActionKind.QuickFix, only):
        return fix_all
    return _quick_fixes(ls, item, params.range) + fix_all



def wanted(kind: str, only: list[str]) -> bool:
    """LSP kinds are hierarchical: asking for `source` asks for `source.fixAll.claimlint`
    too. No `only` (a request at the cursor) asks for everything."""
    return not only or any(kind == asked or kind.startswith(asked + ".") for asked in only)


def _quick_fixes(ls: ClaimlintServer, item: OpenDocument, where: t.Range) -> list[t.CodeAction]:
    uri, document = item.uri, item.document
    start, end = ls.offset(document, where.start), ls.offset(document, where.end)
    actions: list[t.CodeAction] = []
    for finding in item.findings:
        if finding.end < start or finding.start > end:
            continue
        diagnostic = ls.diagnostic(document, finding)
        sentences = [text for text in finding.suggestions if is_sentence_rewrite(text)]
        spans = [text for text in finding.suggestions if is_span_rewrite(text)]
        rewrites = ([finding.fix] if finding.fix else []) + [Fix(text, "unsafe") for text in spans]
        seen = set()
        # None where the sentence holds markup: replacing it whole could drop a link or emphasis
        sentence = sentence_range(document, finding) if sentences else None
        # The preferred fix and the other span rewrites first: an editor lists actions in order.
        for number, fix in enumerate(rewrites):
            edit = polish(document.text, dataclasses.replace(finding, fix=fix))
            if (edit.start, edit.end, edit.replacement) in seen:
                continue
            seen.add((edit.start, edit.end, edit.replacement))
            label = f"“{edit.replacement}”" if edit.replacement else "remove it"
            actions.append(
                t.CodeAction(
                    title=f"claimlint: rewrite “{finding.text}” → {label}" + (" (safe)" if fix.applicability == "safe" else ""),
                    kind=t.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=number == 0 and finding.fix is not None,
                    edit=t.WorkspaceEdit(changes={uri: [t.TextEdit(range=ls.range(document, edit.start, edit.end), new_text=edit.replacement)]}),
                )
            )
        for text in sentences if sentence else ():
            actions.append(t.CodeAction(
                title=f"claimlint: rewrite the sentence → “{text}”", kind=t.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=t.WorkspaceEdit(changes={uri: [t.TextEdit(range=ls.range(document, *sentence), new_text=text)]})))
        if not finding.rule.startswith("claimlint."):
            actions.append(_disable_action(ls, item, finding, diagnostic))
    return actions


_SENTENCE_REWRITE = regex.compile(r"[A-Z].*[.!?]\Z", regex.DOTALL)


def is_sentence_rewrite(text: str) -> bool:
    """A suggestion written as a sentence of its own (capital to full stop, four words or
    more) replaces the claim's sentence; any other replaces the claim's words. Pasting a
    sentence over two words reads as nonsense."""
    return bool(_SENTENCE_REWRITE.match(text)) and len(text.split()) >= 4


def is_span_rewrite(text: str) -> bool:
    """A few words that can stand in for the claim's ("a newer option"); advice to the author
    ("Add: “...”", "State the exact status: ...") is shown, never pasted into the copy."""
    return not is_sentence_rewrite(text) and len(text.split()) <= 6 and not any(mark in text for mark in ":“”\"")


def sentence_range(document: Document, finding: Finding) -> tuple[int, int] | None:
    """Source offsets of the sentence that holds ``finding``, when the source writes it as
    plain prose (no tag, emphasis or link inside); None otherwise."""
    from .extract import extract
    from .sentences import split

    for segment in extract(document.text, format_for(document.path)).segments:
        for sentence in split(segment):
            start, end = segment.to_source(sentence.start), segment.to_source(sentence.end, end=True)
            if start <= finding.start and finding.end <= end:
                verbatim = segment.is_verbatim(sentence.start, sentence.end, document.text)
                return (start, end) if verbatim else None
    return None


def _disable_action(ls: ClaimlintServer, item: OpenDocument, finding: Finding, diagnostic: t.Diagnostic) -> t.CodeAction:
    document = item.document
    edits = [t.TextEdit(range=ls.range(document, offset, offset), new_text=text)
             for offset, text in disable_edits(document, finding, format_for(document.path))]
    return t.CodeAction(
        title=f"claimlint: disable {finding.rule} for this line",
        kind=t.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=t.WorkspaceEdit(changes={item.uri: edits}),
    )


def disable_edits(document: Document, finding: Finding, fmt: str) -> list[tuple[int, str]]:
    """(offset, text to insert) that switch ``finding``'s rule off for its line (see TRAILING)."""
    text, newline, rule = document.text, document.newline, finding.rule
    if fmt in TRAILING:
        last = document.line_text(finding.end_line)
        end = document.line_starts[finding.end_line - 1] + len(last.rstrip("\r\n"))
        return [(end, TRAILING[fmt].format(rule=rule))]
    line_start = document.line_starts[finding.line - 1]
    if fmt in LINE_BEFORE:
        line = document.line_text(finding.line)
        indent = line[: len(line) - len(line.lstrip())]
        return [(line_start, indent + LINE_BEFORE[fmt].format(rule=rule) + newline)]
    before = [m.end() for m in _BLANK_LINES.finditer(text, 0, line_start)]
    start = before[-1] if before else 0
    after = _BLANK_LINES.search(text, finding.end)
    end = after.start() if after else len(text.rstrip("\r\n"))
    return [(start, f"claimlint-disable {rule}{newline}"), (end, f"{newline}claimlint-enable {rule}")]


_BLANK_LINES = regex.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")


def _fix_all(ls: ClaimlintServer, item: OpenDocument) -> list[t.CodeAction]:
    edits = edits_for(item.document.text, item.findings, unsafe=False)
    if not edits:
        return []
    text_edits = [t.TextEdit(range=ls.range(item.document, edit.start, edit.end), new_text=edit.replacement) for edit in edits]
    return [t.CodeAction(title="claimlint: apply all safe fixes", kind=FIX_ALL, edit=t.WorkspaceEdit(changes={item.uri: text_edits}))]


@server.feature(t.TEXT_DOCUMENT_HOVER)
def hover(ls: ClaimlintServer, params: t.HoverParams) -> t.Hover | None:
    item = ls.open.get(params.text_document.uri)
    if item is None or item.document is None:
        return None
    offset = ls.offset(item.document, params.position)
    for finding in item.findings:
        if finding.start <= offset <= finding.end:
            rule = ls.rule(finding.rule)
            from .cli import explanation

            body = explanation(rule) if rule is not None else "A notice about a claimlint directive."
            return t.Hover(
                contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=f"**{finding.message}**\n\n{body}"),
                range=ls.range(item.document, finding.start, finding.end),
            )
    return None


def serve(stdin, stdout, first: bytes | None = None, answered=None,
          max_file_size: int | None = None) -> None:
    """Run the server until ``exit`` or the end of its input; ``first``: a message already
    read (by ``lsp_io.main``), ``answered``: its id, if it was answered there."""
    if max_file_size is not None:
        server.max_file_size = max_file_size
    if answered is not None:
        server.protocol.answered_early = {answered}
    log_in_one_line()
    server._stop_event = threading.Event()
    server.protocol.set_writer(StdoutWriter(stdout))
    code = 0
    try:
        asyncio.run(_read_loop(stdin, first))
    except FramingError as error:
        code = broken_framing(error)
    except SystemExit as exit_:  # pygls's `exit` handler: 0 after `shutdown`, else 1
        code = exit_.code
    except KeyboardInterrupt:
        code = 130
    finally:
        server.shutdown()
    sys.exit(code)


async def _read_loop(stdin, first: bytes | None) -> None:
    """Hand each message to pygls. A daemon thread reads them, so the loop never blocks on
    input and ``exit`` never waits for a read that will not end."""
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue = asyncio.Queue()

    def read_all() -> None:
        while True:
            try:
                body = read_message(stdin)
            except FramingError as error:
                body = error
            loop.call_soon_threadsafe(inbox.put_nowait, body)
            if not isinstance(body, bytes):
                return

    if first is not None:
        _handle(first)
    threading.Thread(target=read_all, name="claimlint-reader", daemon=True).start()
    while not server._stop_event.is_set():
        body = await inbox.get()
        if isinstance(body, FramingError):
            raise body
        if body is None:
            return
        _handle(body)


def _handle(body: bytes) -> None:
    """One message, as pygls's own loop handles it, but a bad one is reported in one line
    of the editor's log, not a traceback (a request among them has had its error answer)."""
    protocol = server.protocol
    try:
        protocol.handle_message(json.loads(body, object_hook=protocol.structure_message))
    except Exception as error:
        log.error("skipped a message that could not be handled", exc_info=error)
        server.report_server_error(error, JsonRpcException)


class OneLine(logging.Formatter):
    """Standard error is the editor's log of the server: one line per problem, naming
    the exception, never a traceback (pygls logs its own with one)."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"claimlint lsp: {(record.getMessage().splitlines() or [''])[0]}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1].__cause__ or record.exc_info[1]
            line += f" ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})"
        return line


def log_in_one_line() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine())
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


def main() -> None:
    """The server on standard input and output (``claimlint lsp`` starts it through
    ``lsp_io.main``, which answers ``initialize`` first)."""
    serve(sys.stdin.buffer, sys.stdout.buffer)
