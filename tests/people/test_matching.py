"""The matcher: exact on validated ID numbers first, then a scored fallback on normalised names, pinyin,
birth date and region; auto-link above the threshold, a review band below it, and reviewers' decisions
remembered by the next run."""

from datetime import date

import pytest

from qingfeng.people.matching import MatchSettings, link
from qingfeng.people.names import name_key, pinyin_alt_key, pinyin_key
from qingfeng.people.parameters import MATCH_WEIGHTS

SETTINGS = MatchSettings(0.95, 0.5, MATCH_WEIGHTS.default)
ZHANG = {"target_key": "p1", "name": "张伟", "id_hash": "H1", "birth_date": date(1980, 1, 2), "region": "539901"}
LI = {"target_key": "p2", "name": "李秀英", "id_hash": "H2", "birth_date": date(1970, 3, 4), "region": "539902",
      "id_tail": "123X"}


@pytest.mark.parametrize("spelling", ["張偉", "张 伟", "张\u3000伟", "ＺＨＡＮＧ伟", " 张伟 "])
def test_width_spacing_and_traditional_characters_fold_to_one_name(spelling):
    assert pinyin_key(spelling) == "zhangwei"
    if not spelling.startswith("Ｚ"):
        assert name_key(spelling) == "张伟"


def test_a_romanised_name_meets_the_chinese_one_on_pinyin_in_either_order():
    assert pinyin_key("Zhang Wei") == pinyin_key("张伟") == pinyin_alt_key("WEI Zhang")


def by_source(sources, targets=(ZHANG, LI)):
    return {(r["source_key"], r["target_key"]): r for r in link(sources, list(targets), SETTINGS).to_pylist()}


def test_the_same_id_number_links_whatever_the_name_and_another_number_never_does():
    found = by_source([{"source_key": "s1", "name": "王五", "id_hash": "H1"},
                       {"source_key": "s2", "name": "张伟", "id_hash": "H9", "birth_date": date(1980, 1, 2), "region": "539901"}])
    assert found[("s1", "p1")]["status"] == "auto" and found[("s1", "p1")]["method"] == "id"
    assert ("s2", "p1") not in found


def test_name_birth_date_and_region_link_automatically_a_name_alone_waits_for_review():
    found = by_source([
        {"source_key": "trad", "name": "張偉", "birth_date": date(1980, 1, 2), "region": "539901"},
        {"source_key": "roman", "name": "Li Xiuying", "birth_date": date(1970, 3, 4), "region": "539902", "id_tail": "123X"},
        {"source_key": "typo", "name": "李秀瑛", "birth_date": date(1970, 3, 4), "region": "539902", "id_tail": "123X"},
        {"source_key": "bare", "name": "张伟", "region": "539901"},
        {"source_key": "namesake", "name": "张伟", "birth_date": date(1981, 1, 2), "region": "539901"},
    ])
    assert {k: v["status"] for k, v in found.items()} == {
        ("trad", "p1"): "auto", ("roman", "p2"): "auto", ("typo", "p2"): "auto", ("bare", "p1"): "pending"}
    assert 0.5 <= found[("bare", "p1")]["probability"] < 0.95


def test_two_targets_above_the_threshold_are_ambiguous_and_go_to_review():
    twin = {**ZHANG, "target_key": "p3", "id_hash": "H3"}
    found = by_source([{"source_key": "s", "name": "张伟", "birth_date": date(1980, 1, 2), "region": "539901"}], [ZHANG, twin])
    assert {v["status"] for v in found.values()} == {"pending"} and len(found) == 2


def test_a_common_name_weighs_less_than_a_rare_one():
    many = [{**ZHANG, "target_key": f"p{i}", "id_hash": f"H{i}", "birth_date": date(1960 + i, 1, 1)} for i in range(8)]
    rare = by_source([{"source_key": "s", "name": "李秀英", "region": "539902"}])[("s", "p2")]["probability"]
    common = by_source([{"source_key": "s", "name": "张伟", "region": "539901"}], many)
    assert all(v["probability"] < rare for v in common.values())


@pytest.mark.django_db
def test_a_reviewers_decision_is_remembered_by_the_next_run(people_world):
    from qingfeng.core.models import LedgerEvent
    from qingfeng.people import actions
    from qingfeng.people.models import LinkStatus, PersonLink

    pending = PersonLink.objects.get(role__holder_name="韓立誠")
    assert pending.status == LinkStatus.PENDING and pending.relative_id is None
    supervisor = people_world["users"]["supervisor"]
    actions.decide_link(supervisor, pending, confirmed=True, note="工商登记材料核实")
    actions.run_matching("test")
    again = PersonLink.objects.get(role__holder_name="韓立誠")
    assert again.status == LinkStatus.CONFIRMED
    assert LedgerEvent.objects.filter(action="person_link.confirmed").count() == 1
    # The reviewer's word outlives a change of weights that no longer reaches the review band.
    strict = MatchSettings(0.999, 0.998, MATCH_WEIGHTS.default)
    actions.run_matching("test", strict)
    assert PersonLink.objects.get(role__holder_name="韓立誠").status == LinkStatus.CONFIRMED


@pytest.mark.django_db
def test_rejecting_needs_a_reason_and_a_handler_may_not_review(people_world):
    from django.core.exceptions import PermissionDenied, ValidationError

    from qingfeng.people import actions
    from qingfeng.people.models import PersonLink

    pending = PersonLink.objects.get(role__holder_name="韓立誠")
    with pytest.raises(ValidationError):
        actions.decide_link(people_world["users"]["supervisor"], pending, confirmed=False, note=" ")
    with pytest.raises(PermissionDenied):
        actions.decide_link(people_world["users"]["handler"], pending, confirmed=True)


@pytest.mark.django_db
def test_the_spouses_registry_entry_links_to_her_declaration_by_id_number(people_world):
    from qingfeng.people.models import LinkStatus, PersonLink

    link_ = PersonLink.objects.get(role__holder_name="柳 如眉")
    assert (link_.status, link_.method, link_.person_id) == (LinkStatus.AUTO, "id", people_world["official"].pk)
    assert link_.relative.relation == "spouse"
