"""Shared fixtures: a department tree, users with roles, the calendar, and Debian's Chromium for e2e."""

import os

import pytest

# Playwright's sync API runs an event loop; Django must still allow the live server's ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Each test gets its own warehouse and upload folders; passwords hash fast (tests only)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATA_DIR = tmp_path / "var"
    settings.WAREHOUSE_DIR = tmp_path / "var" / "warehouse"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "var" / "uploads"}}}
    settings.WAREHOUSE_DIR.mkdir(parents=True)


@pytest.fixture
def calendar_days(db):
    from qingfeng.core.calendar import seed_from_chinesecalendar

    seed_from_chinesecalendar(range(2024, 2027))


@pytest.fixture
def dept_tree(db):
    """市政府 → 财政局 → 国库科, 财政局 → 预算科, 市政府 → 教育局 → 第一中学 (three levels)."""
    from qingfeng.core.actions import create_department

    city = create_department("test", code="000", name="市政府")
    finance = create_department("test", code="100", name="财政局", parent=city)
    treasury = create_department("test", code="101", name="国库科", parent=finance)
    budget = create_department("test", code="102", name="预算科", parent=finance)
    education = create_department("test", code="200", name="教育局", parent=city)
    school = create_department("test", code="201", name="第一中学", parent=education)
    return {"city": city, "finance": finance, "treasury": treasury, "budget": budget, "education": education, "school": school}


@pytest.fixture
def make_user(db):
    """make_user("alice", "handler", "own", dept) → a user linked to a person in ``dept``."""
    from qingfeng.core.actions import create_user
    from qingfeng.core.models import Person

    counter = {"n": 0}

    def make(username, role=None, scope="own", department=None, departments=(), password="Qingfeng-Test-2026"):
        counter["n"] += 1
        person = None
        if department is not None:
            person = Person.objects.create(staff_no=f"T{counter['n']:05d}{username}", name=username, department=department)
        roles = [(role, scope, list(departments))] if role else []
        return create_user("test", username=username, password=password, person=person, roles=roles)

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
