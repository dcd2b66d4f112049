"""Parsing the five shipped policy files: structure, metadata, offices, time limits, benefits.

Expected values were checked by hand against the texts in data/policies/.
"""

from __future__ import annotations

import pytest

from assistant.settings import SHIPPED_CORPUS
from ingest.pipeline import parse_file


@pytest.fixture(scope="module")
def docs():
    parsed = {}
    for path in sorted(SHIPPED_CORPUS.glob("*.txt")):
        for doc in parse_file(path):
            parsed[doc.doc_id] = doc
    return parsed


@pytest.fixture(scope="module")
def measures(docs):
    return {m.key: m for doc in docs.values() for m in doc.measures}


def _count(doc, kind):
    return sum(1 for m in doc.measures if m.kind == kind)


def test_measure_counts_per_document(docs):
    assert _count(docs["liaocheng_2020_measures"], "measure") == 56
    assert _count(docs["liaocheng_2022_action_plan"], "measure") == 173
    assert _count(docs["yongji_2022_business_plan"], "measure") == 60
    assert _count(docs["gaotang_2021_19_measures"], "measure") == 19
    assert _count(docs["gaotang_2021_19_measures-2"], "article") == 11
    # weihai counts its own 37 key tasks ("37 项重点工作"), though section (一) renumbers.
    assert _count(docs["weihai_2018_work_plan"], "measure") == 37


def test_numbers_are_sequences_as_printed(docs):
    assert [m.number for m in docs["liaocheng_2022_action_plan"].measures] == [
        str(n) for n in range(1, 174)]
    assert [m.number for m in docs["gaotang_2021_19_measures"].measures] == [
        str(n) for n in range(1, 20)]
    assert [m.number for m in docs["gaotang_2021_19_measures-2"].measures] == [
        f"art{n}" for n in range(1, 12)]


def test_duplicate_numbers_get_distinct_stable_keys(docs):
    weihai = docs["weihai_2018_work_plan"].measures
    keys = [m.key for m in weihai]
    assert len(set(keys)) == 37
    assert keys[:4] == ["weihai_2018_work_plan:1", "weihai_2018_work_plan:2",
                        "weihai_2018_work_plan:1@2", "weihai_2018_work_plan:2@2"]
    assert weihai[2].number == "1" and weihai[2].heading == "压缩不动产登记办理时限"


def test_framing_sections_are_not_measures(measures):
    headings = {m.heading for m in measures.values()}
    # weihai 一、总体要求 (二)基本原则 1.–4. are principles; 三、组织保障 items are not measures
    assert "全面对标，动态评估" not in headings
    assert "加强组织领导" not in headings
    # gaotang article 4's (一)…(十) items stay inside the article
    art4 = measures["gaotang_2021_19_measures-2:art4"]
    assert "（十）其他应当予以责任追究的情形" in art4.text


@pytest.mark.parametrize("doc_id, title, number, issuer, issued", [
    ("liaocheng_2020_measures", "关于持续深入优化营商环境加快推进政府职能转变的若干措施",
     "聊政字〔2020〕25号", "聊城市人民政府", "2020-09-20"),
    ("liaocheng_2022_action_plan", "聊城市营商环境创新2022年行动计划", "聊政办字〔2022〕13号",
     "聊城市人民政府办公室", "2022-05-05"),
    ("yongji_2022_business_plan", "永济市“十四五”“六最”营商环境建设规划", "永政发[2022]8号",
     "永济市人民政府", "2022-04-02"),
    ("gaotang_2021_19_measures", "高唐县进一步优化营商环境更好服务市场主体十九条措施",
     "高办字〔2021〕11号", "中共高唐县委办公室、高唐县人民政府办公室", "2021-11-23"),
    ("gaotang_2021_19_measures-2", "高唐县损害营商环境行为责任追究办法", "高办字〔2021〕11号",
     "中共高唐县委办公室、高唐县人民政府办公室", "2021-11-23"),
    ("weihai_2018_work_plan", "威海市优化营商环境工作方案", "",
     "中共威海市委办公室、威海市人民政府办公室", "2018-08-01"),
])
def test_document_metadata(docs, doc_id, title, number, issuer, issued):
    doc = docs[doc_id]
    assert (doc.title, doc.doc_number, doc.issuer, doc.issued) == (title, number, issuer, issued)


def test_regions_dates_and_clauses(docs):
    assert docs["gaotang_2021_19_measures"].region == {
        "province": "山东省", "city": "聊城市", "county": "高唐县"}
    assert docs["yongji_2022_business_plan"].region["county"] == "永济市"
    assert docs["weihai_2018_work_plan"].region == {"province": "山东省", "city": "威海市"}
    assert docs["weihai_2018_work_plan"].published == "2021-10-15"  # forwarded by 乳山
    assert docs["liaocheng_2020_measures"].published == "2020-09-21"  # 印发 date
    rules = docs["gaotang_2021_19_measures-2"]
    assert "有效期一年" in rules.validity and rules.valid_until == "2022-11-22"
    assert "以本文件为准" in docs["liaocheng_2020_measures"].supersedes_clause


