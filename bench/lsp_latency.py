"""Time from a didChange on a large page to the diagnostics the server publishes for it.

    python bench/lsp_latency.py PAGE [--runs 5] [--pause 0.3] [--debounce-ms 50]

A minimal LSP client over stdio (Content-Length framing), so the figure is the
server's, not a test framework's. Each change adds a paragraph at the end of
the page, as typing there does, ``--pause`` seconds after the last diagnostics
arrived (a pause in typing; the server lints such a change at once). With
``--pause 0`` changes follow each other back to back, as in a burst of
keystrokes, and the server waits out its window (``debounceMs``, default 50 ms,
settable as an editor does with ``initializationOptions``) between lints.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path


def send(process, message):
    body = json.dumps(message).encode("utf-8")
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    process.stdin.flush()


def receive(process):
    length = 0
    while True:
        line = process.stdout.readline()
        if not line:
            raise EOFError("the server closed its output")
        if line in (b"\r\n", b"\n"):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(process.stdout.read(length))


def wait_for(process, method, version=None):
    while True:
        message = receive(process)
        if message.get("method") == method and (version is None or message["params"].get("version") == version):
            return message


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pause", type=float, default=0.3)
    parser.add_argument("--debounce-ms", type=float, default=None)
    args = parser.parse_args()
    text = args.page.read_text(encoding="utf-8")
    uri = args.page.resolve().as_uri()
    options = {} if args.debounce_ms is None else {"initializationOptions": {"debounceMs": args.debounce_ms}}
    process = subprocess.Popen([sys.executable, "-m", "linter", "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    send(process, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}, **options}})
    while receive(process).get("id") != 1:
        pass
    send(process, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(process, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    wait_for(process, "textDocument/publishDiagnostics", 1)
    timings = []
    for version in range(2, args.runs + 2):
        changed = text + f"\n\nEdit {version}: a miracle.\n"
        time.sleep(args.pause)
        started = time.perf_counter()
        send(process, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": changed}]}})
        wait_for(process, "textDocument/publishDiagnostics", version)
        timings.append(time.perf_counter() - started)
    send(process, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send(process, {"jsonrpc": "2.0", "method": "exit"})
    process.wait(timeout=10)
    print(json.dumps({"median_seconds": statistics.median(timings), "runs": len(timings)}))


if __name__ == "__main__":
    main()
