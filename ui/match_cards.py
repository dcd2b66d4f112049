"""What the 政策找人 tab shows of a match result: measures grouped by topic (best fit first),
then 需确认, then those expired or past their deadline.

Pure functions of `assistant.matching.MatchResult` (no gradio), so they are cheap to test.
Every value from a document is escaped: policy files are user uploads.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ui.cards import CARD_CSS, empty

#: Added to the cards' stylesheet: topic headings and the question line of 需确认 items.
MATCH_CSS = CARD_CSS + """
.pq-groups { display: flex; flex-direction: column; gap: 14px; }
.pq-group h4 { margin: 0 0 6px; font-size: 1em; }
.pq-group h4 small { color: var(--body-text-color-subdued); font-weight: normal; }
.pq-match { padding: 10px 12px; }
.pq-cite { margin-top: 4px; font-size: 0.88em; color: var(--body-text-color-subdued);
  overflow-wrap: anywhere; }
.pq-ask { margin: 4px 0; font-weight: 600; color: var(--color-accent); }
"""

_QUOTE_CHARS = 120


def summary(result) -> str:
    """One line: the place, how many measures apply and how many to confirm, the date."""
    place = result.place or "全部地区"
    line = (f"{place}：{len(result.matched)} 条措施适用，{len(result.to_confirm)} 条需确认"
            + (f"，{len(result.lapsed)} 条已失效或已过期限" if result.lapsed else "")
            + f"（截至 {result.as_of}）。")
    return " ".join([line, *result.notes])


def matched_html(result) -> str:
    """The matching measures, one section per topic, each item a card."""
    if not result.groups:
        return empty("没有找到明确适用于该企业的措施；可查看下方“需确认”或补充企业情况。")
    sections = []
    for topic, items in result.groups:
        sections.append(
            '<section class="pq-group">'
            f"<h4>{escape(topic)} <small>{len(items)} 条</small></h4>"
            f'<div class="pq-cards">{"".join(_item(i) for i in items)}</div>'
            "</section>")
    return f'<div class="pq-groups">{"".join(sections)}</div>'


def to_confirm_html(result) -> str:
    """Measures whose conditions the profile leaves open, each with what to confirm."""
    if not result.to_confirm:
        return empty("没有需要确认条件的措施。")
    items = "".join(_item(i, confirm=True) for i in result.to_confirm)
    return f'<div class="pq-cards">{items}</div>'


def lapsed_html(result) -> str:
    """Measures that would apply but have expired or passed their deadline, apart."""
    if not result.lapsed:
        return empty("没有已失效或已过完成期限的相关措施。")
    return f'<div class="pq-cards">{"".join(_item(i) for i in result.lapsed)}</div>'


def _facts(rows: Sequence[tuple[str, str]]) -> str:
    return "".join(f"<span><b>{escape(name)}：</b>{escape(value)}</span>"
                   for name, value in rows if value)


def _item(item, confirm: bool = False) -> str:
    asks = (f'<div class="pq-ask">需确认：{escape("；".join(item.questions))}</div>'
            if confirm and item.questions else "")
    facts = _facts([
        ("条件" if confirm else "适用", item.why),
        ("可获得", "；".join(item.grants)),
        ("牵头单位", "、".join(item.lead_offices)),
        ("责任单位", "" if item.lead_offices else "、".join(item.offices)),
        ("状态", item.status.label),
    ])
    return (
        f'<div class="pq-card pq-match" data-key="{escape(item.key)}">'
        '<div class="pq-head">'
        f'<span class="pq-label">{escape(item.label)}</span>'
        f'<span class="pq-title">《{escape(item.title)}》</span>'
        f'<span class="pq-docno">{escape(item.doc_number)}</span>'
        "</div>"
        f'<div class="pq-heading">{escape(item.heading)}</div>'
        f"{asks}"
        f'<div class="pq-quote">{escape(item.quote(_QUOTE_CHARS))}</div>'
        f'<div class="pq-facts">{facts}</div>'
        f'<div class="pq-cite">依据：{escape(item.citation)}</div>'
        "</div>"
    )
