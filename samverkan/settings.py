"""Settings come from the environment (SAMVERKAN_*, DATABASE_URL) with safe local defaults."""

import datetime
import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.management.utils import get_random_secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("SAMVERKAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def _secret_key() -> str:
    """Use SAMVERKAN_SECRET_KEY; otherwise one generated once and kept under var/."""
    key = os.environ.get("SAMVERKAN_SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = get_random_secret_key()
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("SAMVERKAN_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SAMVERKAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("SAMVERKAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    # Django's own apps first: their post_migrate (permissions) runs before ours.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "samverkan.accounts",
    "samverkan.audit",
    "samverkan.structure",
    "samverkan.access",
    "samverkan.meetings",
    "samverkan.documents",
    "samverkan.cases",
    "samverkan.preparation",
    "samverkan.retention",
    "samverkan.costs",
    "samverkan.workload",
    "samverkan.followup",
    "samverkan.importer",
    "samverkan.live",
    "samverkan.reading",
    "samverkan.archive",
    "samverkan.search",
    "samverkan.oparl",
    "samverkan.api",
    "samverkan.publishing",
    "samverkan.core",
    "samverkan.backup",
    "samverkan.generator",
    "axes",
    "mozilla_django_oidc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "samverkan.documents.middleware.RequestSizeLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samverkan.structure.middleware.CollaborationMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The public's pages from a short-lived cache (after the user is known).
    "samverkan.core.pagecache.PageCacheMiddleware",
    "samverkan.core.middleware.PrivateNoStoreMiddleware",
    "samverkan.audit.middleware.AuditActorMiddleware",
    "samverkan.api.middleware.ApiRequestLogMiddleware",
    # A token's repeated reads of the REST API from the same cache, per token.
    "samverkan.core.pagecache.ApiAnswerCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused by django-axes into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"
ASGI_APPLICATION = "samverkan.asgi.application"

# The live meeting tells every screen when something changed through a channel layer:
# in memory within one server process (the default, `make run`), through Redis when
# several app servers run (SAMVERKAN_REDIS_URL, e.g. redis://127.0.0.1:6379/0).
REDIS_URL = os.environ.get("SAMVERKAN_REDIS_URL", "")
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": os.environ.get("SAMVERKAN_CHANNEL_PREFIX", "samverkan"),
            },
        }
        if REDIS_URL
        # channels' in-memory layer, made safe to send on from any thread (live/layers.py).
        else {"BACKEND": "samverkan.live.layers.ThreadSafeInMemoryChannelLayer"}
    )
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samverkan.accounts.context_processors.roles",
                "samverkan.structure.context_processors.collaboration",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'samverkan.sqlite3'}"),
        conn_max_age=int(os.environ.get("SAMVERKAN_CONN_MAX_AGE", "0")),
    )
}
# A closed connection goes back to a pool of the process and the next request takes it:
# opening one costs more than most pages (samverkan/core/db/sqlite3/base.py).
DB_POOL = os.environ.get("SAMVERKAN_DB_POOL", "1") != "0"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the secretariat writes; a busy timeout instead of
    # "database is locked" on concurrent requests.
    DATABASES["default"]["ENGINE"] = "samverkan.core.db.sqlite3"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "pool": DB_POOL,
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the access policy's subqueries give large cost estimates, and compiling them
    # took 2 s on queries that run in 10 ms (a search's access check, measured).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", os.environ.get("SAMVERKAN_PG_OPTIONS", "-c jit=off")
    )
    if DB_POOL:
        # Django's pool (psycopg_pool): a new PostgreSQL connection per request cost
        # 6.7 ms, a pooled one well under one. Connections the live streams hold in their
        # threads count against max_size; a request waits at most `timeout` for one.
        DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 2, "max_size": 20, "timeout": 10}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins while a username+IP is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Staff sign-in by OpenID Connect, when SAMVERKAN_OIDC_CLIENT_ID is set.
    "samverkan.core.oidc.StaffOIDCBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "meetings:my_meetings"
