"""Where a document applies: its level (national … town) and place, read from its issuer.

A document binds the area its issuer governs, whatever places its text talks about: a State
Council 意见 on one free-trade zone is still national. Places come from jionlp's gazetteer of
administrative divisions; the level from which division the issuer names last, and whether it
is a town (镇/乡/街道) below that.
"""

from __future__ import annotations

import logging
import re
from functools import cache

log = logging.getLogger(__name__)

LEVELS = ("national", "province", "city", "county", "district", "town")
# Central organs: the State Council, the Party centre and national bodies name no place.
_NATIONAL = re.compile(r"^(?:中华人民共和国|国务院|中共中央|中央|全国|国家)")
# 中国人民银行, 中国气象局: the state's short name heads a central organ, unless a place
# follows it (中国（上海）自由贸易试验区管理委员会).
_STATE_SHORT = re.compile(r"^中国")
# The state's name is no place in it (jionlp reads 中华人民共和国 as 共和县).
_STATE_NAME = re.compile(r"中华人民共和国")
# A level word standing for "our" province, city … (省政府办公厅, 市财政局, 区委办公室).
# (市场监管总局 opens with the word 市场, market, not with 市.)
_OWN_LEVEL = re.compile(r"^(?:[省县区州盟旗镇乡]|市(?!场))")
# A congress is named with its session (第十三届全国人民代表大会); the session is no place.
_SESSION = re.compile(r"^第[一二三四五六七八九十]{1,3}届")
# A title headed by the state's or the centre's name (中华人民共和国价格法, 2026年中央一号文件)
# is a national text, where no issuer is printed to say so.
_NATIONAL_TITLE = re.compile(r"^(?:\d{4}年)?(?:中华人民共和国|中共中央|中央|国务院|全国人民代表大会)")
# Ministry-grade organs and their general offices (税务总局办公厅); a bare 局 or 办公厅 is a
# local one's (the central ones are named 国家…局, 国务院办公厅, 中国…局).
_MINISTRY = re.compile(r"(?:部|总局|总署|署|委员会|委)(?:办公厅|办公室)?$")
_TOWN = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:镇|乡|街道))(?:人民政府|办事处|党委)?")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_SHORT_LEVEL = {"省": "province", "市": "city", "县": "county", "区": "district"}


@cache
def jionlp_module():
    """jionlp, imported with its banner (printed to stdout on import) silenced."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return jionlp


@cache
def divisions() -> tuple[tuple[tuple[str, ...], dict], ...]:
    """Every division in jionlp's tree, parents first: its path (province, city, county) and its
    data (_full_name, _alias)."""
    found: list[tuple[tuple[str, ...], dict]] = []

    def walk(node: dict, path: tuple[str, ...]) -> None:
        for key, child in node.items():
            if key.startswith("_") or not isinstance(child, dict):
                continue
            found.append(((*path, key), child))
            walk(child, (*path, key))

    walk(jionlp_module().china_location_loader(), ())
    return tuple(found)


def aliases(data: dict) -> list[str]:
    """A division's short names as jionlp gives them (a string or a list)."""
    alias = data.get("_alias") or []
    return [alias] if isinstance(alias, str) else list(alias)


@cache
def _short_names() -> dict[str, tuple[str, ...]]:
    """Every division's full name and its short names (上海市: 上海; 江苏省: 江苏; 黄浦区: 黄浦)."""
    names: dict[str, tuple[str, ...]] = {}
    for path, data in divisions():
        full = data.get("_full_name", path[-1])
        names[full] = (*names.get(full, ()), *aliases(data))
    return names


@cache
def _gazetteer() -> frozenset[str]:
    """Every division's full name and short names."""
    return frozenset(name for full, short in _short_names().items() for name in (full, *short))


def is_place_name(text: str) -> bool:
    """Whether a text is the name of a division of China (jionlp's gazetteer), as a whole."""
    return text in _gazetteer()


# Parts of speech of a common word (verb, verbal noun, adjective, adverb, other proper noun):
# a place's short name that the language uses as one (合作, 开放, 平安, 和平) names no place
# inside a sentence.
_COMMON_WORD_TAGS = frozenset({"v", "vn", "vd", "a", "ad", "an", "d", "nz"})


@cache
def _is_common_word(name: str) -> bool:
    # (the tag table of jieba's dictionary, read on import; no segmenter or cache is built)
    from jieba import posseg

    return posseg.dt.word_tag_tab.get(name) in _COMMON_WORD_TAGS


def _named_in(region: dict[str, str], text: str) -> dict[str, str]:
    """The part of a region a text really names: its lowest division printed in full, or by a
    short name that is not also a common word (业务合作 names no 合作市; 聊城高新区 names 聊城);
    where the lowest is not, the next one up."""
    text = re.sub(r"\s", "", text)
    keys = [k for k in ("province", "city", "county") if region.get(k)]
    while keys:
        full = region[keys[-1]]
        shorts = _short_names().get(full, ())
        if full in text or any(s in text and not _is_common_word(s) for s in shorts):
            return {k: region[k] for k in keys}
        keys.pop()
    return {}


