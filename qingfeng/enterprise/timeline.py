"""A project's service timeline: each milestone's elapsed days against the city's target for its stage (the
ENT-002 parameters, so the page and the alert agree), the stage the project is in, and who holds it up."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .models import STAGE_ORDER, Milestone, Project, Stage

TARGET_PARAMS = {Stage.APPROVAL: "approval_days", Stage.PERMIT: "permit_days", Stage.START: "start_days",
                 Stage.COMPLETION: "completion_days", Stage.PRODUCTION: "production_days"}


def targets() -> dict[str, int]:
    from qingfeng.screening.catalogue import load_catalogue
    from qingfeng.screening.parameters import params_in_force

    rule = load_catalogue().rules.get("ENT-002")
    values = params_in_force(rule) if rule else {}
    return {stage: int(values[name]) for stage, name in TARGET_PARAMS.items() if name in values}


@dataclass
class Step:
    milestone: Milestone
    stage: str
    stage_label: str
    started: date
    reached: date | None
    elapsed: int
    target: int | None

    @property
    def over(self) -> bool:
        return self.target is not None and self.elapsed > self.target

    @property
    def holding(self) -> bool:
        """Still open and past its target: the holding department is holding the project up."""
        return self.reached is None and self.over


@dataclass
class Timeline:
    project: Project
    steps: list[Step]
    current: str
    current_label: str
    total_days: int

    @property
    def held_by(self) -> list[Step]:
        return [s for s in self.steps if s.holding]


def timeline(project: Project, today: date | None = None, target_days: dict | None = None) -> Timeline:
    today = today or timezone.localdate()
    target_days = targets() if target_days is None else target_days
    steps = []
    for m in project.milestones.select_related("department", "approval_case").all():
        started, reached = m.dates()
        steps.append(Step(m, m.stage, str(Stage(m.stage).label), started, reached, ((reached or today) - started).days,
                          target_days.get(m.stage)))
    steps.sort(key=lambda s: (STAGE_ORDER.index(s.stage), s.started, s.milestone.pk))
    open_steps = [s for s in steps if s.reached is None]
    if open_steps:
        current = open_steps[0].stage
    else:
        current = steps[-1].stage if steps else Stage.SIGNING
    done = current == Stage.PRODUCTION and not open_steps
    last = max((s.reached for s in steps if s.reached), default=project.signed_on)
    return Timeline(project, steps, current, str(Stage(current).label),
                    ((last if done else today) - project.signed_on).days)
