"""What an enterprise gets: fees waived or borne by government, rates, caps, discounts, shares.

Each benefit keeps the phrase as printed (for quoting) and a normalised value where one exists.
"""

from __future__ import annotations

import re

from ingest.records import Benefit

_NUM = r"\d+(?:\.\d+)?"
_CLAUSE = r"[^，。；：！？、（）,;]"  # ASCII commas too: some files print them

# (kind, pattern); the first group, when present, is the value.
_PATTERNS: tuple[tuple[str, re.Pattern[str], str | None], ...] = (
    ("free", re.compile(rf"{_CLAUSE}{{0,12}}由(?:同级|地方|本级|县级|市级)?(?:财政|政府)(?:全额)?(?:承担|负担|支付|买单)"), None),
    # What is free, up to where the clause moves on (和/及/并 …: 免费寄递和公示公告 → 免费寄递).
    ("free", re.compile(r"免费(?:赠送|提供|寄递|寄存|刻制|发放|办理|开展|为|领取|邮寄)?"
                        r"(?:(?!和|及|与|并|实现|以|等)[\u4e00-\u9fffA-Za-z]){0,8}"), None),
    ("free", re.compile(rf"免征{_CLAUSE}{{1,24}}"), None),
    ("free", re.compile(r"免予(?:申报|收费|提交|缴纳)[\u4e00-\u9fff]{0,6}"), None),
    ("free", re.compile(r"“?零成本”?(?:开办)?"), None),
    ("free", re.compile(r"“?零(?:投资|费用|收费)”?"), None),
    ("free", re.compile(rf"不(?:再)?(?:收取|收费){_CLAUSE}{{0,8}}"), None),
    ("free", re.compile(r"不得由(?:市场主体|企业)承担"), None),
    ("share", re.compile(rf"预留份额(?:比例)?(?:提高至|提高到|达到|不低于)?({_NUM})\s*%"), "%"),
    ("discount", re.compile(rf"价格扣除\s*({_NUM})\s*%(?:（[^）]{{0,12}}）)?"), "%"),
    ("discount", re.compile(rf"(?<![\d.])({_NUM})\s*折(?:通行费)?(?:优惠)?"), "折"),
    ("discount", re.compile(rf"({_NUM})\s*%\s*(?:的)?(?:通行费)?折扣(?:优惠)?"), "%"),
    ("rate", re.compile(rf"{_CLAUSE}{{0,24}}费率(?:降至|降低至|不超过|不高于|控制在)?\s*({_NUM})\s*%"), "%"),
    ("cap", re.compile(rf"{_CLAUSE}{{0,8}}(?:补贴|奖补|奖励|补助|贴息|资助|减免)(?:比例)?(?:最高)?(?:不超过|不高于|最高|达)\s*({_NUM})\s*(%|万元|元)"), None),
    # The cap printed before the word: 享受不超过30%补贴, 给予最高50万元奖励.
    ("cap", re.compile(rf"{_CLAUSE}{{0,12}}(?:享受|给予|按)?(?:不超过|不高于|最高)\s*({_NUM})\s*(%|万元|元)\s*的?(?:补贴|奖补|奖励|补助|贴息|资助|减免)"), None),
    ("deferral", re.compile(rf"(?:延期|缓)(?:缴纳|缴存|缴费|申报)\s*[（(]?\s*(?:最长)?(?:不超过)?\s*({_NUM})\s*(个月|年)\s*[）)]?"), None),
    ("reduction", re.compile(rf"{_CLAUSE}{{0,24}}(?:降至|降低至|减至|下调至)\s*({_NUM})\s*(元|万元|%)"), None),
    ("reduction", re.compile(rf"{_CLAUSE}{{0,12}}(?:再降|降低|下降|减少)\s*({_NUM})\s*(个百分点)"), None),
    ("reduction", re.compile(rf"{_CLAUSE}{{0,24}}按{_CLAUSE}{{0,12}}?({_NUM})\s*%\s*执行"), "%"),
    ("reduction", re.compile(rf"{_CLAUSE}{{0,8}}(?:减半|减按{_NUM}%)征收"), None),
)


def extract(text: str) -> tuple[Benefit, ...]:
    """All benefits printed in a measure's text, in reading order, without overlaps."""
    found: list[tuple[int, Benefit]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, unit in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            value = unit_ = None
            if m.groups() and m.group(1):
                value = float(m.group(1))
                unit_ = unit or (m.group(2) if m.lastindex and m.lastindex >= 2 else None)
            phrase = m.group(0).strip("，、 “”")
            if len(phrase) < 2:
                continue
            taken.append((start, end))
            found.append((start, Benefit(phrase, kind, value, unit_)))
    found.sort(key=lambda pair: pair[0])
    return tuple(b for _, b in found)
