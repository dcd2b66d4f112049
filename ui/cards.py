"""What the UI shows of core records: citation cards, a measure's full text, answer text.

Pure functions of core records (no gradio), so they are cheap to test. Every value from a
document is escaped: policy files are user uploads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape

from ingest.records import Measure, PolicyDocument

#: Scoped by gr.HTML's css_template: one stylesheet for cards and details in every tab.
CARD_CSS = """
.pq-empty { color: var(--body-text-color-subdued); padding: 8px 2px; }
.pq-cards { display: flex; flex-direction: column; gap: 10px; }
.pq-card { border: 1px solid var(--border-color-primary); border-radius: 8px;
  background: var(--block-background-fill); overflow: hidden; }
.pq-card[open] { border-color: var(--color-accent); }
.pq-card > summary { list-style: none; cursor: pointer; padding: 10px 12px; }
.pq-card > summary::-webkit-details-marker { display: none; }
.pq-card > summary:hover { background: var(--background-fill-secondary); }
.pq-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; }
.pq-num { font-weight: 700; color: var(--color-accent); }
.pq-label { font-weight: 600; color: var(--color-accent); white-space: nowrap; }
.pq-title { font-weight: 600; overflow-wrap: anywhere; }
.pq-docno { color: var(--body-text-color-subdued); font-size: 0.9em; white-space: nowrap; }
.pq-heading { margin-top: 4px; overflow-wrap: anywhere; }
.pq-quote { margin: 6px 0; padding: 4px 10px; border-left: 3px solid var(--color-accent);
  color: var(--body-text-color); background: var(--background-fill-secondary);
  overflow-wrap: anywhere; }
.pq-facts { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.92em; }
.pq-facts b { font-weight: 600; }
.pq-more { display: inline-block; margin-top: 6px; font-size: 0.85em;
  color: var(--color-accent); }
.pq-card[open] .pq-more-closed, .pq-card:not([open]) .pq-more-open { display: none; }
.pq-full { padding: 10px 12px; border-top: 1px dashed var(--border-color-primary); }
.pq-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.7; margin: 0 0 8px; }
.pq-fields { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0;
  font-size: 0.92em; }
.pq-fields dt { color: var(--body-text-color-subdued); }
.pq-fields dd { margin: 0; overflow-wrap: anywhere; }
.pq-detail h3 { margin: 0 0 6px; font-size: 1.05em; overflow-wrap: anywhere; }
.pq-detail .pq-section { color: var(--body-text-color-subdued); font-size: 0.9em;
  margin-bottom: 8px; overflow-wrap: anywhere; }
"""

_SEP = "、"


def empty(message: str) -> str:
    """A quiet one-line placeholder (no citations yet, nothing found, nothing selected)."""
    return f'<div class="pq-empty">{escape(message)}</div>'


def _join(values: Iterable[str]) -> str:
    return _SEP.join(v for v in values if v)


def _fields(rows: Sequence[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>"
                    for name, value in rows if value)
    return f'<dl class="pq-fields">{items}</dl>' if items else ""


def citation_cards(citations: Sequence[Mapping]) -> str:
    """One collapsible card per cited measure; opening a card shows the measure's full text.

    `citations` are `Citation.to_dict()` mappings (what `ask_stream` yields).
    """
    if not citations:
        return empty("本次回答没有引用条款。")
    return '<div class="pq-cards">' + "".join(citation_card(c) for c in citations) + "</div>"


def citation_card(c: Mapping, anchor: str = "", marker: int | None = None) -> str:
    """One cited measure as a collapsible card; `anchor` its element id, `marker` the number
    the answer's citation markers call it by."""
    facts = []
    if c.get("lead_offices"):
        facts.append(("牵头单位", _join(c["lead_offices"])))
    elif c.get("offices"):
        facts.append(("责任单位", _join(c["offices"])))
    if c.get("time_limits"):
        facts.append(("时限", "；".join(c["time_limits"])))
    if c.get("status"):
        facts.append(("状态", c["status"]))
    facts_html = "".join(f"<span><b>{escape(k)}：</b>{escape(v)}</span>" for k, v in facts)
    quote = c.get("quote") or c.get("heading") or ""
    details = _fields([
        ("牵头单位", _join(c.get("lead_offices", ()))),
        ("责任单位", _join(c.get("offices", ()))),
        ("时限", "；".join(c.get("time_limits", ()))),
        ("优惠", "；".join(c.get("benefits", ()))),
        ("适用对象", _join(c.get("beneficiaries", ()))),
        ("来源文件", c.get("source", "")),
    ])
    return (
        f'<details class="pq-card" data-key="{escape(c.get("key", ""))}"'
        + (f' id="{escape(anchor)}"' if anchor else "") + ">"
        "<summary>"
        '<div class="pq-head">'
        + (f'<span class="pq-num">[{marker}]</span>' if marker is not None else "")
        +
        f'<span class="pq-label">{escape(c.get("label", ""))}</span>'
        f'<span class="pq-title">《{escape(c.get("title", ""))}》</span>'
        f'<span class="pq-docno">{escape(c.get("doc_number", ""))}</span>'
        "</div>"
        f'<div class="pq-heading">{escape(c.get("heading", ""))}</div>'
        f'<div class="pq-quote">{escape(quote)}</div>'
        f'<div class="pq-facts">{facts_html}</div>'
        '<span class="pq-more pq-more-closed">▸ 点击查看条款全文</span>'
        '<span class="pq-more pq-more-open">▾ 收起全文</span>'
        "</summary>"
        '<div class="pq-full">'
        f'<p class="pq-text">{escape(c.get("text", ""))}</p>'
        f"{details}"
        "</div>"
        "</details>"
    )


def region_name(doc: PolicyDocument) -> str:
    """聊城市高唐县 style: the document's region from province down."""
    return "".join(doc.region.get(k, "") for k in ("province", "city", "county"))


def document_fields(doc: PolicyDocument) -> list[tuple[str, str]]:
    """A document's metadata as (label, value) pairs, in the order staff read them."""
    return [
        ("文件", f"《{doc.title}》"),
        ("文号", doc.doc_number),
        ("发文机关", doc.issuer),
        ("成文日期", doc.issued or ""),
        ("发布/转发日期", doc.published or ""),
        ("地区", region_name(doc)),
        ("有效期", doc.validity + (f"（至 {doc.valid_until}）" if doc.valid_until else "")),
        ("来源文件", doc.source),
    ]


def measure_detail(measure: Measure, doc: PolicyDocument) -> str:
    """A measure's full original text with its fields and its document's metadata."""
    section = " › ".join(measure.section)
    own = _fields([
        ("牵头单位", _join(measure.lead_offices)
         + ("（继承自上级标题）" if measure.offices_inherited and measure.lead_offices else "")),
        ("责任单位", _join(measure.offices)),
        ("责任人", measure.person),
        ("时限", "；".join(t.text for t in measure.time_limits)),
        ("优惠", "；".join(b.text for b in measure.benefits)),
        ("适用对象", _join(measure.beneficiaries)),
        ("条款编号", measure.key),
    ])
    return (
        '<div class="pq-detail">'
        f"<h3>{escape(measure.label)} {escape(measure.heading)}</h3>"
        + (f'<div class="pq-section">{escape(section)}</div>' if section else "")
        + f'<p class="pq-text">{escape(measure.text)}</p>'
        f"{own}"
        '<h3 style="margin-top:12px">所属文件</h3>'
        f"{_fields(document_fields(doc))}"
        "</div>"
    )
