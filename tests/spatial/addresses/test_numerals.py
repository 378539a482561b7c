"""Chinese numerals to Arabic digits: positional (十八, 一百零五) and digit by digit (一〇二)."""
from __future__ import annotations

import pytest

from spatial.addresses import chinese_to_arabic


@pytest.mark.parametrize(
    ("numeral", "arabic"),
    [
        ("一", "1"), ("两", "2"), ("九", "9"), ("十", "10"), ("十一", "11"), ("十八", "18"), ("二十", "20"),
        ("二十三", "23"), ("九十九", "99"), ("一百", "100"), ("一百零五", "105"), ("一百一十", "110"),
        ("一百一", "110"), ("两百", "200"), ("三百二十一", "321"), ("一千", "1000"), ("一千零二十", "1020"),
        ("三千五", "3500"), ("一千二百三十四", "1234"), ("拾捌", "18"), ("贰拾叁", "23"),
    ],
)
def test_positional_numerals(numeral: str, arabic: str) -> None:
    assert chinese_to_arabic(numeral) == arabic


@pytest.mark.parametrize(
    ("numeral", "arabic"),
    [("一〇二", "102"), ("一零二", "102"), ("三〇一", "301"), ("幺零二", "102"), ("二〇〇", "200"), ("〇三", "03"),
     ("两", "2"), ("五", "5")],
)
def test_digit_by_digit_numerals(numeral: str, arabic: str) -> None:
    assert chinese_to_arabic(numeral) == arabic


def test_empty_numeral_is_an_error() -> None:
    with pytest.raises(ValueError):
        chinese_to_arabic("")
