"""The language server's start-up and edit latency, as an editor sees them.

    python bench/lsp_latency.py [PAGE] [--runs 9] [--pause 0.3] [--debounce-ms 50]
                                [--starts 5] [--hog N]

A minimal LSP client over stdio (Content-Length framing), so the figures are the
server's, not a test framework's:

- ``initialize``: from starting the process to its answer to ``initialize`` (the
  editor waits for it), the median of ``--starts`` fresh processes; and from the
  start to the diagnostics of the page opened at once (what loads after the answer,
  the server proper and the rule pack, is in this one);
- edit: from a ``didChange`` to the diagnostics published for it. Each change adds a
  paragraph at the end of the page, as typing there does, ``--pause`` seconds after
  the last diagnostics arrived (a pause in typing; the server lints such a change at
  once). With ``--pause 0`` changes follow each other back to back, as in a burst of
  keystrokes, and the server waits out its window (``debounceMs``, default 50 ms).

Without PAGE the page is about 200 KB of Markdown made from the copy in ``seeds/``,
each repetition of a seed numbered so that no two paragraphs are the same text.
``--hog N`` runs N busy-looping processes beside the server for the whole run (a
loaded machine); they are stopped at the end. One JSON object is printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "linter", "lsp"]


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


def seed_page(size: int = 200_000) -> str:
    """About ``size`` bytes of Markdown from the seeds' copy, every paragraph distinct."""
    seeds = sorted(path for path in (ROOT / "seeds").iterdir() if path.suffix in (".md", ".txt"))
    parts, total, round_ = ["# Clinic copy\n"], 0, 0
    while total < size:
        round_ += 1
        for path in seeds:
            paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
            section = [f"## {path.stem}, part {round_}"]
            # only prose paragraphs are numbered: a suffix would break a fence, table or list
            section += [f"{p} (Section {round_}.)" if p[0].isalpha() else p for p in paragraphs]
            text = "\n\n".join(section) + "\n"
            parts.append(text)
            total += len(text.encode("utf-8"))
    return "\n".join(parts)


def start(options: dict, started: float):
    """A server answering ``initialize``: (process, seconds from ``started`` to the answer)."""
    process = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    send(process, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"processId": None, "rootUri": None, "capabilities": {}, **options}})
    while receive(process).get("id") != 1:
        pass
    return process, time.perf_counter() - started


def stop(process):
    send(process, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send(process, {"jsonrpc": "2.0", "method": "exit"})
    process.wait(timeout=30)


def open_page(process, uri: str, text: str, started: float) -> float:
    """Seconds from ``started`` to the first diagnostics of the page, opened at once."""
    send(process, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(process, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
                   "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    wait_for(process, "textDocument/publishDiagnostics", 1)
    return time.perf_counter() - started


def edits(process, uri: str, text: str, runs: int, pause: float) -> list[float]:
    timings = []
    for version in range(2, runs + 2):
        changed = text + f"\n\nEdit {version}: a miracle.\n"
        time.sleep(pause)
        started = time.perf_counter()
        send(process, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": changed}]}})
        wait_for(process, "textDocument/publishDiagnostics", version)
        timings.append(time.perf_counter() - started)
    return timings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page", type=Path, nargs="?")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pause", type=float, default=0.3)
    parser.add_argument("--debounce-ms", type=float, default=None)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--hog", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if args.page:
        text, uri = args.page.read_text(encoding="utf-8"), args.page.resolve().as_uri()
    else:
        text, uri = seed_page(), (ROOT / "seeds" / "bench-page.md").as_uri()  # never written
    options = {} if args.debounce_ms is None else {"initializationOptions": {"debounceMs": args.debounce_ms}}
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.hog)]
    try:
        answers = []
        for _ in range(args.starts - 1):
            process, seconds = start(options, time.perf_counter())
            answers.append(seconds)
            stop(process)
        started = time.perf_counter()
        process, seconds = start(options, started)
        answers.append(seconds)
        first = open_page(process, uri, text, started)
        timings = edits(process, uri, text, args.runs, args.pause)
        stop(process)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    print(json.dumps({
        "page_kb": round(len(text.encode("utf-8")) / 1000),
        "hogs": args.hog,
        "initialize_median_seconds": round(statistics.median(answers), 4),
        "first_diagnostics_seconds": round(first, 4),
        "median_seconds": round(statistics.median(timings), 4),
        "max_seconds": round(max(timings), 4),
        "runs": len(timings),
    }))


if __name__ == "__main__":
    main()
