"""What a question says about which document and which unit it means: 第N条 in any numeral or
bracket form, 文号, distinctive title words, and the year a document was issued."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.per_documents import PerDocuments
from assistant.place_names import Place, place_rank, places_in, regions_of
from ingest.doc_numbers import DOC_NUMBER, normalise_doc_number
from ingest.markers import TITLE_END, chinese_number
from ingest.records import PolicyDocument

_NUMERAL = r"[0-9]{1,3}|[一二三四五六七八九十百零两〇]{1,5}"
# 第30条, 第三十条, 第（十二）条, 第(12)项, 30条措施, and a bare bracketed （十二）: the forms a
# measure's number takes in a sentence (the brackets are how the documents print their items).
NUMBER_REF = re.compile(rf"第\s*[（(]?\s*({_NUMERAL})\s*[）)]?\s*(条|项|点|款|段)"
                        r"|([0-9]{1,3})\s*(?:条|项)(?:措施|规定|内容|讲|说|是)"
                        r"|[（(]\s*([一二三四五六七八九十百]{1,5})\s*[）)]")
# A year, not a point in time (到2025年, 2025年底前).
_ANY_YEAR = re.compile(r"(?<![到至止于])((?:19|20)[0-9]{2})\s*年(?![底前后内初末中起以来度])")
# A year that names a document (2020年那份, 2022年的行动计划, 2016年和福建2015年的户籍改革文件):
# a word for a document follows it within the clause. Fewer words than the 文种 a title ends
# with (`TITLE_END`): in a question 标准, 清单, 名单 or 函 after a year name what a measure sets
# (广州2025年孤儿…的养育标准), not the document.
DOCUMENT_WORDS = ("文件", "那份", "这份", "措施", "方案", "计划", "规划", "意见", "条例", "通知",
                   "办法", "规定", "政策", "要点", "决定", "细则", "纲要")
_YEAR = re.compile(_ANY_YEAR.pattern
                   + rf"(?=[^，。；？！,;?!、]{{0,16}}?(?:{'|'.join(DOCUMENT_WORDS)}))")
# The words of DOCUMENT_WORDS that say a document's kind (not 文件, 那份, 政策: any document).
_KIND_WORDS = tuple(w for w in DOCUMENT_WORDS if w not in ("文件", "那份", "这份", "政策"))
_DOCUMENT_AFTER = re.compile(rf"[^，。；？！,;?!、]{{0,16}}?(?:{'|'.join(DOCUMENT_WORDS)})")
_DOCUMENT_AFTER_PLACE = re.compile(rf"[^，。；？！,;?!、]{{0,24}}?({'|'.join(DOCUMENT_WORDS)})")
_DOC_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_DIGITS = re.compile(r"[0-9０-９]+(?:\s*[-－—–~～至]\s*[0-9０-９]+)?年?")


def measure_numbers(text: str) -> tuple[str, ...]:
    """'第108条' → ('108', 'art108'); '第十七条' / '第（十七）条' → ('17', 'art17');
    '（十七）' → ('17',); '第3段' → ('p3',)."""
    numbers: list[str] = []
    for m in NUMBER_REF.finditer(text):
        raw = m.group(1) or m.group(3) or m.group(4)
        try:
            n = chinese_number(raw)
        except (ValueError, KeyError):
            continue
        if m.group(4):
            numbers.append(str(n))  # an item number as printed: （十七） is measure 17
        elif m.group(2) == "段":
            numbers.append(f"p{n}")  # a paragraph of a document without numbering
        else:
            numbers.extend([str(n), f"art{n}"])
    return tuple(dict.fromkeys(numbers))


def years_in(text: str) -> set[str]:
    """Every year the text names (2022年的呢？ after a question on the 2020 document)."""
    return {m.group(1) for m in _ANY_YEAR.finditer(text)}


def years_named(text: str) -> set[str]:
    """Years the text names a document by (2020年那份), not deadlines (到2025年, 2025年底前)."""
    return {m.group(1) for m in _YEAR.finditer(text)}


def document_years(doc: PolicyDocument) -> set[str]:
    """The years a document goes by: its issue year, the year in its 文号 and those its title
    names (…实施方案（2024-2026年）, 营商环境创新2022年行动计划)."""
    years = set(_DOC_YEAR.findall(doc.doc_number or "")) | set(_DOC_YEAR.findall(doc.title))
    if doc.issued:
        years.add(doc.issued[:4])
    return years


def of_years(doc_ids: Iterable[str], years: set[str],
             documents: dict[str, PolicyDocument]) -> tuple[str, ...]:
    """Those of the documents that go by one of the years (none when no year is named)."""
    if not years:
        return ()
    return tuple(d for d in doc_ids if document_years(documents[d]) & years)


def documents_of_place_and_kind(text: str, places: Iterable[Place],
                                documents: dict[str, PolicyDocument]) -> tuple[str, ...]:
    """Documents named by place, year and kind (辽宁省条例, 安阳市的政务服务条例, 北京2016年和福建
    2015年的户籍改革文件): a place followed in its phrase by a word for a document names that
    place's own document of that kind (any, for 文件 or 政策) and of the year printed between
    the place and the next one, when exactly one fits."""
    named = sorted(places, key=lambda p: text.find(p.name))  # in the order named
    starts = [text.find(p.name) for p in named]
    found: list[str] = []
    for i, place in enumerate(named):
        after = starts[i] + len(place.name)
        m = _DOCUMENT_AFTER_PLACE.match(text, after) if starts[i] >= 0 else None
        if not m:
            continue
        own = [d for d in documents.values() if place_rank(place, d) == 0]
        if m.group(1) in _KIND_WORDS:
            own = [d for d in own if _kind(d).endswith(m.group(1))]
        years = years_in(text[after:starts[i + 1] if i + 1 < len(named) else m.end()])
        if years:
            own = [d for d in own if document_years(d) & years]
        found += [own[0].doc_id] if len(own) == 1 else []
    return tuple(dict.fromkeys(found))


def own_counterparts(doc_ids: Iterable[str], places: Iterable[Place],
                     documents: dict[str, PolicyDocument]) -> tuple[str, ...]:
    """The documents asked of the places named, for documents named of another place (那沈阳的
    呢？ after 辽宁省优化营商环境条例…: 沈阳's own 条例): each document that is no named place's
    own becomes the place's own document of the same kind, when it has exactly one; it stays
    when the place has none or several."""
    places = tuple(places)
    found: list[str] = []
    for doc_id in doc_ids:
        doc = documents[doc_id]
        if not places or any(place_rank(p, doc) == 0 for p in places) or not _kind(doc):
            found.append(doc_id)
            continue
        for place in places:
            own = [d.doc_id for d in documents.values()
                   if place_rank(place, d) == 0 and _kind(d) == _kind(doc)]
            found += own if len(own) == 1 else [doc_id]
    return tuple(dict.fromkeys(found))


def about_place_not_national(text: str, doc: PolicyDocument, places: Iterable[Place],
                             documents: dict[str, PolicyDocument]) -> bool:
    """Whether a national document whose title a text shares words with is only the text's
    matter: the text names a place with documents of its own, and neither the document's 文号
    nor its issuer (福建省制定…规范性文件，征求意见留多少天 asks 福建's rules, not 国务院办公厅
    关于…行政规范性文件合法性审核机制的指导意见). The place's own come first; the national
    document is still searched, after them (`retrieval`)."""
    if doc.level != "national" or DOC_NUMBER.search(text):
        return False
    organs = [o for o in re.split(r"[、，\s]+", doc.issuer) if o]
    if any(o in text or o[:3] in text for o in organs):
        return False
    return any(place_rank(p, d) == 0 for p in places for d in documents.values())


def without_titles(text: str, docs: Iterable[PolicyDocument]) -> str:
    """The text without the runs of two or more characters it shares with the documents'
    titles: what it says besides naming them."""
    return "".join(" " if shared else part for part, shared in _runs(text, [d.title for d in docs]))


def _runs(text: str, names: list[str]):
    """The text cut into (part, shared): runs of two or more characters found in one of the
    names, longest first from left to right, and the characters between them."""
    i = 0
    while i < len(text):
        size = next((n for n in range(min(len(text) - i, 30), 1, -1)
                     if any(text[i:i + n] in name for name in names)), 0)
        yield text[i:i + (size or 1)], bool(size)
        i += size or 1


def document_naming(text: str, documents: dict[str, PolicyDocument]) -> tuple[str, ...]:
    """The parts of a text that name a document, not a matter inside one (那2022年的行动计划里
    呢？, 聊政办字〔2022〕13号里…): its 文号, the kinds the corpus's titles end with (行动计划,
    若干措施), and, once one of those or a word for a document says a document is meant, the
    runs it shares with the titles and issuers of the documents it names."""
    pieces = [m.group(0) for m in DOC_NUMBER.finditer(text)]
    pieces += [kind for kind in _corpus_kinds(documents) if kind in text]
    if not pieces and not any(word in text for word in DOCUMENT_WORDS):
        return ()
    named = [documents[d] for d in referenced_documents(text, documents)]
    names = [name for d in named for name in (d.title, d.issuer) if name]
    # A title's or issuer's words name the document before the word for it (那个非公有制经济
    # 发展保护条例, 市政府办公室印发的方案), not after it (这个办法有效期: a matter inside).
    at = 0
    for part, shared in _runs(text, names):
        at += len(part)
        if shared and (part.endswith(DOCUMENT_WORDS) or _DOCUMENT_AFTER.match(text, at)):
            pieces.append(part)
    return tuple(dict.fromkeys(pieces))


# Only the kinds a question calls a document by (not …补贴标准: 标准 there is what a measure sets).
_corpus_kinds = PerDocuments(lambda documents: {k for k in map(_kind, documents.values())
                                                if k.endswith(_KIND_WORDS)})


def referenced_documents(text: str, documents: dict[str, PolicyDocument]) -> tuple[str, ...]:
    """Documents named by 文号 or by a distinctive part of their title."""
    found: list[str] = []
    numbered = [(d.doc_id, normalise_doc_number(d.doc_number)) for d in documents.values()
                if d.doc_number]
    for m in DOC_NUMBER.finditer(text):
        wanted = normalise_doc_number(m.group(0))
        # The issuer's code is read back from the number over at most ten characters, so the
        # words before it in a sentence may come along (那聊政字〔2020〕25号): the 文号 ends it.
        found.extend([d for d, number in numbered if number == wanted]
                     or [d for d, number in numbered if wanted.endswith(number)])
    if found:
        # A notice may carry several documents under one 文号; a title word picks one.
        by_title = _title_matches(text, [documents[i] for i in found], _title_index(documents)[0])
        return tuple(by_title or found)
    # Only titles sharing a three-character piece with the text can match: the index of
    # those pieces spares comparing the text with every title (664 of them at 100×).
    parts, pieces = _title_index(documents)
    candidates = set().union(*(pieces.get(text[i:i + 3], ()) for i in range(len(text) - 2)))
    return tuple(_title_matches(text, [d for d in documents.values() if d.doc_id in candidates],
                                parts, _dating_years(text, regions_of(documents))))


_KIND_CHARS = 4
_GENERIC_TITLE = ("优化营商环境", "营商环境", "关于", "进一步", "市场主体", "若干")


def _title_matches(text: str, documents: list[PolicyDocument],
                   parts: dict[str, tuple[str, ...]], dating: set[str] = frozenset()) -> list[str]:
    """Documents whose title shares a distinctive run of 4+ characters with the text, not
    counting the years that only date an event (`dating`)."""
    scored = []
    for doc in documents:
        title_parts = parts[doc.doc_id]
        runs = sorted((run for run in _common_runs(text, title_parts) if run not in dating),
                      key=_naming_weight, reverse=True)
        best = _naming_weight(runs[0]) if runs else 0
        span = (text.find(runs[0]), text.find(runs[0]) + len(runs[0])) if runs else (-1, -1)
        # A title ends with the document's kind (若干措施, 行动计划, 实施方案): named whole, it
        # names the document as a distinctive title word does.
        kind = _kind(doc)
        if len(kind) == _KIND_CHARS and kind in text and best < _KIND_CHARS:
            best, span = _KIND_CHARS, (text.find(kind), text.find(kind) + _KIND_CHARS)
        if best == _SHORTEST_NAMING and not _whole_words(text, span):
            continue  # 工作时 of 延长工作时间 shares characters with …考察工作时所提问题…, no word
        if best >= _SHORTEST_NAMING:
            scored.append((best, doc.doc_id, span))
    if not scored:
        return []
    top = max(s for s, _, _ in scored)
    # The best-matching titles, and the best of another mention elsewhere in the text
    # (福建省优化营商环境条例和汕尾市农村建房条例 names two documents).
    chosen, spans = [], []
    for score, doc_id, span in sorted(scored, key=lambda item: -item[0]):
        # Another mention names a document when it says what kind (…条例, …方案) it is.
        named = TITLE_END.search(text[span[0]:span[1]])
        if score == top or (named and not any(a < span[1] and span[0] < b for a, b in spans)):
            chosen.append(doc_id)
            spans.append(span)
    return chosen


_SHORTEST_NAMING = 3  # characters of a shared run that may name a document


def _dating_years(text: str, regions: frozenset[tuple[str, str, str]]) -> set[str]:
    """The years (as 2021年) that date an event rather than name a document: a year names one
    when it stands next to the place that issued it (聊城2022年的…, 2022年聊城…) or is a document's
    year (2020年那份); after anything else (水价2021年调了, 申办2011年大运会) it names none."""
    names = tuple(place.name for place in places_in(text, regions))
    return {f"{m.group(1)}年" for m in _ANY_YEAR.finditer(text)
            if m.group(1) not in years_named(text) and not text[:m.start()].rstrip().endswith(names)
            and not text[m.end():].lstrip().startswith(names)}


def _whole_words(text: str, span: tuple[int, int]) -> bool:
    """The span starts and ends between the text's words (jieba's cut of it)."""
    import jieba  # the segmenter the index uses; loaded once there already

    bounds, at = {0}, 0
    for word in jieba.lcut(text):
        at += len(word)
        bounds.add(at)
    return span[0] in bounds and span[1] in bounds


# Characters that join the words of a title rather than name its matter.
_PARTICLES = re.compile(r"[的之和与及等]")


def _naming_weight(run: str) -> int:
    """How much of a run shared with a title names the document: its characters without the
    particles and the kind it ends with (核查意见 shares only 查意见 with …调查意见, 新建的专业
    市场 only 新建的 with …迁址新建的批复: neither names that document)."""
    return len(_PARTICLES.sub("", TITLE_END.sub("", run)))


def _kind(doc: PolicyDocument) -> str:
    """The end of a title when it names the document's kind (若干措施, 行动计划, 实施方案);
    "" for a title ending otherwise (…生活补贴标准 names no kind)."""
    title = _PERIOD.sub("", doc.title.strip("》” "))
    return title[-_KIND_CHARS:] if TITLE_END.search(title) else ""


_PERIOD = re.compile(r"（[^（）]{1,20}）$")  # …实施方案（2024-2026年）: the kind before the period


def _title_parts(doc: PolicyDocument, regions: frozenset[tuple[str, str, str]]) -> tuple[str, ...]:
    """The distinctive parts of a title: without its places and generic words."""
    title = doc.title
    # A place names where, not which document: 高唐县 alone must not pick 高唐's document, nor
    # 辽宁省 a national letter about 辽宁 (国务院办公厅关于辽宁省…的函): a question naming the
    # province asks about its rules, and the place acts through the place ranking.
    for name in doc.region.values():
        title = title.replace(name, "|").replace(name[:-1], "|") if len(name) > 2 else title
    for place in places_in(title, regions):
        title = title.replace(place.name, "|")
    for generic in _GENERIC_TITLE:
        title = title.replace(generic, "|")
    # A number is a title word only whole (2020年 and 2022年 share 202, and must not match;
    # a period 2024-2026年 is one word, and 2024年买车 does not name it).
    numbers = tuple(_DIGITS.findall(title))
    title = _DIGITS.sub("|", title)
    return tuple(part.strip("《》“”") for part in title.split("|")) + numbers


def _build_title_index(documents: dict[str, PolicyDocument]):
    regions = regions_of(documents)
    parts = {doc_id: _title_parts(doc, regions) for doc_id, doc in documents.items()}
    pieces: dict[str, set[str]] = {}
    for doc_id, doc_parts in parts.items():
        for part in (*doc_parts, _kind(documents[doc_id])):
            for i in range(len(part) - 2):
                pieces.setdefault(part[i:i + 3], set()).add(doc_id)
    return parts, pieces


_title_index = PerDocuments(_build_title_index)


def _common_runs(a: str, parts: tuple[str, ...]):
    """Common substrings of a and the title parts (longest-first search over each part)."""
    for part in parts:
        if _DIGITS.fullmatch(part):
            if part in a:
                yield part
            continue
        for size in range(len(part), 2, -1):
            for i in range(len(part) - size + 1):
                if part[i:i + size] in a:
                    yield part[i:i + size]
                    break
            else:
                continue
            break


