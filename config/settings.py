"""Django settings. Every value that differs between machines comes from the environment.

SQLite and DEBUG by default so that a fresh checkout just runs; `.env.example` documents every variable.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# The default key is only for development; production must set SECRET_KEY (checked by `check --deploy`).
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "viewflow",
    "viewflow.workflow",
    "notifications",
    "suggestions",
    "workflows",
    "delivery",
    "disclosure",
    "bench",
    "office",
    "followup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "suggestions.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores SELECT ... FOR UPDATE: IMMEDIATE transactions serialise writers instead of
    # letting a loser fail with "database is locked" half-way through a transition.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        # A transition waits at most this long for a row lock, then fails cleanly as a conflict.
        # JIT off: compiling a statistics query cost 1.3 s of its 1.5 s (EXPLAIN ANALYZE, 100,000
        # suggestions); no query here runs long enough to win that back.
        "options",
        "-c lock_timeout=10000 -c idle_in_transaction_session_timeout=60000 -c jit=off",
    )
    DATABASES["default"]["TEST"] = {"NAME": env("PG_TEST_NAME", default="test_suggestions")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "suggestions.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploads live outside the web root and are served only through a permission-checked view.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/files/"
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    # Template fragments that depend only on the code, the URLs, the language and the role
    # (the navigation): kept in each process, never shared, never holding data.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@suggestions.invalid")
# Used only with EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))

# django-notifications-community: keep the extra data (event id, suggestion id) with each notice.
DJANGO_NOTIFICATIONS_CONFIG = {"USE_JSONFIELD": True}
# The library's default, stated so that foreign keys to it (delivery.Delivery) can be migrated.
NOTIFICATIONS_NOTIFICATION_MODEL = "notifications.Notification"

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes "not logged in" a 401 rather than a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "suggestions.api.schema.ApiSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "suggestions.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "auth_token": env("API_LOGIN_RATE", default="10/min"),
        "auth_password": env("API_LOGIN_RATE", default="10/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Deputies' suggestions API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Log in with POST /api/v1/auth/token/ and send `Authorization: Token <token>`. "
        "Errors are JSON {detail, code}: 401 not logged in, 403 not permitted, 404 not visible, "
        "409 not possible in the current `status`, 400 invalid input with per-field `fields`."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI from our own static files (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: it would send the schema's address to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "GradeEnum": "suggestions.models.Grade",
        "SuggestionStatusEnum": "suggestions.models.Status",
        "AssignmentStatusEnum": "suggestions.models.AssignmentStatus",
        "AssignmentRoleEnum": "suggestions.models.AssignmentRole",
        "UserRoleEnum": "suggestions.models.Role",
        "ContactKindEnum": "suggestions.models.Contact.Kind",
        "RequestKindEnum": "suggestions.models.UnitRequest.Kind",
        "HandlingStateEnum": "suggestions.models.UnitRequest.State",
        "GroupKindEnum": "suggestions.models.DeputyGroup.Kind",
        "ResultClassEnum": "suggestions.models.ResultClass",
        "PromiseStateEnum": "suggestions.models.Promise.State",
        "SuggestionActionEnum": "suggestions.actions.SUGGESTION_ACTION_NAMES",
        "AssignmentActionEnum": "suggestions.actions.ASSIGNMENT_ACTION_NAMES",
        "PublicationStateEnum": "disclosure.models.Publication.State",
        "AwardSelectionStateEnum": "disclosure.models.AwardSelection.State",
        "KeyItemStatusEnum": "followup.models.KeyItemStatus",
        "KeyItemKindEnum": "followup.models.KeyItem.Kind",
        "ActivityKindEnum": "followup.models.ActivityKind",
        "ActivityStatusEnum": "followup.models.Activity.State",
        "InvitationAnswerEnum": "followup.models.ActivityParticipant.Answer",
        "SurveyStatusEnum": "followup.models.Survey.State",
    },
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
# Without a broker (the `make run` demo) tasks run in-process; periodic jobs then run from
# `manage.py run_periodic` started by `make run`.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# With a real broker, `celery -A config beat` runs the same pass that `run_periodic` runs.
CELERY_BEAT_SCHEDULE = {
    "delivery-periodic": {"task": "delivery.periodic_pass", "schedule": 60.0},
}

# Delivery and reminders (delivery/). Reminders go this many working days before a due date.
REMINDER_STEPS_WORKDAYS = env.list("REMINDER_STEPS_WORKDAYS", cast=int, default=[7, 3, 1])
# Before the re-assignment request window closes (working days).
REASSIGNMENT_REMINDER_STEPS_WORKDAYS = env.list(
    "REASSIGNMENT_REMINDER_STEPS_WORKDAYS", cast=int, default=[1]
)
# Overdue work is escalated to committee staff after this many working days past due.
ESCALATE_AFTER_WORKDAYS = env.int("ESCALATE_AFTER_WORKDAYS", default=5)
# Local hour from which the day's reminders and unit digests go out.
REMINDER_HOUR = env.int("REMINDER_HOUR", default=8)
# Dotted path of the SMS sender; the default only logs. See delivery/sms.py for the interface.
SMS_BACKEND = env("SMS_BACKEND", default="delivery.sms.LoggingSMSBackend")
DELIVERY_MAX_ATTEMPTS = env.int("DELIVERY_MAX_ATTEMPTS", default=5)
# Absolute links in e-mails and SMS.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Every deadline of DOMAIN.md is a setting with a default and a unit; a session may override any
# of them in its `deadlines` field. Units: "workdays", "days", "months".
SUGGESTION_DEADLINES = {
    "assignment": {"amount": 5, "unit": "workdays"},
    "reassignment_request": {"amount": 5, "unit": "workdays"},
    "co_unit_opinion": {"amount": 1, "unit": "months"},
    "reply": {"amount": 3, "unit": "months"},
    "reply_complex": {"amount": 6, "unit": "months"},
    "extension_cap": {"amount": 3, "unit": "months"},
    "rehandling_reply": {"amount": 1, "unit": "months"},
    "rating": {"amount": 20, "unit": "workdays"},
    "publication": {"amount": 20, "unit": "workdays"},
    # A dispatcher unit (政府办/督查室) forwards to its departments within this time (two-tier).
    "dispatch_forward": {"amount": 3, "unit": "workdays"},
}
# Whether co-signers rate replies too (DOMAIN.md: "by setting").
CO_SIGNERS_RATE = env.bool("CO_SIGNERS_RATE", default=False)
# Follow-through (followup app): survey aggregates are shown to units only over at least this many
# answers; a survey and the ratings "disagree" for a unit when their satisfaction rates differ by
# at least this many points. Promises are reminded like unit deadlines (REMINDER_STEPS_WORKDAYS).
SURVEY_MIN_GROUP = env.int("SURVEY_MIN_GROUP", default=3)
SURVEY_DISAGREEMENT_POINTS = env.int("SURVEY_DISAGREEMENT_POINTS", default=20)
EVIDENCE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Traffic light: yellow when this many working days or fewer remain.
DUE_SOON_WORKDAYS = env.int("DUE_SOON_WORKDAYS", default=7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Security controls (passwords, lock-out, sessions, second factor, audit, encryption, uploads).
from config import settings_security  # noqa: E402

settings_security.apply(globals())
