"""Policy numbers of ticket handling, each with a default, a unit and where the default comes from
(mechanisms-cn §6). A deployment overrides one in ``settings.QINGFENG`` under its name; values are read at
call time."""

import os
from pathlib import Path

from django.conf import settings

from qingfeng.alerts.parameters import Parameter
from qingfeng.core.deadlines import Unit

TIME_LADDER = Parameter(
    "TICKET_TIME_LADDER",
    {
        "urgent": {"amount": 2, "unit": Unit.NATURAL_HOUR, "extension_ceiling": 0},
        "utilities": {"amount": 24, "unit": Unit.NATURAL_HOUR, "extension_ceiling": 24},
        "consultation": {"amount": 3, "unit": Unit.WORKING_DAY, "extension_ceiling": 2},
        "general": {"amount": 5, "unit": Unit.WORKING_DAY, "extension_ceiling": 10},
        "complex": {"amount": 15, "unit": Unit.WORKING_DAY, "extension_ceiling": 15},
    },
    "rung → {amount, unit, extension_ceiling}",
    "办理时限阶梯：紧急 2 小时、水电气热 24 小时（北京接诉即办实践），咨询 3 个工作日，一般 5 个工作日、"
    "延期不超过 10 个工作日（山东省规定），复杂 15 个工作日（常见 1/3/5/15 工作日阶梯）。自派单时起算。",
)
SIGN_FOR_HOURS = Parameter(
    "TICKET_SIGN_FOR_HOURS", 24, Unit.NATURAL_HOUR,
    "派单后签收时限：“24小时签收率”是三率考核中响应率的组成（准格尔旗等地做法）。",
)
BOUNCE_WINDOW_DAYS = Parameter(
    "TICKET_BOUNCE_WINDOW_DAYS", 2, Unit.WORKING_DAY,
    "错派工单须在派单后 2 个工作日内说明理由退回（山东省规定）；逾期不得退单。",
)
BOUNCES_BEFORE_ARBITRATION = Parameter(
    "TICKET_BOUNCES_BEFORE_ARBITRATION", 1, "次",
    "一个部门可退单一次；第二次退单转入裁定，由派单机构审定承办部门（针对“工单在天上飞”的退单拉锯）。",
)
BAD_FOLLOW_UP_DAYS = Parameter(
    "TICKET_BAD_FOLLOW_UP_DAYS", 1, Unit.WORKING_DAY,
    "差评须在 1 个工作日内回访（浙江省好差评制度）。",
)
BAD_RECTIFY_DAYS = Parameter(
    "TICKET_BAD_RECTIFY_DAYS", 15, Unit.WORKING_DAY,
    "差评须在 15 个工作日内整改（四川省、成都市好差评制度）。",
)
KPI_WEIGHTS = Parameter(
    "TICKET_KPI_WEIGHTS", {"response": 30, "resolution": 35, "satisfaction": 35}, "percent",
    "三率综合得分权重：响应率 30%、解决率 35%、满意率 35%（准格尔旗考核办法）。",
)
ROUTER_MIN_CONFIDENCE = Parameter(
    "TICKET_ROUTER_MIN_CONFIDENCE", 0.55, "probability",
    "分类器把握低于此值时不自动派单，转人工派单（派单准确率约 75% 的教训：宁可人工复核，不要错派）。",
)
DUPLICATE_SIMILARITY = Parameter(
    "TICKET_DUPLICATE_SIMILARITY", 0.45, "Jaccard (char bigrams)",
    "两件诉求的内容相似度（字二元组 Jaccard）达到此值且地点相同，视为同一事项。",
)
DUPLICATE_WINDOW_DAYS = Parameter(
    "TICKET_DUPLICATE_WINDOW_DAYS", 90, Unit.CALENDAR_DAY,
    "在此期间内就同一地点同一事项再次来件，计为重复件（重复投诉率）。",
)
PLACE_RADIUS_METRES = Parameter(
    "TICKET_PLACE_RADIUS_METRES", 150, "metre",
    "两个坐标相距不超过此距离视为同一地点（地址文字不同也算）。",
)
HOTSPOT_MIN_TICKETS = Parameter(
    "TICKET_HOTSPOT_MIN_TICKETS", 3, "件",
    "热点：同一事项同一地点的关联工单达到此数即列入热点。",
)
TIPOFF_DEADLINE_DAYS = Parameter(
    "TIPOFF_DEADLINE_DAYS", 60, Unit.CALENDAR_DAY,
    "举报的办理期限：信访工作条例规定自受理之日起 60 日内办结。",
)
ATTACHMENT_MAX_BYTES = Parameter(
    "TICKET_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, "byte", "群众上传的单个附件上限（手机照片足够）。",
)
ATTACHMENT_EXTENSIONS = Parameter(
    "TICKET_ATTACHMENT_EXTENSIONS", (".jpg", ".jpeg", ".png", ".pdf", ".txt", ".doc", ".docx", ".mp4"), "file extension",
    "只收图片、文档与短视频，不收可执行文件。",
)
OPEN311_JURISDICTION = Parameter(
    "OPEN311_JURISDICTION", "yunchuan.gov.cn", "jurisdiction id",
    "Open311 jurisdiction_id：本系统只服务一个辖区，传入其他辖区返回 404。",
)

ALL = (TIME_LADDER, SIGN_FOR_HOURS, BOUNCE_WINDOW_DAYS, BOUNCES_BEFORE_ARBITRATION, BAD_FOLLOW_UP_DAYS, BAD_RECTIFY_DAYS,
       KPI_WEIGHTS, ROUTER_MIN_CONFIDENCE, DUPLICATE_SIMILARITY, DUPLICATE_WINDOW_DAYS, PLACE_RADIUS_METRES,
       HOTSPOT_MIN_TICKETS, TIPOFF_DEADLINE_DAYS, ATTACHMENT_MAX_BYTES, ATTACHMENT_EXTENSIONS, OPEN311_JURISDICTION)


def router_data_dir() -> Path:
    """Where the labelled citizen messages are: QINGFENG_ROUTER_DATA, else ../shared/data/citizen-messages
    beside the checkout (the data is read there, never copied into the repository)."""
    configured = settings.QINGFENG.get("TICKET_ROUTER_DATA") or os.environ.get("QINGFENG_ROUTER_DATA")
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent.parent / "shared" / "data" / "citizen-messages"
