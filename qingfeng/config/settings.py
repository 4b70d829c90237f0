"""Django settings. Everything deployment-specific comes from environment variables (QINGFENG_*)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent  # the qingfeng package
REPO_DIR = BASE_DIR.parent

DATA_DIR = Path(os.environ.get("QINGFENG_DATA_DIR", REPO_DIR / "var")).resolve()
WAREHOUSE_DIR = DATA_DIR / "warehouse"

# A development key is generated per data directory, so no secret lives in the repository.
def _secret_key() -> str:
    if os.environ.get("QINGFENG_SECRET_KEY"):
        return os.environ["QINGFENG_SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("QINGFENG_DEBUG", "0") == "1"
PRODUCTION = os.environ.get("QINGFENG_PRODUCTION", "0") == "1"
ALLOWED_HOSTS = os.environ.get("QINGFENG_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "qingfeng.core",
    "qingfeng.records",
    "qingfeng.screening",
    "qingfeng.alerts",
    "qingfeng.disclosure",
    "qingfeng.tickets",
    "qingfeng.oversight",
    "qingfeng.people",
    "qingfeng.approvals",
    "qingfeng.treasury",
    "qingfeng.accountability",
    "qingfeng.reports",
    "qingfeng.land",
    "qingfeng.projects",
    "qingfeng.enterprise",
    "qingfeng.conduct",
    "qingfeng.procurement",
    "qingfeng.web",
    "qingfeng.security",
    "qingfeng.decisions",
    "qingfeng.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "qingfeng.security.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qingfeng.security.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "qingfeng.config.urls"
WSGI_APPLICATION = "qingfeng.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("QINGFENG_DATABASE_URL", "")
    if url.startswith("postgres"):
        from urllib.parse import urlparse

        u = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": u.path.lstrip("/") or "qingfeng",
            "USER": u.username or "postgres",
            "PASSWORD": u.password or "",
            "HOST": u.hostname or "127.0.0.1",
            "PORT": str(u.port or 5432),
        }
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else str(DATA_DIR / "qingfeng.sqlite3")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # WAL lets the web server read while an import writes; IMMEDIATE avoids upgrade deadlocks.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["qingfeng.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Third-party JS comes from npm (package-lock.json), never copied by hand.
STATICFILES_DIRS = [("vendor/echarts", REPO_DIR / "node_modules" / "echarts" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "uploads"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage" if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
SESSION_COOKIE_AGE = int(os.environ.get("QINGFENG_SESSION_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = os.environ.get("QINGFENG_SSL_REDIRECT", "1") == "1"
    # nginx terminates TLS and always sets X-Forwarded-Proto (deploy/nginx/qingfeng.conf).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Qingfeng's own settings: a declarative table, documented in docs/settings.md.
QINGFENG = {
    # Hash algorithm of the ledger chain: "sha256" (default) or "sm3" (商用密码).
    "LEDGER_ALGORITHM": os.environ.get("QINGFENG_LEDGER_ALGORITHM", "sha256"),
    # Screening engine guards.
    "DUCKDB_MEMORY_LIMIT": os.environ.get("QINGFENG_DUCKDB_MEMORY_LIMIT", "4GB"),
    "DUCKDB_THREADS": int(os.environ.get("QINGFENG_DUCKDB_THREADS", "2")),
    "SCREENING_TIMEOUT_SECONDS": int(os.environ.get("QINGFENG_SCREENING_TIMEOUT", "600")),
    # The Spark engine (`qingfeng screen --engine spark`): where it runs, the local driver's memory, shuffle width.
    "SPARK_MASTER": os.environ.get("QINGFENG_SPARK_MASTER", "local[2]"),
    "SPARK_DRIVER_MEMORY": os.environ.get("QINGFENG_SPARK_DRIVER_MEMORY", "2g"),
    "SPARK_SHUFFLE_PARTITIONS": int(os.environ.get("QINGFENG_SPARK_SHUFFLE_PARTITIONS", "8")),
    # From this month-day on, a missing calendar for next year is shown as a dashboard warning.
    "CALENDAR_WARNING_FROM": (11, 1),
    # Code of the department (the supervisory body) that receives alerts whose department code is unknown;
    # empty: the root of the department tree. Other alert parameters: qingfeng/alerts/parameters.py.
    "ALERT_FALLBACK_DEPARTMENT": os.environ.get("QINGFENG_ALERT_FALLBACK_DEPARTMENT", ""),
    # Behind nginx (deploy/nginx), the client address comes from X-Real-IP. Login policy: qingfeng/security/parameters.py.
    "TRUST_X_REAL_IP": os.environ.get("QINGFENG_TRUST_X_REAL_IP", "0") == "1",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("QINGFENG_LOG_LEVEL", "WARNING")},
}
