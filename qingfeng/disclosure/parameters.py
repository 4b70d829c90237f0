"""Policy numbers of disclosure (mechanisms-cn §8), each with a default, a unit and its legal basis.
The overdue rules (qingfeng/rules/disclosure/) read the deadlines stored from these values."""

from qingfeng.alerts.parameters import Parameter
from qingfeng.core.deadlines import Unit

CORRECTION_NOTICE_DAYS = Parameter(
    "DISCLOSURE_CORRECTION_NOTICE_DAYS", 7, Unit.WORKING_DAY,
    "《政府信息公开条例》第三十条：申请内容不明确的，自收到申请之日起 7 个工作日内一次性告知申请人补正；"
    "答复期限自收到补正的申请之日起计算。",
)
THIRD_PARTY_DAYS = Parameter(
    "DISCLOSURE_THIRD_PARTY_DAYS", 15, Unit.WORKING_DAY,
    "第三十二条：第三方自收到征求意见书之日起 15 个工作日内提出意见；逾期未提出的由行政机关依法决定。"
    "第三十三条第三款：征求第三方意见所需时间不计算在答复期限内。",
)
ANSWER_DAYS = Parameter(
    "DISCLOSURE_ANSWER_DAYS", 20, Unit.WORKING_DAY,
    "第三十三条第二款：不能当场答复的，自收到申请之日起 20 个工作日内予以答复。",
)
EXTENSION_DAYS = Parameter(
    "DISCLOSURE_EXTENSION_DAYS", 20, Unit.WORKING_DAY,
    "第三十三条第二款：需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过 20 个工作日。",
)
BUDGET_PUBLISH_DAYS = Parameter(
    "DISCLOSURE_BUDGET_PUBLISH_DAYS", 20, Unit.CALENDAR_DAY,
    "《预算法》第十四条第二款：经本级政府财政部门批复的部门预算、决算及报表，应当在批复后 20 日内由各部门向社会公开，"
    "并对部门预算、决算中机关运行经费的安排、使用情况等重要事项作出说明（含“三公”经费）。",
)
FREE_REQUESTS_PER_MONTH = Parameter(
    "DISCLOSURE_FREE_REQUESTS_PER_MONTH", 10, "request",
    "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）按件计收：同一申请人一个自然月内累计申请 10 件以下（含）的不收费。",
)
PER_REQUEST_TIERS = Parameter(
    "DISCLOSURE_PER_REQUEST_TIERS", ((30, 100), (10, 100)), "(requests, 元 per request)",
    "同一办法：11—30 件（含）的部分每件 100 元；30 件以上的部分以 10 件为一档，每增加一档，收费标准提高 100 元/件。"
    "第一项为 11—30 件一档及其单价，第二项为之后每档件数及每档加价。",
)
PER_PAGE_TIERS = Parameter(
    "DISCLOSURE_PER_PAGE_TIERS", ((30, 0), (100, 10), (200, 20), (None, 40)), "(pages up to, 元 per page)",
    "同一办法按量计收：同一申请人一件申请 30 页以下（含）不收费；31—100 页（含）的部分每页 10 元；"
    "101—200 页（含）的部分每页 20 元；200 页以上的部分每页 40 元。",
)

SANGONG_CLASSES = Parameter(
    "DISCLOSURE_SANGONG_CLASSES",
    {"abroad": ("30212",), "reception": ("30217",), "vehicle_purchase": ("31013",), "vehicle_running": ("30231",)},
    "部门经济分类科目",
    "“三公”经费：因公出国（境）费、公务接待费、公务用车购置及运行费（财政部《政府收支分类科目》302 12 因公出国（境）费用、"
    "302 17 公务接待费、310 13 公务用车购置、302 31 公务用车运行维护费；规则 FIN-013 用同一口径）。",
)
ALL = (CORRECTION_NOTICE_DAYS, THIRD_PARTY_DAYS, ANSWER_DAYS, EXTENSION_DAYS, BUDGET_PUBLISH_DAYS,
       FREE_REQUESTS_PER_MONTH, PER_REQUEST_TIERS, PER_PAGE_TIERS, SANGONG_CLASSES)
