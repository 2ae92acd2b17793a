"""The raw scan ceiling: claimlint's trigger patterns in one Hyperscan database over the same bytes.

compare.py writes PATTERNS.json from the same list it translates into textlint's prh
dictionary: every compiled pattern of every rule, phrase, claim and document rules alike.

    PEER_PYTHON bench/hyperscan_scan.py PATTERNS.json FILE...

Runs in the peers' environment (where the hyperscan wheel is installed).
Patterns Hyperscan cannot compile (lookarounds it does not support) are
adapted where possible (``(?<!\\w)`` and ``(?!\\w)`` become ``\\b``) and
otherwise counted as skipped.
"""

import json
import sys
import time

import hyperscan


def adapt(source):
    return source.replace(r"(?<!\w)", r"\b").replace(r"(?!\w)", r"\b")


def main():
    patterns = json.load(open(sys.argv[1], encoding="utf-8"))
    data = b"\n".join(open(path, "rb").read() for path in sys.argv[2:])
    compiled, skipped = [], 0
    for source in patterns:
        candidate = adapt(source).encode("utf-8")
        try:
            probe = hyperscan.Database()
            probe.compile(expressions=[candidate], flags=hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_ALLOWEMPTY)
            compiled.append(candidate)
        except hyperscan.error:
            skipped += 1
    database = hyperscan.Database()
    database.compile(expressions=compiled, ids=list(range(len(compiled))), elements=len(compiled),
                     flags=hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_ALLOWEMPTY)
    hits = 0

    def on_match(identifier, start, end, flags, context):
        nonlocal hits
        hits += 1

    started = time.perf_counter()
    database.scan(data, match_event_handler=on_match)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "mb": len(data) / 1e6, "patterns": len(compiled), "skipped": skipped, "matches": hits}))


if __name__ == "__main__":
    main()
