"""Evaluate profile matching (政策找人) against the hand-checked profiles in profiles.jsonl.

Each line: `id`, `note`, `profile` (the fields of `assistant.profile.Profile`), and three
lists of measure keys read by hand from the texts (see evals/PROFILES.md):
`match` — every measure of the profile's place that grants it something;
`confirm` — measures that grant something under a condition the profile leaves open;
`not_match` — tricky negatives (grants for others, groups named without a grant).

The judgement is closed-world: a measure of the profile's place that is not in `match` should
not be matched, so every matched measure outside `match` counts against precision, including
one that belongs under `confirm` (claiming a benefit that still needs confirming is wrong).

    python -m evals.profile_eval [evals/profiles.jsonl] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.matching import match
from assistant.profile import Profile
from ingest.records import PolicyDocument

PROFILES = Path(__file__).with_name("profiles.jsonl")


@dataclass(frozen=True)
class ProfileCase:
    id: str
    profile: Profile
    match: frozenset[str]
    confirm: frozenset[str]
    not_match: frozenset[str]
    note: str = ""


@dataclass
class ProfileScore:
    id: str
    expected: int
    predicted: int
    true_positives: int
    false_positives: list[str] = field(default_factory=list)  # matched, not in `match`
    missed: list[str] = field(default_factory=list)  # in `match`, not matched
    explicit_negatives_matched: list[str] = field(default_factory=list)
    confirm_expected: int = 0
    confirm_agreed: int = 0  # expected under 需确认 and listed there


@dataclass
class ProfileReport:
    precision: float
    recall: float
    f1: float
    confirm_recall: float  # share of expected 需确认 measures listed as 需确认
    profiles: list[ProfileScore]

    def to_dict(self) -> dict:
        return asdict(self)


def load(path: Path = PROFILES) -> list[ProfileCase]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        p = item["profile"]
        profile = Profile(city=p.get("city", ""), county=p.get("county", ""),
                          industry=p.get("industry", ""), size=p.get("size", ""),
                          flags=tuple(p.get("flags", ())), without=tuple(p.get("without", ())))
        cases.append(ProfileCase(item["id"], profile, frozenset(item["match"]),
                                 frozenset(item.get("confirm", ())),
                                 frozenset(item.get("not_match", ())), item.get("note", "")))
    return cases


def evaluate(cases: Sequence[ProfileCase], documents: Iterable[PolicyDocument]) -> ProfileReport:
    """Micro-averaged precision and recall of the matched measures over all profiles."""
    documents = list(documents)
    scores = []
    for case in cases:
        result = match(case.profile, documents)
        predicted = {item.key for item in result.applying}  # applicability, not validity
        confirmed = {item.key for item in result.to_confirm}
        tp = predicted & case.match
        scores.append(ProfileScore(
            case.id, len(case.match), len(predicted), len(tp),
            sorted(predicted - case.match), sorted(case.match - predicted),
            sorted(predicted & case.not_match), len(case.confirm),
            len(confirmed & case.confirm)))
    tp = sum(s.true_positives for s in scores)
    predicted = sum(s.predicted for s in scores)
    expected = sum(s.expected for s in scores)
    precision = tp / predicted if predicted else 1.0
    recall = tp / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    confirm_expected = sum(s.confirm_expected for s in scores)
    confirm_recall = (sum(s.confirm_agreed for s in scores) / confirm_expected
                      if confirm_expected else 1.0)
    return ProfileReport(round(precision, 4), round(recall, 4), round(f1, 4),
                         round(confirm_recall, 4), scores)


def format_report(report: ProfileReport) -> str:
    lines = [f"{'profile':<26} {'expected':>8} {'matched':>8} {'correct':>8}  errors"]
    for s in report.profiles:
        errors = [f"+{k}" for k in s.false_positives] + [f"-{k}" for k in s.missed]
        lines.append(f"{s.id:<26} {s.expected:>8} {s.predicted:>8} {s.true_positives:>8}  "
                     + (" ".join(errors) or "-"))
    lines.append("")
    lines.append(f"precision {report.precision:.3f}  recall {report.recall:.3f}  "
                 f"F1 {report.f1:.3f}  (micro, {len(report.profiles)} profiles; "
                 f"需确认 listed for {report.confirm_recall:.0%} of the expected)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.components import parse_files
    from assistant.settings import SHIPPED_CORPUS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="?", type=Path, default=PROFILES)
    parser.add_argument("--corpus", type=Path, default=SHIPPED_CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate(load(args.profiles), parse_files([args.corpus]).documents)
    if args.json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_report(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
