"""The CJ/T 214 catalogues the seed uses: component minor classes and event classes, with owners and weights.

A realistic subset of the standard's tables (majors 01-06 of components, 01-05 of events). ``weight`` is the
share of the county's 74,173 components a class gets (manhole covers, street lamps and street trees dominate,
as in every Chinese city survey); ``placement`` says where a component sits relative to the street network
(``road``: on the carriageway; ``kerb``: along the kerb; ``block``: inside a block) and ``geometry`` is
``point``, ``line`` (guardrails, medians: 20-60 m) or ``polygon`` (green plots).
"""
from __future__ import annotations

from dataclasses import dataclass

MAJOR_NAMES = {
    "01": "公用设施", "02": "道路交通", "03": "市容环境", "04": "园林绿化", "05": "房屋土地", "06": "其他设施",
}
SUPERVISORS = {
    "01": "县住房和城乡建设管理局", "02": "县交通运输局", "03": "县城市管理局",
    "04": "县住房和城乡建设管理局", "05": "县自然资源局", "06": "县应急管理局",
}


@dataclass(frozen=True)
class Category:
    """One CJ/T 214 component minor class (``code`` = 2 major + 2 minor digits)."""

    code: str
    name: str
    owner: str
    weight: float
    placement: str = "kerb"
    geometry: str = "point"
    maintainer: str = ""

    @property
    def major(self) -> str:
        return self.code[:2]


_WATER, _DRAIN, _POWER = "县自来水公司", "县排水公司", "国网平定县供电公司"
_LAMPS, _CITY, _TRAFFIC = "县路灯管理所", "县城市管理局", "县公安局交警大队"
_GREEN, _SANITATION, _FIRE = "县园林绿化中心", "县环境卫生服务中心", "县消防救援大队"

CATEGORIES: tuple[Category, ...] = (
    Category("0101", "上水井盖", _WATER, 6.0, "road"),
    Category("0102", "污水井盖", _DRAIN, 8.0, "road"),
    Category("0103", "雨水井盖", _DRAIN, 7.0, "road"),
    Category("0104", "雨水箅子", _DRAIN, 6.0, "kerb"),
    Category("0105", "电力井盖", _POWER, 4.0, "road"),
    Category("0106", "路灯井盖", _LAMPS, 1.5, "kerb"),
    Category("0107", "通讯井盖", "中国电信平定分公司", 4.0, "road"),
    Category("0108", "电视井盖", "县广电网络公司", 1.0, "road"),
    Category("0109", "网络井盖", "中国联通平定分公司", 1.5, "road"),
    Category("0110", "热力井盖", "县热力公司", 3.0, "road"),
    Category("0111", "燃气井盖", "县燃气公司", 2.0, "road"),
    Category("0112", "公安井盖", "县公安局", 0.5, "road"),
    Category("0113", "无主井盖", _CITY, 0.5, "road"),
    Category("0114", "路灯", _LAMPS, 12.0, "kerb"),
    Category("0115", "电线杆", _POWER, 3.0, "kerb"),
    Category("0116", "通讯交接箱", "中国移动平定分公司", 0.8, "kerb"),
    Category("0117", "变压器", _POWER, 0.4, "block"),
    Category("0118", "燃气调压站", "县燃气公司", 0.1, "block"),
    Category("0201", "停车场", _CITY, 0.2, "block"),
    Category("0202", "公交站亭", "县公共交通公司", 0.2, "kerb"),
    Category("0203", "交通标志牌", _TRAFFIC, 2.5, "kerb"),
    Category("0204", "交通信号灯", _TRAFFIC, 0.4, "kerb"),
    Category("0205", "过街天桥", "县交通运输局", 0.01, "road"),
    Category("0206", "护栏", _TRAFFIC, 1.2, "kerb", "line"),
    Category("0207", "隔离带", _TRAFFIC, 0.3, "road", "line"),
    Category("0208", "地名牌", "县民政局", 0.3, "kerb"),
    Category("0209", "路名牌", "县民政局", 0.8, "kerb"),
    Category("0210", "非机动车停放点", _CITY, 0.5, "kerb"),
    Category("0301", "公共厕所", _SANITATION, 0.15, "block"),
    Category("0302", "垃圾箱", _SANITATION, 4.0, "kerb"),
    Category("0303", "垃圾间(楼)", _SANITATION, 0.3, "block"),
    Category("0304", "广告牌匾", _CITY, 3.0, "kerb"),
    Category("0305", "灯箱霓虹灯", _CITY, 0.8, "kerb"),
    Category("0306", "报刊亭", _CITY, 0.1, "kerb"),
    Category("0307", "垃圾转运站", _SANITATION, 0.03, "block"),
    Category("0308", "环卫工具房", _SANITATION, 0.1, "block"),
    Category("0401", "古树名木", _GREEN, 0.05, "block"),
    Category("0402", "行道树", _GREEN, 16.0, "kerb"),
    Category("0403", "绿地", _GREEN, 0.8, "block", "polygon"),
    Category("0404", "花坛", _GREEN, 0.4, "kerb", "polygon"),
    Category("0405", "雕塑", _GREEN, 0.05, "block"),
    Category("0406", "街头座椅", _GREEN, 1.0, "kerb"),
    Category("0501", "宣传栏", "县委宣传部", 0.6, "kerb"),
    Category("0502", "人防工事", "县人民防空办公室", 0.05, "block"),
    Category("0503", "地下通道出入口", "县交通运输局", 0.02, "road"),
    Category("0601", "消防栓", _FIRE, 1.5, "kerb", maintainer=_WATER),
    Category("0602", "监控电子眼", "县公安局", 1.5, "kerb"),
    Category("0603", "健身设施", "县文化和旅游局", 0.5, "block"),
    Category("0604", "重大危险源", "县应急管理局", 0.02, "block"),
    Category("0605", "充电桩", _POWER, 0.3, "block"),
)


@dataclass(frozen=True)
class EventClass:
    """One CJ/T 214 event class (``code`` = 2 major + 2 minor digits)."""

    code: str
    name: str

    @property
    def major(self) -> str:
        return self.code[:2]


EVENT_MAJOR_NAMES = {"01": "市容环境", "02": "宣传广告", "03": "施工管理", "04": "街面秩序", "05": "突发事件"}
EVENT_CLASSES: tuple[EventClass, ...] = tuple(
    EventClass(f"{major}{minor:02d}", name)
    for major, names in (
        ("01", ("私搭乱建", "暴露垃圾", "积存垃圾渣土", "道路不洁", "水域不洁", "绿地脏乱", "焚烧垃圾树叶")),
        ("02", ("非法小广告", "违章张贴悬挂广告牌匾", "占道广告牌", "街头散发广告")),
        ("03", ("施工扰民", "工地扬尘", "道路遗撒", "施工占道", "无证掘路")),
        ("04", ("无照经营游商", "店外经营", "占道废品收购", "机动车乱停放", "非机动车乱停放", "露天烧烤", "违章接坡")),
        ("05", ("路面塌陷", "自来水管破裂", "燃气管道破裂", "下水道堵塞或破损", "道路积水", "火灾", "交通事故")),
    )
    for minor, name in enumerate(names, start=1)
)
