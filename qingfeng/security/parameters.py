"""Policy numbers of login security (等保 2.0 第三级 身份鉴别 and 安全审计): each with a default, a unit and its basis.

The value in force is, in order: the security administrator's setting (``PolicySetting``, changed through
``security.actions.set_policy`` and ledgered), ``settings.QINGFENG[name]``, the default. Read at call time.
"""

from dataclasses import dataclass

from django.conf import settings

from qingfeng.core.models import Role


@dataclass(frozen=True)
class Parameter:
    name: str
    default: object
    unit: str
    basis: str
    minimum: int | None = None
    maximum: int | None = None

    def value(self):
        from .models import PolicySetting

        row = PolicySetting.objects.filter(name=self.name).values_list("value", flat=True).first()
        if row is not None:
            return row
        return settings.QINGFENG.get(self.name, self.default)

    def check(self, value) -> int:
        """The value as an integer within bounds, or ValueError with the reason in Chinese."""
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} 须为整数") from None
        if self.minimum is not None and number < self.minimum:
            raise ValueError(f"{self.name} 不得小于 {self.minimum}")
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"{self.name} 不得大于 {self.maximum}")
        return number


PASSWORD_MIN_LENGTH = Parameter(
    "PASSWORD_MIN_LENGTH", 10, "character",
    "GB/T 22239-2019 8.1.4.1 a) 鉴别信息具有复杂度要求；测评实践中第三级一般要求 8 位以上，此处取 10。", 8, 64)
PASSWORD_MIN_CLASSES = Parameter(
    "PASSWORD_MIN_CLASSES", 3, "character class (upper, lower, digit, symbol)",
    "复杂度要求：大写字母、小写字母、数字、符号四类中至少三类（等保测评常用口径）。", 1, 4)
PASSWORD_HISTORY = Parameter(
    "PASSWORD_HISTORY", 5, "password",
    "定期更换不得回到最近用过的口令，否则“更换”形同虚设；不得与最近 N 次口令相同。", 0, 24)
PASSWORD_MAX_AGE_DAYS = Parameter(
    "PASSWORD_MAX_AGE_DAYS", 90, "calendar day",
    "GB/T 22239-2019 8.1.4.1 a) 鉴别信息“定期更换”；到期后登录须先改密（0 表示不强制，最长 365，同 RuoYi 口径）。", 0, 365)
LOCKOUT_FAILURES = Parameter(
    "LOCKOUT_FAILURES", 5, "failed attempt",
    "GB/T 22239-2019 8.1.4.1 b) 登录失败处理：限制非法登录次数。5 次为 RuoYi 等框架与测评常用默认值。", 3, 20)
LOCKOUT_WINDOW_MINUTES = Parameter(
    "LOCKOUT_WINDOW_MINUTES", 10, "minute",
    "连续失败的统计窗口：窗口内失败达到次数即锁定。", 1, 1440)
LOCKOUT_MINUTES = Parameter(
    "LOCKOUT_MINUTES", 10, "minute",
    "锁定时长（RuoYi lockTime 默认 10 分钟）；期满自动解锁，期间安全管理员可手工解锁。0 表示只能由安全管理员解锁。", 0, 10080)
TOTP_REQUIRED_ROLES = Parameter(
    "TOTP_REQUIRED_ROLES",
    (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.SUPERVISOR),
    "role",
    "GB/T 22239-2019 8.1.4.1 d) 两种以上鉴别技术组合，其中一种使用密码技术：三员与纪检监察人员（特权角色）必须使用动态口令（TOTP），其他人员可自愿开通。")
PENDING_LOGIN_SECONDS = Parameter(
    "PENDING_LOGIN_SECONDS", 300, "second",
    "口令正确后输入动态口令的时限；超时须重新输入口令。", 60, 1800)
LOGIN_RECORD_RETENTION_DAYS = Parameter(
    "LOGIN_RECORD_RETENTION_DAYS", 180, "calendar day",
    "《网络安全法》第二十一条（三）：网络日志留存不少于六个月。在线保留期满后由 qingfeng logs archive 归档。", 180, 3650)
IMPORT_UPLOAD_MAX_BYTES = Parameter(
    "IMPORT_UPLOAD_MAX_BYTES", 200 * 1024 * 1024, "byte",
    "网页上传导入文件的上限，防止以上传耗尽磁盘与内存；更大的文件由服务器上的 qingfeng import 导入。")

EDITABLE = (PASSWORD_MIN_LENGTH, PASSWORD_MIN_CLASSES, PASSWORD_HISTORY, PASSWORD_MAX_AGE_DAYS, LOCKOUT_FAILURES,
            LOCKOUT_WINDOW_MINUTES, LOCKOUT_MINUTES, LOGIN_RECORD_RETENTION_DAYS)
ALL = (*EDITABLE, TOTP_REQUIRED_ROLES, PENDING_LOGIN_SECONDS, IMPORT_UPLOAD_MAX_BYTES)
BY_NAME = {p.name: p for p in ALL}
