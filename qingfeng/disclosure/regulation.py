"""The disclosure regulation as data: the articles an exemption or a refusal may cite, the answer types of
依申请公开 and the row of the statutory annual-report table each answer counts in.

Sources: 《中华人民共和国政府信息公开条例》(国务院令第711号, 2019) and the annual-report format of
国办公开办函〔2021〕30号 (mechanisms-cn §8).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Article(models.TextChoices):
    """Grounds for not publishing (主动公开 exemptions and 不予公开 answers alike)."""

    STATE_SECRET = "14-secret", _("第十四条：国家秘密")
    LAW_FORBIDS = "14-law", _("第十四条：法律、行政法规禁止公开")
    SECURITY = "14-security", _("第十四条：公开后可能危及国家安全、公共安全、经济安全、社会稳定")
    THIRD_PARTY = "15", _("第十五条：商业秘密、个人隐私等公开会对第三方合法权益造成损害")
    INTERNAL = "16-internal", _("第十六条第一款：人事管理、后勤管理、内部工作流程等内部事务信息")
    PROCESS = "16-process", _("第十六条第一款：讨论记录、过程稿、磋商信函、请示报告等过程性信息")
    ENFORCEMENT = "16-enforcement", _("第十六条第二款：行政执法案卷信息")


class Decision(models.TextChoices):
    """How a request is answered (第三十六条 and the articles it points to)."""

    DISCLOSE = "disclose", _("予以公开（第三十六条第二项）")
    ALREADY_PUBLIC = "already_public", _("已主动公开，告知获取途径（第三十六条第一项）")
    PARTIAL = "partial", _("部分公开（第三十七条）")
    REFUSE = "refuse", _("不予公开（第三十六条第三项，须引用条款）")
    NOT_EXIST = "not_exist", _("信息不存在（第三十六条第四项）")
    NOT_THIS_AGENCY = "not_this_agency", _("非本机关负责公开（第三十六条第五项）")
    NEEDS_CREATION = "needs_creation", _("需另行制作或加工分析（第三十八条）")
    UNCLEAR = "unclear", _("补正后申请内容仍不明确（第三十条）")
    PETITION = "petition", _("信访、举报、投诉类申请（第三十九条第一款）")
    REPEAT = "repeat", _("重复申请（第三十六条第六项）")
    PUBLICATION = "publication", _("要求提供公开出版物（第三十九条第二款）")
    MASS_REPEAT = "mass_repeat", _("无正当理由大量、反复申请（第三十五条）")
    SPECIAL_LAW = "special_law", _("依照特别规定办理（第三十六条第七项）")
    CORRECTION_LAPSED = "correction_lapsed", _("逾期不补正，视为放弃（第三十条）")
    FEE_UNPAID = "fee_unpaid", _("逾期未缴纳信息处理费（第四十二条）")
    WITHDRAWN = "withdrawn", _("申请人撤回")


# The rows of table 三(三)–(六) of the annual report; a refusal counts in the row of its article.
REPORT_ROWS = [
    ("disclosed", _("（一）予以公开")),
    ("partial", _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    ("refuse:14-secret", _("（三）不予公开 1.属于国家秘密")),
    ("refuse:14-law", _("（三）不予公开 2.其他法律行政法规禁止公开")),
    ("refuse:14-security", _("（三）不予公开 3.危及“三安全一稳定”")),
    ("refuse:15", _("（三）不予公开 4.保护第三方合法权益")),
    ("refuse:16-internal", _("（三）不予公开 5.属于三类内部事务信息")),
    ("refuse:16-process", _("（三）不予公开 6.属于四类过程性信息")),
    ("refuse:16-enforcement", _("（三）不予公开 7.属于行政执法案卷")),
    ("unable:not_held", _("（四）无法提供 1.本机关不掌握相关政府信息")),
    ("unable:needs_creation", _("（四）无法提供 2.没有现成信息需要另行制作")),
    ("unable:unclear", _("（四）无法提供 3.补正后申请内容仍不明确")),
    ("ignored:petition", _("（五）不予处理 1.信访举报投诉类申请")),
    ("ignored:repeat", _("（五）不予处理 2.重复申请")),
    ("ignored:publication", _("（五）不予处理 3.要求提供公开出版物")),
    ("ignored:mass_repeat", _("（五）不予处理 4.无正当理由大量反复申请")),
    ("other:correction_lapsed", _("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")),
    ("other:fee_unpaid", _("（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")),
    ("other:other", _("（六）其他处理 3.其他")),
]


def report_row(decision: str, article: str = "") -> str:
    """The annual-report row an answered request counts in."""
    return {
        Decision.DISCLOSE: "disclosed", Decision.ALREADY_PUBLIC: "disclosed", Decision.PARTIAL: "partial",
        Decision.REFUSE: f"refuse:{article}", Decision.NOT_EXIST: "unable:not_held",
        Decision.NOT_THIS_AGENCY: "unable:not_held", Decision.NEEDS_CREATION: "unable:needs_creation",
        Decision.UNCLEAR: "unable:unclear", Decision.PETITION: "ignored:petition", Decision.REPEAT: "ignored:repeat",
        Decision.PUBLICATION: "ignored:publication", Decision.MASS_REPEAT: "ignored:mass_repeat",
        Decision.CORRECTION_LAPSED: "other:correction_lapsed", Decision.FEE_UNPAID: "other:fee_unpaid",
    }.get(decision, "other:other")


class ApplicantKind(models.TextChoices):
    """The applicant columns of the annual report's table 三."""

    PERSON = "person", _("自然人")
    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    NONPROFIT = "nonprofit", _("社会公益组织")
    LEGAL = "legal", _("法律服务机构")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    """第三十一条: the day a request counts as received depends on how it came."""

    IN_PERSON = "in_person", _("当面提交（提交之日）")
    REGISTERED_MAIL = "registered_mail", _("邮寄（签收之日）")
    MAIL = "mail", _("平常信函（双方确认之日）")
    ONLINE = "online", _("互联网渠道（双方确认之日）")
    FAX = "fax", _("传真（双方确认之日）")
