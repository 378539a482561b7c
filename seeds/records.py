"""Organisations (实有单位, GB 32100 credit codes) and facilities (实有设施), placed at building door addresses.

Points are the door address points of their buildings (EPSG:4490), so their grid is the building's grid.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .admin import COUNTY_CODE
from .buildings import Buildings
from .codes import credit_code
from .names import person_names, place_stem
from .partition import apportion, rank_within
from .world import World

ORG_KINDS = (
    ("enterprise", "91", 0.52), ("individual", "92", 0.28), ("enterprise", "93", 0.04),
    ("institution", "12", 0.07), ("government", "11", 0.04), ("social", "51", 0.03), ("social", "52", 0.02),
)
"""Kind, GB 32100 registration authority + category, share."""
_BRANDS = (
    "冠山", "紫云", "嘉河", "娘子关", "晋阳", "鑫源", "宏达", "恒泰", "华晟", "瑞丰", "永安", "金石", "天成", "聚源",
    "荣昌",
)
_INDUSTRIES = (
    "商贸", "建材", "煤业", "陶瓷", "物流", "餐饮管理", "科技", "农业开发", "建筑工程", "机械制造", "房地产开发",
    "物业管理",
)
_SHOPS = ("便利店", "面馆", "理发店", "五金店", "超市", "饭店", "手机店", "服装店", "汽车修理部", "药店")
_INSTITUTIONS = (
    "疾病预防控制中心", "医疗保障服务中心", "不动产登记中心", "融媒体中心", "档案馆", "图书馆", "文化馆",
    "就业服务中心",
)
_GOVERNMENT = (
    "住房和城乡建设管理局", "城市管理局", "自然资源局", "应急管理局", "民政局", "交通运输局", "教育局",
    "卫生健康局",
)
_SOCIAL = ("个体劳动者协会", "老年人协会", "书法家协会", "志愿者协会", "慈善会", "民办培训学校")

FACILITY_KINDS = (
    ("kindergarten", "01", "幼儿园", 0.20, "any", (60, 360)),
    ("school", "02", "小学", 0.18, "any", (120, 1800)),
    ("school", "03", "中学", 0.05, "town", (300, 2000)),
    ("clinic", "05", "卫生室", 0.30, "village", (2, 10)),
    ("clinic", "06", "卫生院", 0.04, "town", (20, 80)),
    ("hospital", "07", "人民医院", 0.004, "seat", (300, 600)),
    ("fire_station", "08", "消防站", 0.04, "town", (15, 40)),
    ("shelter", "09", "应急避难场所", 0.07, "any", (500, 5000)),
    ("service_centre", "10", "服务中心", 0.115, "any", (20, 200)),
)
"""Kind, 2-digit code, name, share, where (any community, town seats, villages, the county seat), capacity."""
_ORDINALS = "一二三四五六七八九十"


@dataclass
class Placed:
    """Rows placed at buildings: their building index plus per-kind fields (``fields``)."""

    building: NDArray[np.int64]
    fields: dict[str, NDArray]


def _building_in(rng: np.random.Generator, pool: NDArray[np.int64], fallback: NDArray[np.int64]) -> int:
    """A random building of ``pool``, or of ``fallback`` when the pool is empty."""
    return int(rng.choice(pool if len(pool) else fallback))


def organisations(rng: np.random.Generator, world: World, b: Buildings, total: int) -> Placed:
    """``total`` organisations with valid, unique credit codes in county 140321."""
    per_kind = apportion(total, np.array([k[2] for k in ORG_KINDS]))
    kind = np.repeat(np.arange(len(ORG_KINDS)), per_kind)
    business = np.flatnonzero(np.isin(b.use, ["commercial", "mixed", "industrial"]))
    public = np.flatnonzero(b.use == "public")
    rural = np.flatnonzero(b.use == "rural_house")
    town_names = [t.name for t in world.towns]
    bodies = rng.choice(10**8, size=total, replace=False)
    names, codes, building, industry = [], [], [], []
    for k, body in zip(kind, bodies):
        label, prefix, _ = ORG_KINDS[k]
        village = rng.random() < (0.3 if label in ("enterprise", "individual") else 0.15)
        urban_pool = business if label in ("enterprise", "individual") else public
        building.append(_building_in(rng, rural if village or prefix == "93" else urban_pool, business))
        trade = str(rng.choice(_INDUSTRIES))
        if prefix == "93":
            names.append(f"平定县{rng.choice(_BRANDS)}{rng.choice(('种植', '养殖', '农机'))}专业合作社")
        elif label == "enterprise":
            names.append(f"平定县{rng.choice(_BRANDS)}{trade}有限公司")
        elif label == "individual":
            trade = "个体经营"
            names.append(f"平定县{rng.choice(list('王李张刘赵郭杨武贾梁'))}记{rng.choice(_SHOPS)}")
        elif label == "institution":
            trade = "公共服务"
            names.append(f"平定县{rng.choice(_INSTITUTIONS)}")
        elif label == "government":
            trade = "公共管理"
            office = f"平定县{rng.choice(_GOVERNMENT)}"
            names.append(office if rng.random() < 0.6 else f"{rng.choice(town_names)}人民政府")
        else:
            trade = "社会组织"
            names.append(f"平定县{rng.choice(_SOCIAL)}")
        industry.append(trade)
        codes.append(credit_code(prefix, COUNTY_CODE, f"{body:08d}"))
    male = rng.random(total) < 0.7
    return Placed(
        np.array(building, dtype=np.int64),
        {
            "credit_code": np.array(codes), "name": np.array(names),
            "kind": np.array([ORG_KINDS[k][0] for k in kind]), "industry": np.array(industry),
            "legal_representative": person_names(rng, male),
        },
    )


def facilities(rng: np.random.Generator, world: World, b: Buildings, total: int) -> Placed:
    """``total`` facilities: schools, clinics, fire stations, shelters and service centres."""
    per_kind = apportion(total, np.array([k[3] for k in FACILITY_KINDS]))
    community = world.grid_community[b.fp.grid]
    comm = world.communities
    seat_town = world.towns[0].code
    villages = np.array([i for i, c in enumerate(comm) if c.kind == "村"])
    urban = np.array([i for i, c in enumerate(comm) if c.urban and c.parent == seat_town])
    town_seats = np.array([
        min((i for i, c in enumerate(comm) if c.parent == t.code),
            key=lambda i: np.hypot(comm[i].seat[0] - t.seat[0], comm[i].seat[1] - t.seat[1]))
        for t in world.towns
    ])
    where = {"village": villages, "town": town_seats, "seat": urban, "any": np.arange(len(comm))}
    public = b.use == "public"
    town_of = np.array([c.parent for c in comm])
    building_town = town_of[community]
    town_name = {t.code: t.name for t in world.towns}
    rows: list[tuple[int, int, str]] = []
    capacity: list[int] = []
    for k, ((_, _, label, _, place, cap), n) in enumerate(zip(FACILITY_KINDS, per_kind)):
        for c in rng.choice(where[place], int(n)):
            here = np.flatnonzero(community == c)
            preferred = here[public[here]]
            pool = preferred if len(preferred) else here if len(here) else np.flatnonzero(building_town == town_of[c])
            bi = _building_in(rng, pool, np.arange(len(b)))
            area = comm[community[bi]]
            if place == "town":
                name = f"{town_name[area.parent]}{label}"
            elif place == "seat":
                name = f"平定县{label}"
            else:
                name = f"{area.name if label in ('卫生室', '服务中心') else place_stem(area.name)}{label}"
            rows.append((k, bi, name))
            capacity.append(int(rng.integers(cap[0], cap[1] + 1)))
    kind = np.array([r[0] for r in rows], dtype=np.int64)
    building = np.array([r[1] for r in rows], dtype=np.int64)
    comm_code = np.array([c.code for c in comm])[community[building]]
    kind_code = np.array([FACILITY_KINDS[k][1] for k in kind])
    serial = rank_within(np.char.add(comm_code, kind_code)) + 1
    names = [name if s == 1 else f"{name}{_ORDINALS[min(s, 10) - 1]}部" for (_, _, name), s in zip(rows, serial)]
    return Placed(
        building,
        {
            "code": np.char.add(np.char.add(comm_code, kind_code), np.char.zfill(serial.astype(str), 3)),
            "name": np.array(names), "kind": np.array([FACILITY_KINDS[k][0] for k in kind]),
            "capacity": np.array(capacity),
        },
    )
