"""``claimlint serve``: a local page to paste copy into and see its findings as you type.

Standard library only (``http.server``). It listens on 127.0.0.1 unless told
otherwise with ``--allow-remote``, answers only requests addressed to the host
it listens on (a page elsewhere cannot reach it through DNS rebinding), takes
JSON only from its own page, refuses requests over ``--max-request-size``,
and never writes a file: copy is linted in memory with the same configuration
and rule packs ``check`` would use for a file in the current folder, and the
highlighted view is the one ``claimlint report`` writes.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import sys
import threading
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import click

from . import __version__
from .api import Linter
from .config import ConfigError
from .document import Document
from .extract import EXTENSIONS, format_for
from .loader import RulesError
from .review.report import asset, document_html, packs
from .review.view import FORMAT_NAMES, render_page, review
from .selection import SelectorError

EXTENSION_OF = {"text": ".txt", "markdown": ".md", "mdx": ".mdx", "html": ".html"}
MAX_NAME = 500


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is a loopback address."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(address.split("%")[0]).is_loopback for address in addresses)


def page_html(pack_text: str) -> str:
    options = "".join(f'<option value="{fmt}">{name}</option>' for fmt, name in FORMAT_NAMES.items())
    body = f"""<header class="report-head"><h1>claimlint: paste copy to review</h1>
<p class="meta">claimlint {escape(__version__)} · rule packs: <span class="packs">{escape(pack_text)}</span> · nothing you paste leaves this machine or is saved</p></header>
<div class="serve-grid">
<div class="serve-input">
<div class="controls">
<label>Format <select id="format">{options}</select></label>
<label>File name <input id="name" size="18" placeholder="pasted.txt" title="Optional: picks per-file settings from the configuration"></label>
<label>Open a file <input id="file" type="file" accept=".txt,.text,.md,.markdown,.mdx,.html,.htm,text/*"></label>
</div>
<textarea id="copy" spellcheck="true" placeholder="Paste clinic copy here: plain text, Markdown or HTML." aria-label="Copy to review"></textarea>
<p class="status" id="status" role="status">Paste or type copy to see its findings.</p>
</div>
<div id="result" class="result" aria-live="polite"></div>
</div>"""
    return document_html("claimlint: paste copy", body, [asset("review.js"), asset("serve.js")], f"claimlint {__version__} · {pack_text}", connect=True)


class Reviewer:
    """Lints pasted copy with the command line's linter; one lint at a time."""

    def __init__(self, linter: Linter, default_fail_on: str):
        self.linter = linter
        self.default_fail_on = default_fail_on
        self.lock = threading.Lock()

    def check(self, text: str, fmt: str, name: str) -> dict:
        if fmt not in EXTENSION_OF:
            raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(EXTENSION_OF)}")
        name = name.strip() or f"pasted{EXTENSION_OF[fmt]}"
        if format_for(name) != fmt or not any(name.lower().endswith(ext) for ext in EXTENSIONS):
            name += EXTENSION_OF[fmt]
        with self.lock:
            document = Document(text.replace("\x00", "\ufffd") if "\x00" in text else text, name)
            settings = self.linter.settings_for(name)
            report = self.linter.check(document, settings)
            ruleset = self.linter.ruleset_for(settings)
        page = review(document, report.findings, fmt, ruleset, settings.fail_on or self.default_fail_on, report.suppressed)
        return {
            "path": name,
            "count": len(report.findings),
            "counts": page.counts,
            "passes": page.passes,
            "findings": [finding.to_json() for finding in report.findings],
            "errors": list(report.errors),
            "html": render_page(page, "live"),
        }


