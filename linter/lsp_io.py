"""The language server's wire: LSP message framing, and a start-up that answers ``initialize``
before pygls loads.

An editor waits for the answer to ``initialize`` before it sends anything else, and
importing pygls's protocol types (``lsprotocol.types``) alone costs 0.3-0.6 s. This
module imports neither: it reads the first message, answers an ``initialize`` with the
server's capabilities (which never depend on the workspace), and only then loads the
server proper, which replays the request to set itself up and keeps its answer to itself
(see ``lsp.serve``). ``tests/test_lsp_startup.py`` holds the capabilities written here
equal to those pygls computes from the server's features.

Framing is strict: a header that is not ``Name: value``, a ``Content-Length`` that is not
a number, or input that ends inside a message leaves the two sides out of step for good,
so the server says so on standard error and exits with status 2 instead of waiting for
bytes that will never make sense.
"""

from __future__ import annotations

import json
import sys
from typing import BinaryIO

#: A header line longer than this is not a header: refuse it rather than read on for a newline.
MAX_HEADER_LINE = 1024
#: The encodings the server computes columns in (see ``lsp.ENCODING``), by their LSP names.
POSITION_ENCODINGS = ("utf-8", "utf-16", "utf-32")
EXIT_BROKEN_FRAMING = 2


class FramingError(Exception):
    """The input is not LSP framing; the message says what was wrong with it."""


def read_message(stream: BinaryIO) -> bytes | None:
    """The body of the next message, or None when the input ends between messages.

    Blank lines before a message's headers are skipped (some clients send one after
    each body); any other header than ``Content-Length`` is read and ignored.
    """
    length: int | None = None
    started = False
    while True:
        line = stream.readline(MAX_HEADER_LINE + 1)
        if not line:
            if started:
                raise FramingError("the input ended inside a message's headers")
            return None
        if not line.endswith(b"\n"):
            if len(line) > MAX_HEADER_LINE:
                raise FramingError(f"a header line longer than {MAX_HEADER_LINE} bytes: "
                                   f"{_shown(line)}")
            raise FramingError(f"the input ended inside a header line: {_shown(line)}")
        if not line.strip():
            if not started:
                continue
            if length is None:
                raise FramingError("a message without a Content-Length header")
            break
        started = True
        name, colon, value = line.partition(b":")
        if not colon or not name.strip():
            raise FramingError(f"not an LSP header (expected 'Name: value'): {_shown(line)}")
        if name.strip().lower() == b"content-length":
            length = _content_length(value.strip())
    body = stream.read(length)
    if len(body) < length:
        raise FramingError(f"the input ended {length - len(body)} bytes short of a message's "
                           f"Content-Length of {length}")
    return body


def _content_length(value: bytes) -> int:
    if not value.isdigit():
        raise FramingError(f"Content-Length is not a number: {_shown(value)}")
    return int(value)


def _shown(data: bytes) -> str:
    """Some bytes of bad input as they can be shown in one line of an error."""
    text = repr(data[:60].rstrip(b"\r\n"))[2:-1]
    return text + ("..." if len(data) > 60 else "")


def frame(body: bytes) -> bytes:
    """One message as written to the client, with the headers pygls writes."""
    return (b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
            % len(body)) + body


def position_encoding(params: dict) -> str:
    """The first of the client's position encodings the server supports, else UTF-16
    (what pygls picks, and what the protocol says to assume)."""
    general = (params.get("capabilities") or {}).get("general") or {}
    offered = general.get("positionEncodings") or []
    return next((name for name in offered if name in POSITION_ENCODINGS), "utf-16")


def initialize_result(params: dict, version: str) -> dict:
    """The server's answer to ``initialize``, as pygls would give it for the features
    ``lsp.py`` registers (full sync, save, hover, quick fixes and fix-all)."""
    return {
        "capabilities": {
            "positionEncoding": position_encoding(params),
            "textDocumentSync": {"openClose": True, "change": 1, "save": True},
            "hoverProvider": True,
            "codeActionProvider": {"codeActionKinds": ["quickfix", "source.fixAll.claimlint"]},
            "executeCommandProvider": {"commands": []},
            "workspace": {"workspaceFolders": {"supported": True, "changeNotifications": True},
                          "fileOperations": {}},
        },
        "serverInfo": {"name": "claimlint", "version": version},
    }


def early_answer(body: bytes, version: str) -> tuple[object, bytes] | None:
    """(request id, framed answer) when ``body`` is a well-formed ``initialize`` request;
    anything else is left to pygls, which answers it as it answers any message."""
    try:
        message = json.loads(body)
    except ValueError:
        return None
    if not (isinstance(message, dict) and message.get("method") == "initialize"
            and isinstance(message.get("id"), (int, str)) and isinstance(message.get("params"), dict)
            and isinstance(message["params"].get("capabilities"), dict)):
        return None  # pygls will say what is wrong with it
    result = initialize_result(message["params"], version)
    answer = {"id": message["id"], "jsonrpc": "2.0", "result": result}
    return message["id"], frame(json.dumps(answer).encode("utf-8"))


def broken_framing(error: FramingError) -> int:
    """Say on standard error why the server stops; the exit status to stop with."""
    print(f"claimlint lsp: broken message framing: {error}. The server cannot tell where the "
          "next message starts, so it stops; restart it from the editor.", file=sys.stderr)
    return EXIT_BROKEN_FRAMING


def main(max_file_size: int | None = None) -> None:
    """``claimlint lsp``: answer ``initialize`` first, then load and run the server."""
    from . import __version__

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        first = read_message(stdin)
    except FramingError as error:
        sys.exit(broken_framing(error))
    if first is None:
        return  # the input ended before the first message
    answered = early_answer(first, __version__)
    if answered is not None:
        stdout.write(answered[1])
        stdout.flush()
    from . import lsp  # pygls and its types: the slow part of starting

    lsp.serve(stdin, stdout, first, answered[0] if answered else None, max_file_size)
