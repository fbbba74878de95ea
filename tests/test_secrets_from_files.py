"""Secrets can be read from files, as container platforms mount them: SECRET_KEY_FILE,
DATABASE_URL_FILE and EMAIL_HOST_PASSWORD_FILE; a clear error when both ways are used."""

import os
import subprocess
import sys

from tests.processes import ROOT

SHOW = (
    "from django.conf import settings; "
    "print(settings.SECRET_KEY); print(settings.DATABASES['default']['NAME']); "
    "print(settings.EMAIL_HOST_PASSWORD)"
)


def settings_with(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "DATABASE"))}
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "relaudit.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secrets_are_read_from_the_files_named(tmp_path):
    (tmp_path / "key").write_text("a-key-from-a-mounted-file\n")
    (tmp_path / "db").write_text("postgres://app:pw@db.internal:5432/relaudit_prod\n")
    (tmp_path / "mail").write_text("smtp-password\n")
    shown = settings_with(
        SECRET_KEY_FILE=str(tmp_path / "key"),
        DATABASE_URL_FILE=str(tmp_path / "db"),
        EMAIL_HOST_PASSWORD_FILE=str(tmp_path / "mail"),
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "a-key-from-a-mounted-file",
        "relaudit_prod",
        "smtp-password",
    ]


def test_a_secret_given_both_ways_is_refused_with_a_clear_message(tmp_path):
    (tmp_path / "key").write_text("from-a-file")
    shown = settings_with(SECRET_KEY="from-the-environment", SECRET_KEY_FILE=str(tmp_path / "key"))
    assert shown.returncode != 0
    assert "Set SECRET_KEY or SECRET_KEY_FILE, not both" in shown.stderr


def test_an_unreadable_secret_file_is_named_in_the_error(tmp_path):
    shown = settings_with(SECRET_KEY_FILE=str(tmp_path / "missing"))
    assert shown.returncode != 0
    assert "SECRET_KEY_FILE" in shown.stderr and "cannot be read" in shown.stderr