def make_handler(reviewer: Reviewer, page: bytes, allowed_hosts: set[str] | None, max_request: int):
    class Handler(BaseHTTPRequestHandler):
        server_version = "claimlint"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - quiet: a reviewer's terminal is not a log
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Frame-Options", "DENY")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, message: str) -> None:
            self.close_connection = True
            self._send(status, json.dumps({"error": message}).encode())

        def _host_ok(self) -> bool:
            if allowed_hosts is None:
                return True
            return (self.headers.get("Host") or "").lower() in allowed_hosts

        def do_GET(self):  # noqa: N802
            if not self._host_ok():
                return self._error(HTTPStatus.MISDIRECTED_REQUEST, "this server answers only on the address it listens on")
            if self.path.split("?", 1)[0] != "/":
                return self._error(HTTPStatus.NOT_FOUND, "not found")
            self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")

        do_HEAD = do_GET

        def do_POST(self):  # noqa: N802
            if not self._host_ok():
                return self._error(HTTPStatus.MISDIRECTED_REQUEST, "this server answers only on the address it listens on")
            if self.path != "/api/check":
                return self._error(HTTPStatus.NOT_FOUND, "not found")
            origin = self.headers.get("Origin")
            if origin is not None and allowed_hosts is not None and origin.lower().split("://", 1)[-1] not in allowed_hosts:
                return self._error(HTTPStatus.FORBIDDEN, "requests are taken only from this server's own page")
            if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
                return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON (Content-Type: application/json)")
            length = self.headers.get("Content-Length")
            if length is None or not length.isdigit():
                return self._error(HTTPStatus.LENGTH_REQUIRED, "a Content-Length is required")
            if int(length) > max_request:
                return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                   f"the copy is larger than {max_request:,} bytes; restart with a larger --max-request-size")
            raw = self.rfile.read(int(length))
            try:
                request = json.loads(raw.decode("utf-8"))
                text, fmt, name = request["text"], request.get("format", "text"), request.get("name", "") or ""
                if not isinstance(text, str) or not isinstance(fmt, str) or not isinstance(name, str) or len(name) > MAX_NAME:
                    raise TypeError
            except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
                return self._error(HTTPStatus.BAD_REQUEST, 'send {"text": "...", "format": "text|markdown|html", "name": "optional"}')
            try:
                result = reviewer.check(text, fmt, name)
            except ValueError as error:
                return self._error(HTTPStatus.BAD_REQUEST, str(error))
            except (ConfigError, RulesError, SelectorError) as error:
                lines = [str(p) for p in error.errors] if isinstance(error, (RulesError, ConfigError)) else [str(error)]
                return self._error(HTTPStatus.UNPROCESSABLE_ENTITY, "; ".join(lines))
            self._send(HTTPStatus.OK, json.dumps(result, ensure_ascii=False).encode("utf-8"))

        def _not_allowed(self):
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "only GET / and POST /api/check")

        do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    return Handler


def make_server(linter: Linter, host: str, port: int, allow_remote: bool, max_request: int, default_fail_on: str) -> ThreadingHTTPServer:
    """The server, bound and ready (``serve_forever`` runs it); ``ValueError`` for a refused address."""
    if not allow_remote and not is_loopback(host):
        raise ValueError(f"refusing to listen on {host}: it is not a loopback address, so other machines could reach the page; "
                         "use --host 127.0.0.1, or pass --allow-remote if that is what you want")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("Server", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True})
    reviewer = Reviewer(linter, default_fail_on)
    server = server_class((host.strip("[]"), port), lambda *a: None)  # handler set below, once the port is known
    bound_port = server.server_address[1]
    if allow_remote:
        allowed = None
    else:
        bare = host.strip("[]").lower()
        names = {"localhost", "127.0.0.1", "[::1]", f"[{bare}]" if ":" in bare else bare}
        allowed = {f"{name}:{bound_port}" for name in names} | (names if bound_port == 80 else set())
    pack_text = "; ".join(f"{name} sha256:{digest[:16]}" for name, digest in packs(linter.rulesets)) or "no rule pack"
    server.RequestHandlerClass = make_handler(reviewer, page_html(pack_text).encode("utf-8"), allowed, max_request)
    return server


def run_server(linter: Linter, host: str, port: int, allow_remote: bool, max_request: int, default_fail_on: str) -> None:
    try:
        server = make_server(linter, host, port, allow_remote, max_request, default_fail_on)
    except ValueError as error:
        click.echo(f"claimlint: error: {error}", err=True)
        raise click.exceptions.Exit(2)
    except OSError as error:
        click.echo(f"claimlint: error: cannot listen on {host}:{port}: {error.strerror or error}; "
                   "choose another --port (0 picks a free one)", err=True)
        raise click.exceptions.Exit(2)
    address, bound = server.server_address[:2]
    shown = f"[{address}]" if ":" in address else address
    click.echo(f"claimlint serve: open http://{shown}:{bound}/ (Ctrl-C to stop)", err=True)
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
