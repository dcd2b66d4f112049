"""Inline SVG charts for the HTML report: no scripts, no fonts, no network; open anywhere."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948",
           "#9c755f")
_FONT = 'font-family="sans-serif" font-size="11"'


def grouped_bars(title: str, categories: Sequence[str],
                 series: Sequence[tuple[str, Sequence[float | None]]], *,
                 width: int = 820, height: int = 320) -> str:
    """Bars per category, one per series, on a 0–1 scale; None values are marked "n/a"."""
    left, right, top, bottom = 44, 12, 52, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [_open(width, height, title), _legend([name for name, _ in series], left, 36)]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ddd"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'{_FONT}>{tick:g}</text>')
    group_w = plot_w / max(1, len(categories))
    bar_w = group_w * 0.8 / max(1, len(series))
    for c, category in enumerate(categories):
        x0 = left + c * group_w + group_w * 0.1
        for s, (name, values) in enumerate(series):
            value = values[c]
            x = x0 + s * bar_w
            label = f"{category} · {name}: " + ("n/a" if value is None else f"{value:.3f}")
            if value is None:
                parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - 3:.1f}" '
                             f'text-anchor="middle" font-family="sans-serif" font-size="9" '
                             f'fill="#999"><title>{escape(label)}</title>n/a</text>')
                continue
            # A zero still gets a sliver, so it reads differently from "n/a".
            h = max(1.5, plot_h * max(0.0, min(1.0, value)))
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{top + plot_h - h:.1f}" '
                         f'width="{max(bar_w - 1, 1):.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(label)}</title></rect>')
        parts.append(f'<text x="{left + c * group_w + group_w / 2:.1f}" y="{top + plot_h + 16}" '
                     f'text-anchor="middle" {_FONT}>{escape(category)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
                 f'y2="{top + plot_h}" stroke="#333"/>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(title: str, values: Sequence[float], *, unit: str = "ms", bins: int = 20,
              markers: Sequence[tuple[str, float | None]] = (), width: int = 820,
              height: int = 280) -> str:
    """Counts of `values` in equal-width bins from 0, with labelled vertical markers (p50, p95)."""
    left, right, top, bottom = 44, 16, 36, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [_open(width, height, title)]
    high = max(values, default=0.0) or 1.0
    step = high / bins
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, int(value / step))] += 1
    peak = max(counts, default=0) or 1
    for tick in range(0, peak + 1, max(1, peak // 4)):
        y = top + plot_h * (1 - tick / peak)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#eee"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'{_FONT}>{tick}</text>')
    bar_w = plot_w / bins
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        low_edge, high_edge = i * step, (i + 1) * step
        parts.append(f'<rect class="bar" x="{left + i * bar_w:.1f}" y="{top + plot_h - h:.1f}" '
                     f'width="{max(bar_w - 1, 1):.1f}" height="{h:.1f}" fill="{PALETTE[0]}">'
                     f'<title>{low_edge:.0f}–{high_edge:.0f} {unit}: {count}</title></rect>')
    for i in range(0, bins + 1, max(1, bins // 5)):
        x = left + i * bar_w
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                     f'{_FONT}>{i * step:.0f}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" '
                 f'{_FONT}>{escape(unit)}</text>')
    for n, (name, value) in enumerate(m for m in markers if m[1] is not None):
        x = left + plot_w * min(1.0, value / high)
        color = PALETTE[3 + n % 3]
        # Labels near the right edge go on the left of their line.
        anchor, dx = ("end", -3) if x > left + plot_w * 0.8 else ("start", 3)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" '
                     f'stroke="{color}" stroke-dasharray="4 3"/><text x="{x + dx:.1f}" '
                     f'y="{top + 10 + 12 * n}" text-anchor="{anchor}" fill="{color}" {_FONT}>'
                     f'{escape(name)} {value:.0f} {escape(unit)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
                 f'y2="{top + plot_h}" stroke="#333"/></svg>')
    return "".join(parts)


def _open(width: int, height: int, title: str) -> str:
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
            f'<rect width="100%" height="100%" fill="#fff"/>'
            f'<text x="{width / 2:.0f}" y="18" text-anchor="middle" font-family="sans-serif" '
            f'font-size="14" font-weight="bold">{escape(title)}</text>')


def _legend(names: Sequence[str], x: int, y: int) -> str:
    parts = []
    for i, name in enumerate(names):
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" '
                     f'fill="{PALETTE[i % len(PALETTE)]}"/><text x="{x + 14}" y="{y}" {_FONT}>'
                     f'{escape(name)}</text>')
        x += 22 + 7 * len(name)
    return "".join(parts)
