"""The benchmark chart (SVG, matplotlib): latency by corpus size against the floor and the
targets, ingest throughput, the API under load, and accuracy against the naive pipeline."""

from __future__ import annotations

from pathlib import Path

_COLORS = {"floor": "#9c9c9c", "retrieval": "#4e79a7", "answer": "#f28e2b", "naive": "#e15759",
           "lenient": "#76b7b2"}


def draw(results: dict, path: Path) -> bool:
    """Write the chart to `path`; False when there is nothing to draw."""
    sizes = {k: v for k, v in results.get("sizes", {}).items() if v.get("queries")}
    api = results.get("api") or {}
    if not sizes and not api:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
    _latency(axes[0][0], sizes)
    _ingest(axes[0][1], results.get("sizes", {}))
    _api(axes[1][0], api)
    _accuracy(axes[1][1], sizes)
    load = results.get("load_before") or [0]
    fig.suptitle(f"policyqa bench — {results['date'][:10]}, {results['machine']['cpus']} cores, "
                 f"load average {load[0]:.1f} at start", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".") or "svg", metadata={"Date": None})
    plt.close(fig)
    return True


def _latency(ax, sizes: dict) -> None:
    labels = list(sizes)
    series = ("floor", "retrieval", "answer")
    width = 0.8 / len(series)
    for n, name in enumerate(series):
        p50 = [sizes[s]["queries"]["latency_ms"][name]["p50"] for s in labels]
        p95 = [sizes[s]["queries"]["latency_ms"][name]["p95"] for s in labels]
        xs = [i + (n - 1) * width for i in range(len(labels))]
        ax.bar(xs, p50, width, color=_COLORS[name], label=f"{name} p50")
        ax.errorbar(xs, p50, yerr=[[0] * len(p50), [b - a for a, b in zip(p50, p95, strict=True)]],
                    fmt="none", ecolor="#333", capsize=3, linewidth=0.8)
    for limit, text, style in ((30, "retrieval 1× ≤ 30", ":"), (60, "retrieval 100× ≤ 60", "--"),
                               (80, "answer 1× ≤ 80", "-.")):
        ax.axhline(limit, color="#555", linestyle=style, linewidth=0.8)
        ax.text(len(labels) - 0.5, limit, text, fontsize=7, va="bottom", ha="right", color="#555")
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel("ms per query (bar p50, whisker p95)")
    ax.set_title("Per-query latency by corpus size", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")


def _ingest(ax, sizes: dict) -> None:
    labels = [k for k, v in sizes.items() if v.get("ingest", {}).get("measures")]
    if not labels:
        ax.set_axis_off()
        return
    wall = [sizes[s]["ingest"]["measures_per_s"] for s in labels]
    cpu = [sizes[s]["ingest"]["measures_per_cpu_s"] for s in labels]
    xs = range(len(labels))
    ax.bar([x - 0.2 for x in xs], wall, 0.4, color=_COLORS["retrieval"], label="per second (wall)")
    ax.bar([x + 0.2 for x in xs], cpu, 0.4, color=_COLORS["lenient"], label="per CPU-second")
    ax.axhline(50, color="#555", linestyle="--", linewidth=0.8)
    ax.text(len(labels) - 0.5, 50, "target ≥ 50", fontsize=7, va="bottom", ha="right")
    ax.set_xticks(list(xs), labels)
    ax.set_ylabel("measures indexed per second")
    ax.set_title("Ingest throughput (empty data dir)", fontsize=10)
    ax.legend(fontsize=7, loc="lower left")


def _api(ax, api: dict) -> None:
    entry = next(iter(api.values()), None)
    if not entry:
        ax.set_axis_off()
        return
    levels = entry["levels"]
    clients = [str(level["clients"]) for level in levels]
    rps = [level["throughput_rps"] for level in levels]
    ax.bar(clients, rps, 0.5, color=_COLORS["retrieval"], label="answers/s")
    ax.set_xlabel("concurrent clients")
    ax.set_ylabel("answers per second")
    twin = ax.twinx()
    twin.plot(clients, [level["latency_ms"]["p95"] for level in levels], "o-",
              color=_COLORS["answer"], label="p95 ms")
    twin.plot(clients, [level["latency_ms"]["p50"] for level in levels], "s--",
              color=_COLORS["answer"], alpha=0.6, label="p50 ms")
    twin.set_ylabel("latency ms")
    twin.legend(fontsize=7, loc="upper left")
    ax.set_title(f"HTTP API POST /api/ask at {next(iter(api))}", fontsize=10)


def _accuracy(ax, sizes: dict) -> None:
    labels = list(sizes)
    strict = [sizes[s]["queries"]["hit@1"] for s in labels]
    lenient = [sizes[s]["queries"]["hit@1_lenient"] for s in labels]
    xs = range(len(labels))
    ax.bar([x - 0.2 for x in xs], strict, 0.4, color=_COLORS["retrieval"], label="hit@1 (gold)")
    ax.bar([x + 0.2 for x in xs], lenient, 0.4, color=_COLORS["lenient"],
           label="hit@1 (gold or a copy of it)")
    naive = sizes[labels[0]]["queries"].get("naive_hit@1") if labels else None
    if naive is not None:
        ax.axhline(naive, color=_COLORS["naive"], linestyle="--", linewidth=1)
        ax.text(len(labels) - 0.5, naive, f"naive pipeline {labels[0]}: {naive:.2f}", fontsize=7,
                va="bottom", ha="right", color=_COLORS["naive"])
    ax.set_ylim(0, 1)
    ax.set_xticks(list(xs), labels)
    ax.set_title("Retrieval hit@1 on the development questions", fontsize=10)
    ax.legend(fontsize=7, loc="lower left")
