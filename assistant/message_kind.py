"""What kind of message it is, decided before anything is retrieved.

- A social formula (你好, 谢谢, 再见) is language, not a question: a closed class of speech-act
  formulas, recognised when nothing but formulas, forms of address and particles is left
  (「你好，企业开办要几天？」 is a question that starts with a greeting).
- A message about something the corpus does not speak of (帮我写一首诗, 今天天气怎么样) is told
  so: judged by its relevance to the indexed text — none of its words is a word of the
  corpus, or few are and the e5 model finds it no nearer any measure than unrelated text is,
  nor any sentence of its nearest measures as near as a sentence on the asker's subject comes
  (a measure's other sentences dilute its vector: 想拉根电进来，得等几天 is far from 永济's
  measure on 水电气热 as a whole, and close to its sentence on 办电时间), nor is one measure
  clearly nearer it than the others (`assistant.standout`).

- A request that the assistant compose a text (帮我写一段开场白), alone or after thanks or a
  greeting, is off-topic too: read from its form (`assistant.composition`).

- A request that the assistant look up or act on the user's own records (帮我查一下我们公司
  去年的汇算清缴交上去没有) is outside what it can do, however many policy words it holds:
  read from its form — a benefactive request (帮/替/给 + the first person + a verb) whose
  object opens with a first-person possessor (我们公司…, 我的…) and asks no modal question
  (帮我看看我们公司能不能享受… asks what the rules allow, which the policies answer).

Each gets a short reply naming what the assistant covers, no citation, `found` false and its
own intent (`chitchat`, `off_topic`, `own_records`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

import prompts
from assistant import coverage
from assistant.composition import composition_message
from assistant.query import WH_WORDS, Query, is_polar
from assistant.records import Answer
from assistant.sentence_evidence import SentenceEvidence
from assistant.standout import SENTENCE_FLOOR
from ingest.doc_numbers import DOC_NUMBER
from ingest.records import PolicyDocument
from vectorstore.snapshot import IndexSnapshot

CHITCHAT, OFF_TOPIC, OWN_RECORDS = "chitchat", "off_topic", "own_records"
KINDS = (CHITCHAT, OFF_TOPIC, OWN_RECORDS)

# The speech-act formulas of Chinese chat, by act (a closed class, like the particles).
_ACTS = {
    "greeting": ("你好", "您好", "你们好", "大家好", "早上好", "上午好", "中午好", "下午好", "晚上好",
                 "早安", "午安", "晚安", "在吗", "在不在", "哈喽", "哈啰", "嗨", "hello", "hi", "hey"),
    "thanks": ("谢谢", "多谢", "感谢", "谢了", "辛苦了", "麻烦了", "thanks", "thank you"),
    "farewell": ("再见", "拜拜", "回见", "下次见", "bye"),
    "acknowledgement": ("好的", "好吧", "明白了", "明白", "知道了", "收到", "了解", "没问题", "嗯嗯",
                        "嗯", "行", "ok", "好"),
}
# Forms of address and sentence particles that may surround a formula.
_FILLER = re.compile(r"[你您啊呀哦哈啦嘛吧了呢的喔哟~～\s，,。.！!？?、…]+")
_LATIN_WORD = re.compile(r"[a-z]+(?: [a-z]+)?")

# Off-topic: fewer than this share of the message's words occur in the corpus …
_CORPUS_SHARE = 0.5
# … and its best e5 similarity to any measure is no higher than unrelated requests reach
# (e5's similarities are compressed: unrelated text sits at 0.80–0.86 against this corpus,
# policy questions at 0.86 and above; evals/BENCH.md, "message kinds").
_UNRELATED_SIMILARITY = 0.86
# Measures nearest the message whose sentences are read when the measures themselves are not
# near enough.
_NEAREST_MEASURES = 3


def speech_act(text: str) -> str | None:
    """greeting / thanks / farewell / acknowledgement when the message is only that."""
    rest = text.strip().lower()
    acts = []
    for act, formulas in _ACTS.items():
        for formula in sorted(formulas, key=len, reverse=True):
            if formula in rest:
                rest = rest.replace(formula, " ")
                acts.append(act)
    rest = _FILLER.sub("", rest)
    return acts[0] if acts and not rest else None


# The benefactive prepositions (帮我查, 替我办, 给我看看) and the first person (我, 我们, 咱们,
# 我司): closed classes of the grammar, like the formulas above.
_BENEFACTIVE = frozenset({"帮", "替", "给", "帮忙"})
_FIRST_PERSON = re.compile(r"^(?:我|咱|俺)")
# A modal in the object asks what the rules allow (能不能享受, 可以申请吗).
_MODAL = re.compile(r"能|可以|可否|是否")


def asks_own_records(tagged: Sequence[tuple[str, str]]) -> bool:
    """A request that the assistant look up or act on the user's own affairs: 帮/替/给 + the
    first person + a verb, whose object opens with a first-person possessor."""
    words = [(w, f) for w, f in tagged if w.strip()]
    for i in range(len(words) - 3):
        (helper, _), (person, pflag), (_, vflag) = words[i], words[i + 1], words[i + 2]
        if helper not in _BENEFACTIVE or not _FIRST_PERSON.match(person) \
                or not pflag.startswith("r") or not vflag.startswith("v"):
            continue
        rest = words[i + 3:]
        while rest and rest[0][1].startswith(("m", "q")):  # 查一下, 看一看
            rest = rest[1:]
        if rest and _FIRST_PERSON.match(rest[0][0]) \
                and not any(_MODAL.search(w) for w, f in rest if f.startswith("v")):
            return True
    return False


def kind_of(query: Query, view: IndexSnapshot, embed: Callable[[str], np.ndarray],
            evidence: SentenceEvidence | None = None,
            apart: Callable[[], str | None] | None = None) -> str | None:
    """CHITCHAT, OFF_TOPIC, OWN_RECORDS, or None for a message to answer from the policies.
    `evidence`: the message's closeness to single sentences (`assistant.sentence_evidence`);
    `apart`: the measure standing apart in meaning for it, if one does (`assistant.standout`)."""
    if speech_act(query.question):
        return CHITCHAT
    if asks_own_records(view.tokenizer.tagged(query.question)):
        return OWN_RECORDS
    if composition_message(query.question, view.tokenizer.tagged, view.keywords,
                           lambda clause: bool(speech_act(clause))):
        return OFF_TOPIC  # 谢谢！顺便写副对联吧: the order, not the thanks, is answered
    if _social_remark(query) or asks_about_assistant(query.question):
        return CHITCHAT
    if query.is_followup or query.measure_numbers or query.doc_ids \
            or DOC_NUMBER.search(query.question):
        return None  # it names what it is about, or leans on the conversation
    if not view.catalog.documents:
        return None  # nothing indexed: no corpus to judge by (the answer says it is empty)
    text, words, in_corpus = _corpus_words(query, view)
    if words and len(in_corpus) >= _CORPUS_SHARE * len(words):
        return None
    # In a corpus of a few documents, a question may hold none of its words (想拉根电进来,
    # 几天, 才能 …): the sentences decide then, as for few.
    nearest = view.dense_search(embed(text), _NEAREST_MEASURES) if in_corpus or evidence else {}
    if in_corpus and nearest and max(nearest.values()) > _UNRELATED_SIMILARITY:
        return None
    # Thanks with a remark (谢谢你，讲得挺清楚的) is still a social message: its remark is no
    # question however close a sentence comes to it (辛苦啦 to a sentence on 辛苦).
    if _has_formula(query.question):
        return CHITCHAT
    by_key = view.catalog.by_key
    # … of its nearest measures by meaning, or by the words it shares with them: a measure
    # holding its one policy word (中介 of 办事用得着中介的，能不能自己挑中介) may be far from
    # it as a whole and hold the sentence that answers it.
    sharing = view.keyword_search(text, _NEAREST_MEASURES) if evidence and in_corpus else {}
    if evidence and any(evidence.speaks_to_subject(by_key[key])
                        for key in dict.fromkeys([*nearest, *sharing]) if key in by_key):
        return None
    # A colloquial question on a matter the texts state (接自来水, 跟县里当面唠唠) is far from
    # every measure, but clearly nearer one than the rest; an unrelated message is not.
    key = apart() if apart and evidence else None
    return None if key and evidence.closest([by_key[key]])[0] >= SENTENCE_FLOOR else OFF_TOPIC


# A clause asks when it holds a question word or a yes/no form, or closes on a question mark;
# it asks for something when it holds a verb of wanting or requesting (想了解, 请问, 要, 能否):
# closed classes of the grammar, like the formulas.
_QUESTION_MARK = re.compile(r"[？?]")
_REQUEST = re.compile(r"想|要|请|帮|能|可以|可否|需要|麻烦")


def _social_remark(query: Query) -> bool:
    """Thanks or a farewell with a remark that asks nothing (好的谢谢啊，问题都清楚了; 明白了，
    非常感谢你的耐心解答！): a declarative sentence beside a social formula states how the
    conversation went, however many words of the corpus it holds (问题, 解答). A remark naming
    a place, a document or a measure, or leaning on the last turn (那聊城呢), asks after all."""
    text = query.question
    if not _has_formula(text) or query.places or query.doc_ids or query.measure_numbers \
            or query.is_followup or DOC_NUMBER.search(text) or _QUESTION_MARK.search(text):
        return False
    rest = text.lower()
    for formulas in _ACTS.values():
        for formula in sorted(formulas, key=len, reverse=True):
            rest = rest.replace(formula, " ")
    return not (WH_WORDS.search(rest) or is_polar(rest) or _REQUEST.search(rest))


# The second person as the subject of the copula or of naming (你是谁, 您是机器人吗, 你叫什么):
# a question about the assistant itself, which its scope reply answers.
_ABOUT_ADDRESSEE = re.compile(r"^(?:你|您|你们)(?:到底|究竟|是不是)?(?:是|叫)")


def asks_about_assistant(text: str) -> bool:
    """The message's first clause that is no formula asks who or what the assistant is."""
    for clause in re.split(r"[，,。.！!？?；;\s]+", text):
        if clause and not speech_act(clause):
            return bool(_ABOUT_ADDRESSEE.match(clause)) and (
                bool(WH_WORDS.search(clause)) or is_polar(clause) or "？" in text or "?" in text)
    return False


