"""The dev parse sets printed to PDF by a real renderer, scored against the same labels.

Governments publish PDFs; the labelled dev texts are mostly saved text, Markdown and pages.
This prints each dev text (.txt/.md) of the three dev sets as an official document — its first
line as a centred 22 pt title, the body in 16 pt with paragraphs indented two characters, a
落款 set to the right, "— N —" page numbers — through headless Chromium (the Debian package
the UI tests use) in Noto Serif CJK, then scores the PDFs with `evals.parsing` against the
texts' own labels, beside the texts themselves.

    python -m evals.printed_parse [--out DIR] [--misses]

What the PDFs cannot hold: a Markdown file's front matter (its 文号 and issuer records) is
not printed, and a saved text's line breaks are printed as paragraphs; misses from these are
the conversion's, not the parser's. Holdout labels are never read.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from evals.parsing import CORPUS_DIRS, GOLD_DIR, score

# (labels, where their texts are): the three development sets.
DEV_SETS = (
    (GOLD_DIR / "dev", CORPUS_DIRS),
    (GOLD_DIR / "fresh5" / "holdout", (GOLD_DIR / "fresh5" / "corpus",)),  # a dev set since parser 11
    (GOLD_DIR / "national" / "dev", (GOLD_DIR / "national" / "corpus",)),
)
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月"
                        r"[\d一二三四五六七八九十]{1,3}日\s*$")
# GB/T 9704's page: 37 mm top, 28 mm left, 26 mm right, 35 mm bottom margins.
_CSS = ('@page{size:A4;margin:37mm 26mm 35mm 28mm;'
        '@bottom-center{content:"— " counter(page) " —";font-size:14pt}}'
        'body{font-family:"Noto Serif CJK SC";font-size:16pt;line-height:28.9pt}'
        'p{margin:0;text-indent:2em;text-align:justify}'
        'p.t{font-size:22pt;text-align:center;text-indent:0;line-height:35pt;margin:0 40pt 28pt}'
        'p.r{text-align:right;text-indent:0;padding-right:4em}')


def text_lines(path: Path) -> list[str]:
    """The file's non-empty lines as a reader sees them (Markdown marks and front matter off)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    if path.suffix == ".md":
        text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
        text = re.sub(r"^#+\s*", "", text, flags=re.M).replace("**", "")
    return [line.strip() for line in text.splitlines() if line.strip()]


def official_page(lines: list[str]) -> str:
    """HTML laid out as an official document: title centred, 落款 and its date to the right."""
    out = []
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else ""
        cls = "t" if i == 0 else "r" if _DATE_LINE.match(line) or (_DATE_LINE.match(below) and len(line) < 30) else ""
        out.append(f'<p class="{cls}">{html.escape(line)}</p>' if cls else f"<p>{html.escape(line)}</p>")
    return f'<!doctype html><html><head><meta charset="utf-8"><style>{_CSS}</style></head>' \
           f'<body>{"".join(out)}</body></html>'


def print_pdf(page: str, pdf: Path) -> None:
    source = pdf.with_suffix(".html")
    source.write_text(page, encoding="utf-8")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", str(source)], check=True, capture_output=True, timeout=120)
    source.unlink()


def build(out: Path) -> tuple[Path, Path]:
    """Print every dev text; write its label under the PDF's name (and the text's, to compare)."""
    pdfs, texts = out / "pdf", out / "text"
    for folder in (pdfs / "corpus", pdfs / "gold" / "dev", texts / "gold" / "dev"):
        folder.mkdir(parents=True, exist_ok=True)
    for labels, corpus in DEV_SETS:
        for label_path in sorted(labels.glob("*.json")):
            label = json.loads(label_path.read_text(encoding="utf-8"))
            name = label["file"]
            source = next((d / name for d in corpus if (d / name).exists()), None)
            if source is None or source.suffix not in (".txt", ".md"):
                continue
            pdf = pdfs / "corpus" / f"{labels.parent.name}__{source.stem}.pdf"
            if not pdf.exists():
                print_pdf(official_page(text_lines(source)), pdf)
            (texts / "gold" / "dev" / label_path.name).write_text(json.dumps(label, ensure_ascii=False))
            label["file"] = pdf.name
            (pdfs / "gold" / "dev" / f"{pdf.name}.json").write_text(json.dumps(label, ensure_ascii=False))
    return pdfs, texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="where to keep the PDFs (reused when there)")
    parser.add_argument("--misses", action="store_true", help="list the PDFs' disagreements")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        pdfs, texts = build(args.out or Path(scratch))
        corpus = [d for _, dirs in DEV_SETS for d in dirs]
        printed = score("dev", [pdfs / "corpus"], pdfs / "gold")
        plain = score("dev", corpus, texts / "gold")
    print(f"{printed.files} dev texts, {printed.documents} documents, {printed.units} labelled units")
    print(f"  {'':17} {'text':>6} {'PDF':>6}")
    for name, value in printed.figures().items():
        if isinstance(value, float):
            print(f"  {name:17} {plain.figures()[name]:6.3f} {value:6.3f}")
    if args.misses:
        print("\n".join(printed.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
