"""Names as the matcher compares them: one normal form for the same name however it was typed.

A registry clerk may write 張偉 (traditional), ＺＨＡＮＧ　伟 (full-width), "张 伟" (spaced) or 张伟; a
foreign-invested company's filing may carry "Zhang Wei". ``name_key`` folds width, spacing, separator dots
and traditional characters (OpenCC t2s) into one simplified string; ``pinyin_key`` reads it as toneless
pinyin, so a homophone typo (张玮 for 张伟) and a romanised spelling meet on the same key. Both are
computed character by character with caches, so a million names take seconds, not minutes.
"""

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[\s·•・‧∙\.\-_'’,，、()（）]+")
_LATIN = re.compile(r"^[a-z ]+$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=200_000)
def name_key(name: str | None) -> str:
    """Simplified, half-width, lower-case, without spaces or separator dots ("" for an empty name)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    text = _DROP.sub("", text)
    if _HAN.search(text):
        text = _t2s().convert(text)
    return text


@lru_cache(maxsize=50_000)
def _char_pinyin(ch: str) -> str:
    if not _HAN.match(ch):
        return ch
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")[0] if ch else ""


def _latin_tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", str(name)).lower()
    if _HAN.search(text):
        return []
    text = re.sub(r"[^a-z]+", " ", text).strip()
    return text.split() if text and _LATIN.match(text) else []


@lru_cache(maxsize=200_000)
def pinyin_key(name: str | None) -> str:
    """Toneless pinyin of the normalised name; a romanised name keeps its letters in the order written."""
    if not name:
        return ""
    tokens = _latin_tokens(name)
    if tokens:
        return "".join(tokens)
    return "".join(_char_pinyin(ch) for ch in name_key(name))


@lru_cache(maxsize=200_000)
def pinyin_alt_key(name: str | None) -> str:
    """For a romanised name, the other order ("Wei Zhang" → "zhangwei"); otherwise the pinyin key."""
    tokens = _latin_tokens(name or "")
    if len(tokens) >= 2:
        return "".join(tokens[1:] + tokens[:1])
    return pinyin_key(name)


def is_romanised(name: str | None) -> bool:
    return bool(_latin_tokens(name or ""))


def company_key(name: str | None) -> str:
    """A company name for exact matching: normalised like a person's name, and the usual brackets folded
    so that 云川（江北）建材有限公司 and 云川(江北)建材有限公司 are the same company."""
    return name_key(name)
