"""A paragraph that only opens a reply or decision: it acknowledges the request and announces
what follows, and states nothing itself.

A Chinese official reply (批复, 复函, 函, 答复) opens with the request it answers — 你局《关于…的
请示》（…号）收悉 — and a transition sentence announcing the reply: 经区政府研究，现批复如下：
/ 现函复如下：; a decision opens the same way with …会议决定，对《…》作如下修改：. What the
document says stands in the paragraphs after it. So a paragraph is such an opening when
- it ends by announcing what follows: 如下 and a colon, at most a verb or noun between them
  (现批复如下：, 作如下修改：, 现答复如下。); a longer one says what it introduces
  (按如下标准给予一次性补贴：), and
- every sentence before that one acknowledges a request (ends in 收悉), and
- it is short once the titles and 文号 it quotes are left out (no room for a matter of its own).
A paragraph that says more (…收悉。经调查，…建议你省…) is not one.
"""

from __future__ import annotations

import re

from ingest.records import Measure

_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_ANNOUNCES = re.compile(r"如下[^，,。；;：:]{0,2}[：:]$|如下。$")
_ACKNOWLEDGES = re.compile(r"收悉[。，,]?$")
# What a paragraph quotes to name the request: its title and 文号.
_QUOTED = re.compile(r"《[^》]*》|（[^）]*）|\([^)]*\)|“[^”]*”")
_OWN_WORDS_MAX = 60  # characters of its own words: a transition, not a measure


def announces_only(text: str) -> bool:
    """The text only acknowledges a request and announces the reply or decision after it."""
    compact = re.sub(r"\s+", "", text)
    if not compact or not _ANNOUNCES.search(compact):
        return False
    own = _QUOTED.sub("", compact)
    if len(own) > _OWN_WORDS_MAX:
        return False
    sentences = _SENTENCE.findall(own)
    return all(_ACKNOWLEDGES.search(s) for s in sentences[:-1])


def is_opening(measure: Measure) -> bool:
    """A paragraph unit (the text after it is in the units that follow) that only opens the
    reply or decision."""
    return measure.kind == "paragraph" and announces_only(measure.text)
