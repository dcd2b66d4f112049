"""The benchmark's figures as Markdown tables, JSON and a chart (SVG)."""

from __future__ import annotations

import json
from pathlib import Path

#: The targets of issue 8, on medians: (key, description, limit, "max" or "min").
TARGETS = (
    ("retrieval_1x", "retrieval p50 at 1×", 30.0, "max", "ms"),
    ("retrieval_100x", "retrieval p50 at 100×", 60.0, "max", "ms"),
    ("answer_1x", "full default answer p50 at 1×", 80.0, "max", "ms"),
    ("cold_start", "cold start to first answer (model prepared, 1×)", 10.0, "max", "s"),
    ("help", "`policyqa --help`", 500.0, "max", "ms"),
    ("ingest_1x", "ingest at 1×", 50.0, "min", "measures/s"),
    ("ingest_100x", "ingest at 100×", 50.0, "min", "measures/s"),
    ("rss_1x", "server peak RSS at 1×", 1200.0, "max", "MB"),
    ("floor_1x", "retrieval / floor at 1×", 1.5, "max", "×"),
    ("floor_100x", "retrieval / floor at 100×", 2.0, "max", "×"),
    ("naive_time", "naive pipeline time / retrieval time", 1.0, "min", "×"),
    ("naive_hit", "hit@1 assistant − naive", 0.0, "min", ""),
)


def _get(data: dict, *path, default=None):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


def measured(results: dict) -> dict[str, float | None]:
    """The figure each target is judged on."""
    sizes = results.get("sizes", {})
    small, large, small_label = sizes.get("1x", {}), sizes.get("100x", {}), "1x"
    hit, naive_hit = _get(small, "queries", "hit@1"), _get(small, "queries", "naive_hit@1")
    return {
        "retrieval_1x": _get(small, "queries", "latency_ms", "retrieval", "p50"),
        "retrieval_100x": _get(large, "queries", "latency_ms", "retrieval", "p50"),
        "answer_1x": _get(small, "queries", "latency_ms", "answer", "p50"),
        "cold_start": _get(results, "cold_start", small_label, "total_s"),
        "help": _get(results, "help", "p50"),
        "ingest_1x": _get(small, "ingest", "measures_per_s"),
        "ingest_100x": _get(large, "ingest", "measures_per_s"),
        "rss_1x": _get(results, "api", small_label, "memory", "peak_rss_mb"),
        "floor_1x": _get(small, "queries", "retrieval_over_floor", "of_p50"),
        "floor_100x": _get(large, "queries", "retrieval_over_floor", "of_p50"),
        "naive_time": _get(small, "queries", "naive_over_retrieval"),
        "naive_hit": None if hit is None or naive_hit is None else round(hit - naive_hit, 3),
    }


def verdicts(results: dict) -> list[dict]:
    values = measured(results)
    rows = []
    for key, text, limit, kind, unit in TARGETS:
        value = values[key]
        ok = None if value is None else (value <= limit if kind == "max" else value >= limit)
        rows.append({"key": key, "target": text, "limit": limit, "kind": kind, "unit": unit,
                     "value": value, "met": ok})
    return rows


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _lat(figures: dict | None) -> str:
    if not figures or figures.get("p50") is None:
        return "–"
    return f"{figures['p50']:.1f} / {figures['p95']:.1f}"


def _sharing(load_before, cpus: int) -> str:
    """What the load before the run says about the times (the run's own processes, up to
    32 API clients, raise the load afterwards)."""
    if load_before and load_before[0] >= 0.75 * cpus:
        return "other work shared the machine, so absolute times are pessimistic"
    return "the machine was otherwise idle when the run started"


