"""How a question stands to the conversation before it: a new question, a follow-up that keeps
talking about the same thing, or a follow-up that changes only its subject.

The rules are those of Chinese dialogue, not of any document:
- a question with nothing of its own to ask about (那这事归哪个部门管？, 那高唐呢？, 2022年的呢？,
  2020年那版文件是怎么说的？, 老企业也行吗？) leans on the earlier turn for its topic: the
  earlier topic is carried, with the new place, year or document in place of the old;
- a question that shares a distinctive word with the earlier turn (提前多久发布？ after a
  question on 提前知道) goes on with it;
- an elliptical 「那X呢(，问什么)？」 with a new X changes only the subject: the earlier
  question's ask (how long, who) is kept unless it asks its own, its subject is not;
- an additive adverb (也, 又, 同样) or a demonstrative standing for what it does not name
  (这个归哪个局牵头？, 这个改革) ties a question to the earlier turn; a demonstrative before a
  name of its own (高唐那个责任追究办法) points at that name, not at the earlier turn;
- anything else names its own subject and says what it asks of it: a complete new question that
  carries nothing, however it begins (另外问一下，…, 那出口退税怎么办理？ after 刻章).
A courtesy or discourse clause before the question (好的。另外想问个不相干的：) names nothing: the
question is read without it; one that announces another matter (另外问一下, 顺便问下) makes a
question with anything of its own new, even one sharing a word with the earlier turn.
- a question whose own words all stand in the units the last answer cited (通关时间能压缩多少？
  after an answer quoting 通关时间压缩三分之一) goes on with that answer's topic;
- 「那X呢？」 whose X has the head noun of a word of the earlier question (小规模纳税人 after
  一般纳税人) asks the earlier question with X in that word's place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from assistant.document_refs import DOCUMENT_WORDS
from vectorstore.snapshot import IndexSnapshot

NEW, CARRY, SHIFT = "new", "carry", "shift"

#: The distinctive words of a text (subject words, not question words or everyday words).
Words = Callable[[str], set[str]]

# Words that only point back or join: stripped before a follow-up's own words are read.
_FOLLOWUP_START = re.compile(r"^(?:那么|那|这个|这项|这条|这|它|其|还有|另外|如果|要是|也|又|同样|"
                             r"那个|上面|上述|刚才|再问|顺便|然后|以及|而且|对了)")
_PRONOUNS = ("这事", "这件事", "那件事", "这块", "这个", "那个", "这些", "那些", "这", "那", "它", "其",
             "呢", "还", "也", "又", "能", "要")
# Additive and contrastive adverbs presuppose something said before (老企业也行吗？, 2022年的
# 计划又是怎么安排的？); so does 「要是/如果…呢？」, a condition put to the earlier question.
_ADDITIVE = re.compile(r"也|又|同样|要是.*呢|如果.*呢")
# Demonstratives and anaphoric words; what follows one says whether it names its referent.
_DEMONSTRATIVE = re.compile(r"(这个|那个|这些|那些|这项|这条|该项|这块|这事|这件事|上述|上面|刚才|它|其)"
                            r"([^，,。；;？?！!]{0,8})")
# 「（那）X呢(，问什么)？」: a noun phrase and the particle, then at most its own ask.
_THEN = re.compile(r"^(?:那么|那)(?![个些])")
_ELLIPSIS = re.compile(r"^(?:那么|那)?([^，,。；;？?！!]{1,20})呢(?:$|[？?！!。，,])")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}\s*年")
_CLAUSES = re.compile(r"[^，,。；;：:！!？?]+[，,。；;：:！!？?]*")
#: A-not-A, the polar form (要不要, 能不能, 有没有).
A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
_QUESTION_MARKS = re.compile(r"[？?]|吗|呢|什么|多少|几|哪|谁|怎么|如何|多久|啥")


def relation(question: str, turns: tuple[str, ...], words: Words,
             question_words: Iterable[str], named: Iterable[str] = (),
             naming: Iterable[str] = (), answered: str = "") -> str:
    """NEW, CARRY or SHIFT (see the module's rules).

    `question_words`: the cue words that say what is asked (多久, 哪个部门);
    `named`: the places the question names (they change the place, not the subject);
    `naming`: what in it names a document (行动计划, a title's words, a 文号): it changes the
    document, not the subject; `answered`: the text of the units the last answer cited.
    """
    if not turns:
        return NEW
    announced = after_announcement(question, words)
    question = own_question(question, words)
    question_words, named, naming = tuple(question_words), tuple(named), tuple(naming)
    # An A-not-A form (有没有, 是不是) only makes the question polar: it names nothing.
    own = words(A_NOT_A.sub(" ", topical_part(question, question_words, named, naming)))
    if own and announced is not None:
        return NEW  # 另外问一下，… / 顺便问下，…: the speaker says a new matter comes
    if own & words(" ".join(turns[-2:])):
        return CARRY
    # A question wholly about what the last answer quoted (通关时间能压缩多少？ after an answer
    # citing a measure that compresses 通关时间) goes on with it, in its setting; the word a
    # question word governs (开始 of 从哪天开始算) says what kind of answer, not about what.
    if answered and own and not named and not naming \
            and own - governed_words(question, words) <= words(answered):
        return CARRY
    leans = bool(_ADDITIVE.search(question) or _points_back(question, words))
    if not own:
        # Nothing of its own: it leans on the last turn when it asks something, or where or
        # when, or points back (要多久？, 高唐呢？, 2020年那版文件是怎么说的？); else it is no
        # question on the matter at all (你是谁？) and carries nothing.
        asks = named or naming or _YEAR.search(question) or any(w in question for w in question_words)
        return CARRY if asks or leans or _THEN.match(question) else NEW
    if leans:
        return CARRY
    if _ELLIPSIS.match(question):
        return SHIFT
    # 「那…」 without a place or document of its own goes on in the earlier turn's setting and
    # matter (那申请材料最多要交几件？ after a question on a loan's application); with its own
    # setting and its own matter it carries nothing (那2022年的行动计划里，破产…怎么规定的？).
    return CARRY if _THEN.match(question) and not named and not naming else NEW


def own_question(question: str, words: Words) -> str:
    """The question without a courtesy or discourse clause before it (好的。另外问个不相干的：,
    行，另外问下，): leading sentences (or short clauses) that name nothing and ask nothing;
    a longer clause before a comma may set the scene (在开发区里拿地，…) and stays."""
    announced = after_announcement(question, words)
    clauses = _CLAUSES.findall((question if announced is None else announced).strip())
    while len(clauses) > 1 and _says_nothing(clauses[0], words):
        clauses.pop(0)
    return "".join(clauses).strip() or question.strip()


_PREAMBLE_CHARS = 5
# Words that, in a clause before the question, announce another matter (另外问一下, 顺便问下,
# 换个话题, 问个不相干的): the discourse of Chinese chat, a closed class like the particles.
_ANOTHER_MATTER = re.compile(r"另外|顺便|换个|不相干|无关")


def after_announcement(question: str, words: Words) -> str | None:
    """What follows a clause that, asking and naming nothing itself, announces another matter
    (另外问一下，…): then nothing of the earlier turns is carried; None when no clause announces
    one. A clause naming something (想去威海打工顺便把户口弄过去) is content, not discourse."""
    clauses = _CLAUSES.findall(question.strip())
    announcing = [i for i, c in enumerate(clauses[:-1])
                  if _ANOTHER_MATTER.search(c) and not _QUESTION_MARKS.search(c)
                  and not words(_ANOTHER_MATTER.sub(" ", c))]
    return "".join(clauses[announcing[-1] + 1:]) if announcing else None


def bare_subject(question: str, words: Words, question_words: Iterable[str]) -> str:
    """X of a question that is 「(那)X呢？」 and nothing else, when X names a subject (not
    那多久呢？); "" otherwise."""
    found = _ELLIPSIS.match(own_question(question, words))
    # 「要是X呢？」 puts a condition to the earlier question: X is no subject in its place.
    if not found or _ADDITIVE.search(question) or found.end() < len(own_question(question, words).rstrip("？?！!。")) \
            or not words(topical_part(found.group(1), question_words)):
        return ""
    return _FOLLOWUP_START.sub("", found.group(1).strip())


def swapped_subject(turn: str, subject: str, words: Words) -> str:
    """「那X呢？」 whose X shares its head noun with a word of the earlier turn (那小规模纳税人呢？
    after a question on 一般纳税人 — Chinese noun phrases are head-final): the earlier question
    with that word replaced by X, its matter and ask kept; "" when X shares no head with it."""
    subject = subject.strip()
    if len(subject) < 2:
        return ""
    for word in sorted(words(turn), key=len, reverse=True):
        if word == subject or word not in turn:
            continue
        shared = 0
        while shared < min(len(word), len(subject)) and word[-1 - shared] == subject[-1 - shared]:
            shared += 1
        if shared >= 2:
            return turn.replace(word, subject, 1)
    return ""


def _says_nothing(clause: str, words: Words) -> bool:
    body = clause.rstrip("，,。；;：:！!？? ")
    if words(body) or _QUESTION_MARKS.search(clause) or re.search(r"[0-9]", clause):
        return False
    return len(body) <= _PREAMBLE_CHARS or clause.rstrip()[-1:] in "。：:！!"


def _points_back(question: str, words: Words) -> bool:
    """A demonstrative whose referent the question does not name (这个归哪个局牵头？, 这个改革):
    the words after it up to the clause's end name nothing distinctive of their own."""
    return any(not words(_strip_document_words(m.group(2)).strip()[:_REFERENT_CHARS])
               for m in _DEMONSTRATIVE.finditer(question))


# The noun a demonstrative determines starts right after it (那个责任追究办法, 这个改革).
_REFERENT_CHARS = 4


def _strip_document_words(text: str) -> str:
    for word in DOCUMENT_WORDS:
        text = text.replace(word, "")
    return text


def without_places(text: str, named: Iterable[str]) -> str:
    """The text without the places named (印江 as named in 印江县: with its division's suffix)."""
    for name in named:
        text = re.sub(rf"{re.escape(name)}[省市县区镇]?", " ", text)
    return text


def topical_part(question: str, question_words: Iterable[str] = (),
                 named: Iterable[str] = (), naming: Iterable[str] = ()) -> str:
    """A follow-up without its pronouns, question words, places, years and words for a
    document, and without what `naming` says names one: what it adds to the earlier topic.
    "那这事归哪个部门管？" adds nothing; "老企业也能免费拿吗？" adds 老企业; "2020年那版文件是
    怎么说的？" and "那2022年的行动计划里呢？" nothing."""
    text = question.strip()
    for piece in sorted(naming, key=len, reverse=True):
        text = text.replace(piece, " ")
    text = _FOLLOWUP_START.sub("", text.strip())
    text = _strip_document_words(_YEAR.sub(" ", text))
    text = without_places(text, named)
    for cues in (_PRONOUNS, question_words):
        for cue in sorted(cues, key=len, reverse=True):  # 开始施行 before 施行
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
# Set phrases (不相干, 真的假的) are manner of speech, not a matter (as in relevance.SUBJECT_TAGS).
_SUBJECT_TAGS = frozenset({"n", "nz", "vn", "nt", "j"})


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


def ranked_for_followup(units: list, text_of: Callable[[object], str], question: str, turn: str,
                        words: Words, question_words: Iterable[str],
                        weight: Callable[[str], float] = lambda word: 1.0,
                        of_place: Callable[[object], bool] = lambda unit: True) -> list:
    """The last answer's units as a follow-up asking of them means them: "this" is what the
    earlier question was about, so the units holding more of the follow-up's own words (预付款,
    查封、异议), then of the earlier question's (企业录用应届毕业生), come first — the last answer
    may have led with a neighbour (a larger amount, an earlier article). When the follow-up names
    something of its own, the units holding less of it than the one holding most are not what it
    asks of (那预付款呢？合同签完多久付？ after an answer citing the signing article, which holds
    合同, and the payment one, which holds 预付款 too). The earlier question's words count by
    `weight` (how distinctive each is): of 做外贸的，出口退税这块…, a unit holding 出口退税 is
    more about it than one holding 外贸 and 措施. A unit of the place asked about's own documents
    (`of_place`: 高唐's measure after 高唐有没有…清单？) is "this" before one of the city above,
    which holds the earlier question's words only as the wider rule."""
    own = words(A_NOT_A.sub(" ", topical_part(own_question(question, words), question_words)))
    earlier = words(turn)

    def held(unit: object, wanted: set[str], weight_of: Callable[[str], float] = lambda word: 1.0,
             ) -> float:
        text = text_of(unit)
        return sum(weight_of(word) for word in wanted if word in text)

    ranked = sorted(units, key=lambda u: (-held(u, own), not of_place(u), -held(u, earlier, weight)))
    most = max((held(u, own) for u in units), default=0)
    return [u for u in ranked if held(u, own) == most] if most else ranked


# The counterpart of the last answer is looked for among this many of the new setting's hits.
COUNTERPART_WINDOW = 5


def counterpart_first(units: list, answered: str, asked_before: str, asked_now: str,
                      text_of: Callable[[object], str], words: Words,
                      weight: Callable[[str], float], states_asked: Callable[[object], bool],
                      of_place: Callable[[object], bool] = lambda unit: True,
                      setting: str = "") -> list:
    """A follow-up that changes only the place, year or document (那聊城呢？, 那2022年的行动计划
    里是怎么说的？) asks the earlier question there, of the same subject: what answers it is the
    new setting's counterpart of the unit that answered before (`answered`, its text). Among
    the first units, of those stating what is asked (a duration for 几个工作日), the one holding
    most of the subject asked comes first — the earlier question's words the answer held
    (`asked_before`: 轻微违法, not 企业) and those the follow-up repeats (`asked_now`: 那北京呢？
    人才落户这块怎么说的？) — then the one sharing most distinctive words with that answer;
    retrieval may lead with a neighbour on the question's words alone (接电 without 小微企业
    and 零投资). A place named (那高唐呢？) is asked about in its own documents (`of_place`)
    when the first units hold one, before those of the city above it. Words count by `weight`.
    Neither the noun or verb a question word governs (通过哪些方式, 是怎么要求的: the kind of
    answer wanted) nor the words of the earlier setting (`setting`: the title of the document
    that answered, 福建省优化营商环境条例, which the new place's document replaces) say which
    unit is the counterpart."""
    head = units[:COUNTERPART_WINDOW]
    if not head or not answered:
        return units
    wanted = words(answered)
    before = words(asked_before) - governed_words(asked_before, words)
    subject = _whole_words((before & wanted) | words(asked_now))
    # The earlier question's other words come next: the answer may have missed its subject.
    rest = _whole_words(before) - subject - words(setting)
    head = [u for u in head if of_place(u)] or head
    stating = [u for u in head if states_asked(u)] or head

    def alike(unit: object) -> tuple[float, float, float]:
        text = text_of(unit)
        return (sum(weight(word) for word in subject if word in text),
                sum(weight(word) for word in rest if word in text),
                likeness(wanted, words(text), weight))

    best = max(stating, key=alike)  # the first of equals: retrieval's order stands
    return [best, *(u for u in units if u is not best)]


# A question word and the word it governs (哪些方式, 怎么要求, 什么条件, 哪天开始): that word
# names the kind of answer wanted (a means, a requirement, a condition, a start), not the matter.
_GOVERNING = re.compile(r"(?:哪些|哪个|哪种|哪类|哪天|什么|怎么|怎样|如何)([\u4e00-\u9fff]{2})")


def governed_words(question: str, words: Words) -> set[str]:
    """The words a question word governs in `question` (方式 of 通过哪些方式)."""
    return {m.group(1) for m in _GOVERNING.finditer(question) if m.group(1) in words(m.group(1))}


def likeness(some: set[str], other: set[str], weight: Callable[[str], float]) -> float:
    """How alike two units are: the weight of the distinctive words they share."""
    return sum(weight(word) for word in _whole_words(some & other))


def _whole_words(found: set[str]) -> set[str]:
    """The words not inside another one: the tokenizer also cuts a phrase into its parts
    (市场主体: 场主, 主体), which are not more of a match than the phrase."""
    return {word for word in found if not any(word in other and word != other for other in found)}
