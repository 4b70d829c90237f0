"""The verifiable draw, without Django: anyone holding the published inputs and the revealed seed can re-run
it (``qingfeng inspections verify-draw``) and must get the same selection.

Before the draw the authority publishes the inputs (targets with their risk class, inspectors, the excluded
inspector–target pairs, ratios, inspectors per target) and ``commitment = sha256("qingfeng-draw|" + seed)``;
after the draw it reveals the seed. Every choice follows an ordering by ``sha256(seed | inputs hash | label)``,
so the selection depends on nothing but these values (no library RNG whose algorithm could change).
"""

import bisect
import hashlib
import json
import math

PREFIX = "qingfeng-draw|"


def canonical(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def commitment(seed: str) -> str:
    return sha256(PREFIX + seed)


def inputs_hash(inputs: dict) -> str:
    return sha256(canonical(inputs))


def _score(seed: str, ih: str, label: str) -> str:
    return sha256(f"{seed}|{ih}|{label}")


def run(inputs: dict, seed: str) -> list[dict]:
    """The selection: [{"target": key, "class": c, "inspectors": [staff numbers]}], in draw order.

    Per risk class (in class order), ceil(ratio × class size) targets in seed order (a ratio of 0 draws none).
    Inspectors are put in one seed order; each drawn target starts at its own seed-derived point of that order
    and takes the next ``per_target`` inspectors not excluded for it, from the least-loaded first (so the work
    spreads evenly). A target with too few free inspectors gets none and is reported as a shortfall.
    """
    ih = inputs_hash(inputs)
    excluded = {(pair[0], pair[1]) for pair in inputs["excluded"]}
    per_target = int(inputs["per_target"])
    order = sorted(inputs["inspectors"], key=lambda s: _score(seed, ih, f"inspector|{s}"))
    load_of = [0] * len(order)
    buckets: dict[int, list[int]] = {0: list(range(len(order)))}  # load → positions in ``order``, sorted
    selection = []
    for risk_class in sorted(inputs["ratios"]):
        pool = sorted((t["key"] for t in inputs["targets"] if t["class"] == risk_class),
                      key=lambda key: _score(seed, ih, f"target|{key}"))
        wanted = math.ceil(float(inputs["ratios"][risk_class]) * len(pool) - 1e-9)
        for key in pool[:wanted]:
            chosen = _pick(order, buckets, excluded, key, per_target,
                           int(_score(seed, ih, f"start|{key}")[:16], 16) % max(len(order), 1))
            for p in chosen:
                buckets[load_of[p]].remove(p)
                load_of[p] += 1
                bisect.insort(buckets.setdefault(load_of[p], []), p)
            selection.append({"target": key, "class": risk_class, "inspectors": sorted(order[p] for p in chosen)})
    return selection


def _pick(order, buckets, excluded, key, k, start) -> list[int]:
    chosen: list[int] = []
    for load in sorted(buckets):
        positions = buckets[load]
        first = bisect.bisect_left(positions, start)
        for j in range(len(positions)):
            p = positions[(first + j) % len(positions)]
            if (order[p], key) not in excluded:
                chosen.append(p)
                if len(chosen) == k:
                    return chosen
    return []


def verify(published: dict) -> list[str]:
    """Problems with a published draw (empty: it checks out). ``published`` holds inputs, inputs_hash,
    commitment, seed and selection, as the portal serves them."""
    problems = []
    seed = published.get("seed")
    if not seed:
        return ["种子尚未公布"]
    if inputs_hash(published["inputs"]) != published["inputs_hash"]:
        problems.append("抽取要素与事先公布的哈希不符（名录库或比例被改动）")
    if commitment(seed) != published["commitment"]:
        problems.append("公布的种子与事先公布的承诺值不符（种子被更换）")
    if run(published["inputs"], seed) != published["selection"]:
        problems.append("用公布的要素和种子重新抽取，结果与公布的抽取结果不同")
    return problems