LOGOUT_REDIRECT_URL = "structure:home"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("SAMVERKAN_TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("SAMVERKAN_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    # Files live under var/ by default; any Django storage (e.g. an S3-compatible one from
    # django-storages) can be set with SAMVERKAN_STORAGE_BACKEND and its options as JSON.
    "default": {
        "BACKEND": os.environ.get(
            "SAMVERKAN_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("SAMVERKAN_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("SAMVERKAN_TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("SAMVERKAN_MEDIA_ROOT", VAR_DIR / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# HTTPS: SAMVERKAN_HTTPS=true (behind a proxy that terminates TLS and sets
# X-Forwarded-Proto) turns on the redirect, secure cookies, HSTS and the proxy header;
# each can still be set on its own. `samverkan check --deploy` is clean with it.
HTTPS = env_bool("SAMVERKAN_HTTPS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SAMVERKAN_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SAMVERKAN_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SAMVERKAN_HSTS_SECONDS", str(365 * 24 * 3600 if HTTPS else 0))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SAMVERKAN_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SAMVERKAN_HSTS_PRELOAD", HTTPS)
if env_bool("SAMVERKAN_PROXY_SSL_HEADER", HTTPS):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Pages the public may read are kept this many seconds in each worker's memory and served
# to the next anonymous visitor while nothing has changed (core.pagecache: the audit
# log's head is in the key); 0 turns it off.
SAMVERKAN_PAGE_CACHE_SECONDS = int(os.environ.get("SAMVERKAN_PAGE_CACHE_SECONDS", "10"))

# A live API token's account and audience, and the collaboration a host and path name,
# are kept this many seconds in each worker's memory while nothing is logged
# (audit.selectors.KeptWhileUnchanged); 0 reads them for every request.
SAMVERKAN_KEPT_SECONDS = float(os.environ.get("SAMVERKAN_KEPT_SECONDS", "10"))

# How many requests each worker computes at once: the threads of samverkan.handler, in
# which a request's middleware and view run (more wait in the event loop). Two: mixed
# reads of 16 clients at national scale, two workers on 2 cores, gave SQLite 403–581
# req/s with 8 threads, 651–715 with 4, 645–709 with 2; PostgreSQL 192–384, 291–374 and
# 461–595 (the threads of one worker contend for the interpreter's lock). A slow answer
# (a bundle PDF) holds one of them; the other goes on serving.
SAMVERKAN_THREADS = int(os.environ.get("SAMVERKAN_THREADS", "2"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samverkan-pages",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
    # The API tokens' own answers (core.pagecache.ApiAnswerCacheMiddleware).
    "answers": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samverkan-answers",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

# Content-Security-Policy (django-csp): everything from our own origin, no inline script
# or style (the diagram uses SVG presentation attributes, htmx is a static file).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling (django-axes): after SAMVERKAN_LOGIN_FAILURE_LIMIT failed logins for
# the same username from the same IP, that pair is locked out for
# SAMVERKAN_LOGIN_LOCKOUT_MINUTES; a successful login resets the count.
AXES_ENABLED = env_bool("SAMVERKAN_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = int(os.environ.get("SAMVERKAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("SAMVERKAN_LOGIN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
# Behind reverse proxies the address is taken from X-Forwarded-For (see client_ip).
SAMVERKAN_PROXY_COUNT = int(os.environ.get("SAMVERKAN_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "samverkan.accounts.client_ip.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAMVERKAN_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pikepdf says at INFO that its bridge to qpdf's log is set up.
        "pikepdf": {"level": "WARNING"},
    },
}

# E-mail: by default messages are written to files under var/mail (nothing leaves the
# machine); set SAMVERKAN_EMAIL_HOST to send through an SMTP server.
# The site's own domain: in the Message-ID of every mail (not the machine's hostname,
# RFC 5322 §3.6.4 wants it globally unique) and the default sender's domain. Taken from
# SAMVERKAN_SITE_DOMAIN, else the first named host in ALLOWED_HOSTS.
SAMVERKAN_SITE_DOMAIN = os.environ.get("SAMVERKAN_SITE_DOMAIN", "") or next(
    (
        h.lstrip(".")
        for h in ALLOWED_HOSTS
        if h not in ("*", "") and not h.startswith("[") and not h.replace(".", "").isdigit()
    ),
    "localhost",
)
DEFAULT_FROM_EMAIL = os.environ.get("SAMVERKAN_FROM_EMAIL", f"samverkan@{SAMVERKAN_SITE_DOMAIN}")
# Where the site is reached, for the links in e-mails (scheme, host and port; no path):
# SAMVERKAN_BASE_URL, else https on the site's domain, or the local `make run` address.
SAMVERKAN_BASE_URL = (
    os.environ.get("SAMVERKAN_BASE_URL", "")
    or (
        "http://127.0.0.1:8000"
        if SAMVERKAN_SITE_DOMAIN in ("localhost", "127.0.0.1", "testserver")
        else f"https://{SAMVERKAN_SITE_DOMAIN}"
    )
).rstrip("/")
# Error reports to ADMINS come from here (Django's default is root@localhost).
SERVER_EMAIL = os.environ.get("SAMVERKAN_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("SAMVERKAN_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("SAMVERKAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SAMVERKAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAMVERKAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SAMVERKAN_EMAIL_TLS", False)
# The Date header in Swedish time with its offset (+0100/+0200), not -0000.
EMAIL_USE_LOCALTIME = True
# Every mail through samverkan.mail (the site's domain in its Message-ID), then here.
EMAIL_BACKEND = "samverkan.mail.SiteDomainBackend"
SAMVERKAN_EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"

# Calendar feeds (ICS) hold the meetings of a window of months around today; the notice
# board's RSS and Atom feeds the latest postings. Both bounded, however long the history.
SAMVERKAN_CALENDAR_MONTHS_BACK = int(os.environ.get("SAMVERKAN_CALENDAR_MONTHS_BACK", "12"))
SAMVERKAN_CALENDAR_MONTHS_AHEAD = int(os.environ.get("SAMVERKAN_CALENDAR_MONTHS_AHEAD", "24"))
SAMVERKAN_FEED_ITEMS = int(os.environ.get("SAMVERKAN_FEED_ITEMS", "50"))

# Where the seeds-derived demo data file lives; `samverkan load_demo` reads it.
SAMVERKAN_DEMO_DATA = PACKAGE_DIR / "structure" / "data" / "demo_structure.json"
SAMVERKAN_DEMO_MEETINGS = PACKAGE_DIR / "meetings" / "data" / "demo_meetings.json"
SAMVERKAN_MAX_UPLOAD_BYTES = int(
    os.environ.get("SAMVERKAN_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024))
)
# Uploads are untrusted: a request declaring more than SAMVERKAN_MAX_REQUEST_BYTES is
# refused (413) before its body is read; a zip (DOCX/XLSX) may inflate to at most
# SAMVERKAN_MAX_INFLATED_BYTES; at most SAMVERKAN_MAX_TEXT_CHARS of extracted text is kept
# for search; PDF text is read from at most SAMVERKAN_PDF_MAX_PAGES pages for at most
# SAMVERKAN_PDF_TIME_BUDGET_SECONDS.
SAMVERKAN_MAX_REQUEST_BYTES = int(
    os.environ.get("SAMVERKAN_MAX_REQUEST_BYTES", str(SAMVERKAN_MAX_UPLOAD_BYTES + 1024 * 1024))
)
SAMVERKAN_MAX_INFLATED_BYTES = int(
    os.environ.get("SAMVERKAN_MAX_INFLATED_BYTES", str(50 * 1024 * 1024))
)
SAMVERKAN_MAX_TEXT_CHARS = int(os.environ.get("SAMVERKAN_MAX_TEXT_CHARS", "1000000"))
SAMVERKAN_PDF_MAX_PAGES = int(os.environ.get("SAMVERKAN_PDF_MAX_PAGES", "1000"))
SAMVERKAN_PDF_TIME_BUDGET_SECONDS = float(os.environ.get("SAMVERKAN_PDF_TIME_BUDGET_SECONDS", "10"))
# Form fields without files stay in memory up to 2.5 MB (Django's default, said aloud);
# uploaded files above 2.5 MB go to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
SAMVERKAN_DEMO_CASES = PACKAGE_DIR / "cases" / "data" / "demo_cases.json"

# The PAdES signature of sealed minutes (samverkan.documents.pdf): a PEM certificate and
# its PEM key (optionally encrypted with the passphrase). Unset: a self-signed certificate
# for demo and development, made on first need under VAR_DIR/signering/. `samverkan
# verify` trusts the same certificate.
SAMVERKAN_SIGNING_CERT = os.environ.get("SAMVERKAN_SIGNING_CERT", "")
SAMVERKAN_SIGNING_KEY = os.environ.get("SAMVERKAN_SIGNING_KEY", "")
SAMVERKAN_SIGNING_PASSPHRASE = os.environ.get("SAMVERKAN_SIGNING_PASSPHRASE", "")

# Where the archivist's e-archive export jobs keep their packages (samverkan.archive).
SAMVERKAN_ARCHIVE_DIR = Path(os.environ.get("SAMVERKAN_ARCHIVE_DIR", VAR_DIR / "arkiv"))

# Requests per minute an API token may make (per app server).
SAMVERKAN_API_RATE = int(os.environ.get("SAMVERKAN_API_RATE", "600"))

# --- Staff sign-in through the organisation's identity provider (OpenID Connect) ---------
# Off unless a client id is given. The endpoints come from the provider's metadata
# (/.well-known/openid-configuration). Roles come from the claim SAMVERKAN_OIDC_ROLES_CLAIM,
# mapped by SAMVERKAN_OIDC_ROLE_MAP (JSON: provider's name -> administrator, secretary,
# member or official).
OIDC_RP_CLIENT_ID = os.environ.get("SAMVERKAN_OIDC_CLIENT_ID", "")
SAMVERKAN_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("SAMVERKAN_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("SAMVERKAN_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("SAMVERKAN_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("SAMVERKAN_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("SAMVERKAN_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("SAMVERKAN_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("SAMVERKAN_OIDC_SCOPES", "openid email profile")
OIDC_USE_NONCE = True
SAMVERKAN_OIDC_ROLES_CLAIM = os.environ.get("SAMVERKAN_OIDC_ROLES_CLAIM", "roles")
SAMVERKAN_OIDC_ROLE_MAP = json.loads(os.environ.get("SAMVERKAN_OIDC_ROLE_MAP", "{}"))
