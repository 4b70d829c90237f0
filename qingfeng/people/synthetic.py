"""Synthetic people for the demo city and the matching benchmark: officials, relatives and the way a
business registry may spell them (the name variants the matcher must see through).

Everything is drawn from a seeded ``numpy`` generator, so the same seed gives the same people. Region
codes 5399xx are deliberately unassigned (云川市 does not exist).
"""

from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from .identifiers import make_id_number
from .names import name_key, pinyin_key

REGIONS = ("539901", "539902", "539903", "539904", "539905", "539906")
# Variants of a holder's record in the registry, in the order the demo cycles through them.
VARIANTS = ("id", "traditional", "spaced", "romanised", "homophone")
# Characters that share a reading with a given-name character: the typist's slip the pinyin key forgives.
_HOMOPHONE_POOL = ("伟玮炜芳方坊娜那敏闽民静靖晶京丽莉力强蔷磊蕾军君洋阳杨勇永艳燕杰洁娟鹃涛韬明鸣铭超潮秀岫霞侠平萍"
                   "刚钢桂贵英瑛华桦玉钰萍鹏朋飞菲斌彬辉徽宇雨浩皓凯恺健建俊骏帆凡帅旭煦宁凝瑞睿晨辰阳佳嘉欣馨怡"
                   "雪琳林婷亭倩茜颖璐露晶文雯博波志智远源海峰锋国力立新欣永庆春纯秋冬东云芸松柏林森荣容昌盛和顺安康")
_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def random_names(rng: np.random.Generator, n: int) -> list[str]:
    from qingfeng.demo.catalogue import GIVEN, SURNAMES

    surnames, given = np.array(SURNAMES), np.array(GIVEN)
    two = rng.random(n) < 0.7
    names = np.char.add(np.char.add(surnames[rng.integers(0, len(surnames), n)], given[rng.integers(0, len(given), n)]),
                        np.where(two, given[rng.integers(0, len(given), n)], ""))
    return names.tolist()


def random_births(rng: np.random.Generator, n: int, first: int = 1960, last: int = 2000) -> list[date]:
    start = date(first, 1, 1).toordinal()
    days = rng.integers(0, date(last, 12, 31).toordinal() - start, n)
    return [date.fromordinal(int(start + d)) for d in days]


def people(rng: np.random.Generator, n: int, *, sequence_base: int = 0, first: int = 1960, last: int = 2000) -> list[dict]:
    """n persons with name, birth date, region and a valid ID number. ``sequence_base`` keeps the numbers
    of different populations apart (an ID number's 3-digit sequence is taken modulo 1000)."""
    names, births = random_names(rng, n), random_births(rng, n, first, last)
    regions = rng.integers(0, len(REGIONS), n)
    return [{"name": names[i], "birth_date": births[i], "region": REGIONS[regions[i]],
             "id_number": make_id_number(REGIONS[regions[i]], births[i], sequence_base + i)} for i in range(n)]


def _homophone_table() -> dict[str, list[str]]:
    by_reading: dict[str, list[str]] = {}
    for ch in dict.fromkeys(_HOMOPHONE_POOL):
        by_reading.setdefault(pinyin_key(ch), []).append(ch)
    return by_reading


_HOMOPHONES: dict[str, list[str]] | None = None


def homophone(name: str, rng: np.random.Generator) -> str | None:
    """The name with one given-name character replaced by another of the same reading, or None."""
    global _HOMOPHONES
    if _HOMOPHONES is None:
        _HOMOPHONES = _homophone_table()
    for pos in range(len(name) - 1, 0, -1):
        others = [c for c in _HOMOPHONES.get(pinyin_key(name[pos]), []) if c != name[pos]]
        if others:
            return name[:pos] + others[int(rng.integers(0, len(others)))] + name[pos + 1:]
    return None


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(name: str) -> str | None:
    converted = _s2t().convert(name)
    return converted if converted != name and name_key(converted) == name_key(name) else None


def spaced(name: str) -> str:
    """张 伟, or with an ideographic (full-width) space: how a form field with fixed columns comes out."""
    return name[0] + ("\u3000" if len(name) == 2 else " ") + name[1:]


def romanised(name: str) -> str:
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.NORMAL)
    text = syllables[0].capitalize() + " " + "".join(syllables[1:]).capitalize()
    return text if pinyin_key(text) == pinyin_key(name) else ""


def holder_record(person: dict, variant: str, rng: np.random.Generator) -> dict:
    """How the registry records ``person`` under ``variant``: the name as spelt there, and what else it
    carries (an ID number only for "id"; birth date, region and the masked number's last four otherwise)."""
    base = {"holder_birth_date": person["birth_date"], "holder_region": person["region"]}
    if variant == "id":
        return {"holder_name": person["name"], "holder_id_number": person["id_number"]}
    tail_mask = person["region"] + "*" * 8 + person["id_number"][-4:]
    if variant == "traditional":
        name = traditional(person["name"])
        if name:
            return {**base, "holder_name": name}
        variant = "spaced"
    if variant == "spaced":
        return {**base, "holder_name": spaced(person["name"])}
    if variant == "romanised":
        name = romanised(person["name"])
        if name:
            return {**base, "holder_name": name, "holder_id_masked": tail_mask}
        variant = "homophone"
    name = homophone(person["name"], rng) or spaced(person["name"])
    return {**base, "holder_name": name, "holder_id_masked": tail_mask}


def later(day: date, rng: np.random.Generator, lo: int, hi: int) -> date:
    return day + timedelta(days=int(rng.integers(lo, hi)))
