"""Dates shown with the month by name in every interface language, and typed in any of the
forms a person would use there; one sentence for anything else."""

from __future__ import annotations

import datetime as dt

import pytest

from counsel_app.errors import ValidationError
from counsel_app.i18n.dates import (
    example,
    parse_typed_date,
    show_date,
    show_datetime,
    show_stored_date,
)

D = dt.date(2026, 12, 4)


@pytest.mark.parametrize("lang, shown", [("en", "Dec 4, 2026"), ("fr", "4 déc. 2026"),
                                         ("es", "4 dic 2026"), ("ar", "4 ديسمبر 2026")])
def test_shown_with_the_month_by_name(lang, shown):
    assert show_date(D, lang) == shown
    assert "/" not in show_datetime(dt.datetime(2026, 12, 4, 15, 5), lang)


@pytest.mark.parametrize("lang, typed", [
    ("en", "Dec 4, 2026"), ("en", "December 4 2026"), ("en", "12/4/2026"), ("en", "2026-12-04"),
    ("fr", "4 déc. 2026"), ("fr", "4 décembre 2026"), ("fr", "04/12/2026"), ("fr", "4.12.2026"),
    ("es", "4 dic 2026"), ("es", "4 de diciembre de 2026"), ("es", "4/12/2026"),
    ("ar", "4 ديسمبر 2026"), ("ar", "٤ ديسمبر ٢٠٢٦"), ("ar", "٢٠٢٦-١٢-٠٤"), ("ar", "4/12/2026"),
])
def test_typed_in_the_forms_of_the_language(lang, typed):
    assert parse_typed_date(typed, lang) == D


@pytest.mark.parametrize("typed", ["", "  ", "unknown", "Unknown"])
def test_empty_or_unknown_is_no_date(typed):
    assert parse_typed_date(typed, "en") is None


def test_the_same_numbers_follow_the_language_order():
    assert parse_typed_date("04/12/2026", "fr") == D
    assert parse_typed_date("04/12/2026", "en") == dt.date(2026, 4, 12)


@pytest.mark.parametrize("typed, words", [
    ("12/4/26", "four digits"), ("31/02/2026", "not a date that exists"),
    ("next tuesday", "is not a date"), ("2026-13-01", "not a date that exists"),
])
def test_refused_in_one_sentence(typed, words):
    with pytest.raises(ValidationError) as err:
        parse_typed_date(typed, "fr" if "/" in typed else "en")
    message = str(err.value)
    assert words in message and typed in message and message.count(".") >= 1
    assert "\n" not in message


def test_example_shows_both_forms():
    from counsel_app.documents.bidi import isolate

    year = dt.date.today().year
    assert example("fr") == f"{isolate(f'4 déc. {year}')} or {isolate(f'{year}-12-04', 'ltr')}"


def test_a_stored_iso_date_is_shown_by_name_and_anything_else_as_it_is():
    assert show_stored_date("2026-12-01", "en") == "Dec 1, 2026"
    assert show_stored_date("2026-12-01", "ar") == "1 ديسمبر 2026"
    assert show_stored_date("early December", "en") == "early December"
    assert show_stored_date("", "en") == show_stored_date(None, "en") == ""
