"""Chart data for the dashboard and the portal, in the shape static/web/charts.js draws."""

from django.utils.translation import gettext as _

from qingfeng.alerts.models import Severity

SEVERITY_COLORS = {Severity.BLUE: "#3a78b5", Severity.YELLOW: "#d98b2b", Severity.RED: "#b3261e"}
# Past this many bars a horizontal chart stops being readable; the table below it lists all.
MAX_BARS = 15


def bars(rows: list[dict], label_key: str, value_key: str, limit: int = MAX_BARS) -> dict:
    top = [r for r in rows if r[value_key]][:limit]
    return {"labels": [str(r[label_key]) for r in top], "values": [r[value_key] for r in top]}


def rule_bars(rows: list[dict], limit: int = MAX_BARS) -> dict:
    top = [r for r in rows if r["alerts"]][:limit]
    return {"labels": [rule_label(r["rule_id"], r.get("title")) for r in top], "values": [r["alerts"] for r in top]}


def rule_label(rule_id: str, title: str | None) -> str:
    """"FIN-005 单笔提现超限"; a rule the catalogue does not know is shown by its id alone."""
    return f"{rule_id} {title}" if title and title != rule_id else rule_id


def severity_pie(rows: list[dict]) -> dict:
    shown = [r for r in rows if r["alerts"]]
    return {"labels": [r["label"] for r in shown], "values": [r["alerts"] for r in shown],
            "colors": [SEVERITY_COLORS.get(r["severity"], "#6b7785") for r in shown]}


def trend_lines(rows: list[dict]) -> dict:
    return {"labels": [r["month"] for r in rows],
            "series": [{"name": _("新增预警"), "values": [r["raised"] for r in rows]},
                       {"name": _("销号"), "values": [r["closed"] for r in rows]}]}
