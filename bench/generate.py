"""Deterministic clinic-like copy for benchmarks, written from templates of our own.

Sentences are recombined from the fragments below with a fixed seed, at about
the claim density of real clinic pages (roughly one risky sentence in four), so
every run of the benchmark lints the same bytes.

    python bench/generate.py OUT_DIR [--pages 2000] [--page-kb 5]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TREATMENTS = ["ketamine", "IV ketamine", "TMS", "psilocybin therapy", "NAD+ therapy", "semaglutide", "our infusions", "Spravato"]
CONDITIONS = ["depression", "anxiety", "PTSD", "OCD", "chronic pain", "brain fog", "addiction", "migraines", "insomnia"]
NEUTRAL = [
    "Our clinic is open Monday through Saturday, and parking is free.",
    "Every new patient starts with a medical and psychiatric evaluation.",
    "{T} is given in a private room with a nurse nearby.",
    "Please arrive fifteen minutes early for your first appointment.",
    "We accept most major insurance plans and HSA cards.",
    "Our team includes anesthesiologists, psychiatrists and nurse practitioners.",
    "Ask your clinician whether {T} is right for you.",
    "Side effects can include nausea, dizziness and feeling detached.",
    "{T} may help some people with {C}, although research is still limited.",
    "Research on {T} for {C} is ongoing, and results vary.",
    "You will need someone to drive you home after each session.",
    "Call us to schedule a consultation or to ask about pricing.",
    "Many people live with {C} for years before finding care that fits.",
    "We coordinate with your therapist and your prescribing doctor.",
    "In a 2019 study published in JAMA Psychiatry, some participants with {C} improved.",
]
RISKY = [
    "{T} is safe and well-tolerated.",
    "{T} is a game-changer for {C}.",
    "Patients feel relief within hours of their first infusion.",
    "Studies have shown that {T} relieves {C}.",
    "Our patients report dramatic improvements in mood and sleep.",
    "{T} is a revolutionary breakthrough in mental health.",
    "Unlike antidepressants, which take weeks, {T} works fast.",
    "Over 80% of our patients respond to {T}.",
    "{T} is FDA-approved for {C}.",
    "Get permanent relief from {C} with {T}.",
    "{T} has no side effects.",
    "Clinically proven to eliminate {C}.",
]
HEADINGS = ["Why Choose Us", "What to Expect", "Our Approach", "Frequently Asked Questions", "Meet the Team", "Insurance and Pricing"]


def sentence(rng: random.Random) -> str:
    template = rng.choice(RISKY if rng.random() < 0.25 else NEUTRAL)
    text = template.format(T=rng.choice(TREATMENTS), C=rng.choice(CONDITIONS))
    return text[0].upper() + text[1:]


def page(rng: random.Random, size: int) -> str:
    """About ``size`` characters: a title, then headed paragraphs of 2-5 sentences."""
    parts = [f"{rng.choice(TREATMENTS).title()} for {rng.choice(CONDITIONS).title()}", ""]
    length = 0
    while length < size:
        if rng.random() < 0.2:
            parts += [rng.choice(HEADINGS), ""]
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        parts += [paragraph, ""]
        length += len(paragraph) + 2
    return "\n".join(parts)


def as_markdown(text: str) -> str:
    """The same page as Markdown: the title and headings as headings, some emphasis and a link."""
    blocks = text.split("\n\n")
    out = []
    for number, block in enumerate(blocks):
        if not block:
            continue
        if number == 0:
            out.append(f"---\ntitle: \"{block}\"\n---\n\n# {block}")
        elif block in HEADINGS:
            out.append(f"## {block}")
        else:
            out.append(block.replace("ketamine", "*ketamine*", 1).replace("consultation", "[consultation](https://example.org/book)", 1))
    return "\n\n".join(out) + "\n"


def as_html(text: str) -> str:
    """The same page as HTML: a title, meta description, headings, paragraphs, a script."""
    import html

    blocks = [block for block in text.split("\n\n") if block]
    body = []
    for block in blocks[1:]:
        tag = "h2" if block in HEADINGS else "p"
        body.append(f"<{tag}>{html.escape(block, quote=False)}</{tag}>")
    title = html.escape(blocks[0]) if blocks else ""
    return (
        f"<!DOCTYPE html>\n<html><head><title>{title}</title>\n"
        f'<meta name="description" content="{title}">\n<script>var page = "a miracle";</script>\n</head><body>\n'
        + "\n".join(body)
        + "\n</body></html>\n"
    )


FORMATS = {"txt": lambda text: text, "md": as_markdown, "html": as_html}


def site(out: Path, pages: int, page_kb: float, seed: int = 7, fmt: str = "txt") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(pages):
        path = out / f"page-{number:05d}.{fmt}"
        path.write_text(FORMATS[fmt](page(rng, int(page_kb * 1024))), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--page-kb", type=float, default=5.0)
    parser.add_argument("--format", choices=sorted(FORMATS), default="txt")
    args = parser.parse_args()
    paths = site(args.out, args.pages, args.page_kb, fmt=args.format)
    total = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} pages, {total / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
