"""Character-level normalisation of a typed address, before it is cut into parts.

In order:

1. Unicode NFKC: full-width digits, letters and signs to ASCII (１８号 → 18号, Ａ座 → A座, ＃ → #), ① → 1;
2. traditional to simplified characters (zhconv, character table ``zh-hans``: 陽泉 → 阳泉, 號 → 号, 單元 → 单元);
3. ASCII letters upper-cased (a座 → A座);
4. dashes and slashes between numbers to ``-`` (3－2－301, 3—2—301, 3/2/301 → 3-2-301), and spaces between two
   numbers too (18号 3 2 301 → 18号3-2-301); ``#`` after a number to 号 (3#楼 → 3号楼);
5. every other space and punctuation mark dropped (山西省, 阳泉市 平定县 → 山西省阳泉市平定县), 第 before a number too;
6. Chinese numerals to Arabic digits where they count something: before 号 栋 幢 座 楼 单元 室 户 房 层 or a dash,
   after a dash, and at the end after 号 楼 单元 (十八号 → 18号, 三单元 → 3单元, 2单元三〇一 → 2单元301).
   Numerals inside names are left alone (李岩一巷, 五一路).
"""
from __future__ import annotations

import re
import unicodedata

import zhconv

from .numerals import NUMERAL_CHARS, chinese_to_arabic

_DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70~/\\\\"
_DASH_RUN = re.compile(rf"\s*[-{_DASH_CHARS}]+\s*")
_SPACE_BETWEEN_NUMBERS = re.compile(r"(?<=[0-9A-Z])\s+(?=[0-9A-Z])")
_HASH_AFTER_NUMBER = re.compile(r"(?<=[0-9A-Z])#")
_DROPPED = re.compile(r"[^\w\-]|_")
_ORDINAL = re.compile(rf"第(?=[0-9{NUMERAL_CHARS}])")
_NUMERAL_RUN = re.compile(rf"[{NUMERAL_CHARS}]+")
_COUNTED_AFTER = ("号", "栋", "幢", "座", "楼", "单元", "室", "户", "房", "层", "-")
_COUNTED_BEFORE_END = ("号", "楼", "栋", "幢", "座", "单元", "-")


def normalise_text(text: str) -> str:
    """``text`` simplified, in ASCII digits and upper-case letters, without spaces or punctuation except ``-``
    between numbers, with Chinese numerals that count something in Arabic digits (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    text = zhconv.convert(text, "zh-hans")
    text = text.upper()
    text = _DASH_RUN.sub("-", text)
    text = _SPACE_BETWEEN_NUMBERS.sub("-", text)
    text = _HASH_AFTER_NUMBER.sub("号", text)
    text = _DROPPED.sub("", text)
    text = _ORDINAL.sub("", text)
    text = _NUMERAL_RUN.sub(lambda match: _numeral(match, text), text)
    return _tidy_dashes(text)


def _numeral(match: re.Match, text: str) -> str:
    run, before, after = match.group(), text[: match.start()], text[match.end():]
    counts = (
        after.startswith(_COUNTED_AFTER)
        or before.endswith("-")
        or (not after and before.endswith(_COUNTED_BEFORE_END))
    )
    return chinese_to_arabic(run) if counts else run


def _tidy_dashes(text: str) -> str:
    """Dashes only between two numbers (a dash beside a name or at an end carries no meaning)."""
    text = re.sub(r"-{2,}", "-", text)
    return re.sub(r"-(?![0-9A-Z])|(?<![0-9A-Z])-", "", text)
