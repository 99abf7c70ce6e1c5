"""The language manifest and what the app tells a counsellor before printing."""

from __future__ import annotations

import json

import pytest

from counsel_app.i18n import set_interface_language
from counsel_app.i18n import languages as L
from counsel_app.i18n.names import script_direction


def test_manifest_lists_the_thirteen_document_languages():
    codes = [info.code for info in L.document_languages()]
    assert codes == ["en", "fr", "es", "ar", "fa_AF", "ps", "ru", "uk", "am", "ti", "so",
                     "bn", "ur"]
    assert [i.code for i in L.interface_languages()] == ["en", "fr", "es", "ar"]


def test_nothing_claims_a_native_review_nobody_did():
    for info in L.manifest().values():
        for domain, state in info.catalogs.items():
            assert state in L.STATES
            if state == L.COMPLETE_REVIEWED:
                assert info.reviewed_by, f"{info.code}/{domain} reviewed by whom?"
            assert state != L.COMPLETE_REVIEWED, "no native reviewer has checked any catalog yet"


@pytest.mark.parametrize("info", L.manifest().values(), ids=lambda i: i.code)
def test_direction_and_script_agree_with_cldr(info):
    from babel import Locale

    assert info.direction == script_direction(info.code)
    assert Locale.parse(info.code).language == info.code.split("_")[0]  # CLDR knows it
    expected = {"Arab": "rtl"}.get(info.script, "ltr")
    assert info.direction == expected
    assert info.translated_by


def test_a_complete_language_warns_that_it_is_not_reviewed_and_offers_a_bilingual_print():
    set_interface_language("fr")
    advice = L.print_advice("ru", prefer=("fr",))
    assert advice.warn and advice.printable_alone
    assert "russe" in advice.message  # named in the counsellor's language
    assert advice.bilingual_with[0] == "fr"
    assert "en" in advice.bilingual_with and "ru" not in advice.bilingual_with


def test_a_partial_language_says_parts_print_in_english_and_is_not_printable_alone():
    advice = L.print_advice("ps")
    assert advice.state == L.PARTIAL
    assert advice.warn and not advice.printable_alone
    assert "Pashto" in advice.message and "English" in advice.message
    assert advice.bilingual_with[0] == "en"
    assert all(L.catalog_state(c) != L.PARTIAL for c in advice.bilingual_with)


def test_english_source_needs_no_warning():
    advice = L.print_advice("en")
    assert not advice.warn and advice.message == "" and advice.printable_alone


def test_a_catalog_declared_complete_but_missing_strings_is_reported_partial(tmp_path, monkeypatch):
    """New strings arrived and nobody translated them: the app must not call it complete."""
    root = tmp_path / "translations"
    po = root / "fr" / "LC_MESSAGES" / "documents.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Plan"\nmsgstr "Plan"\n\nmsgid "New string"\nmsgstr ""\n',
                  encoding="utf-8")
    (root / "languages.json").write_text(json.dumps({"source": "en", "languages": {
        "en": {"name": "English", "script": "Latn", "direction": "ltr", "roles": ["documents"],
               "catalogs": {"documents": "source"}, "translated_by": "source"},
        "fr": {"name": "French", "script": "Latn", "direction": "ltr", "roles": ["documents"],
               "catalogs": {"documents": "complete"}, "translated_by": "x"},
    }}), encoding="utf-8")
    monkeypatch.setattr(L, "translations_dir", lambda: root)
    L.reload_manifest()
    try:
        assert L.language("fr").declared_state() == L.COMPLETE
        assert L.catalog_state("fr") == L.PARTIAL
        assert L.catalog_progress("fr") == (1, 2)
        assert not L.print_advice("fr").printable_alone
    finally:
        monkeypatch.undo()
        L.reload_manifest()


def test_display_name_shows_the_native_name_beside_the_interface_name():
    set_interface_language("fr")
    assert L.language("fa_AF").display_name() == "Dari — دری"
    assert L.language("fr").display_name() == "Français"
    assert L.language("ti").display_name("en") == "Tigrinya — ትግርኛ"


def test_unknown_document_language_is_refused():
    with pytest.raises(KeyError):
        L.print_advice("de")