def test_group_level_offices_are_inherited(measures):
    m = measures["liaocheng_2020_measures:38"]
    assert m.lead_offices == ("市地方金融监管局",)
    assert m.person == "洪玉振"
    assert m.offices_inherited and m.offices_origin == "group"
    assert "人民银行聊城市中心支行" in m.offices
    assert measures["liaocheng_2020_measures:14"].lead_offices == ("市税务局",)


def test_per_measure_offices(measures):
    m = measures["liaocheng_2022_action_plan:108"]
    assert m.lead_offices == ("市财政局",)
    assert not m.offices_inherited and m.offices_origin == "measure"
    assert measures["liaocheng_2022_action_plan:163"].lead_offices == ("市司法局",)
    assert measures["liaocheng_2022_action_plan:163"].offices == ("市有关执法部门",)
    assert measures["weihai_2018_work_plan:10"].lead_offices == ("市口岸办",)  # "(。牵头单位" scar
    assert measures["gaotang_2021_19_measures:14"].lead_offices == ("县工业和信息化局",)  # 牵头部门


def test_section_lead_applies_when_a_measure_names_no_office(measures):
    m = measures["liaocheng_2022_action_plan:60"]  # 办理破产领域: (领域牵头单位:市中级人民法院)
    assert m.lead_offices == ("市中级人民法院",)
    assert m.offices_inherited and m.offices_origin == "section"


def test_yongji_names_no_offices(docs):
    assert all(not m.lead_offices and not m.offices for m in docs["yongji_2022_business_plan"].measures)


def test_office_names_split_across_lines_are_repaired(measures):
    assert "市市场监管局" in measures["liaocheng_2020_measures:1"].offices
    assert measures["gaotang_2021_19_measures:15"].lead_offices == ("县综合执法局",)
    # "[责任人:…;牵头单位:市政府办公室(市口岸办);责任\n\n单位：…〕"
    m17 = measures["liaocheng_2020_measures:17"]
    assert m17.lead_offices == ("市政府办公室（市口岸办）",)
    assert "市财政局" in m17.offices
    assert "各县（市、区）人民政府" in measures["liaocheng_2020_measures:56"].lead_offices


def test_scars_are_repaired_in_text(measures):
    assert "不超过11天" in measures["liaocheng_2020_measures:38"].text  # was "不超过 11 天"
    assert "《市场主体登记管理条例》" in measures["liaocheng_2022_action_plan:11"].text  # 条例\n\n例
    assert "\u00a0" not in measures["weihai_2018_work_plan:11"].text


def test_span_points_at_the_source_text(docs):
    source = (SHIPPED_CORPUS / "liaocheng_2020_measures.txt").read_text(encoding="utf-8")
    m = docs["liaocheng_2020_measures"].measures[37]
    raw = source[m.span[0]:m.span[1]]
    assert raw.startswith("38. 简化融资审批流程")
    assert "11 天" in raw


# (key, time-limit phrases that must be found, {phrase: (value, unit)} checks)
TIME_LIMITS = [
    ("liaocheng_2020_measures:1", ["两小时办结"], {"两小时办结": (2, "小时")}),
    ("liaocheng_2020_measures:4", ["12月底前"], {}),
    ("liaocheng_2020_measures:10", ["不超过15个工作日"], {"不超过15个工作日": (15, "工作日")}),
    ("liaocheng_2020_measures:16", ["平均时间控制在5个工作日内", "2个工作日内", "10个工作日内"], {}),
    ("liaocheng_2020_measures:33", ["不超过40个工作日", "11个工作日", "当日申请，次日接电"], {}),
    ("liaocheng_2020_measures:38", ["不超过11天"], {"不超过11天": (11, "天")}),
    ("liaocheng_2020_measures:41", ["12月底前", "压缩至10个工作日"], {}),
    ("liaocheng_2020_measures:45", ["30日内", "20日内"], {"30日内": (30, "天")}),
    ("liaocheng_2020_measures:48", ["平均压减至20个工作日", "60日内"], {}),
    ("liaocheng_2020_measures:52", ["1个工作日办结"], {}),
    ("liaocheng_2022_action_plan:12", ["5月中旬前", "7月底前"], {}),
    ("liaocheng_2022_action_plan:23", ["6月底前", "压减到20个工作日"], {}),
    ("liaocheng_2022_action_plan:108", ["5月底前"], {}),
    ("yongji_2022_business_plan:22", ["0.5天", "到2025年"], {"0.5天": (0.5, "天")}),
    ("yongji_2022_business_plan:24", ["不超过3天", "不超过20天", "不超过30天", "控制在4天"], {}),
    ("yongji_2022_business_plan:27", ["控制在5个工作日内", "压缩到年均49小时以内"], {}),
    ("yongji_2022_business_plan:30", ["5天内"], {"5天内": (5, "天")}),
    ("weihai_2018_work_plan:1", ["3个工作日内"], {}),
    ("weihai_2018_work_plan:18", ["2018年12月底前"], {}),
    ("gaotang_2021_19_measures:7", ["最快20分钟办结"], {"最快20分钟办结": (20, "分钟")}),
]


