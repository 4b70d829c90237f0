"""Policy numbers of approvals: the clock's statutory periods, the card moments, the basis ranks a power
needs, upload limits and the SMS backend. Each has a default, a unit and its basis; a deployment overrides
one in ``settings.QINGFENG`` under its name (read at call time).

Thresholds that only a rule uses (back-filling hours, concentration share…) are that rule's parameters
in ``qingfeng/rules/approvals/*/rule.yaml`` instead.
"""

from qingfeng.alerts.parameters import Parameter
from qingfeng.core.deadlines import Unit

NOTICE_WORKDAYS = Parameter(
    "APPROVALS_NOTICE_WORKDAYS", 5, Unit.WORKING_DAY,
    "《行政许可法》第三十二条：申请材料不齐全的，应当当场或者在五日内一次告知申请人需要补正的全部内容，"
    "逾期不告知的，自收到申请材料之日起即为受理（期限以工作日计，第八十二条）。",
)
ACCEPT_WORKDAYS = Parameter(
    "APPROVALS_ACCEPT_WORKDAYS", 5, Unit.WORKING_DAY,
    "补正材料收齐后作出受理决定的期限：按第三十二条同一规则，收齐材料后五日内不作出受理决定的，自收齐之日起视为受理"
    "（“补正后从收齐之日起计算”，mechanisms-cn §0）。",
)
PRELIMINARY_WORKDAYS = Parameter(
    "APPROVALS_PRELIMINARY_WORKDAYS", 20, Unit.WORKING_DAY,
    "《行政许可法》第四十三条：依法应当先经下级行政机关审查后报上级行政机关决定的，下级行政机关应当自受理之日起"
    "二十日内审查完毕并将初步审查意见和全部申请材料直接报送上级行政机关。",
)
DELIVERY_WORKDAYS = Parameter(
    "APPROVALS_DELIVERY_WORKDAYS", 10, Unit.WORKING_DAY,
    "《行政许可法》第四十四条：作出准予行政许可的决定，应当自作出决定之日起十日内向申请人颁发、送达行政许可证件；"
    "在时限内未将结果交付相对人按超时论（mechanisms-cn §1.5）。",
)
PROMPT_WORKDAYS = Parameter(
    "APPROVALS_PROMPT_WORKDAYS", 1, Unit.WORKING_DAY,
    "对承诺办理时限的事项，在到期前一个工作日发出提示信号（mechanisms-cn §1.3）。",
)
YELLOW_WORKDAYS = Parameter(
    "APPROVALS_YELLOW_WORKDAYS", 0, Unit.WORKING_DAY,
    "即将到期发黄色预警信号（成都）：默认在期限前最后一个工作日结束时（只剩到期当日，含其间的周末与节假日）仍未办结即为黄牌；"
    "设为 n 则提前 n 个工作日。",
)
MIN_BASIS_RANK = Parameter(
    "APPROVALS_MIN_BASIS_RANK",
    {
        "licensing": "local_regulation",  # 行政许可法 §14–§17：规章以下不得设定行政许可（省级政府规章的临时许可除外）
        "enforcement": "local_regulation",  # 行政强制法 §10–§11：强制措施由法律、法规设定
        "levy": "administrative_regulation",  # 征收征用须有法律、行政法规依据（立法法 §11、税收征收管理法 §3）
        "penalty": "local_government_rule",  # 行政处罚法 §13–§14：规章可设定警告、通报批评与一定数额罚款
        "default": "local_government_rule",  # 其他类型：至少有规章依据；规范性文件不得设定行政权力
    },
    "rank",
    "权力须有足够位阶的法律依据：行政许可法 §14–§17、行政处罚法 §10–§16、行政强制法 §10–§11；"
    "只有规范性文件依据的事项标注“依据位阶不足”（mechanisms-cn §2：“清单之外无权力”）。",
)
MATERIAL_MAX_BYTES = Parameter(
    "APPROVALS_MATERIAL_MAX_BYTES", 20 * 1024 * 1024, "byte",
    "申请材料单个文件上限，防止以上传耗尽存储。",
)
MATERIAL_EXTENSIONS = Parameter(
    "APPROVALS_MATERIAL_EXTENSIONS", (".pdf", ".jpg", ".jpeg", ".png", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".txt"),
    "file extension",
    "申请材料只接受常见文档与图片格式（含版式文件 OFD），不接受可执行文件。",
)
SMS_BACKEND = Parameter(
    "APPROVALS_SMS_BACKEND", "qingfeng.approvals.sms.LogBackend", "dotted path",
    "短信通道可替换：默认写入日志文件（DATA_DIR/sms.log），接入短信网关时换成实现 send(messages) 的类"
    "（“自动短信通知承办、审批等责任人”，mechanisms-cn §1.3）。",
)

ALL = (NOTICE_WORKDAYS, ACCEPT_WORKDAYS, PRELIMINARY_WORKDAYS, DELIVERY_WORKDAYS, PROMPT_WORKDAYS, YELLOW_WORKDAYS,
       MIN_BASIS_RANK, MATERIAL_MAX_BYTES, MATERIAL_EXTENSIONS, SMS_BACKEND)
