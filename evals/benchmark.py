"""Read a benchmark file (JSON Lines, see ../shared/DESIGN.md) and check every line first.

Nothing runs until the whole file has been read: each problem is reported with its line
number, so an evaluator fixes them all in one go (or skips them knowingly).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import InputError
from assistant.service import MAX_QUESTION_CHARS


@dataclass(frozen=True)
class Gold:
    """A measure that answers the question: its file name and its number as printed."""

    source: str
    measure: str

    @property
    def ref(self) -> tuple[str, str]:
        return self.source, self.measure


@dataclass(frozen=True)
class BenchmarkItem:
    """One question of a benchmark file, with what a correct answer must contain."""

    id: str
    type: str
    question: str
    gold: tuple[Gold, ...]
    facts: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    turns: tuple[str, ...] = ()
    line: int = 0  # where it was read, for messages

    @property
    def answerable(self) -> bool:
        """An empty gold means the corpus cannot answer it and the assistant should say so."""
        return bool(self.gold)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "type": self.type, "question": self.question, "turns": list(self.turns),
            "gold": [{"source": g.source, "measure": g.measure} for g in self.gold],
            "facts": list(self.facts), "offices": list(self.offices),
        }


@dataclass(frozen=True)
class Problem:
    """Something wrong with one line of a benchmark file."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class BenchmarkError(InputError):
    """A benchmark file with bad lines; the message lists each one."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} bad line(s):\n{shown}")


@dataclass
class Benchmark:
    """The items of a file that passed every check, and the problems of those that did not."""

    path: Path
    items: list[BenchmarkItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def bad_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems})


def read_benchmark(path: Path) -> Benchmark:
    """Parse every line; lines with malformed JSON or invalid fields become problems."""
    path = Path(path)
    bench = Benchmark(path)
    first_line: dict[str, int] = {}
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for number, data in enumerate(raw.split(b"\n"), 1):
        try:
            text = data.decode("utf-8").strip()
        except UnicodeDecodeError as err:
            bench.problems.append(Problem(number, f"not UTF-8 ({err.reason} at byte {err.start})"))
            continue
        if not text:
            continue  # blank lines (a trailing newline, a separator) are not items
        item, problems = parse_line(text, number)
        if item is not None and item.id in first_line:
            problems.append(Problem(number, f"duplicate id {item.id!r} "
                                            f"(first on line {first_line[item.id]})"))
        if problems:
            bench.problems.extend(problems)
            continue
        assert item is not None
        first_line[item.id] = number
        bench.items.append(item)
    return bench


def parse_line(text: str, number: int) -> tuple[BenchmarkItem | None, list[Problem]]:
    """One line into an item, or the problems that prevent it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        return None, [Problem(number, f"malformed JSON: {err.msg} (column {err.colno})")]
    if not isinstance(data, dict):
        return None, [Problem(number, f"expected a JSON object, got {type(data).__name__}")]
    problems: list[Problem] = []

    def bad(message: str) -> None:
        problems.append(Problem(number, message))

    for name in ("id", "type", "question"):
        value = data.get(name)
        if name not in data:
            bad(f"missing field {name!r}")
        elif not isinstance(value, str) or not value.strip():
            bad(f"field {name!r} must be a non-empty string")
    question = data.get("question")
    if isinstance(question, str) and len(question.strip()) > MAX_QUESTION_CHARS:
        bad(f"question is longer than {MAX_QUESTION_CHARS} characters")

    gold: list[Gold] = []
    if "gold" not in data:
        bad("missing field 'gold' (use [] for a question the corpus cannot answer)")
    elif not isinstance(data["gold"], list):
        bad("field 'gold' must be a list of {\"source\": ..., \"measure\": ...}")
    else:
        for i, entry in enumerate(data["gold"]):
            parsed = _gold(entry)
            if isinstance(parsed, str):
                bad(f"gold[{i}] {parsed}")
            else:
                gold.append(parsed)
    lists = {name: _strings(data, name, bad) for name in ("facts", "offices", "turns")}
    if problems:
        return None, problems
    return BenchmarkItem(
        id=data["id"].strip(), type=data["type"].strip(), question=data["question"].strip(),
        gold=tuple(gold), facts=lists["facts"], offices=lists["offices"], turns=lists["turns"],
        line=number), []


def _gold(entry) -> Gold | str:
    if not isinstance(entry, dict):
        return "must be an object with 'source' and 'measure'"
    source, measure = entry.get("source"), entry.get("measure")
    if not isinstance(source, str) or not source.strip():
        return "needs 'source', the ingested file name"
    # An integer measure number is unambiguous; accept it as its string.
    if isinstance(measure, int) and not isinstance(measure, bool):
        measure = str(measure)
    if not isinstance(measure, str) or not measure.strip():
        return "needs 'measure', the measure number as a string (\"38\", \"art4\")"
    return Gold(source.strip(), measure.strip())


def _strings(data: dict, name: str, bad) -> tuple[str, ...]:
    """An optional list of non-empty strings (facts, offices, turns); absent means empty."""
    value = data.get(name, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad(f"field {name!r} must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in value)


def check_gold(items: Iterable[BenchmarkItem], measures: Iterable[tuple[str, str]]) -> list[Problem]:
    """Problems for gold references naming a source or measure the index does not hold.

    `measures` are the indexed (source file name, measure number) pairs.
    """
    known: dict[str, set[str]] = {}
    for source, number in measures:
        known.setdefault(source, set()).add(number)
    problems = []
    for item in items:
        for gold in item.gold:
            if gold.source not in known:
                listed = ", ".join(sorted(known)) or "none: the index is empty"
                problems.append(Problem(item.line, f"gold source {gold.source!r} is not in the "
                                                   f"index (indexed: {listed})"))
            elif gold.measure not in known[gold.source]:
                problems.append(Problem(item.line, f"gold measure {gold.measure!r} not found "
                                                   f"in {gold.source}"))
    return problems


def load_benchmark(path: Path, measures: Iterable[tuple[str, str]], *,
                   skip_bad_lines: bool = False) -> Benchmark:
    """Read and check a whole file against the indexed measures before anything runs.

    Raises BenchmarkError listing every bad line, unless `skip_bad_lines`: then the bad
    lines are left out and listed in `problems` for the caller to warn about.
    """
    bench = read_benchmark(path)
    gold_problems = check_gold(bench.items, measures)
    if gold_problems:
        bad = {p.line for p in gold_problems}
        bench.items = [item for item in bench.items if item.line not in bad]
        bench.problems = sorted([*bench.problems, *gold_problems], key=lambda p: p.line)
    if bench.problems and not skip_bad_lines:
        raise BenchmarkError(path, bench.problems)
    if not bench.items:
        raise InputError(f"{path}: no questions to run"
                         + (" (every line was bad)" if bench.problems else " (the file is empty)"))
    return bench
