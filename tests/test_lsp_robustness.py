"""The language server survives malformed requests, edits far past the end, and bursts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


class RawClient:
    """Speaks LSP framing by hand, so it can also send what no well-behaved client would."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-m", "linter", "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def raw(self, body: bytes) -> None:
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict) -> None:
        self.raw(json.dumps(message).encode("utf-8"))

    def receive(self) -> dict:
        length = 0
        while True:
            line = self.process.stdout.readline()
            assert line, "the server stopped answering"
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def until(self, predicate) -> dict:
        while True:
            message = self.receive()
            if predicate(message):
                return message

    def close(self):
        self.send({"jsonrpc": "2.0", "id": 999, "method": "shutdown"})
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.process.wait(timeout=30)


@pytest.fixture
def server():
    client = RawClient()
    client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": {"debounceMs": 5}}})
    client.until(lambda m: m.get("id") == 1)
    client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    yield client
    client.close()


def diagnostics_for(client, uri, version):
    message = client.until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version)
    return [(d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in message["params"]["diagnostics"]]


def test_malformed_requests_then_it_still_answers(server):
    server.raw(b"{ this is not json")
    server.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"nonsense": True}})
    error = server.until(lambda m: m.get("id") == 2)
    assert "error" in error
    server.send({"jsonrpc": "2.0", "id": 3, "method": "claimlint/noSuchMethod", "params": {}})
    assert server.until(lambda m: m.get("id") == 3)["error"]["code"] == -32601
    server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///never-opened.md", "version": 2}, "contentChanges": [{"text": "x"}]}})
    uri = "file:///tmp/still-works.md"
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "A miracle.\n"}}})
    assert diagnostics_for(server, uri, 1) == [("hype.miracle", 0, 2)]
    server.send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}})
    assert "hype.miracle" in server.until(lambda m: m.get("id") == 4)["result"]["contents"]["value"]


def test_edits_far_past_the_end_and_a_burst_of_changes(server):
    uri = "file:///tmp/edits.txt"
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": "Fine.\n"}}})
    diagnostics_for(server, uri, 1)
    far = {"start": {"line": 500, "character": 900}, "end": {"line": 9000, "character": 5}}
    server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": far, "text": "A miracle."}]}})
    assert diagnostics_for(server, uri, 2) == [("hype.miracle", 1, 2)]  # appended at the end
    for version in range(3, 53):
        text = "Fine.\n" * version + ("A miracle.\n" if version == 52 else "")
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})
    assert diagnostics_for(server, uri, 52) == [("hype.miracle", 52, 2)]
