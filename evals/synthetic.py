"""A realistic synthetic policy corpus at N× the size of the real one, for the scale benchmark.

Every synthetic document is a notice of another city or county of 山东/山西 (jionlp's
gazetteer; never a place the real corpus covers), written the way the real files are:
a header with the issuer, a rewritten title and 文号 and a date, then parts, groups and
numbered measures in one of four layouts modelled on the real documents (group-level
responsibility lines as in 聊城 2020, 领域牵头单位 plus per-measure lines as in 聊城 2022,
（一）-numbered measures with their own lines as in 高唐, no offices at all as in 永济),
with some half-width punctuation, broken lines and spaces inside numbers. Its measures are
real measures drawn from the five documents, shuffled and recombined (a measure sometimes
ends with another's last sentence), renumbered, their place names and offices rewritten
for the new place and their time limits and rates changed a little, as neighbouring
counties' copies of a city's plan are. The real parser reads the files (`policyqa ingest`).

Deterministic: document i depends only on the seed and i, so the 10× corpus is the first
documents of the 100× corpus. The five real files are copied in unchanged, so the
development questions stay answerable; `manifest.json` records, for every synthetic
measure, the real measure it was made from.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from evals.synthetic_sources import (
    Place,
    SourceMeasure,
    gazetteer_places,
    place_renamer,
    source_measures,
)

log = logging.getLogger(__name__)

SEED = 20261122
#: Bump when the output changes, so cached corpora are regenerated.
GENERATOR_VERSION = 1
MANIFEST = "manifest.json"
# Development zones are in the gazetteer but issue no 人民政府 documents.

_CN_DIGITS = "零一二三四五六七八九"
_TITLE_CORES = (
    "关于进一步优化营商环境更好服务市场主体的若干措施",
    "优化营商环境创新{year}年行动计划",
    "关于持续深入优化营商环境的实施方案",
    "“十四五”优化营商环境建设规划",
    "优化营商环境工作方案",
    "营商环境提升年行动方案",
    "关于打造一流营商环境的若干措施",
    "优化营商环境三年行动计划（{year}—{year2}年）",
)
_DOC_KINDS = ("政字", "政发", "政办字", "政办发", "办发")
_LAYOUTS = ("grouped", "action_plan", "county_items", "plan")
_PREAMBLES = (
    "为深入贯彻落实国务院《优化营商环境条例》和省委、省政府关于优化营商环境的决策部署，"
    "进一步激发市场主体活力，结合{place}实际，制定如下措施。",
    "为持续深化“放管服”改革，加快打造市场化、法治化、国际化营商环境，更好服务市场主体，"
    "结合我{level}实际，制定本方案。",
)
_CLOSINGS = (
    "本措施自印发之日起施行，有效期至{until}年12月31日。国家和省出台新规定的，从其规定。",
    "各级各部门要把优化营商环境作为“一把手”工程，主要负责同志亲自抓，确保各项任务落到实处。",
)
_GOALS = ("到{year2}年底，政务服务事项全程网办比例达到90%以上，企业开办时间压缩至1个工作日以内，"
          "营商环境主要指标进入全省前列。")
_SAFEGUARDS = (("加强组织领导", "成立优化营商环境工作专班，统筹推进各项改革任务。"),
               ("强化督导考核", "将优化营商环境工作纳入高质量发展综合绩效考核，定期通报进展。"),
               ("营造良好氛围", "加大政策宣传解读力度，及时总结推广典型经验做法。"))
# Time limits and rates differ a little from place to place: 5个工作日 → 3个工作日.
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3})(?=\s*(?:个工作日|个月|天|日内|小时|分钟|%))")
_FACTORS = (0.5, 0.6, 0.8, 1.0, 1.0, 1.2, 1.5)
_HALF_WIDTH = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})


@dataclass
class SyntheticDocument:
    """One generated file and what the parser should find in it."""

    file: str
    title: str
    doc_number: str
    issuer: str
    issued: str
    layout: str
    place: dict
    measures: list[tuple[str, str, str]] = field(default_factory=list)  # (number, source, number)
    text: str = ""

    def summary(self) -> dict:
        data = asdict(self)
        data.pop("text")
        return data


# ----------------------------------------------------------------------------- rewriting


def _office(name: str, place: Place, rename) -> str:
    name = rename(name)
    if len(name) > 2 and name[0] in "市县区" and name[1] != "属":
        return place.level_char + name[1:]
    return name


def _perturb(text: str, rng: random.Random) -> str:
    def change(m: re.Match) -> str:
        value = int(m.group(1))
        return str(max(1, round(value * rng.choice(_FACTORS))))

    return _NUMBER.sub(change, text)


def _cn(n: int) -> str:
    """1 → 一, 12 → 十二, 45 → 四十五 (up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones or not head else "")


