"""Reports of an evaluation: console tables, Markdown, self-contained HTML, and JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from pathlib import Path

from evals import charts
from evals.harness import PRIMARY_MODE, Evaluation, ModeRun
from evals.metrics import METRICS, SUMMARY_KEYS, item_score

#: Short column names for the console.
_SHORT = {"n": "n", "hit@1": "hit@1", "hit@5": "hit@5", "mrr": "MRR",
          "citation_precision": "cite P", "citation_recall": "cite R", "fact_recall": "facts",
          "office_recall": "offices", "correct_refusals": "refuse ok",
          "false_refusals": "false ref", "latency_p50_ms": "p50 ms", "latency_p95_ms": "p95 ms"}
#: Charted per type: higher is better for each (false refusals stay in the tables).
_ANSWER_METRICS = ("citation_precision", "citation_recall", "fact_recall", "office_recall",
                   "correct_refusals")


def figure(value, key: str = "") -> str:
    """A figure as shown in tables: fractions to 3 places, ms to whole numbers, None as –."""
    if value is None:
        return "–"
    if key == "n" or isinstance(value, int):
        return str(value)
    if key.endswith("_ms"):
        return f"{value:.0f}"
    return f"{value:.3f}"


def _type_rows(summary: dict) -> list[tuple[str, dict]]:
    return [("overall", summary["overall"]), *summary["by_type"].items()]


def _modes(evaluation: Evaluation) -> list[ModeRun]:
    runs = list(evaluation.compared.values())
    if PRIMARY_MODE not in evaluation.compared:
        runs.append(evaluation.primary)
    return runs


# -- console ---------------------------------------------------------------------------------

def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]
    lines = ["  ".join(str(h).rjust(w) if i else str(h).ljust(w)
                       for i, (h, w) in enumerate(zip(headers, widths, strict=True)))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                               for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    return "\n".join(lines)


def summary_text(evaluation: Evaluation) -> str:
    """Per type and overall figures of the primary run, for the terminal."""
    rows = [[name, *(figure(s[k], k) for k in SUMMARY_KEYS)]
            for name, s in _type_rows(evaluation.primary.summary)]
    meta = evaluation.meta
    head = (f"{meta['file']}: {meta['items']} questions, mode {meta['mode']}"
            f"{' + LLM' if meta['llm'] else ''}, top_k {meta['top_k']}")
    return head + "\n" + text_table(["type", *(_SHORT[k] for k in SUMMARY_KEYS)], rows)


def compare_rows(evaluation: Evaluation) -> tuple[list[str], list[list[str]]]:
    runs = _modes(evaluation)
    headers = ["metric", *(run.mode for run in runs)]
    rows = [[key, *(figure(run.summary["overall"][key], key) for run in runs)]
            for key in SUMMARY_KEYS]
    return headers, rows


def compare_text(evaluation: Evaluation) -> str:
    """Overall figures of each compared mode side by side, for the terminal."""
    return text_table(*compare_rows(evaluation))


# -- Markdown ------------------------------------------------------------------------------

def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_table(headers: Sequence[str], rows: Sequence[Sequence]) -> str:
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def worst_items(rows: Sequence[dict], limit: int = 10) -> list[dict]:
    """The items that went worst (lowest mean of their figures), failures only."""
    scored = [(item_score(r), i, r) for i, r in enumerate(rows)]
    return [r for s, _, r in sorted(scored, key=lambda t: (t[0], t[1])) if s < 1.0][:limit]


def expected_text(row: dict) -> str:
    if not row["gold"]:
        return "a refusal (the corpus does not answer it)"
    gold = "; ".join(f"{g['source']} #{g['measure']}" for g in row["gold"])
    extra = [f"facts: {'、'.join(row['facts'])}" if row["facts"] else "",
             f"offices: {'、'.join(row['offices'])}" if row["offices"] else ""]
    return "; ".join([gold, *(e for e in extra if e)])


def got_text(row: dict) -> str:
    if row["error"]:
        return f"error: {row['error']}"
    if not row["found"]:
        return "refused"
    cited = "; ".join(f"{c['source']} #{c['number']}" for c in row["citations"]) or "no citation"
    missing = [f"missing facts: {'、'.join(row['missing_facts'])}" if row["missing_facts"] else "",
               f"missing offices: {'、'.join(row['missing_offices'])}"
               if row["missing_offices"] else ""]
    top = row["retrieved"][:3]
    ranked = "retrieved: " + ", ".join(f"{r['source']} #{r['number']}" for r in top)
    return "; ".join(p for p in [f"cited {cited}", *missing, ranked] if p)


def _question(row: dict) -> str:
    turns = " → ".join(row["turns"])
    return f"{turns} → {row['question']}" if turns else row["question"]


def markdown(evaluation: Evaluation, *, worst: int = 10) -> str:
    meta = evaluation.meta
    lines = [f"# Evaluation: {Path(meta['file']).name}", "",
             f"{meta['items']} questions · mode {meta['mode']}{' + LLM' if meta['llm'] else ''}"
             f" · top_k {meta['top_k']} (retrieval ranks over the top {meta['retrieval_k']})"
             f" · model {meta['model']} · corpus {meta['corpus_fingerprint']}"
             f" ({meta['documents']} documents, {meta['measures']} measures) · {meta['date']}", ""]
    if meta["skipped_lines"]:
        lines += [f"Skipped bad lines: {', '.join(map(str, meta['skipped_lines']))}.", ""]
    lines += ["Rates are fractions of the items they apply to: retrieval, citation, fact and "
              "office figures and false refusals over answerable items; correct refusals over "
              "unanswerable ones (– where none apply).", "", "## By type", "",
              md_table(["type", *SUMMARY_KEYS],
                       [[name, *(figure(s[k], k) for k in SUMMARY_KEYS)]
                        for name, s in _type_rows(evaluation.primary.summary)]), ""]
    if evaluation.compared:
        lines += ["## Compared modes (overall)", "", md_table(*compare_rows(evaluation)), ""]
    lines += [f"## Worst items ({PRIMARY_MODE})", ""]
    bad = worst_items(evaluation.primary.rows, worst)
    if not bad:
        lines.append("Every item scored in full.")
    for row in bad:
        lines += [f"### {row['id']} ({row['type']}) — score {item_score(row):.2f}", "",
                  f"- **Question:** {_question(row)}", f"- **Expected:** {expected_text(row)}",
                  f"- **Got:** {got_text(row)}", "",
                  "  > " + (row["answer"][:300] or "(no answer)").replace("\n", "\n  > "), ""]
    return "\n".join(lines).rstrip() + "\n"


# -- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:2em auto;
max-width:1100px;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 6px;text-align:right;vertical-align:top}
th:first-child,td:first-child,td.text{text-align:left}td.text{min-width:16em}
th{background:#f3f3f3;text-align:center}.scroll{overflow-x:auto}.meta{color:#555;font-size:13px}.chart{display:block;margin:1em 0;
max-width:100%;height:auto}details{font-size:12px}pre{white-space:pre-wrap;margin:.3em 0}
.bad{background:#fdecea}
"""


