"""Policy numbers of enterprise service. Stage targets and the visit interval are the rules' parameters
(qingfeng/rules/enterprise/ENT-00x/rule.yaml), read through the screening catalogue so pages and alerts agree."""

from qingfeng.alerts.parameters import Parameter

REQUEST_SERVICE = Parameter(
    "ENTERPRISE_REQUEST_SERVICE", "QT", "ticket service code",
    "企业诉求按工单办理（《优化营商环境条例》第六十二条：建立政企沟通机制，及时解决企业反映的合理问题）；"
    "默认归入“其他”类别，由工单时限阶梯计时，地方可设专门类别。",
)
REQUEST_TIER = Parameter(
    "ENTERPRISE_REQUEST_TIER", "general", "ticket tier",
    "企业诉求默认按“一般”档（5 个工作日）办理：与群众诉求同一时限阶梯，复杂事项派单时可改为“复杂”档。",
)
INDICATOR_DAYS = Parameter(
    "ENTERPRISE_INDICATOR_DAYS", 365, "calendar day",
    "营商环境指标的统计期：最近一年（年度营商环境评价按年度统计）。",
)
