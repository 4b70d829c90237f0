"""Apps add navigation entries, dashboard panels and portal links through qingfeng.web.extensions; the
shared pages show them to the roles named, grouped into menus, and hide a panel whose context is None."""

import pytest

from qingfeng.core.models import Role
from qingfeng.web import extensions


@pytest.fixture
def registered():
    saved = (list(extensions._registry.nav), list(extensions._registry.panels), list(extensions._registry.portal))
    extensions.add_nav("测试台账", "web:imports", roles=[Role.SUPERVISOR], prefixes=["/imports/x"],
                       group=extensions.GROUP_RESOURCES)
    extensions.add_nav("测试顶栏", "web:alert_list", roles=[Role.SUPERVISOR], prefixes=["/nowhere/"])
    extensions.add_panel("web/includes/panel_figures.html", lambda request: {"title": "测试面板甲"}, roles=[Role.SUPERVISOR])
    extensions.add_panel("web/includes/panel_figures.html", lambda request: None, roles=[Role.SUPERVISOR])
    extensions.add_portal_link("测试公开", "disclosure:ledger", prefix="/portal/ledger/")
    yield
    extensions._registry.nav[:], extensions._registry.panels[:], extensions._registry.portal[:] = saved


def test_registered_entries_appear_in_menus_for_the_roles_named(client_for, registered):
    html = client_for("supervisor").get("/").content.decode()
    assert '<details><summary>公共资源</summary>' in html and "测试台账" in html and "测试顶栏" in html
    assert html.count("测试面板甲") == 1   # the panel whose context is None is hidden
    handler = client_for("handler_a").get("/").content.decode()
    assert "测试台账" not in handler and "测试面板甲" not in handler


@pytest.mark.django_db
def test_registered_portal_links_appear_on_the_public_portal(client, registered):
    html = client.get("/portal/ledger/").content.decode()
    assert "测试公开" in html and 'class="active"' in html


def test_menu_groups_are_translated_when_english_is_chosen(client_for, registered):
    html = client_for("supervisor").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<summary>Public resources</summary>" in html and "Account security" in html
