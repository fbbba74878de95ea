"""Fast settings for the test suite: MD5 hasher, in-memory email, in-process tasks."""

import tempfile

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served by no one in tests; WhiteNoise would warn that none were collected.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405
SITE_ROOT = "http://testserver"
# Prepared files go to a directory of this run's own, removed when it ends.
_MEDIA = tempfile.TemporaryDirectory(prefix="relaudit-media-")
MEDIA_ROOT = _MEDIA.name
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ADMINS = [("Programme admin", "admin@example.org")]
