"""Character normalisation: full-width, traditional, separators, dashes and Chinese numerals in number contexts."""
from __future__ import annotations

import pytest

from spatial.addresses import normalise_text


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("１８号", "18号"),
        ("Ａ座", "A座"),
        ("a座", "A座"),
        ("山西省陽泉市平定縣冠山鎮", "山西省阳泉市平定县冠山镇"),
        ("紫雲街18號3號樓2單元", "紫云街18号3号楼2单元"),
        ("山西省, 阳泉市 平定县", "山西省阳泉市平定县"),
        ("山西省\u3000阳泉市", "山西省阳泉市"),
        ("紫云街（18号）", "紫云街18号"),
        ("3－2－301", "3-2-301"),
        ("3—2—301", "3-2-301"),
        ("3/2/301", "3-2-301"),
        ("18号 3 2 301", "18号3-2-301"),
        ("3#楼", "3号楼"),
        ("18#", "18号"),
        ("紫云街-18号", "紫云街18号"),
        ("18号-", "18号"),
        ("第3单元", "3单元"),
        ("第三单元", "3单元"),
        ("十八号", "18号"),
        ("二十三号楼", "23号楼"),
        ("两单元", "2单元"),
        ("一〇二室", "102室"),
        ("一零二室", "102室"),
        ("一百零五号", "105号"),
        ("2单元三〇一", "2单元301"),
        ("三-二-三〇一", "3-2-301"),
        ("三层", "3层"),
    ],
)
def test_normalise_text(typed: str, normalised: str) -> None:
    assert normalise_text(typed) == normalised


@pytest.mark.parametrize("name", ["李岩一巷", "五一路", "杨家庄二村", "十里铺村", "三门村", "城关一社区"])
def test_numerals_inside_names_are_kept(name: str) -> None:
    assert normalise_text(name) == name
