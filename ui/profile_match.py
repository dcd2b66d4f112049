"""政策找人: an enterprise describes itself and sees the measures that grant it something."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from assistant.profile import Profile
from ui import filters, match_cards
from ui.cards import empty
from ui.errors import as_of_date, shows_errors

#: The traits offered as checkboxes; the core knows more (see assistant/profile_vocabulary.txt).
FLAGS = ["新开办", "高新技术企业", "科技型中小企业", "外贸", "专精特新", "个体户",
         "小规模纳税人", "纳税信用A级", "工程建设", "民营"]
SIZES = [("不限", ""), ("小微", "小微"), ("中型", "中型"), ("大型", "大型")]
INDUSTRIES = ["", "制造业", "物流运输", "批发零售", "住宿餐饮", "文化旅游", "外贸"]

_WAITING = "填写企业情况后点击“匹配政策”，适用的措施按主题列在这里。"


@dataclass
class MatchView:
    place: gr.Dropdown


def build(assistant) -> MatchView:
    """Lay out the 政策找人 tab inside the current Blocks context and wire its events."""
    with gr.Row(equal_height=False):
        place = gr.Dropdown(filters.city_choices(assistant.documents()), value=filters.ALL,
                            label="所在地区（市或县）", min_width=180, elem_id="pq-match-place")
        industry = gr.Dropdown(INDUSTRIES, value="", label="行业（可直接输入）",
                               allow_custom_value=True, min_width=160, elem_id="pq-match-industry")
        size = gr.Radio(SIZES, value="", label="企业规模", min_width=220, elem_id="pq-match-size")
        as_of = gr.Textbox(label="截至日期", placeholder="YYYY-MM-DD，默认今天", min_width=150,
                           elem_id="pq-match-as-of")
    with gr.Row(equal_height=False):
        flags = gr.CheckboxGroup(FLAGS, label="企业具备", scale=3, elem_id="pq-match-flags")
        without = gr.CheckboxGroup(FLAGS, label="明确不具备（这些条件的措施不再列为需确认）",
                                   scale=3, elem_id="pq-match-without")
    run = gr.Button("匹配政策", variant="primary", elem_id="pq-match-button")
    status = gr.Markdown("", elem_id="pq-match-status")
    gr.Markdown("#### 适用的措施（按主题，最符合企业情况的在前）")
    matched = gr.HTML(empty(_WAITING), css_template=match_cards.MATCH_CSS, js_on_load=None,
                      elem_id="pq-match-results")
    gr.Markdown("#### 需确认：条件取决于企业未说明的情况")
    to_confirm = gr.HTML(empty(""), css_template=match_cards.MATCH_CSS, js_on_load=None,
                         elem_id="pq-match-confirm")
    gr.Markdown("#### 已失效或已过完成期限（仅供参考）")
    lapsed = gr.HTML(empty(""), css_template=match_cards.MATCH_CSS, js_on_load=None,
                     elem_id="pq-match-lapsed")

    @shows_errors
    def run_match(place_value, industry_value, size_value, day, have, lack):
        profile = Profile(city=place_value or "", industry=industry_value or "",
                          size=size_value or "", flags=tuple(have or ()),
                          without=tuple(lack or ()))
        result = assistant.match(profile, as_of=as_of_date(day))
        return (match_cards.summary(result), match_cards.matched_html(result),
                match_cards.to_confirm_html(result), match_cards.lapsed_html(result))

    run.click(run_match, [place, industry, size, as_of, flags, without],
              [status, matched, to_confirm, lapsed], api_visibility="private")
    return MatchView(place=place)