@pytest.mark.parametrize("key, phrases, values", TIME_LIMITS)
def test_time_limits(measures, key, phrases, values):
    found = {t.text: t for t in measures[key].time_limits}
    for phrase in phrases:
        assert phrase in found, (phrase, list(found))
    for phrase, (value, unit) in values.items():
        assert (found[phrase].value, found[phrase].unit) == (value, unit)


def test_time_limit_normalisation(measures):
    reduction = next(t for t in measures["liaocheng_2020_measures:40"].time_limits if t.kind == "reduction")
    assert (reduction.from_value, reduction.value, reduction.unit) == (30, 20, "工作日")
    hours = next(t for t in measures["gaotang_2021_19_measures:9"].time_limits if t.kind == "reduction")
    assert (hours.from_value, hours.value, hours.unit) == (2, 2, "小时")
    deadline = next(t for t in measures["liaocheng_2022_action_plan:108"].time_limits)
    assert deadline.date == "2022-05-31"  # 5月底前 in a 2022 document
    mid = next(t for t in measures["liaocheng_2022_action_plan:12"].time_limits)
    assert mid.date == "2022-05-20"  # 5月中旬前
    extended = next(t for t in measures["liaocheng_2022_action_plan:166"].time_limits if t.kind == "date")
    assert extended.date == "2025-12-31"
    assert measures["liaocheng_2020_measures:4"].time_limits[0].date == "2020-12-31"


# (key, benefit phrase fragments, {fragment: (kind, value)})
BENEFITS = [
    ("liaocheng_2020_measures:1", ["由同级财政承担", "免费赠送税控设备"], {"由同级财政承担": ("free", None)}),
    ("liaocheng_2020_measures:8", ["区域评估费用由地方政府承担", "不得由市场主体承担"], {}),
    ("liaocheng_2020_measures:37", ["再降0.5个百分点"], {"再降0.5个百分点": ("reduction", 0.5)}),
    ("liaocheng_2020_measures:39", ["担保费率不超过1%"], {"担保费率不超过1%": ("rate", 1.0)}),
    ("liaocheng_2022_action_plan:108", ["预留份额比例提高至45%", "价格扣除10%"],
     {"预留份额比例提高至45%": ("share", 45.0), "价格扣除10%": ("discount", 10.0)}),
    ("liaocheng_2022_action_plan:166", ["50%执行"], {"50%执行": ("reduction", 50.0)}),
    ("liaocheng_2022_action_plan:167", ["免征房产税"], {"免征房产税": ("free", None)}),
    ("liaocheng_2022_action_plan:169", ["免征地方水利建设基金"], {}),
    ("liaocheng_2022_action_plan:170", ["降至1800元"], {"降至1800元": ("reduction", 1800.0)}),
    ("liaocheng_2022_action_plan:171", ["85折", "5%通行费折扣"],
     {"85折": ("discount", 85.0), "5%通行费折扣": ("discount", 5.0)}),
    ("yongji_2022_business_plan:22", ["免费刻章", "免费发放税务Ukey", "零成本"], {}),
    ("gaotang_2021_19_measures:7", ["零成本"], {}),
    ("gaotang_2021_19_measures:17", ["免予申报"], {}),
]


@pytest.mark.parametrize("key, fragments, values", BENEFITS)
def test_benefits(measures, key, fragments, values):
    found = measures[key].benefits
    for fragment in fragments:
        assert any(fragment in b.text for b in found), (fragment, [b.text for b in found])
    for fragment, (kind, value) in values.items():
        item = next(b for b in found if fragment in b.text)
        assert (item.kind, item.value) == (kind, value)


def test_beneficiaries(measures):
    assert "小微企业" in measures["liaocheng_2020_measures:38"].beneficiaries
    assert "新开办企业" in measures["liaocheng_2020_measures:1"].beneficiaries
    assert "高新技术企业" in measures["liaocheng_2022_action_plan:166"].beneficiaries
    assert "小规模纳税人" in measures["liaocheng_2022_action_plan:165"].beneficiaries
    assert "外贸企业" in measures["liaocheng_2020_measures:19"].beneficiaries