def _sentences(text: str) -> list[str]:
    return [s + "。" for s in text.split("。") if s.strip()]


# ----------------------------------------------------------------------------- documents


def synthetic_document(i: int, pool: list[SourceMeasure], places: list[Place],
                       seed: int = SEED) -> SyntheticDocument:
    """Document number i: the same for the same seed, whatever the corpus size."""
    rng = random.Random(f"{seed}:{i}")
    place = places[random.Random(seed).sample(range(len(places)), len(places))[i % len(places)]]
    layout = _LAYOUTS[rng.randrange(len(_LAYOUTS))]
    year = rng.randint(2018, 2024)
    core = rng.choice(_TITLE_CORES).format(year=year, year2=year + 2)
    title = core if core.startswith("关于") else place.name + core
    issuer = place.name + rng.choice(("人民政府", "人民政府办公室"))
    kind = rng.choice(_DOC_KINDS)
    left, right = ("〔", "〕") if rng.random() < 0.8 else ("[", "]")
    doc_number = f"{place.short[0]}{kind}{left}{year}{right}{rng.randint(1, 60)}号"
    issued = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    size = rng.randint(12, 30) if layout == "county_items" else rng.randint(30, 100)
    chosen = _recombined(rng.sample(pool, min(size, len(pool))), pool, rng)
    doc = SyntheticDocument(
        file=f"synthetic_{i:04d}_{place.code}_{year}.txt", title=title, doc_number=doc_number,
        issuer=issuer, issued=issued, layout=layout,
        place={"province": place.province, "city": place.city, "county": place.county})
    body = _Body(doc, place, rng)
    body.header()
    getattr(body, layout)(chosen)
    body.para(rng.choice(_CLOSINGS).format(until=year + 2))
    text = "\n\n".join(body.lines) + "\n"
    doc.text = text.translate(_HALF_WIDTH) if rng.random() < 0.3 else text
    return doc


def _recombined(chosen: list[SourceMeasure], pool: list[SourceMeasure],
                rng: random.Random) -> list[SourceMeasure]:
    """Some measures end with the last sentence of another measure on the same topic."""
    by_area: dict[str, list[SourceMeasure]] = {}
    for m in pool:
        by_area.setdefault(m.area, []).append(m)
    out = []
    for m in chosen:
        mine = _sentences(m.body)
        if len(mine) > 2 and rng.random() < 0.3:
            other = _sentences(rng.choice(by_area[m.area]).body)
            if len(other) > 1:
                m = SourceMeasure(**{**asdict(m), "body": "".join(mine[:-1]) + other[-1]})
        out.append(m)
    # Grouped by part and topic as a plan would be, in the order they were drawn.
    order = {key: n for n, key in reversed(list(enumerate((m.area, m.topic) for m in out)))}
    return sorted(out, key=lambda m: order[(m.area, m.topic)])


