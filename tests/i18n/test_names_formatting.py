"""Country and language names from CLDR; dates, numbers and money with the locale's digits."""

from __future__ import annotations

import datetime as dt

import pytest

from counsel_app.i18n import formatting as F
from counsel_app.i18n import names as N


def test_country_names_in_the_returnees_languages():
    assert N.country_name("ER", "ti") == "ኤርትራ"
    assert N.country_name("AF", "fa_AF") == "افغانستان"
    assert N.country_name("UA", "uk") == "Україна"
    assert N.country_name("CI", "fr") == "Côte d’Ivoire"


def test_names_fall_back_to_english_then_to_the_code():
    assert N.country_name("GN", "x_pseudo") == "Guinea"
    assert N.country_name("GN", "qq") == "Guinea"  # a language CLDR does not know
    assert N.country_name("QZ", "fr") == "QZ"  # a code CLDR does not know
    assert N.language_name("fa_AF", "en") == "Dari"
    assert N.native_language_name("fa_AF") == "دری"
    assert N.native_language_name("ti") == "ትግርኛ"
    assert N.language_name("ar_EG", "en") == "Arabic (Egypt)"
    assert N.language_name("fr", "fr") == "Français"  # capitalised for a list


def test_a_town_named_like_its_region_is_said_once():
    """Where the person returns, on plans and on their copy: the town as typed, the region
    and country by name, each once. A town typed in other letters' case or without the
    accents of its region's name ("kindia", "Ninawa") is the same name: it printed twice
    ("kindia, Kindia, Guinea")."""
    assert N.place_parts("Kindia", "GN-KD", "GN", "en") == ["Kindia", "Guinea"]
    assert N.place_parts("kindia ", "GN-KD", "GN", "fr") == ["kindia", "Guinée"]
    assert N.place_parts("Ninawa", "IQ-NI", "IQ", "en") == ["Ninawa", "Iraq"]
    assert N.place_parts("Mosul", "IQ-NI", "IQ", "en") == ["Mosul", "Nīnawá", "Iraq"]
    # a town typed in Latin letters is not its region's Cyrillic name: both are said
    assert N.place_parts("Kindia", "GN-KD", "", "ru") == ["Kindia", "Киндиа"]


def test_country_list_is_sorted_for_french_readers():
    names = [name for _code, name in N.countries("fr")]
    assert names.index("Égypte") < names.index("Espagne") < names.index("Éthiopie")
    assert names.index("Éthiopie") < names.index("Fidji")
    codes = [code for code, _name in N.countries("fr")]
    assert "XK" in codes and "EU" not in codes and "001" not in codes and "ZZ" not in codes
    assert len(codes) > 240


def test_persian_letters_sort_in_alphabet_order_for_dari():
    listed = [code for code, _n in N.countries("fa_AF", ["PK", "AF", "DE", "CN"])]
    # آلمان (Germany) < افغانستان < پاکستان < چین: پ and چ come after ب, not after ی
    assert listed == ["DE", "AF", "PK", "CN"]


def test_languages_sorted_by_name_in_the_interface_language():
    listed = N.languages("es", ["fr", "ar", "am", "en"])
    assert listed == [("ar", "Árabe"), ("am", "Amárico"), ("fr", "Francés"), ("en", "Inglés")] \
        or [c for c, _ in listed] == ["am", "ar", "fr", "en"]
    assert [c for c, _ in listed][-1] == "en"


@pytest.mark.parametrize("locale,digits", [
    ("ar_EG", "١٬٢٣٤٫٥"), ("ar_IQ", "١٬٢٣٤٫٥"), ("ar_SD", "١٬٢٣٤٫٥"),
    ("ar", "1,234.5"), ("ar_MA", "1.234,5"),
    ("fa_AF", "۱٬۲۳۴٫۵"), ("ps", "۱٬۲۳۴٫۵"), ("ur", "1,234.5"), ("ur_IN", "۱٬۲۳۴٫۵"),
    ("bn", "১,২৩৪.৫"), ("am", "1,234.5"), ("ru", "1\xa0234,5"), ("fr", "1\u202f234,5"),
])
def test_each_locale_gets_its_digits(locale, digits):
    assert F.format_decimal(1234.5, locale) == digits


def test_native_and_latin_digits_on_request():
    assert F.format_decimal(25, "ar", digits="native") == "٢٥"
    assert F.format_decimal(25, "fa_AF", digits="latn") == "25"
    with pytest.raises(ValueError):
        F.format_decimal(1, "ar", digits="roman")


def test_scores_and_their_changes_in_each_language():
    assert [F.format_score(0.2, lang) for lang in ("en", "fr", "es", "ar")] == [
        "0.20", "0,20", "0,20", "0.20"]  # plain "ar": Latin digits, a full stop
    assert F.format_score(0.2, "ar_EG") == "\u0660\u066b\u0662\u0660"
    assert F.format_score(0.153, "fr", signed=True) == "+0,15"
    assert F.format_score(-0.05, "fr", signed=True) == "-0,05"
    assert F.format_score(None, "fr") == "–"


def test_dates_and_money_use_locale_names_and_digits():
    day = dt.date(2026, 3, 14)
    assert F.format_date(day, "ar_IQ", "long") == "١٤ آذار ٢٠٢٦"
    assert F.format_date(day, "fr", "long") == "14 mars 2026"
    assert "۱۴" in F.format_date(day, "fa_AF", "long") and "۲۰۲۶" in F.format_date(day, "fa_AF", "long")
    assert F.format_date(day, "bn", "long").startswith("১৪")
    assert F.format_money(1250.5, "EUR", "fr") == "1\u202f250,50\xa0€"
    assert "١٬٢٥٠٫٥٠" in F.format_money(1250.5, "EUR", "ar_EG")
    assert F.format_money(1250.5, "USD", "en") == "$1,250.50"


def test_formatting_locale_takes_the_country_of_return():
    assert F.formatting_locale("ar", "IQ") == "ar_IQ"
    assert F.formatting_locale("ar", "MA") == "ar_MA"
    assert F.formatting_locale("ar", "FR") == "ar"  # no such CLDR locale: the language alone
    assert F.formatting_locale("fa_AF", "AF") == "fa_AF"
    assert F.formatting_locale("x_pseudo") == "en"
    assert F.format_decimal(7, F.formatting_locale("ar", "SD")) == "٧"


def test_formatting_is_qt_free():
    import subprocess
    import sys

    code = ("import sys, counsel_app.i18n.formatting, counsel_app.i18n.names, "
            "counsel_app.i18n.languages, counsel_app.i18n.catalogs; "
            "assert not any(m.startswith('PySide6') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
