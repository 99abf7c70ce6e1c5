"""The translation catalogs a release ships: parse, compile, keep placeholders, are as
complete as the manifest says, and the interface languages are complete."""

from __future__ import annotations

import gettext
import io

import pytest

from counsel_app.i18n import (
    DOCUMENT_LANGUAGES,
    DOCUMENTS_DOMAIN,
    DOMAIN,
    INTERFACE_LANGUAGES,
    compile_po_bytes,
)
from counsel_app.i18n import catalogs
from counsel_app.i18n.languages import (
    COMPLETE,
    COMPLETE_REVIEWED,
    manifest,
)

PO_FILES = catalogs.po_files()


def _id(path):
    return f"{path.parent.parent.name}/{path.stem}"


def test_there_are_catalogs():
    assert len(PO_FILES) >= 15


@pytest.mark.parametrize("po", PO_FILES, ids=_id)
def test_catalog_parses_and_compiles(po):
    mo = compile_po_bytes(po)
    catalog = gettext.GNUTranslations(io.BytesIO(mo))
    assert catalog.info().get("language") == po.parent.parent.name


@pytest.mark.parametrize("po", PO_FILES, ids=_id)
def test_translations_keep_the_source_placeholders(po):
    assert catalogs.placeholder_problems(po) == []


def test_placeholder_check_catches_a_renamed_or_dropped_placeholder(tmp_path):
    po = tmp_path / "xx" / "LC_MESSAGES" / "documents.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Case {reference}"\nmsgstr "Dossier {référence}"\n\n'
        'msgid "{count} file"\nmsgid_plural "{count} files"\n'
        'msgstr[0] "un fichier"\nmsgstr[1] "{count} fichiers"\n\n'
        'msgid "Fine {name}"\nmsgstr "Bien {name}"\n',
        encoding="utf-8",
    )
    import counsel_app.i18n.catalogs as module

    original = module.translations_dir
    module.translations_dir = lambda: tmp_path
    try:
        problems = module.placeholder_problems(po)
    finally:
        module.translations_dir = original
    assert len(problems) == 2
    assert "Case {reference}" in problems[0] and "référence" in problems[0]
    assert "plural form 0" in problems[1]


@pytest.mark.parametrize("lang", [l for l in INTERFACE_LANGUAGES if l != "en"])
def test_interface_language_is_fully_translated(lang):
    done, total = catalogs.stats()[f"{lang}/{DOMAIN}"]
    missing = catalogs.todo(lang, DOMAIN)
    assert done == total, f"{lang}: {total - done} untranslated, e.g. {missing[:5]}"


def _declared_complete():
    return [(info.code, domain) for info in manifest().values()
            for domain, state in info.catalogs.items() if state in (COMPLETE, COMPLETE_REVIEWED)]


@pytest.mark.parametrize("lang,domain", _declared_complete())
def test_catalog_declared_complete_is_fully_translated(lang, domain):
    done, total = catalogs.stats()[f"{lang}/{domain}"]
    missing = catalogs.todo(lang, domain)
    assert done == total, f"{lang}/{domain}: {total - done} untranslated, e.g. {missing[:5]}"


def test_every_language_the_code_offers_has_a_manifest_entry_and_catalogs():
    info = manifest()
    for lang in DOCUMENT_LANGUAGES:
        assert lang in info and "documents" in info[lang].roles
        if lang != "en":
            assert catalogs.po_path(lang, DOCUMENTS_DOMAIN).exists()
    for lang in INTERFACE_LANGUAGES:
        assert "interface" in info[lang].roles
        if lang != "en":
            assert catalogs.po_path(lang, DOMAIN).exists()


def test_check_command_reports_no_problem():
    assert catalogs.check() == []


def test_pot_is_up_to_date_with_the_sources(tmp_path, monkeypatch):
    """Every marked string in the sources is in the committed .pot (else run `extract`).

    Reported as a list so the lead sees which strings to extract and translate."""
    from babel.messages.extract import extract_from_dir

    from counsel_app.paths import bundle_root

    missing = []
    for domain, keywords in catalogs.KEYWORDS.items():
        pot = {m.id if isinstance(m.id, str) else m.id[0]
               for m in catalogs.read_catalog(catalogs.pot_path(domain)) if m.id}
        for folder in catalogs.SOURCE_DIRS:
            if not (bundle_root() / folder).is_dir():
                continue
            for _f, _l, message, _c, _ctx in extract_from_dir(
                bundle_root() / folder, method_map=[("**.py", "python")], keywords=keywords
            ):
                first = message if isinstance(message, str) else message[0]
                if first not in pot:
                    missing.append(f"{domain}: {first!r}")
    assert not missing, f"run `python -m counsel_app.i18n.catalogs extract` and `update`: {missing[:10]}"


def test_arabic_counts_11_to_99_in_the_accusative_singular():
    """The Arabic catalog's Plural-Forms (CLDR order) give form 5 to 11–99 and form 4 to
    100–102: "15 عنصرًا" but "100 عنصر". Drafts once wrote the two forms the other way round;
    a form 4 with the accusative ending (ـًا) and a form 5 without it is that mistake."""
    translate = gettext.GNUTranslations(io.BytesIO(compile_po_bytes(
        catalogs.po_path("ar", DOMAIN))))
    assert translate.ngettext("{n} update", "{n} updates", 15) == "{n} تحديثًا"
    assert translate.ngettext("{n} update", "{n} updates", 100) == "{n} تحديث"
    swapped = [m.id for m in catalogs.read_catalog(catalogs.po_path("ar", DOMAIN))
               if m.pluralizable and m.string and all(m.string)
               and "ً" in m.string[4] and "ً" not in m.string[5]]
    assert swapped == []