def region_of(text: str) -> dict[str, str]:
    """Province / city / county named in an issuer or title (jionlp's division gazetteer)."""
    if not text.strip():
        return {}
    text = _STATE_NAME.sub("", text)
    if not text.strip():
        return {}
    try:
        parsed = jionlp_module().parse_location(text)
    except Exception:  # jionlp raises bare errors on odd input; region is optional
        log.debug("no region in %r", text[:40])
        return {}
    return {k: parsed[k] for k in ("province", "city", "county") if parsed.get(k)}


def is_national(issuer: str) -> bool:
    """An issuer of the central state: a name headed by 国家, 中华人民共和国, 国务院, 全国 or the
    Party centre, whatever follows it; or a ministry-grade organ (部, 委员会, 总局, 署) or one
    headed by 中国, with no place before it."""
    names = [_SESSION.sub("", n) for n in re.split(r"[、，\s]+", issuer) if n]
    return bool(names) and all(
        _NATIONAL.match(n) or (_MINISTRY.search(n) or _STATE_SHORT.match(n))
        and not _names_place(n) and not _OWN_LEVEL.match(n) for n in names)


def _names_place(organ: str) -> bool:
    """Whether an organ's name names a place. A ministry is named by its field and 部 or 委
    (公安部, 商务部); a field that is also a place's short name (公安县's 公安) names no place
    there — a local organ names its place in full or puts its own words between (公安县商务局)."""
    m = _MINISTRY.search(organ)
    field = organ[:m.start()] if m else ""
    if field and is_place_name(field) and field not in _short_names():
        return False
    return bool(region_of(organ))


# How a text names its own issuer's level where no issuer is printed: 我省, 本市, 全县.
_SPOKEN_LEVEL = re.compile(r"(?:我|本)([省市县区])(?![域场级])")  # (本区域, 本市场: no self-reference)
_RANK = {"province": 0, "city": 1, "county": 2, "district": 2, "town": 3}
_LEVEL_KEYS = {"province": ("province",), "city": ("province", "city"),
               "county": ("province", "city", "county"), "district": ("province", "city", "county")}


def own_level(body: str) -> str:
    """The level a text gives its issuer by speaking of itself (我省地区性重要港口: a province's)."""
    return _SHORT_LEVEL[m.group(1)] if (m := _SPOKEN_LEVEL.search(body)) else ""


def level_and_place(issuer: str, *fallbacks: str, spoken: str = "") -> tuple[str, dict[str, str]]:
    """(level, region) of a document from its issuer; where the issuer names no place (市财政局),
    from the first fallback text (title, 文号 line, header) that does. `spoken`: the level a
    text without a printed issuer gives itself (我省), of which a place it names counts only
    as far as that level (a 批复 to a city, speaking of 我省, is the province's)."""
    if issuer and is_national(issuer) or not issuer and fallbacks and \
            _NATIONAL_TITLE.match(fallbacks[0]):
        return "national", {}
    # An organ named short from its own level (市财政局, 省…联席会议, 县人民政府) is of that level,
    # whatever place its text names; a place read elsewhere counts only at that level.
    short = _SHORT_LEVEL.get(issuer[:1], "") if _OWN_LEVEL.match(issuer) and not region_of(issuer) else ""
    for n, text in enumerate((issuer, *fallbacks)):
        region = region_of(text) if text else {}
        if n and region:  # a place read from a title or header, where sentences stand too
            region = _named_in(region, text)
        if region:
            level = _level(region, text if n == 0 else "")
            if short and level != short:
                continue
            if spoken and not issuer and _RANK[level] > _RANK[spoken]:
                # a place below the level the text speaks from is one it speaks of (本市 of a
                # 直辖市 is the province's own level: no place of it is cut)
                cut = {k: region[k] for k in _LEVEL_KEYS[spoken] if region.get(k)}
                return (spoken, cut) if _level(cut, "") == spoken else (spoken, {})
            return level, _with_town(region, text) if n == 0 else region
    return short or ("" if issuer else spoken), {}


def _level(region: dict[str, str], text: str) -> str:
    if _TOWN.search(text) and region.get("county"):
        return "town"
    county = region.get("county", "")
    if county:
        return "district" if county.endswith("区") else "county"
    city = region.get("city", "")
    if city and city not in _MUNICIPALITIES and city != region.get("province"):
        return "city"
    return "province"


def _with_town(region: dict[str, str], text: str) -> dict[str, str]:
    if region.get("county") and (m := _TOWN.search(text.split(region["county"], 1)[-1])):
        return {**region, "town": m.group(1)}
    return region

