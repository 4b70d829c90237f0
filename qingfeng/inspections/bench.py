"""Benchmark of the draw (prints figures, not a test): ``python -m qingfeng.inspections.bench [targets] [inspectors]``.

Times one draw and its verification over a synthetic pool (four risk classes, every seventh target with an
excluded inspector) and prints the spread of work among inspectors."""

import sys
import time
from collections import Counter

from . import draw


def main(targets: int = 200_000, inspectors: int = 500) -> dict:
    pool = [{"key": f"9153{i:014d}", "class": "ABCD"[i % 4]} for i in range(targets)]
    staff = [f"J{i:04d}" for i in range(inspectors)]
    inputs = {"draw": "BENCH", "item": "BENCH", "ratios": {"A": 0.03, "B": 0.05, "C": 0.1, "D": 0.2}, "per_target": 2,
              "targets": pool, "inspectors": staff,
              "excluded": [[staff[i % inspectors], pool[i]["key"]] for i in range(0, targets, 7)]}
    seed = "5eed" * 16
    started = time.monotonic()
    selection = draw.run(inputs, seed)
    drawn_s = time.monotonic() - started
    published = {"inputs": inputs, "inputs_hash": draw.inputs_hash(inputs), "commitment": draw.commitment(seed),
                 "seed": seed, "selection": selection}
    started = time.monotonic()
    problems = draw.verify(published)
    verify_s = time.monotonic() - started
    load = Counter(x for s in selection for x in s["inspectors"])
    return {"targets": targets, "inspectors": inspectors, "drawn": len(selection), "draw_seconds": round(drawn_s, 2),
            "verify_seconds": round(verify_s, 2), "verified": not problems,
            "load_min": min(load.values()), "load_max": max(load.values()),
            "shortfalls": sum(1 for s in selection if not s["inspectors"])}


if __name__ == "__main__":
    args = [int(x) for x in sys.argv[1:3]]
    print(main(*args))