def _corpus_words(query: Query, view: IndexSnapshot) -> tuple[str, list[str], list[str]]:
    """The message without the places it names (a place says where, not what about: 帮我写一首
    夸聊城的诗 is no policy question), its words, and those of them the corpus holds."""
    text = query.question
    for place in query.places:
        text = text.replace(place.name, " ")
    words = [t for t in dict.fromkeys(view.tokenizer.tokens(text))
             if len(t) >= 2 and not t.isdigit()]
    return text, words, [t for t in words if t in view.keywords]


def few_corpus_words(query: Query, view: IndexSnapshot) -> bool:
    """Fewer than half the message's words are words of the corpus: what keyword search
    matches of it is mostly its setting, not what it asks."""
    _, words, in_corpus = _corpus_words(query, view)
    return bool(words) and len(in_corpus) < _CORPUS_SHARE * len(words)


def _has_formula(text: str) -> bool:
    lowered = text.lower()
    return any(f in lowered for act, formulas in _ACTS.items() if act != "acknowledgement"
               for f in formulas if len(f) > 1 and not f.isascii())


def reply(kind: str, question: str, documents: dict[str, PolicyDocument]) -> Answer:
    """A short polite reply naming the places and documents covered; nothing cited."""
    act = (("identity" if asks_about_assistant(question) else None) or speech_act(question)
           or _first_act(question)) if kind == CHITCHAT else None
    opening = prompts.template(f"reply_{act}") if act else \
        prompts.template("reply_own_records" if kind == OWN_RECORDS else "reply_off_topic")
    text = prompts.render("reply_scope", opening=opening, places=coverage.places(documents.values()),
                          count=len(documents), examples=_example_titles(documents.values()))
    return Answer(text, False, kind, (), segments=(text,))


def _first_act(text: str) -> str | None:
    """The first act the message performs; an acknowledgement (好的，…谢谢) only when it
    performs no other, since thanks or a farewell is what the reply answers."""
    lowered = text.lower()
    found = [(lowered.find(f), act) for act, formulas in _ACTS.items() for f in formulas
             if len(f) > 1 and f in lowered]
    other = [f for f in found if f[1] != "acknowledgement"]
    return min(other or found)[1] if found else None


def _example_titles(documents, shown: int = 3) -> str:
    titles = [f"《{d.title}》" for d in sorted(documents, key=lambda d: d.issued or "", reverse=True)]
    return "、".join(titles[:shown]) + ("等" if len(titles) > shown else "")


def message_turns(turns: Sequence[str]) -> tuple[str, ...]:
    """The earlier turns that were questions: greetings and thanks carry no topic."""
    return tuple(t for t in turns if not speech_act(t))