class _Body:
    """Writes one document's paragraphs in one of the four layouts."""

    def __init__(self, doc: SyntheticDocument, place: Place, rng: random.Random):
        self.doc, self.place, self.rng = doc, place, rng
        self.lines: list[str] = []
        self.number = 0

    def para(self, text: str) -> None:
        self.lines.append(text)

    def header(self) -> None:
        d, y = self.doc, self.doc.issued[:4]
        month, day = int(d.issued[5:7]), int(d.issued[8:10])
        self.para(d.issuer)
        self.para(d.doc_number)
        verb = "印发" if d.title.startswith("关于") else "关于印发"
        self.para(f"{d.issuer}{verb}{d.title}的通知")
        self.para("各有关部门、单位：")
        self.para(f"现将《{d.title}》印发给你们，请认真贯彻执行。")
        self.para(d.issuer)
        self.para(f"{y}年{month}月{day}日")
        self.para("（此件公开发布）")
        self.para(d.title)
        level = "县" if self.place.county.endswith("县") else "区" if self.place.county.endswith("区") else "市"
        self.para(self.rng.choice(_PREAMBLES).format(place=self.place.name, level=level))

    def measure_text(self, m: SourceMeasure) -> str:
        """The measure's body for this place, with an extraction scar now and then."""
        rename = place_renamer(m.region, self.place)
        text = _perturb(rename(m.body), self.rng)
        if self.rng.random() < 0.1:  # a space inside a number, as PDFs leave them
            text = re.sub(r"(\d)(个|天|%)", r"\1 \2", text, count=1)
        if self.rng.random() < 0.08 and len(text) > 60:  # a line broken mid-sentence
            at = self.rng.randint(30, len(text) - 20)
            from ingest.markers import starts_unit

            if not starts_unit(text[at:]) and not text[at].isdigit() and text[at - 1] not in "。；":
                text = text[:at] + "\n\n" + text[at:]
        self.doc.measures.append((str(self.number), m.source, m.number))
        return text

    def offices(self, m: SourceMeasure, *, person: bool = False, lead_only: bool = False) -> str:
        rename = place_renamer(m.region, self.place)
        lead = [_office(o, self.place, rename) for o in m.lead] or [f"{self.place.level_char}政府办公室"]
        parts = []
        if person and m.person:
            parts.append(f"责任人：{m.person}")
        parts.append(f"牵头单位：{'、'.join(lead)}")
        if m.shared and not lead_only:
            parts.append(f"责任单位：{'、'.join(_office(o, self.place, rename) for o in m.shared)}")
        return "（" + "；".join(parts) + "）"

    def _groups(self, measures: list[SourceMeasure]):
        areas: dict[str, dict[str, list[SourceMeasure]]] = {}
        for m in measures:
            areas.setdefault(m.area, {}).setdefault(m.topic, []).append(m)
        return areas

    def grouped(self, measures: list[SourceMeasure]) -> None:
        """Parts, groups, measures 1. 2. …, one responsibility line after each group (聊城 2020)."""
        for p, (area, topics) in enumerate(self._groups(measures).items(), 1):
            self.para(f"{_cn(p)}、{area}")
            for g, (topic, group) in enumerate(topics.items(), 1):
                if topic != area:
                    self.para(f"（{_cn(g)}）{topic}")
                for m in group:
                    self.number += 1
                    self.para(f"{self.number}. {self.measure_text(m)}")
                self.para(self.offices(group[0], person=True))

    def action_plan(self, measures: list[SourceMeasure]) -> None:
        """工作目标, then groups with a 领域牵头单位 and measures with their own lines (聊城 2022)."""
        year2 = int(self.doc.issued[:4]) + 2
        self.para("一、工作目标")
        self.para(_GOALS.format(year2=year2))
        self.para("二、主要任务")
        g = 0
        for topics in self._groups(measures).values():
            for topic, group in topics.items():
                g += 1
                lead = self.offices(group[0], lead_only=True)[len("（牵头单位："):-1]
                self.para(f"（{_cn(g)}）{topic}（领域牵头单位：{lead}）")
                for m in group:
                    self.number += 1
                    self.para(f"{self.number}. {self.measure_text(m)}{self.offices(m)}")
        self.safeguards("三")

    def county_items(self, measures: list[SourceMeasure]) -> None:
        """Parts with measures numbered （一）（二）…, each with its own line (高唐)."""
        for p, (area, topics) in enumerate(self._groups(measures).items(), 1):
            self.para(f"{_cn(p)}、{area}")
            for group in topics.values():
                for m in group:
                    self.number += 1
                    self.para(f"（{_cn(self.number)}）{self.measure_text(m)}"
                              f"{self.offices(m, lead_only=True)}")

    def plan(self, measures: list[SourceMeasure]) -> None:
        """总体要求, then groups of measures 1. 2. … that name no offices (永济)."""
        self.para("一、总体要求")
        self.para("（一）指导思想。")
        self.para("以习近平新时代中国特色社会主义思想为指导，坚持以市场主体需求为导向，深化“放管服”改革。")
        self.para("二、重点改革任务")
        g = 0
        for topics in self._groups(measures).values():
            for topic, group in topics.items():
                g += 1
                self.para(f"（{_cn(g)}）{topic}。")
                for m in group:
                    self.number += 1
                    self.para(f"{self.number}.{self.measure_text(m)}")
        self.safeguards("三")

    def safeguards(self, part: str) -> None:
        self.para(f"{part}、保障措施")
        for g, (head, text) in enumerate(_SAFEGUARDS, 1):
            self.para(f"（{_cn(g)}）{head}。{text}")


