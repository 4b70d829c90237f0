"""Answer letters (政府信息公开申请答复书), one template per answer type. A refusal quotes the article it
rests on; every letter tells the applicant the remedies (第五十一条: 行政复议 or 行政诉讼)."""

from django.utils import timezone

from .regulation import Article, Decision

HEAD = "{number}号\n\n{applicant}：\n\n本机关于{received}收到您提出的政府信息公开申请，申请获取“{subject}”。经审查，现答复如下：\n\n"
REMEDY = ("\n\n如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"
          "\n\n{agency}\n{today}")

BODIES = {
    Decision.DISCLOSE: "您申请的政府信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，"
                       "现将该信息提供给您（见附件）。{fee_line}",
    Decision.ALREADY_PUBLIC: "您申请的政府信息已经主动公开，根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，"
                             "您可以通过本机关门户网站“政府信息公开”栏目或清风公开平台获取。",
    Decision.PARTIAL: "您申请的政府信息中含有不应当公开的内容（{article}），但能够作区分处理。根据《中华人民共和国政府信息公开条例》"
                      "第三十七条的规定，现向您提供可以公开的部分，不予公开的部分已作遮盖处理。{fee_line}",
    Decision.REFUSE: "您申请的政府信息属于{article}规定的情形。根据《中华人民共和国政府信息公开条例》第三十六条第（三）项的规定，"
                     "本机关决定不予公开。",
    Decision.NOT_EXIST: "经检索，本机关未制作或者获取您申请的政府信息。根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，"
                        "告知您该政府信息不存在。",
    Decision.NOT_THIS_AGENCY: "您申请的政府信息不属于本机关负责公开。根据《中华人民共和国政府信息公开条例》第三十六条第（五）项的规定，"
                              "建议您向{other}咨询。",
    Decision.NEEDS_CREATION: "您申请的信息需要本机关对现有政府信息进行加工、分析后才能形成。根据《中华人民共和国政府信息公开条例》"
                             "第三十八条的规定，本机关不予提供。",
    Decision.UNCLEAR: "本机关已于{corrected}告知您补正申请，补正后申请内容仍不明确，无法确定您所指向的政府信息。根据《中华人民共和国"
                      "政府信息公开条例》第三十条的规定，本机关无法提供。",
    Decision.PETITION: "您提出的申请实为信访、投诉、举报事项。根据《中华人民共和国政府信息公开条例》第三十九条第一款的规定，"
                       "本机关不作为政府信息公开申请处理，请您通过信访、12345 热线等相应渠道提出。",
    Decision.REPEAT: "本机关已就您提出的相同申请作出答复。根据《中华人民共和国政府信息公开条例》第三十六条第（六）项的规定，不予重复处理。",
    Decision.PUBLICATION: "您申请获取的是公开出版物。根据《中华人民共和国政府信息公开条例》第三十九条第二款的规定，"
                          "您可以通过公开发行渠道获取。",
    Decision.MASS_REPEAT: "您申请公开政府信息的数量、频次明显超过合理范围，且未说明正当理由。根据《中华人民共和国政府信息公开条例》"
                          "第三十五条的规定，本机关不予处理。",
    Decision.SPECIAL_LAW: "您申请的信息属于有关法律、行政法规对信息获取有特别规定的情形。根据《中华人民共和国政府信息公开条例》"
                          "第三十六条第（七）项的规定，请依照相关规定办理。",
    Decision.CORRECTION_LAPSED: "本机关已于{corrected}告知您补正申请，您无正当理由逾期未补正。根据《中华人民共和国政府信息公开条例》"
                                "第三十条的规定，视为您放弃申请，本机关不再处理该申请。",
    Decision.FEE_UNPAID: "本机关已向您发出收费通知，您逾期未缴纳信息处理费。根据《政府信息公开信息处理费管理办法》的规定，"
                         "本机关不再处理该申请。",
    Decision.WITHDRAWN: "您已撤回该申请，本机关终止办理。",
}


def _date(dt) -> str:
    return f"{timezone.localtime(dt):%Y年%-m月%-d日}" if dt else ""


def render(req, decision: str, *, article: str = "", other_agency: str = "", fee=None, at=None) -> str:
    """The letter for ``req`` answered as ``decision`` (the applicant's name is addressed by title only)."""
    article_text = f"《中华人民共和国政府信息公开条例》{Article(article).label}" if article else ""
    fee_line = f"依照《政府信息公开信息处理费管理办法》，本次应缴纳信息处理费 {fee} 元。" if fee else ""
    body = BODIES[decision].format(article=article_text, other=other_agency or "相关行政机关", fee_line=fee_line,
                                   corrected=_date(req.correction_asked_at))
    head = HEAD.format(number=req.number, applicant="申请人", received=_date(req.received_at),
                       subject=req.description[:120])
    return head + body + REMEDY.format(agency=req.department.name, today=_date(at or timezone.now()))
