"""The language manifest and what the app tells a counsellor before printing."""

from __future__ import annotations

import json

import pytest

from counsel_app.i18n import DOCUMENT_LANGUAGES, set_interface_language
from counsel_app.i18n import languages as L
from counsel_app.i18n.names import script_direction


def test_manifest_lists_the_seventeen_document_languages():
    codes = [info.code for info in L.document_languages()]
    assert codes == ["en", "fr", "es", "ar", "fa_AF", "ps", "ru", "uk", "am", "ti", "so",
                     "bn", "ur", "ka", "hy", "ckb", "sq"]
    assert tuple(codes) == DOCUMENT_LANGUAGES
    # the four added for Georgia, Armenia, Iraqi Kurdistan and Albania are honest drafts
    for code in ("ka", "hy", "ckb", "sq"):
        assert L.catalog_state(code) == L.PARTIAL
    assert [i.code for i in L.interface_languages()] == ["en", "fr", "es", "ar"]


def test_nothing_claims_a_native_review_nobody_did():
    for info in L.manifest().values():
        for domain, state in info.catalogs.items():
            assert state in L.STATES
            if state == L.COMPLETE_REVIEWED:  # only with a named native reviewer
                assert info.reviewed_by, f"{info.code}/{domain} reviewed by whom?"


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


def _fake_translations(tmp_path, monkeypatch, states: dict[str, str], po: dict[str, str]):
    """A translations folder with a manifest (``states``) and documents catalogs (``po``)."""
    root = tmp_path / "translations"
    languages = {"en": {"name": "English", "script": "Latn", "direction": "ltr",
                        "roles": ["documents"], "catalogs": {"documents": "source"},
                        "translated_by": "source"}}
    for code, state in states.items():
        languages[code] = {"name": code, "script": "Latn", "direction": "ltr",
                           "roles": ["documents"], "catalogs": {"documents": state},
                           "translated_by": "x"}
    for code, body in po.items():
        path = root / code / "LC_MESSAGES" / "documents.po"
        path.parent.mkdir(parents=True)
        path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                        + body, encoding="utf-8")
    root.mkdir(exist_ok=True)
    (root / "languages.json").write_text(json.dumps({"source": "en", "languages": languages}),
                                         encoding="utf-8")
    monkeypatch.setattr(L, "translations_dir", lambda: root)
    L.reload_manifest()


@pytest.fixture
def restore_manifest():
    yield
    L.reload_manifest()


def test_a_partial_language_says_parts_print_in_english_and_is_not_printable_alone(
        tmp_path, monkeypatch, restore_manifest):
    _fake_translations(tmp_path, monkeypatch, {"ps": "partial", "fr": "complete"}, {
        "ps": 'msgid "Plan"\nmsgstr "پلان"\n\nmsgid "Name"\nmsgstr ""\n',
        "fr": 'msgid "Plan"\nmsgstr "Plan"\n\nmsgid "Name"\nmsgstr "Nom"\n',
    })
    advice = L.print_advice("ps")
    assert advice.state == L.PARTIAL
    assert advice.warn and not advice.printable_alone
    assert "Pashto" in advice.message and "English" in advice.message
    assert advice.bilingual_with == ("en", "fr")
    assert L.print_advice("ps", prefer=("fr",)).bilingual_with == ("fr", "en")


def test_english_source_needs_no_warning():
    advice = L.print_advice("en")
    assert not advice.warn and advice.message == "" and advice.printable_alone


def test_a_catalog_declared_complete_but_missing_strings_is_reported_partial(
        tmp_path, monkeypatch, restore_manifest):
    """New strings arrived and nobody translated them: the app must not call it complete."""
    _fake_translations(tmp_path, monkeypatch, {"fr": "complete"}, {
        "fr": 'msgid "Plan"\nmsgstr "Plan"\n\nmsgid "New string"\nmsgstr ""\n'})
    assert L.language("fr").declared_state() == L.COMPLETE
    assert L.catalog_state("fr") == L.PARTIAL
    assert L.catalog_progress("fr") == (1, 2)
    assert not L.print_advice("fr").printable_alone


def test_display_name_shows_the_native_name_beside_the_interface_name():
    set_interface_language("fr")
    assert L.language("fa_AF").display_name() == "Dari — دری"
    assert L.language("fr").display_name() == "Français"
    assert L.language("ti").display_name("en") == "Tigrinya — ትግርኛ"


def test_unknown_document_language_is_refused():
    with pytest.raises(KeyError):
        L.print_advice("de")
