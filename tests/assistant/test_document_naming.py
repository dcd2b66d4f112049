"""Which documents a question names by place, year and kind, and what a title's year or period
names (assistant/document_refs.py). The documents are built here with titles, years and places
as real ones print them; the expectations are read by hand."""

from __future__ import annotations

from assistant.document_refs import (
    about_place_not_national,
    documents_of_place_and_kind,
    own_counterparts,
    referenced_documents,
)
from assistant.place_names import Place
from ingest.records import PolicyDocument

LIAONING = {"province": "辽宁省"}
ANYANG = {"province": "河南省", "city": "安阳市"}
FUJIAN = {"province": "福建省"}
BEIJING = {"province": "北京市", "city": "北京市"}


def _doc(doc_id: str, title: str, region: dict, issued: str, level: str = "province") -> PolicyDocument:
    return PolicyDocument(doc_id=doc_id, source=f"{doc_id}.md", title=title, region=region,
                          issued=issued, level=level)


DOCS = {d.doc_id: d for d in (
    _doc("ln_reg", "辽宁省优化营商环境条例", LIAONING, "2023-07-27"),
    _doc("ln_plan", "辽宁省优化营商环境行动方案", LIAONING, "2022-03-01"),
    _doc("ay_reg", "安阳市政务服务条例", ANYANG, "2021-08-30", "city"),
    _doc("fj_2015", "福建省人民政府关于进一步推进户籍制度改革的意见", FUJIAN, "2015-02-11"),
    _doc("fj_2016", "福建省教育厅关于做好随迁子女入学工作的通知", FUJIAN, "2016-05-01"),
    _doc("bj_2016", "北京市人民政府关于进一步推进户籍制度改革的实施意见", BEIJING, "2016-09-08"),
    _doc("national", "国务院办公厅关于不动产登记有关问题的函", {}, "2004-08-12", "national"),
    _doc("land_2021", "关于做好2021年度低效建设用地减量化相关工作的函",
         {"province": "上海市", "city": "上海市"}, "2021-05-10"),
    _doc("fx_plan", "奉贤区促进产教融合高质量发展实施方案（2024-2026年）",
         {"province": "上海市", "city": "上海市", "county": "奉贤区"}, "2024-02-02", "district"),
)}
LN, AY = Place("辽宁省", "辽宁省"), Place("安阳市", "河南省", "安阳市")
FJ, BJ = Place("福建", "福建省"), Place("北京", "北京市", "北京市")


def test_a_place_and_a_kind_name_that_places_own_document_of_that_kind():
    question = "不动产登记的办理时间，辽宁省条例和安阳市条例各自怎么要求的？"
    assert documents_of_place_and_kind(question, (AY, LN), DOCS) == ("ln_reg", "ay_reg")


def test_each_place_takes_the_year_printed_after_it():
    question = "北京2016年和福建2015年的户籍改革文件，对居住证制度各是怎么安排的？"
    assert documents_of_place_and_kind(question, (FJ, BJ), DOCS) == ("bj_2016", "fj_2015")


def test_a_kind_the_place_has_several_of_or_none_names_nothing():
    assert documents_of_place_and_kind("辽宁省的办法怎么说？", (LN,), DOCS) == ()


def test_a_period_in_a_title_is_one_word_a_year_inside_it_does_not_name_the_document():
    assert "fx_plan" not in referenced_documents("上海2024年买纯电动小客车能拿多少补贴？", DOCS)
    assert "fx_plan" in referenced_documents("2024-2026年的那个方案里有什么奖励？", DOCS)


LETTERS = {d.doc_id: d for d in (
    _doc("badong", "湖北省巴东县官渡口镇马鬃山村地质险情调查意见", {}, "2004-09-23", "national"),
    _doc("wujing", "国务院、中央军委关于同意武警总部后勤部机关等迁址新建的批复", {}, "1996-11-05",
         "national"),
)}


def test_a_year_dating_an_event_names_no_title_printing_it_a_documents_year_does():
    # 水价2021年调了: the year says when prices changed, not which document is meant.
    assert "land_2021" not in referenced_documents("上海居民水价2021年调了，现在多少钱？", DOCS)
    assert "land_2021" in referenced_documents("上海2021年那份文件里的任务是多少？", DOCS)
    # Next to the place that issued it, a year stands for that place's document of the year.
    assert "land_2021" in referenced_documents("上海2021年的任务完成了多少？", DOCS)


