"""Parts of a plan that frame it rather than state measures: what guides it (指导思想,
总体要求), its targets (工作目标, 试点目标), how it will be organised and checked (保障措施,
组织实施, 工作要求). They hold no units, whatever their numbering."""

from __future__ import annotations

import re

from ingest import markers

# Headings of parts that frame a plan rather than state measures (the standard sections of a
# 方案/意见 around its tasks): what guides it, its targets, how it will be organised.
FRAMING_HEADINGS = ("总体要求", "工作目标", "主要目标", "发展目标", "建设目标", "指导思想",
                    "基本原则", "工作原则", "推进实施", "保障措施", "组织保障", "组织实施",
                    "组织领导", "实施保障", "实施步骤", "工作步骤", "进度安排", "工作要求")
# The same parts (not groups: （一）…编制内容要求 is a task) named by their head noun: a plan's
# targets (试点目标, 目标任务) and the guarantees of the work itself (加强工作保障).
_FRAMING_HEAD = re.compile(r"目标|工作保障")
# A part named by its requirements (实施要求, 有关工作要求) is named short; a longer heading says
# what is done to them (简化三方合同要求): a measure.
_REQUIREMENTS = re.compile(r"要求$")
_REQUIREMENTS_NAME_MAX = 6
_HEADING_MAX = 14


def _clean(heading: str) -> str:
    """A heading as it names its part: a bracket closing it notes the part's weight or term
    (加强工作保障（5分）, （2021-2023年）), no word of its name."""
    return re.sub(r"[（(][^（）()]*[）)]$", "", heading.strip().rstrip("。：")).strip()


def is_framing(heading: str, level: int, text: str) -> bool:
    """A part or group (or a bare heading line) named as framing: 四、保障措施, 八、强化组织领导."""
    heading = _clean(heading)
    bare = len(markers.outline_marker(text)[2]) >= len(text.strip()) - 6
    if len(heading) > _HEADING_MAX:
        return False
    if level <= 3:  # a division, part or group; one that names the plan's goals (总体目标,
        # 行动目标 …) states where it leads, not what is done
        return any(word in heading for word in FRAMING_HEADINGS) or heading.endswith("目标") or \
            level <= 2 and bool(_FRAMING_HEAD.search(heading))
    return bare and any(heading.startswith(word) or heading.endswith(word)
                        for word in FRAMING_HEADINGS)


def names_requirements(heading: str, level: int) -> bool:
    """A part named by requirements only (实施要求, 改造要求): it frames the plan where it stands
    around the measures (`frames_by_place`), and is a part of measures between them."""
    heading = _clean(heading)
    return level <= 2 and len(heading) <= _REQUIREMENTS_NAME_MAX and \
        bool(_REQUIREMENTS.search(heading))


def frames_by_place(framing: list[bool], index: int) -> bool:
    """Requirements frame a plan before its measures (总体要求) or after them (实施要求): the part
    at `index` frames unless parts stating measures stand both before and after it.
    `framing`: for each sibling part, whether it frames (itself included)."""
    before = any(not f for f in framing[:index])
    after = any(not f for f in framing[index + 1:])
    return not (before and after)
