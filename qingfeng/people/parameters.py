"""Policy numbers of the people app, each with a default, a unit and its basis. A deployment overrides
one in ``settings.QINGFENG`` under its name; values are read at call time, never at import time.

The screening thresholds (months of grace, companions, frequencies…) are rule parameters in
``qingfeng/rules/people/*/rule.yaml``; here are the numbers of the matcher and of access to declarations.
"""

from qingfeng.alerts.parameters import Parameter
from qingfeng.core.models import Role

MATCH_AUTO_THRESHOLD = Parameter(
    "PEOPLE_MATCH_AUTO_THRESHOLD", 0.95, "probability",
    "不带身份证号的候选关联，匹配概率不低于此值即自动关联。取 0.95：演示城市与基准数据上自动关联的准确率 ≥ 0.99"
    "（docs/people.md）；自动关联会直接引发利益冲突预警，宁缺毋滥。",
)
MATCH_REVIEW_THRESHOLD = Parameter(
    "PEOPLE_MATCH_REVIEW_THRESHOLD", 0.50, "probability",
    "匹配概率在此值与自动阈值之间的候选关联进入人工复核队列；低于此值不关联。参照 nomenklatura/Aleph 的"
    "“判断”（judgement）做法：不确定的关联由人确认后才计入（red-flags §5）。",
)
# Match weights (log2 Bayes factors, Fellegi–Sunter style). Set on the demo city and the benchmark's
# variants; a deployment re-estimates them on its own reviewed links.
MATCH_WEIGHTS = Parameter(
    "PEOPLE_MATCH_WEIGHTS",
    {
        "prior": -12.0,          # a random same-name pair is rarely the same person
        "name_exact": 8.0,       # identical normalised name (simplified, half-width, no spaces)
        "name_pinyin": 4.0,      # same pinyin only: homophone typo or romanised spelling
        "birth_match": 9.0, "birth_differ": -12.0,
        "region_match": 5.0, "region_city": 2.0, "region_differ": -3.0,
        "tail_match": 8.0, "tail_differ": -12.0,  # last four characters of a masked ID number
    },
    "log2 likelihood ratio",
    "Fellegi–Sunter 记录链接的对数似然比权重：姓名（规范化后相同 / 仅拼音相同）、出生日期、户籍区划码、"
    "脱敏身份证号末四位；同名人数多时按 log2(同名人数) 扣减（词频调整）。依据：red-flags §5，身份证号优先，"
    "姓名 + 出生日期 + 区划码仅作后备。",
)
DECLARATION_READ_ROLES = Parameter(
    "PEOPLE_DECLARATION_READ_ROLES", (Role.SUPERVISOR,), "role",
    "（要点）《领导干部报告个人有关事项规定》：报告材料由组织（人事）部门按干部管理权限统一保管，纪检监察机关"
    "因工作需要可以查阅。平台中只有纪检监察角色可读，且只限其数据权限内的人员；每次查阅记入台账。",
)
COUNTERPARTY_EVIDENCE_IDS = Parameter(
    "PEOPLE_COUNTERPARTY_EVIDENCE_IDS", 20, "record",
    "每个（部门，企业，来源）在交易对象快照中保留的记录编号个数，作为利益冲突预警的证据明细；"
    "全部明细可在关系页按部门查询。",
)

ALL = (MATCH_AUTO_THRESHOLD, MATCH_REVIEW_THRESHOLD, MATCH_WEIGHTS, DECLARATION_READ_ROLES, COUNTERPARTY_EVIDENCE_IDS)
