"""The Dutch catalogue ships complete, its compiled form matches it, and it is the one
the site uses."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_every_dutch_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    assert len(catalogue) > 100
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    for entry in catalogue:
        # Placeholders must survive translation, or formatting raises at run time.
        # A plural form is held to the English plural, the singular to the singular.
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if index == 0 else entry.msgid_plural, translated)
                for index, translated in sorted(entry.msgstr_plural.items())
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for original, translated in pairs:
            for placeholder in ("%(", "{"):
                assert original.count(placeholder) == translated.count(placeholder), entry.msgid


def test_compiled_catalogue_matches_the_source():
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO)).translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(PO.with_suffix(".mo")))}
    compiled.pop((None, ""), None)
    assert compiled == source


def test_the_running_site_speaks_the_catalogue():
    """What Django loads (LOCALE_PATHS, the compiled file) is this catalogue, ahead of
    the Dutch of Django and Wagtail for the same words."""
    catalogue = polib.pofile(str(PO))
    with translation.override("nl"):
        for entry in catalogue.translated_entries():
            if entry.msgid_plural:
                continue
            if entry.msgctxt:
                assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
            else:
                assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid
