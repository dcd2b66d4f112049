"""Which enterprises or people a measure names as beneficiaries (小微企业, 外贸企业, …)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_VOCAB = Path(__file__).with_name("beneficiaries.txt")
# Generic shape for names the vocabulary lacks: 对轻微失信企业 …
_GENERIC = re.compile(r"对([^\W\d的对为和与及等_]{2,8}?(?:企业|纳税人|经营者))")
_GENERIC_STOP = ("相关", "有关", "各类", "广大", "全部", "所有", "更多", "涉", "其", "本", "该", "确需")


@cache
def vocabulary() -> tuple[str, ...]:
    """Beneficiary names, longest first so 中小微企业 wins over 小微企业."""
    names = [line.strip() for line in _VOCAB.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return tuple(sorted(set(names), key=len, reverse=True))


def extract(text: str) -> tuple[str, ...]:
    """Beneficiary names in reading order, each once."""
    hits: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for name in vocabulary():
        for m in re.finditer(re.escape(name), text):
            if any(s <= m.start() and m.end() <= e for s, e in covered):
                continue
            covered.append((m.start(), m.end()))
            hits.append((m.start(), name))
    for m in _GENERIC.finditer(text):
        name = m.group(1)
        if name.startswith(_GENERIC_STOP) or any(s <= m.start(1) < e for s, e in covered):
            continue
        hits.append((m.start(1), name))
    hits.sort()
    return tuple(dict.fromkeys(name for _, name in hits))
