"""What the documents tab shows of an upload's parse preview (`assistant.upload_preview`).

Pure functions (no gradio). Every value is escaped: names and texts come from uploads.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from assistant.upload_preview import DocumentPreview, FilePreview
from ui.admin import refusal, unreadable
from ui.cards import CARD_CSS, empty

PREVIEW_CSS = CARD_CSS + """
.pq-preview { display: flex; flex-direction: column; gap: 12px; }
.pq-preview-file { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 10px 12px; background: var(--block-background-fill); }
.pq-preview-file h4 { margin: 0 0 6px; overflow-wrap: anywhere; }
.pq-preview-failed { color: var(--error-text-color, #b91c1c); }
.pq-warn { color: #b45309; margin: 4px 0; }
.pq-units { width: 100%; border-collapse: collapse; font-size: 0.9em; margin-top: 6px; }
.pq-units th, .pq-units td { border-top: 1px solid var(--border-color-primary);
  padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.pq-units-wrap { max-height: 320px; overflow: auto; }
"""

_UNIT_ROWS = 200  # a long document's units are listed up to here; the count says the rest


def preview_html(files: Sequence[FilePreview]) -> str:
    if not files:
        return empty("选择文件后点击「解析预览」，确认解析无误再入库。")
    return '<div class="pq-preview">' + "".join(_file(f) for f in files) + "</div>"


def summary(files: Sequence[FilePreview]) -> str:
    good = [f for f in files if f.ok]
    units = sum(len(d.units) for f in good for d in f.documents)
    line = f"解析预览：{len(good)} 个文件可入库（共 {units} 条措施/条款）"
    failed = len(files) - len(good)
    return line + (f"，{failed} 个文件无法入库。" if failed else "。") + \
        (" 请核对后点击「确认入库」，或「取消」。" if good else "")


def failure(f: FilePreview) -> str:
    """Why a previewed file cannot be indexed, in Chinese."""
    return refusal(f.refused) if f.refused is not None else unreadable(f.failure)


def _file(f: FilePreview) -> str:
    if not f.ok:
        reason = failure(f)
        return (f'<div class="pq-preview-file" data-file="{escape(f.original)}">'
                f"<h4>{escape(f.original)}</h4>"
                f'<div class="pq-preview-failed">无法入库：{escape(reason)}</div></div>')
    return (f'<div class="pq-preview-file" data-file="{escape(f.original)}">'
            f"<h4>{escape(f.original)}</h4>" + "".join(_document(d) for d in f.documents)
            + "</div>")


def _document(d: DocumentPreview) -> str:
    doc = d.document
    fields = [("标题", f"《{doc.title}》" if doc.title else ""), ("文号", doc.doc_number),
              ("发文机关", doc.issuer), ("成文日期", doc.issued or ""), ("层级", d.level),
              ("地区", d.place),
              ("条款", f"{len(d.units)} 条，其中 {d.with_offices} 条有责任单位")]
    facts = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v or '（未识别）')}</dd>"
                    for k, v in fields)
    warnings = "".join(f'<div class="pq-warn">⚠ {escape(w)}</div>' for w in d.warnings)
    rows = "".join(
        f"<tr><td>{escape(u.label)}</td><td>{escape(u.heading)}</td>"
        f"<td>{escape(u.offices or '-')}{'（继承）' if u.inherited and u.offices else ''}</td>"
        f"<td>{escape(u.time_limits or '-')}</td></tr>" for u in d.units[:_UNIT_ROWS])
    more = (f"<tr><td colspan=4>……另有 {len(d.units) - _UNIT_ROWS} 条</td></tr>"
            if len(d.units) > _UNIT_ROWS else "")
    return (f'<dl class="pq-fields">{facts}</dl>{warnings}'
            '<div class="pq-units-wrap"><table class="pq-units"><thead><tr><th>条号</th>'
            "<th>标题</th><th>牵头/责任单位</th><th>时限</th></tr></thead>"
            f"<tbody>{rows}{more}</tbody></table></div>")
