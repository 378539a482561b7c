"""Synthetic Chinese names: people, villages, urban communities and roads, plus synthetic phone numbers.

Everything is drawn from fixed syllable lists with a seeded generator, vectorised with numpy so that hundreds of
thousands of residents cost well under a second. None of it refers to a real person.
"""
from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray

_SURNAMES = (
    "王李张刘赵郭杨武贾梁韩高任牛陈孙马吕石白段宋田许程冯郝史侯常乔孟霍阎薛申秦范樊董胡周吴徐朱苏卫"
    "崔康曹魏温姚邢翟耿庞籍赫"
)
_SURNAME_WEIGHTS = np.array(
    [14, 12, 11, 10, 7, 6, 6, 4, 4, 4, 4, 4] + [2] * 30 + [1] * (len(_SURNAMES) - 42), dtype=float
)
_MALE = "伟强军勇杰涛斌磊鹏飞宇浩俊峰建国华明亮刚平波辉晨旭东海瑞鑫凯斌昊晋龙成志永生利宏文斌"
_FEMALE = "芳娟敏静丽艳霞燕红梅琳婷雪倩颖玲慧佳欣悦瑶璐丹萍秀兰英凤霞洁蕾晶妍琪媛茹莉"
_MIDDLE = "建国志晓海永小文子俊雅佳春秋德立"

VILLAGE_FIRST = "东西南北上下前后大小新老石柳杨李王张赵马白黄红青柏桃杏枣槐松岭泉河沟峪坡梁庙"
VILLAGE_LAST = (
    "庄", "沟", "峪", "坪", "岭", "峰", "河", "泉", "头", "湾", "洼", "堡", "寨", "窑", "垴", "掌",
    "坡", "岩", "滩", "口", "家庄", "家沟", "家峪", "家坪", "庄子", "水", "井", "关", "城", "台",
)
URBAN_COMMUNITIES = (
    "城关", "东关", "西关", "南关", "北关", "上城", "下城", "紫云", "冠山", "新建", "嘉河", "府前", "翠峰",
    "迎宾", "滨河", "东城", "西城", "文化", "和平", "建设", "槐树", "兴平", "阳光", "龙泉",
)
URBAN_ROADS = (
    "冠山路", "紫云街", "新建路", "嘉河大道", "府前街", "东关街", "西关街", "南关街", "北关街", "上城街",
    "下城街", "翠峰路", "迎宾路", "滨河路", "文化街", "建设路", "人民路", "和平街", "兴平路", "宁艾路",
    "槐树街", "龙泉路", "开发路", "南环路", "北环路", "东环路", "西环路", "体育街", "学府街", "工业路",
)
VILLAGE_ROADS = ("大街", "东街", "西街", "南街", "北街", "前街", "后街", "一巷", "二巷", "三巷", "四巷", "新街")
_NUMERALS = "一二三四五六七八九十"


def _pick(rng: np.random.Generator, chars: str, n: int) -> NDArray[np.str_]:
    return np.array(list(chars))[rng.integers(0, len(chars), n)]


def person_names(rng: np.random.Generator, male: NDArray[np.bool_]) -> NDArray[np.str_]:
    """One name per entry of ``male`` (True = male): a weighted surname and a one- or two-character given name."""
    n = len(male)
    p = _SURNAME_WEIGHTS / _SURNAME_WEIGHTS.sum()
    surname = np.array(list(_SURNAMES))[rng.choice(len(_SURNAMES), n, p=p)]
    last = np.where(male, _pick(rng, _MALE, n), _pick(rng, _FEMALE, n))
    middle = np.where(rng.random(n) < 0.7, _pick(rng, _MIDDLE + _MALE + _FEMALE, n), "")
    return np.char.add(np.char.add(surname, middle), last)


def phone_numbers(rng: np.random.Generator, n: int) -> NDArray[np.str_]:
    """Synthetic 11-digit mobile numbers (13x-19x prefixes)."""
    prefix = np.array(["13", "15", "17", "18", "19"])[rng.integers(0, 5, n)]
    body = rng.integers(0, 10**9, n)
    return np.char.add(prefix, np.char.zfill(body.astype(str), 9))


def village_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct village stems such as 杨家庄 or 石门口 (without 村), in random order."""
    pool = [a + b for a, b in itertools.product(VILLAGE_FIRST, VILLAGE_LAST) if a != b[0]]
    order = rng.permutation(len(pool))
    names = [pool[i] for i in order]
    while len(names) < n:
        names += [f"{pool[i]}{_NUMERALS[len(names) // len(pool) % 10]}" for i in order]
    return names[:n]


def urban_community_names(n: int) -> list[str]:
    """``n`` distinct urban community stems (城关, 东关, ...), numbered (城关一, ...) past the list."""
    base = list(URBAN_COMMUNITIES)
    names = base[:n]
    k = 0
    while len(names) < n:
        names.append(f"{base[k % len(base)]}{_NUMERALS[(k // len(base)) % 10]}")
        k += 1
    return names


def road_names(n: int) -> list[str]:
    """``n`` distinct urban road names, extended with 东段/西段 style suffixes past the list."""
    names = list(URBAN_ROADS[:n])
    suffixes = ("东段", "西段", "南段", "北段")
    k = 0
    while len(names) < n:
        names.append(f"{URBAN_ROADS[k % len(URBAN_ROADS)]}{suffixes[(k // len(URBAN_ROADS)) % 4]}")
        k += 1
    return names


def place_stem(name: str) -> str:
    """A place or road name without its generic suffix: 杨家庄村 → 杨家庄, 城关社区 → 城关, 紫云街 → 紫云; a village
    named after a street loses both (东关街村 → 东关), so its roads (东关北街) do not read as that street."""
    for suffix in ("大道", "社区", "路", "街", "村"):
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return stem[:-1] if suffix == "村" and stem.endswith("街") and len(stem) > 1 else stem
    return name
