"""Policy numbers of 双随机、一公开 (mechanisms-cn §7)."""

from qingfeng.alerts.parameters import Parameter
from qingfeng.core.deadlines import Unit

INSPECTORS_PER_TARGET = Parameter(
    "INSPECTIONS_INSPECTORS_PER_TARGET", 2, "inspector",
    "每个检查对象随机匹配不少于 2 名执法检查人员（国办发〔2015〕58号；行政处罚法第四十二条：执法人员不得少于两人）。",
)
PUBLISH_DAYS = Parameter(
    "INSPECTIONS_PUBLISH_DAYS", 20, Unit.WORKING_DAY,
    "抽查检查结果自形成之日起 20 个工作日内公示（《企业信息公示暂行条例》第六条、第十条；“谁检查、谁录入、谁公开”）。",
)
EXCLUDE_LAST_INSPECTOR = Parameter(
    "INSPECTIONS_EXCLUDE_LAST_INSPECTOR", True, "bool",
    "上一次检查过同一对象的人员本次回避，避免固定搭配（各地双随机抽查细则的回避规定）。",
)
