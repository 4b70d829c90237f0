"""Policy numbers of the wage safeguards the construction gate enforces inline (人社部发〔2021〕65号).
The screening thresholds are the rules' own parameters (qingfeng/rules/projects, rules/wages)."""

from decimal import Decimal

from qingfeng.alerts.parameters import Parameter

DEPOSIT_MIN_RATE = Parameter(
    "WAGE_DEPOSIT_MIN_RATE", Decimal("0.01"), "合同金额的比例",
    "工程建设领域农民工工资保证金规定第七条：按施工合同额（或年度合同额）的 1% 存储，最高不超过 3%，各地确定具体比例。",
)
DEPOSIT_MAX_RATE = Parameter(
    "WAGE_DEPOSIT_MAX_RATE", Decimal("0.03"), "合同金额的比例",
    "同上：存储比例不超过施工合同额的 3%（上一年度有拖欠的可提高，但不超过此上限）。",
)
DEPOSIT_REDUCED_FLOOR = Parameter(
    "WAGE_DEPOSIT_REDUCED_FLOOR", Decimal("0.005"), "合同金额的比例",
    "同上：连续两年无拖欠的降低比例、多项目的合并存储，比例不低于 0.5%。",
)
DEPOSIT_EXEMPT_BELOW = Parameter(
    "WAGE_DEPOSIT_EXEMPT_BELOW", Decimal("3000000"), "元",
    "同上第八条：施工合同额低于 300 万元且上一年度无拖欠的，可免缴（各地可调整起点）。",
)
