"""Speed and memory of claimlint, measured against its peers in one run.

    python bench/compare.py               # installs the peers into bench/peers/ on first use
    python bench/compare.py --no-peers    # claimlint only
    python bench/compare.py --pages 400   # a smaller site (default 2,000 pages, about 10 MB)

Peers, installed into the ignored folder bench/peers/ (npm and pip, from their
registries): textlint 15 with textlint-rule-prh, given a prh dictionary
generated from claimlint's own phrase rules; proselint with its default
checks; and the hyperscan wheel, which scans the same bytes with claimlint's
patterns compiled into one database, as the ceiling no Python pipeline beats.

Prints the machine and a table, and writes it to bench/RESULTS.md. Run by
hand: the figures depend on the machine, so only ratios measured in the same
run mean much.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PEERS = BENCH / "peers"
WORK = BENCH / ".generated" / "compare"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

#: The installed command, as users run it (``python -m`` adds runpy to every start).
SCRIPT = Path(sys.executable).with_name("claimlint.exe" if os.name == "nt" else "claimlint")
CLAIMLINT = [str(SCRIPT) if SCRIPT.exists() else sys.executable, *([] if SCRIPT.exists() else ["-m", "linter"])]
CLAIMLINT += ["check", "--no-config", "--format", "concise", "--exit-zero"]


def measure(command: list[str]) -> dict:
    output = subprocess.run([sys.executable, str(BENCH / "measure.py"), *command], capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout)


def median_time(command: list[str], runs: int) -> float:
    return statistics.median(measure(command)["seconds"] for _ in range(runs))


def size_mb(paths) -> float:
    return sum(Path(p).stat().st_size for p in paths) / 1e6


def inputs(pages: int, growth_base: int) -> dict:
    """Small page, large page and site, per format; the growth sites (plain text)."""
    if WORK.exists():
        shutil.rmtree(WORK)
    made: dict = {}
    for fmt in generate.FORMATS:
        made[("small", fmt)] = generate.site(WORK / f"small-{fmt}", 1, 2, seed=1, fmt=fmt)
        made[("large", fmt)] = generate.site(WORK / f"large-{fmt}", 1, 200, seed=2, fmt=fmt)
        made[("site", fmt)] = generate.site(WORK / f"site-{fmt}", pages, 5, seed=3, fmt=fmt)
    for factor in (1, 4, 16):
        made[("growth", factor)] = generate.site(WORK / f"growth-{factor}", growth_base * factor, 5, seed=4)
    return made


def claimlint_figures(made: dict, startup_runs: int) -> dict:
    figures: dict = {}
    # Byte-compile the package, as pip does when it installs a wheel: a checkout run with
    # PYTHONDONTWRITEBYTECODE set would otherwise compile every module on every start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "linter")], check=True)
    subprocess.run(CLAIMLINT + [str(made[("small", "txt")][0])], capture_output=True, cwd=ROOT)  # fill the pack cache
    figures["startup"] = median_time(CLAIMLINT + [str(made[("small", "txt")][0])], startup_runs)
    for fmt in generate.FORMATS:
        folder = made[("site", fmt)][0].parent
        mb = size_mb(made[("site", fmt)])
        single = measure(CLAIMLINT + ["--jobs", "1", str(folder)])
        double = measure(CLAIMLINT + ["--jobs", "2", str(folder)])
        figures[("throughput", fmt)] = mb / single["seconds"]
        figures[("throughput2", fmt)] = mb / double["seconds"]
        if fmt == "txt":
            figures["peak_mb"] = single["peak_mb"]
            figures["site_mb"] = mb
    for factor in (1, 4, 16):
        paths = made[("growth", factor)]
        figures[("growth", factor)] = (size_mb(paths), measure(CLAIMLINT + ["--jobs", "1", str(paths[0].parent)])["seconds"])
    for key, pause in (("lsp", "0.3"), ("lsp-burst", "0")):
        lsp = subprocess.run(
            [sys.executable, str(BENCH / "lsp_latency.py"), str(made[("large", "md")][0]), "--runs", "9", "--pause", pause],
            capture_output=True, text=True, cwd=ROOT,
        )
        figures[key] = json.loads(lsp.stdout)["median_seconds"] if lsp.returncode == 0 else None
    figures["big_pack"] = big_pack(made[("large", "txt")][0])
    return figures


def big_pack(page: Path) -> tuple[float, float, float]:
    """A generated pack of 5,000 phrase rules: seconds to compile it, to load it from the
    cache, and to lint the 200 KB page with it on top of the bundled pack."""
    rules = []
    for number in range(5000):
        rules.append(
            f'[[rule]]\nid = "hype.generated{number}"\nkind = "phrase"\nseverity = "warning"\nmessage = "m"\n'
            f'suggestions = ["s"]\nwhy = "w"\nreferences = []\npatterns = ["generatedword{number}~"]\n'
            f'[rule.examples]\nflag = ["generatedword{number}"]\n'
        )
    pack = WORK / "big-pack.toml"
    pack.write_text("".join(rules), encoding="utf-8")
    cache = WORK / "big-pack-cache"
    environment = {**os.environ, "CLAIMLINT_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "linter", "check", "--no-config", "--exit-zero", "--format", "concise", "--rules", str(pack)]
    timings = []
    for target in (page, page, page):  # compile (cold cache), then load from the cache twice
        started = time.perf_counter()
        subprocess.run(command + [str(target)], capture_output=True, env=environment, cwd=ROOT)
        timings.append(time.perf_counter() - started)
    return timings[0], min(timings[1:]), min(timings[1:])


# ---------------------------------------------------------------- peers
def install_peers() -> dict:
    """Install the peers once; returns the commands that run them (missing ones are None)."""
    PEERS.mkdir(parents=True, exist_ok=True)
    node = PEERS / "node"
    textlint = node / "node_modules" / ".bin" / "textlint"
    if not textlint.exists() and shutil.which("npm"):
        node.mkdir(exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(node), "--no-audit", "--no-fund", "--silent", "textlint@15", "textlint-rule-prh@6"], check=False)
    venv = PEERS / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=False)
    if python.exists() and subprocess.run([str(python), "-c", "import proselint, hyperscan"], capture_output=True).returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "proselint", "hyperscan"], check=False)
    _prh_dictionary(node)
    return {
        "textlint": [str(textlint), "--config", str(node / "textlintrc.json")] if textlint.exists() else None,
        "proselint": [str(venv / "bin" / "proselint"), "check"] if (venv / "bin" / "proselint").exists() else None,
        "hyperscan": [str(python), str(BENCH / "hyperscan_scan.py")] if python.exists() else None,
    }


def _phrase_rules():
    from linter import default_rules

    return [rule for rule in default_rules().rules if rule.kind == "phrase"]


def _prh_dictionary(node: Path) -> None:
    """prh rules from claimlint's phrase rules: the same patterns, as JavaScript regexes."""
    lines = ["version: 1", "rules:"]
    for rule in _phrase_rules():
        for phrase in rule.matcher.patterns:
            lines += [f"  - expected: {json.dumps(rule.suggestions[0])}", f"    pattern: {json.dumps('/' + phrase.regex.pattern + '/i')}", f"    prh: {json.dumps(rule.id)}"]
    node.mkdir(parents=True, exist_ok=True)
    (node / "prh.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (node / "textlintrc.json").write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(node / "prh.yml")]}}}), encoding="utf-8")


def peer_figures(peers: dict, made: dict, startup_runs: int) -> dict:
    figures: dict = {}
    small = str(made[("small", "txt")][0])
    site = [str(p) for p in made[("site", "txt")]]
    mb = size_mb(site)
    for name in ("textlint", "proselint"):
        command = peers.get(name)
        if not command:
            continue
        figures[(name, "startup")] = median_time(command + [small], max(startup_runs // 3, 3))
        run = measure(command + site)
        figures[(name, "throughput")] = mb / run["seconds"]
    if peers.get("hyperscan"):
        from linter import default_rules

        patterns = [phrase.regex.pattern for rule in default_rules().rules for phrase in rule.matcher.patterns]
        (WORK / "patterns.json").write_text(json.dumps(patterns), encoding="utf-8")
        scan = subprocess.run(peers["hyperscan"] + [str(WORK / "patterns.json"), *site], capture_output=True, text=True)
        if scan.returncode == 0:
            result = json.loads(scan.stdout)
            figures[("hyperscan", "throughput")] = result["mb"] / result["seconds"]
            figures[("hyperscan", "detail")] = f"{result['patterns']} patterns compiled, {result['skipped']} not expressible"
    return figures


# ---------------------------------------------------------------- report
def table(mine: dict, theirs: dict, pages: int) -> str:
    def ratio(a, b):
        return f"{a / b:.2f}x" if a and b else "n/a"

    rows = [
        "| measure | claimlint | peer | ratio | target |",
        "|---|---|---|---|---|",
        f"| start-up, 2 KB page (median) | {mine['startup'] * 1000:.0f} ms | textlint {theirs.get(('textlint', 'startup'), 0) * 1000:.0f} ms | "
        f"{ratio(theirs.get(('textlint', 'startup')), mine['startup'])} faster | <= 150 ms, >= 3x faster |",
    ]
    if ("proselint", "startup") in theirs:
        rows.append(f"| start-up vs proselint | | proselint {theirs[('proselint', 'startup')] * 1000:.0f} ms | {ratio(theirs[('proselint', 'startup')], mine['startup'])} faster | |")
    for fmt in generate.FORMATS:
        rows.append(f"| throughput, {fmt} site, 1 process | {mine[('throughput', fmt)]:.2f} MB/s | | | >= 20 MB/s (txt) |")
        rows.append(f"| throughput, {fmt} site, --jobs 2 | {mine[('throughput2', fmt)]:.2f} MB/s | | {mine[('throughput2', fmt)] / mine[('throughput', fmt)]:.2f}x of 1 process | >= 1.7x |")
    for name in ("textlint", "proselint"):
        if (name, "throughput") in theirs:
            rows.append(f"| throughput vs {name} (txt site) | {mine[('throughput', 'txt')]:.2f} MB/s | {theirs[(name, 'throughput')]:.2f} MB/s | "
                        f"{ratio(mine[('throughput', 'txt')], theirs[(name, 'throughput')])} | {'>= 10x' if name == 'textlint' else ''} |")
    if ("hyperscan", "throughput") in theirs:
        rows.append(f"| raw scan ceiling (Hyperscan, {theirs[('hyperscan', 'detail')]}) | {mine[('throughput', 'txt')]:.2f} MB/s | "
                    f"{theirs[('hyperscan', 'throughput')]:.0f} MB/s | {mine[('throughput', 'txt')] / theirs[('hyperscan', 'throughput')]:.4f} of it | within 20x |")
    base_mb, base_s = mine[("growth", 1)]
    for factor in (1, 4, 16):
        mb, seconds = mine[("growth", factor)]
        rows.append(f"| growth {factor}x ({mb:.1f} MB) | {seconds:.1f} s | | {seconds / base_s:.1f}x the time for {mb / base_mb:.0f}x the text | linear |")
    rows.append(f"| peak memory, {mine['site_mb']:.1f} MB site ({pages} pages) | {mine['peak_mb']:.0f} MB | | | < 150 MB |")
    lsp = f"{mine['lsp'] * 1000:.0f} ms" if mine.get("lsp") else "failed"
    rows.append(f"| language server, didChange -> diagnostics, 200 KB page, an edit after a pause in typing | {lsp} | | | <= 50 ms |")
    lsp = f"{mine['lsp-burst'] * 1000:.0f} ms" if mine.get("lsp-burst") else "failed"
    rows.append(f"| language server, the same with edits back to back (waits out the 50 ms window) | {lsp} | | | |")
    cold, warm, _ = mine["big_pack"]
    rows.append(f"| 5,000 extra rules: first run (compiles) / later runs (cached), 200 KB page | {cold:.1f} s / {warm:.1f} s | | | runs |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--growth-base", type=int, default=125, help="pages of the 1x growth site")
    parser.add_argument("--startup-runs", type=int, default=15)
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()
    import regex

    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, regex {regex.__version__}"
    print(f"machine: {machine}")
    made = inputs(args.pages, args.growth_base)
    mine = claimlint_figures(made, args.startup_runs)
    theirs = {} if args.no_peers else peer_figures(install_peers(), made, args.startup_runs)
    result = table(mine, theirs, args.pages)
    print(result)
    stamp = time.strftime("%Y-%m-%d")
    results = BENCH / "RESULTS.md"
    results.write_text(
        f"# Benchmark results\n\nMeasured {stamp} with `python bench/compare.py --pages {args.pages}` on {machine}.\n\n{result}\n"
        + later_sections(results),
        encoding="utf-8",
    )


def later_sections(results: Path) -> str:
    """The sections after the table (from its first `## ` heading on), which other
    benchmarks' runs wrote: this run replaces only the table."""
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    at = old.find("\n## ")
    return old[at:] if at >= 0 else ""


if __name__ == "__main__":
    main()
