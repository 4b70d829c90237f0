"""docs/rule-authoring.md documents every allowed function, every shim macro and every validator code."""

import re
from pathlib import Path

from qingfeng.screening import carry, validator
from qingfeng.screening.shim import MACROS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "rule-authoring.md").read_text(encoding="utf-8")


def test_every_allowed_function_is_listed():
    missing = [name for name in validator.allowed_function_names() if not re.search(rf"\b{name}\b", DOC)]
    assert missing == []


def test_every_shim_macro_is_explained():
    assert [name for name in MACROS if f"`{name}(" not in DOC] == []


def test_every_validator_code_is_explained():
    source = Path(validator.__file__).read_text(encoding="utf-8") + Path(carry.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'"((?:statement|table|function|portability|param|output|yaml|cases|carry)\.[a-z_]+|parse)"', source))
    assert len(codes) > 30
    assert sorted(c for c in codes if f"`{c}`" not in DOC) == []
