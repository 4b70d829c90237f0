"""Policy numbers of conduct inspections. The re-check interval and the spot-check tolerance are the rules'
parameters (qingfeng/rules/conduct/CND-00x/rule.yaml), read through the screening catalogue."""

from qingfeng.alerts.parameters import Parameter
from qingfeng.core.deadlines import Unit

RECTIFY_DAYS = Parameter(
    "CONDUCT_RECTIFY_DAYS", 15, Unit.WORKING_DAY,
    "明察暗访发现的问题限期整改：各地作风督查通报通行“15 个工作日内整改到位并书面报告”，严重问题可另定。",
)
NAMING_WINDOW_DAYS = Parameter(
    "CONDUCT_NAMING_WINDOW_DAYS", 730, "calendar day",
    "通报页公开最近两年的决定（点名通报的警示作用在于及时；更早的留在档案中，不长期挂网）。",
)
