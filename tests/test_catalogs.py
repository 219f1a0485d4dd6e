"""Label catalogs: complete in every locale, and in step with the labels the code and templates use."""

import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT

CATALOGS = ROOT / "briefing" / "locale"
# Every language the package has: a folder with its conventions (language.toml) beside its catalog.
LOCALES = sorted(p.parent.name for p in CATALOGS.glob("*/language.toml"))


def catalog(locale: str):
    with open(CATALOGS / locale / "LC_MESSAGES" / "briefing.po", "rb") as handle:
        return read_po(handle, locale=locale)


def it_has_a_catalog_and_conventions_for_every_language():
    catalogs = sorted(p.parent.parent.name for p in CATALOGS.glob("*/LC_MESSAGES/briefing.po"))
    assert catalogs == LOCALES and {"en", "ja", "ru", "zh", "ko", "fr"} <= set(LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def it_translates_every_label_without_fuzzy_entries(locale):
    entries = [m for m in catalog(locale) if m.id]
    assert entries
    untranslated = [m.id for m in entries if not m.string]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en"])
def it_keeps_placeholders_in_translations(locale):
    import re

    for message in catalog(locale):
        if message.id:
            pattern = r"%\(\w+\)s|\{\w+\}"
            assert sorted(re.findall(pattern, message.id)) == sorted(re.findall(pattern, message.string)), message.id


def it_is_in_step_with_the_labels_in_code_and_templates(tmp_path):
    extracted = tmp_path / "extracted.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-o", str(extracted), str(ROOT)], check=True, capture_output=True, cwd=ROOT)
    with open(extracted, "rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    for locale in LOCALES:
        assert {m.id for m in catalog(locale) if m.id} == wanted, f"run pybabel update for {locale}"
