"""Policy numbers of the alert life cycle: each with a default, a unit and the reason it has that value.

A deployment overrides a value in ``settings.QINGFENG`` under the parameter's name; the value is read at
call time, never at import time.
"""

from dataclasses import dataclass

from django.conf import settings

from qingfeng.core.deadlines import Unit


@dataclass(frozen=True)
class Parameter:
    name: str
    default: object
    unit: str
    basis: str

    def value(self):
        return settings.QINGFENG.get(self.name, self.default)


ANSWER_DEADLINE_DAYS = Parameter(
    "ALERT_ANSWER_DEADLINE_DAYS", 10, Unit.WORKING_DAY,
    "预警答复期限默认值（规则的 answer_deadline 优先）。期限以工作日计，不含法定节假日，"
    "参照《行政许可法》第八十二条、《行政强制法》第六十九条“十日以内期限指工作日”的计日规则。",
)
ESCALATION_DEADLINE_DAYS = Parameter(
    "ALERT_ESCALATION_DEADLINE_DAYS", 5, Unit.WORKING_DAY,
    "逾期升级督办后的再次答复期限：督查督办实践中“到期催办”后限期反馈（mechanisms-cn §9），本地可调。",
)
FALLBACK_DEPARTMENT = Parameter(
    "ALERT_FALLBACK_DEPARTMENT", "", "department code",
    "无法按部门编码路由的预警交由纪检监察机关（监督机构）分办；留空时交由部门树的根部门。",
)
ATTACHMENT_MAX_BYTES = Parameter(
    "ALERT_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024, "byte",
    "整改佐证材料单个附件上限，防止以上传耗尽存储。",
)
ATTACHMENT_EXTENSIONS = Parameter(
    "ALERT_ATTACHMENT_EXTENSIONS",
    (".pdf", ".jpg", ".jpeg", ".png", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".txt"),
    "file extension",
    "佐证材料只接受常见文档与图片格式（含版式文件 OFD），不接受可执行文件。",
)
EVIDENCE_ROWS_SHOWN = Parameter(
    "ALERT_EVIDENCE_ROWS_SHOWN", 500, "row",
    "详情页与 API 展示的证据明细行数上限；完整明细保存在筛查发现中。",
)

ALL = (ANSWER_DEADLINE_DAYS, ESCALATION_DEADLINE_DAYS, FALLBACK_DEPARTMENT, ATTACHMENT_MAX_BYTES,
       ATTACHMENT_EXTENSIONS, EVIDENCE_ROWS_SHOWN)