def markdown(results: dict, chart_name: str | None = None) -> str:
    """bench_results.md: the run, the targets, then one table per section."""
    o, m = results["options"], results["machine"]
    lines = ["# Benchmark results", "",
             f"Run {results['date']} on {m['cpus']} × {m['cpu']} (Python {m['python']}), "
             f"{results.get('seconds', 0) / 60:.0f} min; load average (1/5/15 min) "
             f"{_loads(results['load_before'])} before and {_loads(results.get('load_after'))} "
             f"after — {_sharing(results['load_before'], m['cpus'])}; "
             "ratios are measured interleaved, under the same load. "
             f"Sizes {', '.join(f'{s:g}×' for s in o['sizes'])}; "
             f"{o['questions']} development questions × {o['rounds']} round(s)"
             + ("; **quick mode**" if o["quick"] else "") + ". "
             "Latencies in ms as p50 / p95. `policyqa bench` wrote this file "
             "(see evals/BENCH.md).", ""]
    if chart_name:
        lines += [f"![benchmark chart]({chart_name})", ""]
    lines += ["## Targets (medians)", "", "| target | limit | measured | met |", "|---|---|---|---|"]
    for row in verdicts(results):
        sign = "≤" if row["kind"] == "max" else "≥"
        met = "–" if row["met"] is None else ("yes" if row["met"] else "**no**")
        unit = f" {row['unit']}" if row["unit"] else ""
        lines.append(f"| {row['target']} | {sign} {_fmt(row['limit'], 1)}{unit} | "
                     f"{_fmt(row['value'], 2)}{unit if row['value'] is not None else ''} | {met} |")
    sizes = results.get("sizes", {})
    if any("queries" in s for s in sizes.values()):
        lines += ["", "## Per query, by corpus size", "",
                  "| size | measures | documents | floor (embed query) | retrieval | full answer "
                  "| retrieval / floor (of p50s; per query) | hit@1 | hit@1 incl. copies "
                  "| hit@5 | warm-up s |", "|---|---|---|---|---|---|---|---|---|---|---|"]
        for label, s in sizes.items():
            q = s.get("queries")
            if not q:
                continue
            lat = q["latency_ms"]
            ratio = q["retrieval_over_floor"]
            lines.append(
                f"| {label} | {_fmt(s.get('measures'))} | {_fmt(s.get('documents'))} | "
                f"{_lat(lat['floor'])} | {_lat(lat['retrieval'])} | {_lat(lat['answer'])} | "
                f"{_fmt(ratio['of_p50'], 2)}; {_fmt(ratio['per_query_p50'], 2)} | "
                f"{_fmt(q['hit@1'], 3)} | {_fmt(q['hit@1_lenient'], 3)} | {_fmt(q['hit@5'], 3)} | "
                f"{_fmt(q.get('warm_up_s'), 1)} |")
        with_cpu = {label: s["queries"] for label, s in sizes.items()
                    if "floor_cpu" in s.get("queries", {}).get("latency_ms", {})}
        if with_cpu:
            lines += ["", "CPU time of the same calls (this process, p50 / p95 ms; what the "
                      "machine's other load does not change much):", "",
                      "| size | floor | retrieval | full answer | retrieval / floor (of p50s) |",
                      "|---|---|---|---|---|"]
        for label, q in with_cpu.items():
            lat = q["latency_ms"]
            lines.append(f"| {label} | {_lat(lat['floor_cpu'])} | {_lat(lat['retrieval_cpu'])} | "
                         f"{_lat(lat['answer_cpu'])} | "
                         f"{_fmt(q['retrieval_over_floor'].get('of_cpu_p50'), 2)} |")
        small = min(sizes.values(), key=lambda s: s["scale"])
        q = small.get("queries") or {}
        if "naive" in q.get("latency_ms", {}):
            lat = q["latency_ms"]
            lines += ["", "## The naive LangChain pipeline (same questions, same run, "
                      f"{next(k for k, v in sizes.items() if v is small)})", "",
                      "| | assistant retrieval | naive pipeline | naive / assistant "
                      "| assistant, keyword mode (`--mode bm25`) |",
                      "|---|---|---|---|---|",
                      f"| latency p50 / p95 ms | {_lat(lat['retrieval'])} | {_lat(lat['naive'])} | "
                      f"{_fmt(q.get('naive_over_retrieval'), 2)} | {_lat(lat.get('keyword_mode'))} |",
                      f"| CPU ms p50 / p95 | {_lat(lat.get('retrieval_cpu'))} | "
                      f"{_lat(lat.get('naive_cpu'))} | | {_lat(lat.get('keyword_mode_cpu'))} |",
                      f"| hit@1 | {_fmt(q['hit@1'], 3)} | {_fmt(q.get('naive_hit@1'), 3)} | | "
                      f"{_fmt(q.get('keyword_mode_hit@1'), 3)} |",
                      f"| hit@5 | {_fmt(q['hit@5'], 3)} | {_fmt(q.get('naive_hit@5'), 3)} | | "
                      f"{_fmt(q.get('keyword_mode_hit@5'), 3)} |"]
    if any(s.get("ingest", {}).get("measures") for s in sizes.values()):
        lines += ["", "## Ingest (empty data dir, model prepared; a fresh process)", "",
                  "| size | measures | chunks | measures/s | per CPU-second | parse s "
                  "| embed s (CPU s) "
                  "| Chroma s | BM25 build s | catalog load s | total s | peak RSS MB "
                  "| load avg during (mean / max) | |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for label, s in sizes.items():
            f = s.get("ingest", {})
            if not f.get("measures"):
                continue
            note = "cached from an earlier run" if f.get("cached") else "this run"
            if f.get("stale"):
                note += " (older code)"
            lines.append(
                f"| {label} | {_fmt(f['measures'])} | {_fmt(f['chunks'])} | "
                f"{_fmt(f['measures_per_s'])} | {_fmt(f['measures_per_cpu_s'])} | "
                f"{_fmt(f['parse_s'])} | {_fmt(f['embed_s'])}"
                f"{'' if f.get('embed_cpu_s') is None else ' (' + _fmt(f['embed_cpu_s']) + ')'} | "
                f"{_fmt(f['store_s'])} | "
                f"{_fmt(f['keywords_s'])} | {_fmt(f['catalog_s'])} | {_fmt(f['ingest_s'])} | "
                f"{_fmt(f.get('peak_rss_mb'))} | {_load_during(f.get('load_during'))} | {note} |")
    cold = results.get("cold_start")
    if cold:
        lines += ["", "## Cold start (fresh process → first answer, model prepared), seconds", "",
                  "| size | interpreter | imports | model load | index open | first answer "
                  "| total | CPU s (all phases) | runs |", "|---|---|---|---|---|---|---|---|---|"]
        for label, c in cold.items():
            if label == "cli_ask_s":
                continue
            lines.append(f"| {label} | {_fmt(c['interpreter_s'], 2)} | {_fmt(c['imports_s'], 2)} | "
                         f"{_fmt(c['model_load_s'], 2)} | {_fmt(c['index_open_s'], 2)} | "
                         f"{_fmt(c['first_answer_s'], 2)} | {_fmt(c['total_s'], 2)} | "
                         f"{_fmt(c.get('cpu_s'), 2)} | {c['runs']} |")
        cli = cold.get("cli_ask_s")
        if cli:
            lines += ["", f"`policyqa ask` end to end: {cli['p50']:.2f} s median "
                      f"(max {cli['max']:.2f} s, {cli['runs']} runs)."]
    if results.get("help"):
        h = results["help"]
        lines += ["", f"`policyqa --help`: {h['p50']:.0f} ms median, {h['p95']:.0f} ms p95 "
                  f"({h['n']} runs)."]
    stores = results.get("stores")
    if stores:
        lat = stores["latency_ms"]
        lines += ["", f"## Embedded Chroma vs a Chroma server ({stores['size']}, interleaved)", "",
                  "| | embedded | server (`chroma run`, loopback) |", "|---|---|---|",
                  f"| retrieval | {_lat(lat.get('embedded_retrieval'))} | "
                  f"{_lat(lat.get('server_retrieval'))} |",
                  f"| full answer | {_lat(lat.get('embedded_answer'))} | "
                  f"{_lat(lat.get('server_answer'))} |",
                  f"| store query alone | {_lat(lat.get('embedded_store_query'))} | "
                  f"{_lat(lat.get('server_store_query'))} |"]
    api = results.get("api")
    if api:
        lines += ["", "## HTTP API (`policyqa serve`, web UI mounted, rate limit off; "
                  "POST /api/ask, clients back to back on loopback)", "",
                  "| size | clients | seconds | answers | answers/s | latency p50 / p95 ms | errors "
                  "| server RSS MB (peak) |", "|---|---|---|---|---|---|---|---|"]
        for label, entry in api.items():
            for level in entry["levels"]:
                errors = ", ".join(f"{k}: {v}" for k, v in level["errors"].items()) or "0"
                lines.append(f"| {label} | {level['clients']} | {level['seconds']:.0f} | "
                             f"{level['requests']} | {level['throughput_rps']:.1f} | "
                             f"{_lat(level['latency_ms'])} | {errors} | "
                             f"{_fmt(entry['memory']['peak_rss_mb'])} |")
        lines += [""] + [f"Server at {label}: ready {entry['ready_s']:.1f} s after start "
                         f"(model and index loaded); RSS {_fmt(entry['after_ready']['rss_mb'])} MB "
                         f"when ready, peak {_fmt(entry['memory']['peak_rss_mb'])} MB."
                         for label, entry in api.items()]
    precision = results.get("precision")
    if precision:
        parts = [f"{name}: min cosine {v['min_cosine']}, mean {v['mean_cosine']} (n={v['n']})"
                 for name, v in precision.items() if isinstance(v, dict)]
        lines += ["", f"Embedding precision {precision['precision']}; agreement with float32 — "
                  + "; ".join(parts) + "."]
    return "\n".join(lines) + "\n"


def _load_during(load: dict | None) -> str:
    return "–" if not load else f"{load['mean']:.1f} / {load['max']:.1f}"


def _loads(values) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "–"


def write(results: dict, out_dir: Path, *, stem: str = "bench_results",
          chart: str = "bench_chart.svg") -> dict[str, Path]:
    """bench_results.md, bench_results.json and the chart, into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / f"{stem}.json", "markdown": out_dir / f"{stem}.md"}
    paths["json"].write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    chart_path = out_dir / chart
    from evals.bench.chart import draw

    if draw(results, chart_path):
        paths["chart"] = chart_path
    paths["markdown"].write_text(markdown(results, chart if "chart" in paths else None),
                                 encoding="utf-8")
    return paths
