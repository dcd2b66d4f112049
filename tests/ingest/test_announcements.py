"""Which paragraphs only open a reply or decision (ingest/announcements.py).

Oracle: the opening paragraphs of real replies and decisions as they print them (沪崇府复〔2018〕
4号, 国办函〔2004〕88号, 国函〔1996〕95号, 六安市人大常委会's amending decision, and the State
Council's letter on 巴东's landslide risk, which says more), and the rule of Chinese official replies: the acknowledgement of the
request (…收悉) and the transition sentence (现批复如下：) state nothing themselves.
"""

from __future__ import annotations

import pytest

from ingest.announcements import announces_only


@pytest.mark.parametrize("text", [
    "你局《关于“崇明县新河镇CMS10-0001单元18-02号地块土地储备工程项目”征地房屋补偿方案的请示》"
    "（沪崇规土〔2018〕3号）收悉。经区政府研究，现批复如下：",
    "教育部、外交部、财政部、体育总局《关于以深圳市名义申办2011年世界大学生夏季运动会的请示》"
    "（教外际〔2004〕81号）收悉。经国务院领导同志批准，现函复如下：",
    # the request named without quotation marks, the transition in the same sentence
    "关于武警总部后勤部机关及部分直属单位迁址新建的请示（〔1996〕武司字第82号）收悉，现批复如下：",
    # a decision announcing its amendments
    "六安市第六届人民代表大会常务委员会第二十次会议决定，对《六安市优化营商环境条例》作如下修改：",
    "您提出的《关于加快发展农村电商的建议》收悉。现答复如下。",
])
def test_an_acknowledgement_and_a_transition_only_open_the_reply(text):
    assert announces_only(text)


@pytest.mark.parametrize("text", [
    # the reply itself
    "同意新河镇CMS10-0001单元18-02号地块土地储备工程项目征地房屋补偿方案，请按照方案有序实施。",
    # acknowledged, then the matter itself (巴东's letter states what was found and advised)
    "你省《关于恳请解决巴东县官渡口镇马鬃山村地质险情有关问题的请示》（鄂政文〔2004〕15号）收悉。"
    "根据国务院领导同志批示，2004年4月和9月，国土资源部两次组成专家组赴你省巴东县官渡口镇马鬃山村"
    "地质险情现场进行了调查。经国务院领导同志同意，现将国土资源部及专家组的有关意见转复你省。",
    # a sentence of its own before the transition
    "你部请示收悉。国务院同意建立职业教育工作部际联席会议制度。现将有关事项通知如下：",
    # what follows is a list of standards the sentence itself introduces: it names who gets them
    "对符合条件的小微企业，按如下标准给予一次性补贴：",
    # a paragraph that acknowledges and announces nothing after it
    "你局请示收悉。",
])
def test_a_paragraph_that_says_something_is_no_opening(text):
    assert not announces_only(text)
