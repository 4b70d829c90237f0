"""docs/disclosure.md keeps up with the code: every parameter, rule, registered dataset and page is named."""

from pathlib import Path

import pytest

from qingfeng.disclosure import catalogue, parameters
from qingfeng.disclosure.office_urls import urlpatterns as office
from qingfeng.disclosure.urls import urlpatterns as portal
from qingfeng.screening.catalogue import load_catalogue

DOC = (Path(__file__).resolve().parents[2] / "docs" / "disclosure.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("param", parameters.ALL, ids=lambda p: p.name)
def test_every_parameter_is_documented(param):
    assert f"`{param.name}`" in DOC


def test_every_rule_dataset_and_page_is_documented():
    assert [r.id for r in load_catalogue() if r.domain == "disclosure" and r.id not in DOC] == []
    assert [p.slug for p in catalogue.publications() if f"`{p.slug}`" not in DOC] == []
    routes = [str(p.pattern) for p in portal if str(p.pattern) not in ("", "ledger/")]
    missing = [r for r in routes if r.split("<")[0].rstrip("/.") and r.split("<")[0].rstrip("/.") not in DOC]
    assert missing == []
    assert [str(p.pattern) for p in office if f"/disclosure/{str(p.pattern).split('<')[0]}" not in DOC] == []
