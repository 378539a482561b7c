"""Chinese numerals in addresses to Arabic digits: 十八 → 18, 二十三 → 23, 一百零五 → 105, 一〇二 → 102, 两 → 2.

Two spellings occur on door plates and in what people type:

* positional, with the units 十 百 千 (十八, 二十三, 一百零五, and the spoken 一百一 = 110, 三千五 = 3500);
* digit by digit, as room numbers are read out (一〇二, 三零一, 幺零二), where 〇/零 is a zero digit.

The financial forms (壹 贰 叁 … 拾 佰 仟) are read like the ordinary ones.
"""
from __future__ import annotations

DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)
"""Every character :func:`chinese_to_arabic` reads (for building a regular-expression class)."""


def chinese_to_arabic(numeral: str) -> str:
    """The Arabic digits of a run of Chinese numeral characters (every character must be in ``NUMERAL_CHARS``).

    Without a unit character the run is read digit by digit and leading zeros are kept (一〇二 → "102",
    〇三 → "03"); with units it is read positionally (一百零五 → "105").
    """
    if not numeral:
        raise ValueError("empty numeral")
    if not any(char in UNITS for char in numeral):
        return "".join(str(DIGITS[char]) for char in numeral)
    return str(_positional(numeral))


def _positional(numeral: str) -> int:
    total = 0
    pending: int | None = None
    last_unit: int | None = None
    zero_seen = False
    for char in numeral:
        if char in UNITS:
            unit = UNITS[char]
            total += (1 if pending is None else pending) * unit
            pending, last_unit, zero_seen = None, unit, False
        elif DIGITS[char] == 0:
            zero_seen = True
        else:
            pending = DIGITS[char] if pending is None else pending * 10 + DIGITS[char]
    if pending is not None:
        # 一百一 is 110 and 三千五 is 3500: a last digit straight after 百/千 counts in the next lower place.
        if last_unit is not None and last_unit >= 100 and not zero_seen and pending < 10:
            total += pending * (last_unit // 10)
        else:
            total += pending
    return total
