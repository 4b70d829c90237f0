"""Properties of the draw itself (no database): the same inputs and seed give the same selection; the number
drawn per class is ceil(ratio × size); no excluded pair and no inspector twice on a target; every drawn target
has exactly k inspectors or is reported short; any other seed fails the commitment."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from qingfeng.inspections import draw


@st.composite
def published_inputs(draw_):
    n_targets = draw_(st.integers(1, 30))
    n_inspectors = draw_(st.integers(2, 8))
    classes = draw_(st.lists(st.sampled_from("ABCD"), min_size=n_targets, max_size=n_targets))
    targets = [{"key": f"T{i:03d}", "class": c} for i, c in enumerate(classes)]
    inspectors = [f"J{i:02d}" for i in range(n_inspectors)]
    pairs = draw_(st.lists(st.tuples(st.sampled_from(inspectors), st.sampled_from([t["key"] for t in targets])), max_size=20))
    ratios = {c: draw_(st.sampled_from([0.05, 0.1, 0.5, 1.0])) for c in sorted(set(classes))}
    return {"draw": "CQ1", "item": "SJ", "ratios": ratios, "per_target": draw_(st.integers(2, 3)),
            "targets": targets, "inspectors": inspectors, "excluded": sorted(set(pairs))}


@settings(max_examples=60, deadline=None)
@given(inputs=published_inputs(), seed=st.text(alphabet="0123456789abcdef", min_size=8, max_size=64))
def test_the_draw_is_reproducible_and_respects_its_rules(inputs, seed):
    inputs["excluded"] = [list(p) for p in inputs["excluded"]]
    selection = draw.run(inputs, seed)
    assert selection == draw.run(inputs, seed)
    excluded = {tuple(p) for p in inputs["excluded"]}
    for cls, ratio in inputs["ratios"].items():
        size = sum(1 for t in inputs["targets"] if t["class"] == cls)
        assert sum(1 for s in selection if s["class"] == cls) == math.ceil(ratio * size - 1e-9)
    for s in selection:
        assert len(s["inspectors"]) in (0, inputs["per_target"]) and len(set(s["inspectors"])) == len(s["inspectors"])
        assert not any((x, s["target"]) in excluded for x in s["inspectors"])
        free = [x for x in inputs["inspectors"] if (x, s["target"]) not in excluded]
        assert bool(s["inspectors"]) == (len(free) >= inputs["per_target"])
    published = {"inputs": inputs, "inputs_hash": draw.inputs_hash(inputs), "commitment": draw.commitment(seed),
                 "seed": seed, "selection": selection}
    assert draw.verify(published) == []
    assert draw.verify({**published, "seed": seed + "0"})  # any other seed fails the commitment
