"""Single-process throughput of the full default pack on generated clinic copy.

    python bench/throughput.py            # 2,000 pages, about 10 MB
    python bench/throughput.py --pages 200

Run by hand (never as a timed test): the figure depends on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

from linter import default_rules, lint_paths  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / ".generated" / "site")
    args = parser.parse_args()
    paths = generate.site(args.out, args.pages, 5.0)
    size = sum(path.stat().st_size for path in paths)
    started = time.perf_counter()
    rules = default_rules()
    compiled = time.perf_counter()
    result = lint_paths(paths, rules=rules)
    done = time.perf_counter()
    print(f"pages: {result.files}  bytes: {size / 1e6:.1f} MB  findings: {len(result.findings)}")
    print(f"rule pack compile: {compiled - started:.2f} s")
    print(f"lint: {done - compiled:.2f} s  throughput: {size / 1e6 / (done - compiled):.2f} MB/s (one process)")


if __name__ == "__main__":
    main()
