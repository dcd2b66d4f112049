"""Score the parser against documents labelled by hand (evals/parse_gold/).

Each label file names a source file and the documents a reader found in it: title, covering
notice title, 文号, issuer, issued date, level and place, structure, unit count, and a sample
of units with the offices the text assigns them. The labels were written by reading the
texts (evals/parse_gold/README.md says how); this module only compares.

    python -m evals.parsing [--split dev|holdout|all] [--json] [--corpus DIR ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import LoadError
from ingest.pipeline import parse_file
from ingest.records import Measure, PolicyDocument

GOLD_DIR = Path(__file__).parent / "parse_gold"
SHARED_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "external"
CORPUS_DIRS = (GOLD_DIR / "corpus", SHARED_CORPUS / "govcn-dev", SHARED_CORPUS / "local-dev")
FIELDS = ("title", "notice_title", "doc_number", "issuer", "issued", "level", "unit_count")


@dataclass
class Score:
    """Counts over a set of labelled files; ratios through `figures`."""

    files: int = 0
    ingested: int = 0
    documents: int = 0
    matched: int = 0  # gold documents the parse has a document for
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    units: int = 0
    units_found: int = 0
    gold_offices: int = 0
    parsed_offices: int = 0
    shared_offices: int = 0
    lead_right: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        docs = self.documents or 1
        return {
            "files": self.files, "documents": self.documents,
            "ingested": self.ingested / (self.files or 1),
            **{f: self.right[f] / docs for f in FIELDS},
            "units_found": self.units_found / (self.units or 1),
            "office_recall": self.shared_offices / (self.gold_offices or 1),
            "office_precision": self.shared_offices / (self.parsed_offices or 1),
            "lead_exact": self.lead_right / (self.units or 1),
        }


def squeeze(text: str | None) -> str:
    """Text without whitespace, full- and half-width forms made one (NFKC)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or ""))


def _names(text: str) -> set[str]:
    """An issuer as a set of organs; a congress's session (第十五届) is not part of its name."""
    return {re.sub(r"第[一二三四五六七八九十]+届", "", squeeze(n))
            for n in re.split(r"[、，,\s]+", text or "") if n.strip()}


def _same(field_name: str, gold, parsed) -> bool:
    if field_name == "issuer":
        return _names(gold) == _names(parsed)
    if field_name == "unit_count":
        return gold == parsed
    return squeeze(str(gold or "")) == squeeze(str(parsed or ""))


def _parsed_value(field_name: str, doc: PolicyDocument):
    return len(doc.measures) if field_name == "unit_count" else getattr(doc, field_name)


def find_source(name: str, corpus_dirs: Iterable[Path]) -> Path | None:
    for folder in corpus_dirs:
        if (folder / name).is_file():
            return folder / name
    return None


def _match_documents(gold_docs: list[dict], parsed: list[PolicyDocument]) -> list[PolicyDocument | None]:
    """Each gold document's parsed counterpart: the same title, else the same position."""
    out: list[PolicyDocument | None] = []
    for i, gold in enumerate(gold_docs):
        same = [d for d in parsed if squeeze(d.title) == squeeze(gold["title"])]
        out.append(same[0] if same else (parsed[i] if i < len(parsed) else None))
    return out


def _find_unit(unit: dict, measures: tuple[Measure, ...]) -> Measure | None:
    """The parsed unit a gold unit names: its number, and its text starting as labelled."""
    start = squeeze(unit.get("starts_with", ""))[:8]
    numbered = [m for m in measures if m.number == str(unit["number"])]
    for m in numbered:
        if start and start in squeeze(m.text)[:60]:
            return m
    by_text = [m for m in measures if start and start in squeeze(m.text)[:60]]
    return (numbered or by_text or [None])[0] if len(numbered) <= 1 else (by_text or [None])[0]


def score_file(label: dict, corpus_dirs: Iterable[Path], total: Score) -> None:
    total.files += 1
    path = find_source(label["file"], corpus_dirs)
    gold_docs = label["documents"]
    total.documents += len(gold_docs)
    try:
        parsed = parse_file(path) if path else []
    except LoadError as err:
        total.misses.append(f"{label['file']}: not ingested ({err})")
        parsed = []
    if parsed:
        total.ingested += 1
    for gold, doc in zip(gold_docs, _match_documents(gold_docs, parsed), strict=True):
        if doc is None:
            total.misses.append(f"{label['file']}: no document for {gold['title']}")
            total.units += len(gold["units"])
            total.gold_offices += sum(len(u["lead_offices"]) + len(u["offices"]) for u in gold["units"])
            continue
        total.matched += 1
        for name in FIELDS:
            if _same(name, gold.get(name), _parsed_value(name, doc)):
                total.right[name] += 1
            else:
                total.misses.append(f"{label['file']}: {name} {gold.get(name)!r} ≠ "
                                    f"{_parsed_value(name, doc)!r}")
        for unit in gold["units"]:
            _score_unit(label["file"], unit, doc.measures, total)


def _score_unit(source: str, unit: dict, measures: tuple[Measure, ...], total: Score) -> None:
    total.units += 1
    gold = {squeeze(n) for n in unit["lead_offices"] + unit["offices"]}
    gold_lead = {squeeze(n) for n in unit["lead_offices"]}
    total.gold_offices += len(gold)
    found = _find_unit(unit, measures)
    if found is None:
        total.misses.append(f"{source}: unit {unit['number']} {unit.get('starts_with')!r} not found")
        return
    total.units_found += 1
    parsed = {squeeze(n) for n in found.lead_offices + found.offices}
    total.parsed_offices += len(parsed)
    total.shared_offices += len(gold & parsed)
    if {squeeze(n) for n in found.lead_offices} == gold_lead:
        total.lead_right += 1
    if gold != parsed:
        total.misses.append(f"{source}: unit {unit['number']} offices {sorted(gold)} ≠ {sorted(parsed)}")


def score(split: str, corpus_dirs: Iterable[Path] = CORPUS_DIRS, gold_dir: Path = GOLD_DIR) -> Score:
    """Score every label file of a split ("dev", "holdout") or of both ("all")."""
    total = Score()
    splits = ("dev", "holdout") if split == "all" else (split,)
    dirs = list(corpus_dirs)
    for name in splits:
        for path in sorted((gold_dir / name).glob("*.json")):
            score_file(json.loads(path.read_text(encoding="utf-8")), dirs, total)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "holdout", "all"))
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="folder with dev/ and holdout/")
    parser.add_argument("--corpus", type=Path, action="append", help="where the labelled files are")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    result = score(args.split, args.corpus or CORPUS_DIRS, args.gold)
    figures = result.figures()
    if args.json:
        print(json.dumps({**figures, "misses": result.misses}, ensure_ascii=False, indent=1))
        return 0
    print(f"split {args.split}: {result.files} files, {result.documents} documents, "
          f"{result.units} labelled units")
    for name, value in figures.items():
        if isinstance(value, float):
            print(f"  {name:17} {value:.3f}")
    if args.misses:
        print("\n".join(result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
