"""政策问答: the enterprise chat — streamed answers, citation cards, a city filter."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from assistant import message_kind
from assistant.errors import CORE_ERRORS
from ui import cards, filters
from ui.errors import as_gr_error

EXAMPLES = [
    "在聊城开公司刻章要钱吗？",
    "出口退税多少天能办完？",
    "高唐县企业开办需要几天？",
    "中小企业融资担保费率是多少？",
    "永济市工程建设项目审批时限是多少？",
]

_NOT_FOUND = "没有找到相关的政策条款。可以换个说法，或到「政策检索」按文件、部门查找。"
# A greeting or an off-topic message is answered without looking anything up (its intent says so).
_NOT_A_QUESTION = {
    message_kind.CHITCHAT: "这条消息不是政策问题，没有引用条款。",
    message_kind.OFF_TOPIC: "这条消息与收录的营商环境政策无关，没有引用条款。",
}
_WAITING = "提问后，回答引用的条款会显示在这里；点击卡片可查看条款全文。"


@dataclass
class ChatView:
    city: gr.Dropdown


def build(assistant) -> ChatView:
    """Lay out the chat tab inside the current Blocks context and wire its events."""
    conversation = gr.State([])  # [{"role", "content"}] with the plain answer text
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            chatbot = gr.Chatbot(
                label="对话", height=460, buttons=["copy", "copy_all"], elem_id="pq-chatbot",
                placeholder="您好！请输入关于营商环境政策的问题，例如办理时限、收费优惠或负责部门。",
            )
            with gr.Row(equal_height=True):
                question = gr.Textbox(
                    show_label=False, placeholder="输入问题，按回车发送", lines=1, max_lines=4,
                    container=False, scale=5, min_width=180, elem_id="pq-question",
                )
                send = gr.Button("发送", variant="primary", scale=1, min_width=72,
                                 elem_id="pq-send")
            with gr.Row(equal_height=True):
                city = gr.Dropdown(
                    filters.city_choices(assistant.documents()), value=filters.ALL,
                    label="地区", show_label=False, container=False, scale=3, min_width=160,
                    elem_id="pq-chat-city",
                )
                clear = gr.Button("清空对话", scale=1, min_width=96, elem_id="pq-clear")
            examples = gr.Examples([[q] for q in EXAMPLES], inputs=[question], label="示例问题",
                                   examples_per_page=len(EXAMPLES))
        with gr.Column(scale=2, min_width=300):
            gr.Markdown("#### 引用依据")
            citations = gr.HTML(cards.empty(_WAITING), css_template=cards.CARD_CSS,
                                js_on_load=None, elem_id="pq-citations")

    def respond(text: str, messages: list[dict], city_value: str):
        text = (text or "").strip()
        if not text:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        history = [m["content"] for m in messages if m["role"] == "user"]
        pending = [*messages, {"role": "user", "content": text}, {"role": "assistant", "content": ""}]
        yield "", _display(pending), pending, cards.empty("正在检索政策条款……")
        answer_text, found_cards = "", cards.empty(_NOT_FOUND)
        try:
            for kind, payload in assistant.ask_stream(
                    text, history=history, filters={"city": city_value} if city_value else None):
                if kind == "segment":
                    answer_text += ("\n\n" if answer_text else "") + payload
                    pending[-1] = {"role": "assistant", "content": answer_text}
                    yield gr.skip(), _display(pending), pending, gr.skip()
                elif kind == "citations" and payload:
                    found_cards = cards.citation_cards(payload)
                elif kind == "done":
                    if payload.notes:
                        answer_text += "\n\n" + "\n".join(f"提示：{n}" for n in payload.notes)
                    if not payload.found:
                        found_cards = cards.empty(_NOT_A_QUESTION.get(payload.intent, _NOT_FOUND))
        except CORE_ERRORS as exc:
            # Leave the conversation as it was, give the question back, show why.
            yield text, _display(messages), messages, cards.empty(_WAITING)
            raise as_gr_error(exc) from exc
        pending[-1] = {"role": "assistant", "content": answer_text}
        yield gr.skip(), _display(pending), pending, found_cards

    def reset():
        return [], [], cards.empty(_WAITING), ""

    outputs = [question, chatbot, conversation, citations]
    inputs = [question, conversation, city]
    question.submit(respond, inputs, outputs, api_visibility="private")
    send.click(respond, inputs, outputs, api_visibility="private")
    examples.load_input_event.then(respond, inputs, outputs, api_visibility="private")
    clear.click(reset, None, [chatbot, conversation, citations, question],
                api_visibility="private")
    chatbot.clear(reset, None, [chatbot, conversation, citations, question],
                  api_visibility="private")
    return ChatView(city=city)


def _display(messages: list[dict]) -> list[dict]:
    return [{"role": m["role"],
             "content": cards.chat_text(m["content"]) if m["role"] == "assistant" else m["content"]}
            for m in messages]
