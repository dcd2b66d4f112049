"""The enterprise profile (政策找人) and the vocabulary of traits it is read with.

A profile (place, industry, size, flags) names traits; `decide` says whether it has one:
YES, NO or UNKNOWN (what the profile leaves out stays undecided, 需确认). The traits, the
phrases that name them in the policies and the words users write for them live in
`profile_vocabulary.txt`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.errors import InputError

_VOCABULARY = Path(__file__).with_name("profile_vocabulary.txt")

NO, UNKNOWN, YES = 0, 1, 2


# -- vocabulary ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trait:
    name: str
    decided_by: str  # "size" | "flag" | "industry" | "everyone" | "other"
    question: str = ""
    sizes: tuple[str, ...] = ()  # for size traits: the sizes that have it
    also: tuple[str, ...] = ()  # flags that imply it (科技企业 ← 高新技术企业)


@dataclass(frozen=True)
class Vocabulary:
    traits: dict[str, Trait]
    phrases: tuple[tuple[str, str, str], ...]  # (phrase, trait, "group" | "topic"), longest first
    flags: dict[str, str]  # what a user writes → trait
    sizes: dict[str, str]
    industries: dict[str, tuple[str, ...]]  # industry word → traits
    grants: tuple[re.Pattern[str], ...]
    targets: tuple[str, ...]


@cache
def vocabulary(path: Path = _VOCABULARY) -> Vocabulary:
    """The traits, phrases and cue words of `profile_vocabulary.txt`."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    traits: dict[str, Trait] = {}
    phrases: list[tuple[str, str, str]] = []
    for line in sections.get("traits", []):
        name, decided, question, groups, topics = (part.strip() for part in line.split("|"))
        kind, _, arg = decided.partition("=") if "=" in decided else decided.partition(":")
        values = tuple(v for v in re.split(r"[,，]", arg) if v)
        traits[name] = Trait(name, kind, question, values if kind == "size" else (),
                             values if kind == "flag" else ())
        phrases += [(p, name, "group") for p in groups.split()]
        phrases += [(p, name, "topic") for p in topics.split()]
    aliases = {}
    for section in ("flags", "sizes", "industries"):
        table: dict[str, list[str]] = {}
        for line in sections.get(section, []):
            target, _, words = line.partition("=")
            for word in words.split():
                table.setdefault(word, []).append(target.strip())
        aliases[section] = table
    return Vocabulary(
        traits=traits,
        phrases=tuple(sorted(phrases, key=lambda p: len(p[0]), reverse=True)),
        flags={w: t[0] for w, t in aliases["flags"].items()},
        sizes={w: t[0] for w, t in aliases["sizes"].items()},
        industries={w: tuple(t) for w, t in aliases["industries"].items()},
        grants=tuple(re.compile(p) for p in sections.get("grants", [])),
        targets=tuple(sections.get("targets", [])))


# -- the profile -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """An enterprise as it describes itself; anything it leaves out stays undecided.

    `flags` are traits it has (新开办, 高新技术企业, 外贸 … or any trait of the vocabulary,
    such as 纳税信用A级), `without` traits it states it does not have.
    """

    city: str = ""
    county: str = ""
    industry: str = ""
    size: str = ""  # 小微 | 中型 | 大型
    flags: tuple[str, ...] = ()
    without: tuple[str, ...] = ()

    @property
    def place(self) -> str:
        return self.county or self.city

    def normalised(self) -> Profile:
        """Aliases resolved (高新 → 高新技术企业, 小型 → 小微); unknown words refused."""
        vocab = vocabulary()
        size = ""
        if self.size.strip():
            size = vocab.sizes.get(self.size.strip(), "")
            if not size:
                raise InputError(f"unknown size {self.size!r}: use 小微, 中型 or 大型")
        flags = [_trait_of(f, vocab) for f in self.flags if f.strip()]
        industry_traits = [t for word, traits in vocab.industries.items()
                           if word in self.industry for t in traits]
        flags += [t for t in industry_traits if vocab.traits.get(t, Trait("", "")).decided_by == "flag"]
        without = [_trait_of(f, vocab) for f in self.without if f.strip()]
        both = set(flags) & set(without)
        if both:
            raise InputError(f"a profile cannot both have and lack {'、'.join(sorted(both))}")
        if not size and "个体户" in flags:
            size = "小微"  # 个体工商户 are sized as small and micro enterprises (参照执行)
        return Profile(self.city.strip(), self.county.strip(), self.industry.strip(), size,
                       tuple(dict.fromkeys(flags)), tuple(dict.fromkeys(without)))

    def industry_traits(self) -> set[str]:
        vocab = vocabulary()
        return {t for word, traits in vocab.industries.items() if word in self.industry
                for t in traits}

    def to_dict(self) -> dict:
        return {"city": self.city, "county": self.county, "industry": self.industry,
                "size": self.size, "flags": list(self.flags), "without": list(self.without)}


def _trait_of(word: str, vocab: Vocabulary) -> str:
    word = word.strip()
    if word in vocab.flags:
        return vocab.flags[word]
    if word in vocab.traits and vocab.traits[word].decided_by == "flag":
        return word
    known = sorted(set(vocab.flags.values()) | {n for n, t in vocab.traits.items()
                                                 if t.decided_by == "flag"})
    raise InputError(f"unknown flag {word!r}; known flags: {'、'.join(known)}")


def decide(trait: Trait, profile: Profile) -> int:
    """YES, NO or UNKNOWN: does the (normalised) profile have this trait?"""
    if trait.decided_by == "everyone":
        return YES
    if trait.decided_by == "other":
        return NO
    if trait.decided_by == "size":
        return UNKNOWN if not profile.size else YES if profile.size in trait.sizes else NO
    if trait.decided_by == "industry":
        if not profile.industry:
            return UNKNOWN
        return YES if trait.name in profile.industry_traits() else NO
    if trait.name in profile.flags or any(a in profile.flags for a in trait.also):
        return YES
    if trait.name in profile.without:
        return NO
    return UNKNOWN
