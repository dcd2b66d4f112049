"""Repair extraction scars while keeping offsets into the exact source text.

Two stages:
- `normalise_chars` maps one character to one character (no-break spaces, full-width
  letters and digits, half-width punctuation in Chinese text), so offsets stay valid against
  the loaded text: a citation can always show the source slice.
- `paragraphs` joins physical lines into logical paragraphs (lines broken inside sentences
  and inside office names), drops bullets and mojibake, removes spaces inside numbers and
  between Chinese characters, and mends a character repeated across a page break.

Line breaks come in two kinds. A blank line is a paragraph break in every loader's output,
but plain-text files also carry sentences broken across blank lines (scars), so a paragraph
goes on across one only while it is unfinished. A single "\n" is where the loaders wrapped a
line, so any marker may follow it by chance (`统\n一、服务标准统一`); plain text also puts one
between header lines and before a marker. The same rules read both: see `_continues_wrapped`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from ingest import markers, run_in
from ingest.loaders import shared_glyphs
from ingest.quote_marks import pair_quotes

# The one place where full-/half-width punctuation is normalised.
_WIDTH_MAP = {
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u3000": " ", "\u200b": " ",
    "\ufeff": " ",
    "(": "（", ")": "）", ":": "：", ";": "；", ",": "，", "?": "？", "!": "！",
}
# Full-width ASCII letters/digits (Ａ１) become half-width so numbers parse one way.
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_WIDTH_MAP.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_BETWEEN_DIGITS_KEEP = {",", ":"}  # 1,000 and 09:24 keep their ASCII form
# Small form variants of the sentence marks (﹐﹑﹒﹔﹕﹖﹗) are those marks set small: 1﹒ numbers
# an item as 1． does. (Small brackets ﹝﹞ stay: a 文号 keeps them as printed.)
_WIDTH_MAP.update({chr(c): _WIDTH_MAP.get(p, "．" if p == "." else p) for c in range(0xFE50, 0xFE58)
                   if len(p := unicodedata.normalize("NFKC", chr(c))) == 1})


_WIDTH_MAP.update(shared_glyphs.radicals())  # for texts saved from PDFs elsewhere

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’《》〔〕【】—…·"
# Chinese separates no words with spaces: one beside Chinese text was left by extraction.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ ]+|[ ]+(?=[{_CJK}{_CJK_PUNCT}])")
_MULTISPACE = re.compile(r" {2,}")
# A number letter-spaced by a PDF's character spacing (2 02 2 年 1 1 月 2 6 日, 〔2 02 2〕6 号, 第 1 0 条):
# the spaces between the digits of a year, month, day, 文号 or article/chapter number are layout's.
_SPACE_IN_NUMBER = re.compile(r"(?<=\d) +(?=\d(?:[\d ]*\d)? *[年月日号条章节编〕\]）)])")
_WORD_GAP = re.compile(rf"(?<=[{_CJK}]{{4}}) {{2,}}(?=[{_CJK}]{{4}})")
# List bullets of Markdown and word processors, before a line's own text.
_BULLET = re.compile(r"^(?:[-•·●▪◦*]\s*)+(?=\S)")
# "锛" is "（" (EF BC 88) decoded as GBK; with the digits that follow it is pure noise.
_MOJIBAKE = re.compile(r"^锛\d*")
# A record's date field ending a line (发文时间：2014-11-03, 发布日期：2024年1月5日).
_FIELD_DATE_END = re.compile(r"(?:日期|时间)\s*[：:]\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$")
_SENTENCE_MARK = re.compile(r"[。；，：！？]")
_TERMINAL = set("。！？；…")
_CONTINUES = set("、，：（《“‘〔【—")
_OPEN, _CLOSE = "（《“〔【[", "）》”〕】]"
_ADOPTION_END = re.compile(r"(?:通过|批准|修正|修订|公布|发布)[）)]?$")
_LONG_LINE = 20  # a physical line this long was most likely wrapped by the extractor
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_AFTER_NUMBER = set("年月日号．.、%〕）个万元天")  # what is printed right after a number
_BEFORE_NUMBER = set("年月第〔（")  # …and right before one
_FULL_SHARE = 0.8  # of the median long line: a shorter line was not wrapped at the width
_TITLE_LINE = 60  # a title is at most this long on its line
_TAIL = 200  # how much of a paragraph's end the joining rules look at
# Doubled characters that are ordinary Chinese at a join (市市场监管局, 人人) are kept.
_LEGIT_DOUBLES = set("市县区省镇乡村人常天年月日各")


def normalise_chars(text: str) -> str:
    """Map characters one-to-one to their canonical form (same length as the input)."""
    out = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _BETWEEN_DIGITS_KEEP and 0 < i < n - 1 and text[i - 1].isdigit() \
                and text[i + 1].isdigit():
            out.append(ch)
        else:
            out.append(_WIDTH_MAP.get(ch, ch))
    return "".join(out)


def tidy(text: str) -> str:
    """Remove spaces that extraction put between Chinese characters and inside numbers."""
    # A wide gap between two words is a separator (two organs signing: 海南省农业农村厅  海南省
    # 财政厅), kept as one ideographic space; single spaces between characters are scars.
    text = _WORD_GAP.sub("\u3000", text)
    text = _SPACE_NEAR_CJK.sub("", _SPACE_IN_NUMBER.sub("", text))
    text = text.replace("（。", "。（")  # a full stop pulled into the bracket by extraction
    text = _MULTISPACE.sub(" ", text)
    return pair_quotes(text).strip()


@dataclass(frozen=True)
class Paragraph:
    """A logical paragraph: cleaned text and its [start, end) span in the source text."""

    text: str
    start: int
    end: int


@dataclass
class _Line:
    """A non-empty physical line, bullets and mojibake stripped."""

    text: str
    start: int
    end: int
    after_blank: bool  # a blank line (or the start of the text) comes before it
    block: list[str] = field(default_factory=list)  # the texts of the lines between blanks
    index: int = 0  # this line's place in `block`


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos, after_blank = 0, True
    outline = run_in.Outline()
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped or markers.PAGE_NUMBER.fullmatch(stripped):
            after_blank = True  # a page number printed in the body (— 3 —) is a page break
            continue
        stripped = _BULLET.sub("", stripped)
        stripped = _MOJIBAKE.sub("", stripped).strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        shift = start + lead + len(raw.strip()) - len(stripped)  # where `stripped` starts
        # Items an extraction ran into this line start lines of their own (see run_in).
        # (not a table row's: its cells are the table's, numbered or not)
        inner = run_in.split_line(stripped, outline) if "\t" not in stripped else []
        cuts = [0, *inner, len(stripped)]
        for n, (a, b) in enumerate(itertools.pairwise(cuts)):
            piece = stripped[a:b].strip()
            lines.append(_Line(piece, start + lead if n == 0 else shift + a,
                               end if b == len(stripped) else shift + a + len(stripped[a:b].rstrip()),
                               after_blank or n > 0))
        after_blank = False
    block: list[str] = []
    for line in lines:
        if line.after_blank:
            block = []
        line.block, line.index = block, len(block)
        block.append(line.text)
    return lines


class _Balance:
    """Open brackets and quotes of a paragraph, kept up to date as lines join it.

    Chinese double quotes do not nest (a quote inside a quote is ‘…’), so a second “ or an
    ASCII " where a “ is open is its close misprinted (“人工智能+“先进制造业, “十四五"规划), as
    exports and typesetters often leave it; read as an opening it would hold every line after
    it in one paragraph."""

    def __init__(self, text: str = ""):
        self.stack: list[str] = []
        self.add(text)

    def add(self, text: str) -> None:
        for ch in text:
            if ch in '"“' and self.stack and self.stack[-1] in '"“':
                self.stack.pop()
            elif ch in _OPEN or ch == '"':
                self.stack.append(ch)
            elif ch in _CLOSE and self.stack:
                self.stack.pop()

    @property
    def open(self) -> bool:
        """An open bracket or quote is still waiting for its close."""
        return bool(self.stack)


def unbalanced(text: str) -> bool:
    """Does the text leave a bracket or quote open?"""
    return _Balance(text).open


def _bracket_stands_alone(line: _Line) -> bool:
    """The bracket opening `line` closes at a line end, followed by no line or a marker.

    Only the next few lines are looked at: a responsibility line is never longer.
    """
    depth = 0
    for n in range(line.index, min(len(line.block), line.index + 8)):
        text = line.block[n]
        for i, ch in enumerate(text):
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth -= 1
                if depth == 0:
                    return i == len(text) - 1 and (
                        n + 1 == len(line.block) or markers.starts_unit(line.block[n + 1]))
    return False


def _number_apart(last_line: str, tail: str, nxt: str) -> bool:
    """A number printed as an element of its own and its unit: 2021 / 年 / 2 / 月, 1 / ．需求…"""
    return bool(_BARE_NUMBER.match(last_line) and nxt[0] in _AFTER_NUMBER
                or _BARE_NUMBER.match(nxt) and tail in _BEFORE_NUMBER)


def _continues_after_blank(paragraph_end: str, balance: _Balance, full_line: bool,
                           nxt: str, last_line: str = "") -> bool:
    """Whether a line after a blank line still continues the paragraph.

    A blank line is a paragraph break, except the scars of an earlier extraction: a sentence
    broken across a blank line. `full_line`: the text before the blank ran to the full width
    (it is long, or it is the end of a wrapped line).
    """
    if _number_apart(last_line, paragraph_end[-1], nxt):
        return True  # (printed as paragraphs of their own, each element a line of the page)
    if markers.starts_unit(nxt) or markers.is_addressee(paragraph_end) or markers.is_organ_line(nxt) \
            or markers.is_addressee(nxt) or markers.ENDS_WITH_DOC_NUMBER.search(paragraph_end) \
            or len(paragraph_end) < _TAIL and (markers.ATTACHMENT.match(paragraph_end) or
                                               markers.RESPONSIBILITY.match(paragraph_end)
                                               and paragraph_end[0] not in _OPEN):
        return False  # an addressee line (各区人民政府：) or 附件： line stands alone
    if _FIELD_DATE_END.search(paragraph_end):
        return False  # …发文时间：2014-11-03: a record's field line (under a 文号) stands alone
    if markers.ENDS_WITH_URL.search(paragraph_end):
        return False  # a link ends its line: what stands under the blank (a title) starts afresh
    if markers.is_date_line(nxt):
        return False  # a date alone under a blank line is a 落款's (市长　某某 / 2020年5月15日)
    if markers.ADOPTION_LINE.match(paragraph_end) and _ADOPTION_END.search(paragraph_end):
        return False  # …会议通过 / …会议批准: a regulation's adoption line ends at its verb
    if len(paragraph_end) <= _TITLE_LINE and markers.TITLE_END.search(paragraph_end) \
            and not balance.open:
        return False  # a title (…的决定, …条例) ends its line
    tail = paragraph_end[-1]
    if tail in _TERMINAL:
        return False
    if balance.open or tail in _CONTINUES and tail != "：":
        return True
    if tail in _CLOSE or tail == "：":
        return False  # …如下： then a blank line: what it announces starts a paragraph
    return full_line


def _continues_wrapped(paragraph_end: str, balance: _Balance, last_line: str,
                       line: _Line, width: int = _LONG_LINE) -> bool:
    """Whether a line after a single line break continues the paragraph.

    The loaders break a line without a blank only where it wrapped, so a wrap can put any
    marker at a line start; plain-text files, though, also break lines between short header
    lines and before a marker. So a marker begins a unit only after a finished sentence or
    heading, or after a short line; a responsibility bracket only if it is moreover a line of
    its own (it closes at a line end), not the tail of a sentence that wrapped.
    """
    nxt = line.text
    tail = paragraph_end[-1]
    if _number_apart(last_line, tail, nxt):
        return True
    if markers.is_addressee(paragraph_end) or markers.ENDS_WITH_DOC_NUMBER.search(paragraph_end) \
            or len(paragraph_end) < _TAIL and markers.RESPONSIBILITY.match(paragraph_end) \
            and paragraph_end[0] not in _OPEN or markers.FILE_NAME.search(paragraph_end[-8:]) \
            or markers.ENDS_WITH_URL.search(paragraph_end):
        return False  # an addressee, a 文号 line, a bare 责任单位：… line, a file's name, a link end there
    if nxt == last_line:
        return False  # a line printed twice (a database repeating its title) is a copy
    if markers.is_addressee(nxt) and paragraph_end == last_line and len(last_line) <= _TITLE_LINE \
            and markers.TITLE_END.search(last_line) and not balance.open:
        return False  # 关于…的通知 over 各市人力资源社会保障局：: a title ends its line
    if paragraph_end == last_line and len(last_line) <= _TITLE_LINE and markers.TITLE_END.search(last_line) \
            and not balance.open and not _SENTENCE_MARK.search(last_line) \
            and (markers.starts_unit(nxt) or markers.is_letterhead(nxt)):
        return False  # 某某管理办法 over 第一章　总则, or over 某市人民政府令 (an export's title line)
    # A numbered heading shorter than the text's lines stands alone: the lines were not
    # wrapped at its length (a file with a paragraph a line: 三、…分析评估 / （一）…).
    heading = markers.starts_unit(last_line) and len(last_line) < width
    ended = tail in _TERMINAL or tail in _CLOSE or len(last_line) < width
    if markers.starts_unit(nxt) and tail == "：":
        return False  # …通知如下： then 一、: what the colon announces starts there
    if markers.RESPONSIBILITY.match(nxt):
        # (a bare 责任科室：… line after a finished sentence is a line of its own, as a bracket is;
        # inside an open bracket it is the bracket's next label: 〔牵头单位：X；/责任单位：Y〕)
        bare = nxt[0] not in _OPEN and not balance.open
        return not (ended and (bare or _bracket_stands_alone(line)))
    if markers.starts_unit(nxt):
        return not ended
    if tail == "：" and not balance.open:
        return False  # …现批复如下： / 同意…: what the colon announces starts a paragraph
    if balance.open or tail in _CONTINUES:
        return True
    if tail in _TERMINAL:
        return False
    return len(last_line) >= _LONG_LINE and not heading


_ASCII_RUN_END = re.compile(r"[A-Za-z0-9]+$")
_ASCII_RUN_START = re.compile(r"^[A-Za-z0-9]+")


def _joint(left: str, right: str, *, blank: bool) -> str:
    """What joining line `right` to the paragraph ending in `left` appends to it.

    Across a blank line (a page break of the original), a character printed twice is mended:
    条例 / 例》 → 条例》. A wrap never repeats a character, so nothing is dropped there.
    Two ASCII words keep a space between them, except the halves of a number, or of a word
    set in Chinese text that a wrap cut (税务Uke / y).
    """
    a, b = left[-1], right[0]
    if blank and a == b and re.match(rf"[{_CJK}]", a) and a not in _LEGIT_DOUBLES:
        return right[1:]
    if not (_latin(a) and _latin(b)) or a.isdigit() and b.isdigit():
        return right
    if not blank:
        before = left[:len(left) - len(_ASCII_RUN_END.search(left).group(0))].rstrip()[-1:]
        after = right[len(_ASCII_RUN_START.match(right).group(0)):].lstrip()[:1]
        if not _latin(before) and not _latin(after):
            return right
    return " " + right


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def title_key(text: str) -> str:
    """A comparison key for titles: no whitespace, no quotes or book-title marks, brackets in
    one width (a title printed with (修订) in one place and （修订） in another is one title)."""
    return re.sub(r"[\s\"“”‘’'《》]", "", text).replace("(", "（").replace(")", "）")


def _line_width(text: str) -> int:
    """How long a full line of this text is: most lines that wrapped (or, in a file with a
    paragraph a line, most paragraphs) run at least this long."""
    lengths = sorted(n for n in (len(line.strip()) for line in text.split("\n")) if n >= _LONG_LINE)
    return max(_LONG_LINE, int(_FULL_SHARE * lengths[len(lengths) // 2])) if lengths else _LONG_LINE


def paragraphs(text: str, titles: set[str] = frozenset()) -> list[Paragraph]:
    """Split normalised text into cleaned logical paragraphs with source spans.

    `titles` are title keys (see `title_key`) that always stand alone, so a document title
    is never glued to the preamble that follows it.
    """
    result: list[Paragraph] = []
    parts: list[str] = []  # the current paragraph, joined at its end (long ones grow by lines)
    tail = ""  # its last characters, all the joining rules look at
    size = 0
    balance = _Balance()
    start = end = 0
    last_line = ""
    full_line = False
    longest = max(map(len, titles), default=0)
    width = _line_width(text)

    def is_title(text: str) -> bool:
        # "《A" at the end of a wrapped line opens a quotation: that line is not the title.
        return title_key(text) in titles and not unbalanced(text)

    def flush() -> None:
        if parts:
            result.append(Paragraph(tidy("".join(parts)), start, end))

    for line in _lines(text):
        # Only a short paragraph can be a title; don't join a long one to check.
        if not parts or is_title(line.text) or (size <= 2 * longest + 10
                                                and is_title("".join(parts))):
            joined = False
        elif "\t" in line.text or "\t" in tail:
            joined = False  # a table row (cells tab-joined by the loaders) is a line of its own
        elif line.after_blank:
            joined = _continues_after_blank(tail, balance, full_line, line.text, last_line)
        else:
            joined = _continues_wrapped(tail, balance, last_line, line, width)
        if joined:
            piece = _joint(tail, line.text, blank=line.after_blank)
            parts.append(piece)
            balance.add(line.text)
            end = line.end
        else:
            flush()
            piece, parts, balance = line.text, [line.text], _Balance(line.text)
            start, end, tail, size = line.start, line.end, "", 0
        tail = (tail + piece)[-_TAIL:]
        size += len(piece)
        # A wrapped paragraph's last line is short; what counts is that the line above it
        # ran to the full width (also where a sentence ended there and a new one began).
        wrapped = not line.after_blank and len(last_line) >= _LONG_LINE
        full_line = wrapped or len(line.text) >= _LONG_LINE
        last_line = line.text
    flush()
    return [p for p in result if p.text]
