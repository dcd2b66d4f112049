"""The cleaner: one-to-one character normalisation, then logical paragraphs with source spans.

Examples are the scars of the shipped texts and the line breaks the loaders produce (a blank
line between paragraphs, a single "\\n" where a line wrapped); the properties say what holds
for any text at all.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.cleaning import normalise_chars, paragraphs, title_key
from ingest.errors import ParseError
from ingest.loaders import LoadedText
from ingest.pipeline import parse_text
from tests.ingest.conftest import in_order


def texts(raw: str, titles: tuple[str, ...] = ()) -> list[str]:
    """The cleaned paragraph texts of `raw`."""
    return [p.text for p in paragraphs(normalise_chars(raw), {title_key(t) for t in titles})]


# ---------------------------------------------------------------- characters


def test_normalise_chars_maps_width_and_spaces_one_to_one():
    raw = "Ａ１２：（一）\u00a0市\u3000场\t监管, 1,000 09:24;"
    out = normalise_chars(raw)
    assert len(out) == len(raw)
    # A tab stays: the loaders join a table row's cells with it.
    assert out == "A12：（一） 市 场\t监管， 1,000 09:24；"


@pytest.mark.parametrize(("raw", "want"), [
    ("不超过 11 天", "不超过11天"),  # spaces between a number and its unit
    ("压缩至 5 个工作日内", "压缩至5个工作日内"),
    ("市 场 监 管 局", "市场监管局"),  # spaces between Chinese characters
    ("市\u00a0场\u3000监管局", "市场监管局"),  # no-break and ideographic spaces
    ("办理 ETC 业务", "办理ETC业务"),
    ("支持 Made in China 品牌", "支持Made in China品牌"),  # spaces between Latin words stay
])
def test_spaces_inside_numbers_and_chinese_are_removed(raw, want):
    assert texts(raw) == [want]


# ---------------------------------------------------------------- scars of the .txt files


def test_bullets_are_dropped():
    assert texts("- 3.推进跨境贸易便利化。\n  • 发布日期：2021-10-15") == [
        "3.推进跨境贸易便利化。", "发布日期：2021-10-15"]


def test_character_doubled_across_a_page_break_is_mended():
    raw = "以施行《市场主体登记管理条例\n\n例》和《实施细则》为契机，结合相关配套文书材料规范。"
    assert texts(raw) == ["以施行《市场主体登记管理条例》和《实施细则》为契机，结合相关配套文书材料规范。"]


def test_legitimate_doubles_at_a_break_are_kept():
    raw = "（责任人：郭建民；牵头单位：市行政审批局；责任单位：市\n\n市场监管局、市税务局）"
    assert texts(raw) == ["（责任人：郭建民；牵头单位：市行政审批局；责任单位：市市场监管局、市税务局）"]
    # A wrap never prints a character twice: nothing is dropped there.
    assert texts("树牢“人人都是营商环境、事事都是营商环境、处处都是营商环境”理念，持续\n续写新篇") == [
        "树牢“人人都是营商环境、事事都是营商环境、处处都是营商环境”理念，持续续写新篇"]


def test_office_names_broken_across_lines_are_joined():
    raw = "（牵头单位：县综合执法\n\n局；责任单位：市市场监管\n\n局）"
    assert texts(raw) == ["（牵头单位：县综合执法局；责任单位：市市场监管局）"]


def test_sentence_broken_across_blank_lines_is_joined():
    raw = ("7.推广电子证照联展联用。依托省级技术支撑，推动电子证照跨行业、跨领域应用。6月\n\n"
           "底前，实现营业执照的线上申领。\n\n8.推进企业变更“三零”服务。")
    assert texts(raw) == [
        "7.推广电子证照联展联用。依托省级技术支撑，推动电子证照跨行业、跨领域应用。6月底前，实现营业执照的线上申领。",
        "8.推进企业变更“三零”服务。",
    ]


def test_short_lines_and_finished_sentences_end_paragraphs():
    raw = "一、营造便捷高效的政务环境\n\n（一）简化企业开办\n\n现将有关事项通知如下。\n\n各县人民政府"
    assert texts(raw) == ["一、营造便捷高效的政务环境", "（一）简化企业开办", "现将有关事项通知如下。",
                          "各县人民政府"]


def test_mojibake_is_dropped():
    assert texts("锛14全面自查、建立清单。") == ["全面自查、建立清单。"]


def test_full_stop_pulled_into_the_bracket_is_put_back():
    raw = "深化口岸国际贸易“单一窗口”建设(。牵头单位:市口岸办)"
    assert texts(raw) == ["深化口岸国际贸易“单一窗口”建设。（牵头单位：市口岸办）"]


def test_ascii_quotes_are_paired_over_the_joined_paragraph():
    raw = '全面清理"新\n\n官不理旧账"问题，建立"政府承诺+社会监督"制度。'
    assert texts(raw) == ["全面清理“新官不理旧账”问题，建立“政府承诺+社会监督”制度。"]


def test_title_lines_are_never_joined_to_the_next_paragraph():
    title = "高唐县进一步优化营商环境更好服务市场主体十九条措施"
    raw = f"{title}\n\n为进一步树牢营商环境理念，持续转变政府职能，聚焦市场主体关切，提出十九条具体措施。"
    assert texts(raw, (title,)) == [title, raw.split("\n\n")[1]]
    # ... nor is the paragraph before a title joined to it.
    assert texts(f"现印发给你们，请结合实际认真贯彻执\n\n{title}", (title,)) == [
        "现印发给你们，请结合实际认真贯彻执", title]
    # A wrapped line that happens to read as a title but opens a quotation is not one.
    raw = f"《{title}\n》已经县委、县政府研究同意，现印发给你们。"
    assert texts(raw, (title,)) == [f"《{title}》已经县委、县政府研究同意，现印发给你们。"]


def test_notice_title_wrapped_over_lines_is_one_paragraph():
    raw = ("中共高唐县委办公室\n高唐县人民政府办公室\n关于印发《高唐县进一步优化营商环境更好\n"
           "服务市场主体十九条措施》《高唐县损害\n营商环境行为责任追究办法》的通知\n\n"
           "开发区党工委、管委会，各镇（街道）党委：")
    assert texts(raw) == [
        "中共高唐县委办公室", "高唐县人民政府办公室",
        "关于印发《高唐县进一步优化营商环境更好服务市场主体十九条措施》《高唐县损害营商环境行为责任追究办法》的通知",
        "开发区党工委、管委会，各镇（街道）党委：",
    ]


# ---------------------------------------------------------------- wraps of PDF lines


def test_marker_at_a_wrapped_line_start_stays_in_the_sentence():
    raw = ("119.提升政务服务标准化水平。推进同一政务服务事项同标准受理，为企业群众提供线上线下统\n"
           "一、服务标准统一的政务服务。（牵头单位：市行政审批局）\n\n120.推进政务服务集成改革。")
    assert texts(raw) == [
        "119.提升政务服务标准化水平。推进同一政务服务事项同标准受理，为企业群众提供线上线下统一、服务标准统一的"
        "政务服务。（牵头单位：市行政审批局）",
        "120.推进政务服务集成改革。",
    ]


def test_marker_after_a_finished_line_starts_a_unit():
    raw = "一、总体要求\n（一）简化企业开办、注销程序\n1.压缩企业开办时限。推进企业开办全程电子化登记。\n2.推行“智能审批”。"
    assert texts(raw) == ["一、总体要求", "（一）简化企业开办、注销程序",
                          "1.压缩企业开办时限。推进企业开办全程电子化登记。", "2.推行“智能审批”。"]


def test_responsibility_bracket_that_wrapped_stays_with_its_sentence():
    raw = ("12.加强知识产权保护。完善知识产权质押融资机制，扩大知识产权质押融资规模。\n"
           "（牵头单位：县市场监管局）进一步强化政银对接，推进信息共享。")
    assert texts(raw) == [raw.replace("\n", "")]
    # A bracket that is a whole line after a finished sentence stands alone: the structure
    # decides whose line it is.
    raw = "2.推行“智能审批”。推进企业开办全程电子化登记，实现一网通办。\n（责任人：郭建民；牵头单位：市行政审批局）"
    assert texts(raw) == ["2.推行“智能审批”。推进企业开办全程电子化登记，实现一网通办。",
                          "（责任人：郭建民；牵头单位：市行政审批局）"]


def test_numbers_and_words_cut_by_a_wrap_are_whole_again():
    raw = ("融资担保费率不超过1%，审批时限压缩至1\n1天；为新开办和存量企业免费提供税务Uke\ny，全面推行税务Ukey智能开票服务，"
           "支持Made in\nChina品牌。")
    assert texts(raw) == ["融资担保费率不超过1%，审批时限压缩至11天；为新开办和存量企业免费提供税务Ukey，全面推行税务Ukey智能开票服务，"
                          "支持Made in China品牌。"]


def test_a_wrap_after_a_full_stop_inside_a_quotation_keeps_the_quotes_paired():
    raw = '推进"办事不出区"改革。按照"能授尽授、应赋尽赋。\n"原则，做好赋权工作。'
    assert "".join(texts(raw)) == "推进“办事不出区”改革。按照“能授尽授、应赋尽赋。”原则，做好赋权工作。"


def test_scar_after_a_wrapped_paragraph_is_joined():
    # The PDF's last line of a paragraph is short; the blank-line scar still continues it.
    raw = ("44.健全政府守信践诺机制。建立健全\"政府承诺+社会监督+失信问责\"制度，持续开展政务失信专项治\n"
           "理，全面清理\"新\n\n官不理旧账\"问题。")
    assert texts(raw) == ["44.健全政府守信践诺机制。建立健全“政府承诺+社会监督+失信问责”制度，持续开展政务失信专项治理，"
                          "全面清理“新官不理旧账”问题。"]


# ---------------------------------------------------------------- properties


PIECES = ["一、", "（一）", "(二)", "（十十）", "百、", "1.", "12、", "第三条", "第百条", "（牵头单位：", "（责任人：", "责任单位：",
          "〔", "〕", "）", "《", "》", "“", "”", '"', "。", "，", "；", "、", "市", "市场监管局", "例",
          "条例", "锛14", "- ", "• ", "\u00a0", "\u3000", " ", "\n", "\n\n", "\n \n", "11 天",
          "5个工作日内", "6月底前", "2021年11月23日", "关于印发", "的通知", "高办字〔2021〕11号",
          "聊政字[2020]25号", "免费", "费率不超过1%", "Ukey", "有效期一年"]
LINES = ["关于印发《优化营商环境措施》的通知", "优化营商环境措施", "聊政字〔2020〕25号", "2021年2月28日",
         "一、总体要求", "二、重点任务", "（一）简化程序", "1.压缩时限。5个工作日内办结。", "2.推行“智能审批”。6月底前完成",
         "（牵头单位：市税务局）", "（责任人：张三；牵头单位：市财政局；责任单位：各县（市、区）人民政府）",
         "第一条 为了规范。", "本办法有效期十十年。", "有效期一年，期满自动失效。", "以本文件为准。", "市人民政府"]
policy_like = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60
).map("".join)
policy_lines = st.lists(
    st.tuples(st.sampled_from(LINES), st.sampled_from(["\n", "\n\n", ""]), st.sampled_from(PIECES)),
    max_size=30,
).map(lambda parts: "".join(line + noise + sep for line, sep, noise in parts))
any_text = st.one_of(st.text(max_size=300), policy_like, policy_lines)


@given(any_text)
@settings(max_examples=300, deadline=None)
@example('（。牵头单位"')
@example("条例\n\n例》\n- 市\n\n市场")
def test_paragraph_spans_hold_their_text_in_order(raw):
    text = normalise_chars(raw)
    assert len(text) == len(raw)
    paras = paragraphs(text, {title_key("高唐县进一步优化营商环境"), title_key("条例")})
    previous_end = 0
    for para in paras:
        assert previous_end <= para.start < para.end <= len(text)
        assert para.text and para.text == para.text.strip()
        assert in_order(para.text, text[para.start:para.end]), (para, text[para.start:para.end])
        previous_end = para.end


@given(any_text)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example("一、总体要求\n\n（一）（牵头单位：）\n\n1. \n\n第零条")
@example("第十万条\n\n（一百零一）\n\n1.")
@example("第百条 malformed numerals still parse.\n\n（十十）措施。")
def test_parse_text_returns_documents_or_says_why_not(raw):
    loaded = LoadedText("fuzz.txt", raw, "txt", "utf-8", "0" * 64)
    try:
        documents = parse_text(loaded)
    except ParseError:
        return
    assert documents and all(doc.measures for doc in documents)