def _html_table(headers: Sequence[str], rows: Sequence[Sequence], text_cols: Sequence[int] = ()
                ) -> str:
    # Spaced names wrap: the wide per-type table fits the page.
    head = "".join(f'<th title="{escape(str(h))}">{escape(str(h).replace("_", " "))}</th>'
                   for h in headers)
    body = []
    for row in rows:
        cells = "".join(f'<td class="text">{c}</td>' if i in text_cols
                        else f"<td>{escape(str(c))}</td>" for i, c in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return (f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def html(evaluation: Evaluation, *, worst: int = 10) -> str:
    """A self-contained page: inline CSS and SVG charts, no scripts or external files."""
    meta = evaluation.meta
    summary = evaluation.primary.summary
    types = _type_rows(summary)
    names = [name for name, _ in types]
    sections = [
        f"<h1>Evaluation: {escape(Path(meta['file']).name)}</h1>",
        f"<p class=\"meta\">{meta['items']} questions · mode {escape(meta['mode'])}"
        f"{' + LLM' if meta['llm'] else ''} · top_k {meta['top_k']} · model "
        f"{escape(meta['model'])} · corpus {escape(meta['corpus_fingerprint'])} "
        f"({meta['documents']} documents, {meta['measures']} measures) · "
        f"{escape(meta['date'])}</p>",
        "<h2>By type</h2>",
        _html_table(["type", *SUMMARY_KEYS],
                    [[name, *(figure(s[k], k) for k in SUMMARY_KEYS)] for name, s in types]),
        charts.grouped_bars("Retrieval by type", names,
                            [(k, [s[k] for _, s in types]) for k in ("hit@1", "hit@5", "mrr")]),
        charts.grouped_bars("Answers by type", names,
                            [(k, [s[k] for _, s in types]) for k in _ANSWER_METRICS]),
    ]
    if evaluation.compared:
        runs = _modes(evaluation)
        sections += [
            "<h2>Compared modes</h2>", _html_table(*compare_rows(evaluation)),
            charts.grouped_bars("Compared modes (overall)", [r.mode for r in runs],
                                [(k, [r.summary["overall"][k] for r in runs])
                                 for k in ("hit@1", "hit@5", "mrr", "citation_recall",
                                           "fact_recall", "correct_refusals")]),
        ]
    latencies = [r["latency_ms"] for r in evaluation.primary.rows]
    overall = summary["overall"]
    sections.append(charts.histogram(
        f"Latency per question ({PRIMARY_MODE})", latencies,
        markers=[("p50", overall["latency_p50_ms"]), ("p95", overall["latency_p95_ms"])]))
    sections.append(f"<h2>Worst items ({PRIMARY_MODE})</h2>")
    sections.append(_html_table(
        ["id", "type", "question", "expected", "got"],
        [[r["id"], r["type"], escape(_question(r)), escape(expected_text(r)),
          escape(got_text(r)) + _answer_details(r)]
         for r in worst_items(evaluation.primary.rows, worst)], text_cols=(2, 3, 4)))
    sections.append("<h2>Every item</h2>")
    sections.append(_html_table(
        ["id", "type", "question", *METRICS, "latency_ms"],
        [[r["id"], r["type"], escape(_question(r)) + _answer_details(r),
          *(figure(r[k], k) for k in METRICS), figure(r["latency_ms"], "latency_ms")]
         for r in evaluation.primary.rows], text_cols=(2,)))
    return ("<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
            f"<title>policyqa evaluation: {escape(Path(meta['file']).name)}</title>"
            f"<style>{_CSS}</style></head><body>{''.join(sections)}</body></html>\n")


def _answer_details(row: dict) -> str:
    return f"<details><summary>answer</summary><pre>{escape(row['answer'] or '—')}</pre></details>"


# -- files -------------------------------------------------------------------------------------

def to_json(evaluation: Evaluation) -> str:
    return json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2) + "\n"


def write_reports(evaluation: Evaluation, directory: Path, *, worst: int = 10) -> dict[str, Path]:
    """report.md, report.html and report.json in `directory` (created if needed)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = {"md": directory / "report.md", "html": directory / "report.html",
             "json": directory / "report.json"}
    files["md"].write_text(markdown(evaluation, worst=worst), encoding="utf-8")
    files["html"].write_text(html(evaluation, worst=worst), encoding="utf-8")
    files["json"].write_text(to_json(evaluation), encoding="utf-8")
    return files
