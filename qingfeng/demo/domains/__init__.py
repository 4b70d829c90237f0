"""Demo domains beyond finance. Each module here adds its records and cases to the demo city.

A module ``qingfeng/demo/domains/<name>.py`` defines

    def populate(city, *, actor, progress=False) -> dict[str, list[str]]

which runs after the finance data are imported and before screening, creates its registries, imports its
records and drives its workflows through the real actions, and returns the planted subject keys per rule id
(the ground truth the demo's recall is measured against). Modules run in name order; a new domain adds a
module and touches no shared file.
"""

import importlib
import pkgutil


def modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{__name__}.{info.name}")


def populate_all(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    truth: dict[str, list[str]] = {}
    for module in modules():
        for rule_id, keys in module.populate(city, actor=actor, progress=progress).items():
            truth.setdefault(rule_id, []).extend(keys)
    return truth
