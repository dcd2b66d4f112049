"""How a question stands to the conversation before it: a new question, a follow-up that keeps
talking about the same thing, or a follow-up that changes only its subject.

The rules are those of Chinese dialogue, not of any document:
- a question with nothing of its own to ask about (那这事归哪个部门管？, 那高唐呢？, 2022年的呢？)
  leans on the earlier turn for its topic: the earlier topic is carried, with the new place or
  year in place of the old;
- a question that shares a distinctive word with the earlier turn (提前多久发布？ after a
  question on 提前知道) goes on with it;
- an elliptical 「（那）X呢？」 with a new X changes only the subject: the earlier question's
  ask (how long, who) is kept, its subject is not;
- a pronoun or connective (这个, 也能, 那…) ties a question to the earlier turn;
- anything else is a complete new question and carries nothing (出口退税怎么办理？ after 刻章).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from vectorstore.snapshot import IndexSnapshot

NEW, CARRY, SHIFT = "new", "carry", "shift"

#: The distinctive words of a text (subject words, not question words or everyday words).
Words = Callable[[str], set[str]]

_FOLLOWUP_START = re.compile(r"^(?:那|那么|这|这个|这项|这条|它|其|还有|另外|如果|要是|也|又|同样|"
                             r"那个|上面|上述|刚才|再问|顺便|然后|以及|而且|对了)")
_PRONOUNS = ("这事", "这件事", "那件事", "这个", "那个", "这", "那", "它", "其", "呢", "还", "也", "能", "要")
_FOLLOWUP_INSIDE = ("这个", "这项", "这条", "该项", "上述", "它", "那个", "这些", "那些", "上面", "刚才",
                    "也能", "也可以", "也是", "还能", "之前", "以前")
# 「（那）X呢？」: a noun phrase and the particle, nothing asked of its own.
_ELLIPSIS = re.compile(r"^(?:那|那么)?([^，,。；;？?！!]{1,16})呢[？?！!。]*$")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}\s*年")


def relation(question: str, turns: tuple[str, ...], words: Words,
             question_words: Iterable[str], named: Iterable[str] = ()) -> str:
    """NEW, CARRY or SHIFT (see the module's rules).

    `question_words`: the cue words that say what is asked (多久, 哪个部门);
    `named`: the places the question names (they change the place, not the subject).
    """
    if not turns:
        return NEW
    question, question_words, named = question.strip(), tuple(question_words), tuple(named)
    own = words(topical_part(question, question_words, named))
    if own & words(" ".join(turns[-2:])):
        return CARRY
    if own and _ELLIPSIS.match(question):
        return SHIFT
    if _FOLLOWUP_START.match(question) or any(w in question for w in _FOLLOWUP_INSIDE):
        return CARRY
    # Nothing of its own but what it asks, or where or when (要多久？, 高唐呢？, 2022年的呢？).
    asks = named or _YEAR.search(question) or any(w in question for w in question_words)
    return CARRY if not own and asks else NEW


def topical_part(question: str, question_words: Iterable[str] = (),
                 named: Iterable[str] = ()) -> str:
    """A follow-up without its pronouns, question words, places and years: what it adds to
    the earlier topic. "那这事归哪个部门管？" adds nothing; "老企业也能免费拿吗？" adds 老企业."""
    text = _FOLLOWUP_START.sub("", question.strip())
    text = _YEAR.sub(" ", text)
    for cues in (named, _FOLLOWUP_INSIDE, _PRONOUNS, question_words):
        for cue in cues:
            text = text.replace(cue, " ")
    return re.sub(r"[\s？?！!。，,吗呢呀啊吧么]+", " ", text).strip()


def carried_turns(turns: tuple[str, ...], replaced: Iterable[str]) -> str:
    """The earlier turns a follow-up carries, without the places and years it replaces."""
    text = " ".join(turns[-2:])
    for name in replaced:
        text = text.replace(name, " ")
    return text


def asked_words(turn: str, question_words: Iterable[str]) -> str:
    """The question words of an earlier turn (多长时间, 哪个部门): what a subject change keeps."""
    return " ".join(w for w in question_words if w in turn)


def char_pairs(text: str) -> set[str]:
    """Every two adjacent Chinese characters: distinctive words when no tokenizer is at hand."""
    return {text[i:i + 2] for i in range(len(text) - 1)
            if all("\u4e00" <= ch <= "\u9fff" for ch in text[i:i + 2])}


# A word in more than about a tenth of the measures (企业, 办理, 服务) says nothing about which
# matter is meant: log(1 + (N − df + 0.5)/(df + 0.5)) ≥ 2.2 ⇔ df ≲ N/9.
_DISTINCTIVE_IDF = 2.2
# A word absent from the corpus this common in jieba's dictionary (怎么样, 时候) is an everyday word.
_EVERYDAY_FREQUENCY = 1000
_SUBJECT_TAGS = frozenset({"n", "nz", "vn", "nt", "l", "j"})


def distinctive_words(view: IndexSnapshot) -> Words:
    """The words of a text that name a matter: corpus words few measures use, and words the
    corpus lacks that are nouns and not everyday words (出口退税 in a corpus without it)."""
    tokenizer, keywords = view.tokenizer, view.keywords

    def words(text: str) -> set[str]:
        found, nouns = set(), None
        for token in tokenizer.tokens(text):
            if len(token) < 2 or token.isdigit():
                continue
            if token in keywords:
                if keywords.idf(token) >= _DISTINCTIVE_IDF:
                    found.add(token)
            elif tokenizer.frequency(token) < _EVERYDAY_FREQUENCY:
                # Only a noun names a matter the corpus lacks (哪几家 only asks).
                nouns = set(tokenizer.nouns(text, tags=_SUBJECT_TAGS)) if nouns is None else nouns
                if token in nouns:
                    found.add(token)
        return found

    return words
