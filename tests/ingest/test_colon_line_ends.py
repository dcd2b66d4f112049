"""A line ending in a colon ends there: what the colon announces (现批复如下： / 同意…) starts a
paragraph of its own, in a saved text with a paragraph a line as in one wrapped at a width.
Texts written as replies and notices are saved; counts read off them."""

from __future__ import annotations

from ingest.loaders import LoadedText
from ingest.pipeline import parse_text


def parse(text: str):
    return parse_text(LoadedText("r.txt", text, "txt", "utf-8", "0" * 64, {}))


REPLY = """某市人民政府关于同意设立某某经济开发区的批复
某政复〔2022〕8号
某某县人民政府：
你县《关于申请设立某某经济开发区的请示》（某县政〔2022〕15号）收悉。经研究，现批复如下：
同意设立某某经济开发区，规划面积10平方公里，主导产业为装备制造和新材料。
请你县认真做好开发区规划建设管理工作，严格落实耕地保护制度和生态环境保护要求。
此复。
某市人民政府
2022年4月1日
"""


def test_a_replys_approval_after_its_colon_is_a_paragraph_of_its_own():
    (doc,) = parse(REPLY)
    assert [m.number for m in doc.measures] == ["p1", "p2", "p3"]
    assert doc.measures[1].text.startswith("同意设立某某经济开发区")


def test_a_list_announced_by_a_colon_stays_inside_its_item():
    text = """某县人民政府关于做好企业帮扶工作的通知
各乡镇人民政府：
一、申报条件。申报帮扶资金的企业应当同时符合下列条件：
依法登记注册且正常经营一年以上；
上年度纳税额50万元以上。
二、申报时间。申报时间为每年3月1日至3月31日。
某县人民政府
2024年2月1日
"""
    (doc,) = parse(text)
    assert [m.number for m in doc.measures] == ["1", "2"]
    assert "上年度纳税额50万元以上" in doc.measures[0].text


def test_a_replys_opening_that_quotes_the_proposal_is_a_paragraph_not_an_addressee():
    text = """关于市十六届人大三次会议第0123号建议的答复
杭发改函〔2023〕88号
王某某代表：
您提出的《关于进一步优化营商环境的建议》收悉，现答复如下：
近年来，我市深入推进营商环境改革，出台了一系列政策措施。
下一步，我们将继续深化“放管服”改革，不断提升政务服务水平。
杭州市发展和改革委员会
2023年6月30日
"""
    (doc,) = parse(text)
    assert [m.number for m in doc.measures] == ["p1", "p2", "p3"]
    assert doc.measures[0].text.startswith("您提出的《关于进一步优化营商环境的建议》收悉")
