"""The pseudo-locale x_pseudo: stretched, accented, bracketed, right to left."""

from __future__ import annotations

from counsel_app.i18n import _, document_translator, is_rtl, set_interface_language, translator
from counsel_app.i18n.pseudo import pseudo_translate


def test_pseudo_strings_are_stretched_accented_and_bracketed():
    text = pseudo_translate("Save the case")
    assert text.startswith("[") and text.endswith("]")
    assert len(text) >= 1.4 * len("Save the case")
    assert "Save" not in text and "Šàṽé" in text


def test_pseudo_keeps_placeholders_so_format_still_works():
    text = pseudo_translate("Case {reference} has {count:d} consents; {{literal}}")
    assert "{reference}" in text and "{count:d}" in text
    assert text.format(reference="AVRR-2026-000001", count=3).count("AVRR-2026-000001") == 1


def test_interface_can_switch_to_the_pseudo_locale():
    set_interface_language("x_pseudo")
    assert _("Interrupted.").startswith("[Îñţéŕŕûþţéđ.")
    assert translator("x_pseudo").ngettext("{n} case", "{n} cases", 2).startswith("[{n} ćàšéš")
    assert document_translator("x_pseudo")("Reintegration plan").startswith("[Ŕé")
    assert is_rtl("x_pseudo") and not is_rtl("en") and is_rtl("ar") and is_rtl("fa_AF")
