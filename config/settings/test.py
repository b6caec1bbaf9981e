"""Test settings: fast hashing, eager Celery, in-memory e-mail and cache."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
CELERY_RESULT_BACKEND = None
AXES_ENABLED = False
MEDIA_ROOT = BASE_DIR / "var" / "test-uploads"
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///:memory:")}
# Tests read English messages; tests of the Swedish default override this.
LANGUAGE_CODE = "en"
