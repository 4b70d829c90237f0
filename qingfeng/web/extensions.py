"""Where a workflow app adds itself to the shared pages without editing them: an entry in the staff
navigation (inside a menu group), a panel on the dashboard, and a link on the public portal.

Apps register from their AppConfig.ready(); the shared templates only loop over what is registered, so a
new app touches none of them. Roles are checked here, and the panel's own context function must still
compute its figures on a scoped queryset (qingfeng.core.policies).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Menu groups of the staff navigation, in display order. An entry with group=None is a top-level item.
GROUP_RESOURCES = _("公共资源")   # procurement, land, investment projects, wages
GROUP_POWER = _("权力运行")       # decisions, random inspections, disclosure, reports
GROUP_CONDUCT = _("作风问责")     # accountability records, conduct inspections, 容错纠错, 学法
GROUP_BUSINESS = _("营商环境")    # enterprise service
GROUP_ORDER = [GROUP_RESOURCES, GROUP_POWER, GROUP_CONDUCT, GROUP_BUSINESS]


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: tuple[str, ...]
    prefixes: tuple[str, ...]   # the entry is active when the path starts with one of these
    group: str | None = None
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A dashboard section: ``template`` is included with ``panel`` bound to ``context(request)``;
    a context of None hides the panel (nothing to show in this user's scope)."""
    template: str
    context: Callable
    roles: tuple[str, ...]
    order: int = 100


@dataclass(frozen=True)
class PortalLink:
    label: str
    url_name: str
    prefix: str
    order: int = 100


@dataclass
class _Registry:
    nav: list[NavEntry] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    portal: list[PortalLink] = field(default_factory=list)


_registry = _Registry()


def _add(items: list, item) -> None:
    if item not in items:   # ready() may run twice in tests; registering is idempotent
        items.append(item)
        items.sort(key=lambda x: x.order)


def add_nav(label, url_name: str, *, roles, prefixes, group=None, order: int = 100) -> None:
    _add(_registry.nav, NavEntry(label, url_name, tuple(roles), tuple(prefixes), group, order))


def add_panel(template: str, context: Callable, *, roles, order: int = 100) -> None:
    _add(_registry.panels, Panel(template, context, tuple(roles), order))


def add_portal_link(label, url_name: str, *, prefix: str, order: int = 100) -> None:
    _add(_registry.portal, PortalLink(label, url_name, prefix, order))


def nav_entries() -> list[NavEntry]:
    return list(_registry.nav)


def panels() -> list[Panel]:
    return list(_registry.panels)


def portal_links() -> list[PortalLink]:
    return list(_registry.portal)
