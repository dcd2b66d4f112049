"""Lines of a document's header as GB/T 9704 prints them: the 文号 with its signer beside it
(签发人：某某), the issuer's name on a line of its own over 关于… — the title is the organ, the
subject and the 文种, wrapped over its lines. Texts written as such notices are saved."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text

NOTICE = """某市人民政府文件
某市府发〔2023〕7号                签发人：李某某

某市人民政府
关于印发某市支持民营经济高质量发展
若干政策措施的通知

各县（市、区）人民政府，市政府各部门：
现将《某市支持民营经济高质量发展若干政策措施》印发给你们，请认真组织实施。

某市人民政府
2023年8月10日

某市支持民营经济高质量发展若干政策措施

一、落实减税降费政策。全面落实国家各项减税降费政策。（责任单位：市税务局）
二、扩大信贷投放。力争民营企业贷款增速不低于各项贷款平均增速。（责任单位：市金融办）
"""


def parse(text: str):
    return parse_text(LoadedText("n.txt", text, "txt", "utf-8", "0" * 64, {}))


def test_a_number_line_with_its_signer_ends_the_header_above_the_title():
    (doc,) = parse(NOTICE)
    assert doc.notice_title == "某市人民政府关于印发某市支持民营经济高质量发展若干政策措施的通知"
    assert doc.title == "某市支持民营经济高质量发展若干政策措施"
    assert doc.doc_number == "某市府发〔2023〕7号"
    assert [m.number for m in doc.measures] == ["1", "2"]


def test_without_the_signer_the_same_title_is_read():
    (doc,) = parse(NOTICE.replace("                签发人：李某某", ""))
    assert doc.notice_title == "某市人民政府关于印发某市支持民营经济高质量发展若干政策措施的通知"


def test_a_title_line_ends_above_the_addressee_in_a_text_saved_a_paragraph_a_line():
    text = """关于做好2024年度高校毕业生就业创业工作的通知
各市人力资源社会保障局：
现就做好2024年度高校毕业生就业创业工作通知如下：
1、拓宽就业渠道。各地要稳定公务员、事业单位招录规模。
2、强化就业服务。开展“百日千万”招聘专项行动。
某省人力资源和社会保障厅
2024年3月1日
"""
    (doc,) = parse(text)
    assert doc.title == "关于做好2024年度高校毕业生就业创业工作的通知"
    assert [m.number for m in doc.measures] == ["1", "2"]
