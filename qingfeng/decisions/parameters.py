"""Policy numbers of 三重一大 decisions (mechanisms-cn §5). The major-matter amount is not here: there is no
national figure, so each decision body publishes its own in its catalogue (MajorMatterCatalogue)."""

from qingfeng.alerts.parameters import Parameter
from qingfeng.core.deadlines import Unit

LEGALITY_REVIEW_DAYS = Parameter(
    "DECISIONS_LEGALITY_REVIEW_DAYS", 7, Unit.WORKING_DAY,
    "合法性审查时间一般不少于 7 个工作日；未经合法性审查或经审查不合法的，不得提交讨论"
    "（《重大行政决策程序暂行条例》国务院令第713号 第二十五至二十七条）。",
)
CONSULTATION_DAYS = Parameter(
    "DECISIONS_CONSULTATION_DAYS", 30, Unit.CALENDAR_DAY,
    "公开征求意见期限一般不少于 30 日；因情况紧急等原因需要缩短的，应当予以说明（国务院令第713号 第十五条）。",
)
QUORUM_SHARE = Parameter(
    "DECISIONS_QUORUM_SHARE", 0.5, "share of members (strictly more than)",
    "会议须半数以上组成人员到会方能举行（各地三重一大实施办法，mechanisms-cn §5.2）。",
)
