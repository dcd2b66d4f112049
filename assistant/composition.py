"""A request that the assistant compose a text (帮我写一段开场白, 起草一封感谢信, 翻译这句话),
read from its form before anything is retrieved.

A clause is such a request when, after the words that may open an imperative (adverbs such as
顺便, personal pronouns, the benefactive 帮/给/替 + the first person, 请, a modal of asking, a
coverb phrase such as 给公司开业 or 为年会), its first verb is a verb of composing whose object is a text: the object's head — its last
noun — names something the policies never speak of. 「帮我写一下申请材料清单」 asks for what the
policies require (清单 is a word of the corpus) and 「怎么写申请书」 / 「需要写什么材料」 ask a
question (an interrogative word, or the verb is not the clause's first): both are left to
retrieval. A message whose every clause is a speech act or such a request
(谢谢！顺便帮我写首打油诗) is off-topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence

# The verbs of composing a text: a small closed lexical class jieba tags only as plain verbs.
_COMPOSING = frozenset({"写", "撰写", "编写", "书写", "写作", "改写", "续写", "起草", "草拟", "拟",
                        "拟写", "编", "作", "创作", "润色", "翻译", "译"})
# Words that may open an imperative before its verb (closed classes of the grammar).
_BENEFACTIVE = frozenset({"帮", "替", "给", "帮忙", "请", "麻烦"})
_MODAL = frozenset({"能", "可以", "能不能", "可不可以", "能否", "可否", "想", "要"})
_OPENING_TAGS = ("d", "ad", "r", "p", "c", "y", "e", "u", "zg")
# An interrogative word makes the clause a question about the text, not an order for it.
_INTERROGATIVE = re.compile(r"怎|如何|什么|哪|几|多少|为何|啥")
# Words between the verb and its object: numerals, classifiers, aspect particles (写一段, 写首).
_BEFORE_OBJECT_TAGS = ("m", "q", "u", "ul", "uz", "ug", "ud")
# Sentence-final particles, interjections and punctuation after the object (写首诗吧).
_AFTER_OBJECT_TAGS = ("y", "e", "x", "u")
_CLAUSES = re.compile(r"[，,。.！!？?；;～~、\s]+")

Tagged = Sequence[tuple[str, str]]


def asks_composition(tagged: Tagged, corpus_words: Container[str],
                     tag_of: Callable[[str], Tagged]) -> bool:
    """Whether one clause orders a text the corpus does not speak of."""
    words = [(w, f) for w, f in tagged if w.strip()]
    if any(_INTERROGATIVE.search(w) for w, _ in words):
        return False
    coverb_object = False
    for i, (word, flag) in enumerate(words):
        if word in _COMPOSING or _verb_with_classifier(word, flag, tag_of) \
                or _verb_with_result(word):
            return _head_outside_corpus(words[i + 1:], corpus_words)
        if flag.startswith("p"):
            # A coverb (给/为/替/对 + its object) may stand before the verb: 给公司开业写首诗,
            # 为我们厂的年会写一段开场白. Its object, whatever it holds, runs to the verb.
            coverb_object = True
        elif not (coverb_object or word in _BENEFACTIVE or word in _MODAL
                  or flag.startswith(_OPENING_TAGS)):
            return False  # the clause opens with something else: not an imperative to compose
    return False


def _verb_with_classifier(word: str, flag: str, tag_of: Callable[[str], Tagged]) -> bool:
    """jieba joins a verb and its classifier into one verb (写首 of 写首诗)."""
    if not flag.startswith("v") or len(word) < 2 or word[0] not in _COMPOSING:
        return False
    return all(f.startswith(("m", "q")) for _, f in tag_of(word[1:]))


# Resultative complements of a verb of composing (翻译成, 写好, 改写为): a closed class.
_RESULT = frozenset({"成", "为", "好", "完", "出"})


def _verb_with_result(word: str) -> bool:
    """jieba joins a verb of composing and its resultative complement into one word, tagged
    as a set phrase (翻译成/l of 翻译成英文)."""
    return word[-1:] in _RESULT and word[:-1] in _COMPOSING


def _head_outside_corpus(rest: Tagged, corpus_words: Container[str]) -> bool:
    """The object's head is its last word (Chinese noun phrases are head-final), whatever tag
    jieba gives it (开场白 is tagged a verb): a text the corpus never names."""
    rest = list(rest)
    while rest and rest[0][1].startswith(_BEFORE_OBJECT_TAGS):
        rest = rest[1:]
    while rest and rest[-1][1].startswith(_AFTER_OBJECT_TAGS):
        rest = rest[:-1]
    return bool(rest) and rest[-1][0] not in corpus_words


def composition_message(text: str, tagged_of: Callable[[str], Tagged],
                        corpus_words: Container[str],
                        is_social: Callable[[str], bool]) -> bool:
    """A message whose clauses are all speech acts or requests to compose, one at least."""
    clauses = [c for c in _CLAUSES.split(text) if c]
    asked = [asks_composition(tagged_of(c), corpus_words, tagged_of) for c in clauses]
    return any(asked) and all(a or is_social(c) for a, c in zip(asked, clauses, strict=True))