# ----------------------------------------------------------------------------- corpus


@dataclass
class Manifest:
    """What a generated corpus holds; written to `manifest.json` next to the files."""

    seed: int
    scale: float
    version: int
    source_fingerprint: str
    originals: list[str]
    source_units: int  # measures and articles of the real files
    documents: list[dict]

    @property
    def measures(self) -> int:
        return self.source_units + sum(len(d["measures"]) for d in self.documents)

    def origins(self) -> dict[tuple[str, str], tuple[str, str]]:
        """(synthetic file, measure number) → (real file, measure number) it was made from."""
        return {(d["file"], number): (source, original)
                for d in self.documents for number, source, original in d["measures"]}

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        try:
            data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError):
            return None


def _fingerprint(corpus_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(corpus_dir).glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def generate(corpus_dir: Path, out_dir: Path, scale: float, *, seed: int = SEED,
             force: bool = False) -> Manifest:
    """Write a corpus of about `scale` × the real one into `out_dir` (reused when up to date).

    `out_dir` gets the real files unchanged plus synthetic documents until the measures
    number at least `scale` × the real files' measures.
    """
    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    fingerprint = _fingerprint(corpus_dir)
    cached = Manifest.read(out_dir)
    if (not force and cached and cached.seed == seed and cached.scale == scale
            and cached.version == GENERATOR_VERSION and cached.source_fingerprint == fingerprint):
        return cached
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    pool, total, covered = source_measures(corpus_dir)
    places = gazetteer_places(exclude=covered)
    originals = sorted(p.name for p in corpus_dir.iterdir() if p.is_file())
    for name in originals:
        shutil.copy2(corpus_dir / name, out_dir / name)
    target = round((scale - 1) * total)
    documents, written, i = [], 0, 0
    while written < target:
        doc = synthetic_document(i, pool, places, seed)
        (out_dir / doc.file).write_text(doc.text, encoding="utf-8")
        documents.append(doc.summary())
        written += len(doc.measures)
        i += 1
    manifest = Manifest(seed, scale, GENERATOR_VERSION, fingerprint, originals, total, documents)
    (out_dir / MANIFEST).write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    log.info("synthetic corpus %s×: %d documents, %d measures in %s", scale,
             len(originals) + len(documents), manifest.measures, out_dir)
    return manifest
