"""Document metadata printed in the text: 文号, issuer, dates, region, validity."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from functools import cache

from ingest.cleaning import Paragraph

log = logging.getLogger(__name__)

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［【（]\s*\d{4}\s*[〕\]］】）]\s*\d{1,4}\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"发布(?:日期|时间)\s*[：:]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_PRINTED = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日印发")
_ORG = re.compile(r".+?(?:人民政府办公室|委办公室|人民政府|办公室|委员会|管委会|政府)")
_VALIDITY = re.compile(r"[^。]*有效期[^。]*。?")
_VALIDITY_YEARS = re.compile(r"有效期(?:为)?([一二两三四五六七八九十\d]{1,3})年")
_SUPERSEDES = re.compile(r"[^。]*(?:以本(?:文件|办法|措施|方案)为准|与本(?:文件|办法)不一致)[^。]*。?")
_SOURCE_LINE = re.compile(r"(?:文章)?来源\s*[：:]\s*(\S+)")


@dataclass
class HeaderFacts:
    """What the notice header says; shared by every document the notice carries."""

    doc_number: str = ""
    issuer: str = ""
    issued: str | None = None
    published: str | None = None
    forwarded_by: str = ""
    region: dict[str, str] = field(default_factory=dict)


def normalise_doc_number(text: str) -> str:
    """聊政字(2020)25号, 永政发[2022]8号 → one comparable form with 〔〕 and no spaces."""
    text = re.sub(r"\s", "", text)
    return re.sub(r"[\[［【（(](\d{4})[\]］】）)]", r"〔\1〕", text)


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def read_header(header: list[Paragraph], all_paras: list[Paragraph]) -> HeaderFacts:
    facts = HeaderFacts()
    texts = [p.text for p in header]
    for text in texts:
        if not facts.doc_number and (m := DOC_NUMBER.search(text)):
            facts.doc_number = re.sub(r"\s", "", m.group(0))
        if not facts.published and (m := _ISO_DATE.search(text)):
            facts.published = _iso(*m.groups())
        if not facts.forwarded_by and (m := _SOURCE_LINE.search(text)):
            facts.forwarded_by = m.group(1)
    for i, text in enumerate(texts):
        m = _DATE.search(text)
        if not m or "发布" in text:
            continue
        facts.issued = _iso(*m.groups())
        facts.issuer = _signature(texts[:i], text[:m.start()])
        break
    if not facts.issuer and texts:
        facts.issuer = re.sub(r"文件$", "", texts[0]) if _ORG.fullmatch(
            re.sub(r"文件$", "", texts[0])) else ""
    for para in reversed(all_paras[-6:]):
        if (m := _PRINTED.search(para.text)) and _iso(*m.groups()) != facts.issued:
            facts.published = facts.published or _iso(*m.groups())
    facts.region = region_of(facts.issuer) or region_of(" ".join(texts[:3]))
    return facts


def _signature(before: list[str], same_line: str) -> str:
    """The signing offices: org names on the date's own line or just above it."""
    lines = [same_line] if same_line.strip() else []
    for text in reversed(before):
        if len(text) > 40 or not _ORG.fullmatch(text):
            break
        lines.insert(0, text)
    orgs: list[str] = []
    for line in lines:
        orgs.extend(_ORG.findall(line))
    return "、".join(dict.fromkeys(o.strip() for o in orgs if o.strip()))


def validity(paras: list[Paragraph], issued: str | None) -> tuple[str, str | None, str]:
    """(validity clause, valid-until ISO date, supersession clause) of one document."""
    clause = until = supersedes = ""
    for para in paras[-8:]:
        if not clause and (m := _VALIDITY.search(para.text)) and "有效期延长" not in m.group(0):
            clause = m.group(0).strip()
            years = _VALIDITY_YEARS.search(clause)
            if years and issued:
                from ingest.markers import chinese_number

                start = dt.date.fromisoformat(issued)
                n = chinese_number(years.group(1))
                try:
                    end = start.replace(year=start.year + n)
                except ValueError:  # 29 February
                    end = start.replace(year=start.year + n, day=28)
                until = (end - dt.timedelta(days=1)).isoformat()
        if not supersedes and (m := _SUPERSEDES.search(para.text)):
            supersedes = m.group(0).strip()
    return clause, until or None, supersedes


@cache
def jionlp_module():
    """jionlp, imported with its banner (printed to stdout on import) silenced."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return jionlp


def region_of(text: str) -> dict[str, str]:
    """Province / city / county named in an issuer or title (jionlp's division gazetteer)."""
    if not text.strip():
        return {}
    try:
        parsed = jionlp_module().parse_location(text)
    except Exception:  # jionlp raises bare errors on odd input; region is optional
        log.debug("no region in %r", text[:40])
        return {}
    return {k: parsed[k] for k in ("province", "city", "county") if parsed.get(k)}
