"""Policy numbers of 督办 tasks (mechanisms-cn §9). The signal thresholds are the rules' parameters
(qingfeng/rules/oversight/*/rule.yaml), read through the screening catalogue so pages and alerts agree."""

from qingfeng.alerts.parameters import Parameter
from qingfeng.core.deadlines import Unit

SIGN_FOR_DAYS = Parameter(
    "OVERSIGHT_SIGN_FOR_DAYS", 1, Unit.WORKING_DAY,
    "交办后 1 个工作日内签收（督查督办“下发通知 → 签收”环节的通行做法）。",
)
YELLOW_DAYS = Parameter(
    "OVERSIGHT_YELLOW_DAYS", 3, Unit.CALENDAR_DAY,
    "距完成时限不超过 3 天亮黄灯（西安市纪委：临近 3 天的事项向全体推送黄灯/红灯）。",
)
FINAL_REPORT_NEEDS_EVIDENCE = Parameter(
    "OVERSIGHT_FINAL_REPORT_NEEDS_EVIDENCE", True, "bool",
    "办结报告须附佐证材料（督查员可据此退办）；阶段性报告不强制，以免“留痕主义”。",
)
