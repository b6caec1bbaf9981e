"""The Swedish catalogue is complete, and Swedish is what a new visitor sees."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

PO = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_swedish_catalogue_has_no_untranslated_or_fuzzy_entries():
    result = subprocess.run(  # noqa: S603 (a fixed command on our own file)
        [shutil.which("msgfmt"), "-c", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
    assert int(re.search(r"(\d+) translated", stats).group(1)) > 100


@pytest.mark.django_db
def test_pages_are_in_swedish_by_default(client, settings):
    settings.LANGUAGE_CODE = "sv"
    html = client.get(reverse("login")).content.decode()
    assert 'lang="sv"' in html
    assert "Logga in" in html


@pytest.mark.django_db
def test_english_is_available(client, settings):
    settings.LANGUAGE_CODE = "sv"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in html
    assert "Sign in" in html
