"""Who may do what among the three administrators (三员分立). None of these roles sees business data
(core.policies gives them no data scope); each works through its own pages and everything it does is
ledgered. A string actor is trusted code (the CLI, a scheduled task)."""

from qingfeng.core.models import Role
from qingfeng.core.policies import has_role

from . import parameters


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def manages_accounts(user) -> bool:
    """系统管理员: creates, disables and re-enables accounts; system configuration (calendar) in the console."""
    return is_system(user) or has_role(user, Role.SYSTEM_ADMIN)


def sets_security(user) -> bool:
    """安全管理员: security policy, role grants, unlocking accounts, resetting second factors."""
    return is_system(user) or has_role(user, Role.SECURITY_ADMIN)


def reads_logs(user) -> bool:
    """审计管理员 reads every log and the ledger; the security administrator reads the login records too
    (to decide on an unlock). Neither can change or delete a record: there is no code path that does."""
    return is_system(user) or has_role(user, Role.AUDIT_ADMIN, Role.SECURITY_ADMIN)


def second_factor_required(user) -> bool:
    return has_role(user, *parameters.TOTP_REQUIRED_ROLES.value())


def sees_accounts(user) -> bool:
    return manages_accounts(user) or sets_security(user)