def test_a_title_is_not_named_by_its_kind_or_a_particle_shared_with_the_question():
    # 核查意见 shares 查意见 with …调查意见: the kind and one character name nothing; 新建的 shares
    # a word and a particle with …迁址新建的批复.
    assert referenced_documents("村集体几天内要出核查意见？", LETTERS) == ()
    assert referenced_documents("进新建的专业市场经营，是不是可以免规费？", LETTERS) == ()
    assert referenced_documents("武警总部后勤部迁址新建，资金谁出？", LETTERS) == ("wujing",)


def test_a_run_shared_with_a_title_names_it_only_as_whole_words():
    # 工作时 of 延长工作时间 (the word 工作时间 cut) is not 考察工作时 of the letter's title
    letter = _doc("gb_letter", "国务院办公厅关于辽宁省在曾培炎副总理考察工作时所提问题和建议办理情况的函",
                  {}, "2004-06-01", "national")
    question = "陕西的企业让员工延长工作时间，加班费按多少算？"
    assert referenced_documents(question, {"gb_letter": letter}) == ()


def test_a_place_in_a_national_title_says_what_it_is_about_not_which_document_a_question_means():
    # A question naming 吉林省 asks about 吉林's rules; the State Council's reply to 吉林 is
    # national and is not named by the province (its own words still name it).
    docs = {**DOCS, "jl_reply": _doc("jl_reply", "国务院办公厅关于吉林省长白山保护开发有关问题的复函",
                                     {}, "2005-06-01", "national"),
            "jl_reg": _doc("jl_reg", "吉林省优化营商环境条例", {"province": "吉林省"}, "2019-05-30")}
    assert "jl_reply" not in referenced_documents("吉林省企业开办要几天？", docs)
    assert "jl_reply" not in referenced_documents("吉林不动产登记多长时间办结？", docs)
    assert referenced_documents("长白山保护开发的那个复函怎么说？", docs) == ("jl_reply",)


def test_a_document_of_another_place_is_asked_of_the_named_places_own_of_its_kind():
    # 那沈阳的呢？ after a question on 辽宁省优化营商环境条例: 沈阳's own 条例 is meant; a place
    # with no document of that kind (安阳's 政务服务条例), or two (大连's of 2017 and 2021), leaves
    # the named one; a place's own stays.
    shenyang = {"province": "辽宁省", "city": "沈阳市"}
    docs = {**DOCS,
            "sy_reg": _doc("sy_reg", "沈阳市优化营商环境条例", shenyang, "2023-11-01", "city"),
            "dl_a": _doc("dl_a", "大连市优化营商环境条例", {"province": "辽宁省", "city": "大连市"},
                         "2017-01-01", "city"),
            "dl_b": _doc("dl_b", "大连市优化营商环境条例", {"province": "辽宁省", "city": "大连市"},
                         "2021-01-01", "city")}
    sy, dl = Place("沈阳", "辽宁省", "沈阳市"), Place("大连", "辽宁省", "大连市")
    assert own_counterparts(("ln_reg",), (sy,), docs) == ("sy_reg",)
    assert own_counterparts(("ln_reg",), (AY,), docs) == ("ln_reg",)
    assert own_counterparts(("ln_reg",), (dl,), docs) == ("ln_reg",)
    assert own_counterparts(("ln_reg",), (LN,), docs) == ("ln_reg",)
    assert own_counterparts(("ln_reg",), (), docs) == ("ln_reg",)


def test_a_national_title_shared_by_a_place_question_is_its_matter_unless_issuer_or_number_named():
    # 福建省制定…规范性文件 asks 福建's rules (福建 has documents of its own); naming the issuer
    # or the 文号 names the national document itself; a place with none of its own is answered
    # from the national one.
    opinion = PolicyDocument(doc_id="gb_op", source="gb_op.html", issuer="国务院办公厅",
                             title="国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见",
                             doc_number="国办发〔2018〕115号", level="national", issued="2018-12-04")
    docs = {**DOCS, "gb_op": opinion}
    asked = "福建省制定地方法规和规范性文件，征求意见要留多少天？"
    assert about_place_not_national(asked, opinion, (FJ,), docs)
    assert not about_place_not_national("国务院办公厅那个意见里，" + asked, opinion, (FJ,), docs)
    assert not about_place_not_national("国办发〔2018〕115号对" + asked, opinion, (FJ,), docs)
    shaanxi = Place("陕西", "陕西省")  # no document of its own among DOCS
    assert not about_place_not_national("陕西制定规范性文件要审核吗？", opinion, (shaanxi,), docs)
    assert not about_place_not_national(asked, DOCS["fj_2015"], (FJ,), docs)
