"""Old information is flagged in the reader's language; handout topics are plain data."""

from __future__ import annotations

import datetime as dt

import pytest

from country_info import PackError, handout_topics, is_stale, stale_label
from country_info.staleness import date_label

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize("date, stale", [
    ("2025-03", True), ("2025-10", True), ("2025-11", False), ("2025-12", False), ("2026-10", False),
    ("2025-11-21", True), ("2025-11-22", False), ("2024", True), ("2026", False),
])
def test_is_stale_default_twelve_months(date, stale):
    assert is_stale(date, today=TODAY) is stale


def test_configurable_age(monkeypatch):
    assert not is_stale("2025-03", today=TODAY, months=24)
    assert is_stale("2026-04", today=TODAY, months=6)
    assert not is_stale("2026-06", today=TODAY, months=6)
    monkeypatch.setenv("COUNSEL_APP_STALE_MONTHS", "6")  # no longer read: the app passes months
    assert not is_stale("2026-04", today=TODAY)


def test_stale_label_in_the_readers_language():
    assert stale_label("2025-03", "en", today=TODAY) == "information from March 2025"
    assert "mars 2025" in stale_label("2025-03", "fr", today=TODAY)
    assert "مارس" in stale_label("2025-03", "ar", today=TODAY)
    assert stale_label("2026-10", "en", today=TODAY) is None
    assert date_label("2024", "fr") == "2024"
    assert date_label("2026-01-22", "es") == "22 de enero de 2026"


def test_dates_read_with_the_digits_and_month_names_of_the_readers_locale():
    # the Arabic of Iraq: Eastern Arabic digits and the months used there (CLDR's ar_IQ),
    # as every other number of the handout
    assert date_label("2025-03", "ar", "IQ").endswith(" ٢٠٢٥")
    assert date_label("2026-01-22", "ar", "IQ") == "٢٢ كانون الثاني ٢٠٢٦"
    assert date_label("2024", "ar", "IQ") == "٢٠٢٤"
    assert "٢٠٢٥" in stale_label("2025-03", "ar", today=TODAY, country="IQ")
    assert date_label("2025-03", "fr", "IQ") == "mars 2025"
    assert date_label("2024", "fa_AF", "AF") == "۲۰۲۴"


def test_an_english_note_in_a_right_to_left_line_keeps_its_own_direction(lib):
    """A note that exists in English only, inside an Arabic line, is a left-to-right
    isolate: its leading "%" stays at its start instead of jumping to the line's end."""
    text = lib.get_country("IQ").entry("base-iq:factbook.income-shares").item.text
    [arabic] = [line for line in text["ar"].split("\n") if "ملاحظة" in line]
    assert arabic.endswith("\u2066% share of income accruing to lowest and highest 10% of population\u2069")
    [french] = [line for line in text["fr"].split("\n") if "anglais" in line]
    assert "\u2066" not in french and french.endswith(": % share of income accruing to lowest and highest "
                                                      "10% of population")


def test_handout_topics_plain_data(lib, samples):
    lib.import_pack(samples["GN"])
    guinea = lib.get_country("GN")
    keys = ["sample-gn:services.sample-reception", "base-gn:factbook.unemployment",
            "sample-gn:health.sample-clinic-access", "base-gn:cldr.country-name", "base-gn:factbook.economic-overview"]
    topics = handout_topics(lib, "GN", keys, "fr", today=TODAY)
    # in section order: general, health, labour, services
    assert [t.section for t in topics] == ["general", "health", "labour", "labour", "services"]
    name, health, overview, unemployment, service = topics
    assert name.text == "Guinée" and not name.fallback and name.language_note is None
    assert unemployment.lang == "fr" and not unemployment.fallback and unemployment.label_draft
    assert unemployment.title == "Taux de chômage" and unemployment.text.startswith("5,3\xa0%")
    assert overview.lang == "en" and overview.fallback  # prose: never translated, and said so
    assert overview.language_note == "Disponible en anglais uniquement ; non traduit."
    assert unemployment.stale and unemployment.stale_label == "informations de 2024"
    source = unemployment.source_line.translate(dict.fromkeys(range(0x2066, 0x206A)))  # isolates
    assert source.startswith("The World Factbook, Central Intelligence Agency (CIA), 22 janvier 2026")
    assert health.sample and health.stale and "mars 2025" in health.stale_label
    assert service.sample and service.organisation.phone == ("+000 00 00 00 00",)
    assert "fictive" in service.organisation.address and service.lang == "fr"
    assert not service.stale
    assert isinstance(service.as_dict()["organisation"], dict)
    assert guinea.entry(keys[0]) is not None


def test_a_right_to_left_source_line_keeps_its_parts_in_reading_order(lib):
    """An English source title in an Arabic line: each part an isolate, Arabic commas, the
    line right-to-left, so the date is read last, after the title and the publisher."""
    from country_info import handout_topics

    [topic] = handout_topics(lib, "IQ", ["base-iq:factbook.unemployment"], "ar")
    assert topic.source_line.startswith("\u2067\u2068The World Factbook\u2069، \u2068Central")
    assert topic.source_line.endswith("٢٠٢٦\u2069\u2069")


def test_handout_arabic_is_marked_rtl(lib, samples):
    lib.import_pack(samples["IQ"])
    topic = handout_topics(lib, "IQ", ["sample-iq:contacts.sample-hotline"], "ar", today=TODAY)[0]
    assert topic.lang == "ar" and topic.rtl and not topic.fallback
    eth = handout_topics(lib, "GN", ["base-gn:factbook.capital"], "ar", today=TODAY)[0]
    assert eth.fallback and not eth.rtl and "الإنجليزية" in eth.language_note


def test_handout_unknown_key(lib):
    with pytest.raises(PackError) as info:
        handout_topics(lib, "GN", ["base-gn:nope"], "en")
    assert "base-gn:nope" in str(info.value)


def test_sections_listed_in_order_with_counts(lib):
    sections = lib.sections("GN")
    assert [s for s, _ in sections][:3] == ["general", "documents", "safety"]
    assert dict(sections)["services"] == 0 and dict(sections)["labour"] > 5


def test_unknown_country(lib):
    with pytest.raises(PackError):
        lib.get_country("ZZ")


def test_base_titles_come_from_the_pack_and_say_when_missing(lib):
    """Base-pack titles are our labels, written into the pack by the build from the
    documents catalog; a language the list lacks shows the English title, marked."""
    entry = lib.entry("base-gn:factbook.unemployment")
    assert entry.title_in("fr").text == "Taux de chômage" and not entry.title_in("fr").fallback
    assert entry.title_in("en").text == "Unemployment rate"
    missing = entry.title_in("ka")  # Georgian: no titles built for it (yet)
    assert missing.text == "Unemployment rate" and missing.fallback
    hits = lib.search("unemployment rate", countries=["GN"], prefer_lang="fr")
    assert hits[0].title == "Taux de chômage"


def test_topic_outline_for_the_checklist(lib, samples):
    from country_info import topic_outline

    lib.import_pack(samples["GN"])
    outline = topic_outline(lib, "GN", "fr", today=TODAY)
    assert [s.section for s in outline][:2] == ["general", "documents"] and len(outline) == 11
    services = next(s for s in outline if s.section == "services")
    assert services.items[0].sample and services.items[0].has_text_in_lang
    labour = next(s for s in outline if s.section == "labour")
    unemployment = next(i for i in labour.items if i.key == "base-gn:factbook.unemployment")
    assert unemployment.has_text_in_lang and unemployment.label_draft and unemployment.stale
    overview = next(i for i in labour.items if i.key == "base-gn:factbook.economic-overview")
    assert not overview.has_text_in_lang and overview.source_language == "en"
    keys = [i.key for s in outline for i in s.items]
    assert len(keys) == len(set(keys))
    assert handout_topics(lib, "GN", keys, "fr", today=TODAY)  # every outline key prints


def test_topics_named_as_a_user_types_them(lib, samples):
    from country_info import resolve_topics

    lib.import_pack(samples["IQ"])
    health = [e.key for e in lib.get_country("IQ").section("health")]
    assert resolve_topics(lib, "IQ", ["health"]) == health
    assert resolve_topics(lib, "IQ", ["factbook.capital, health"]) == ["base-iq:factbook.capital", *health]
    assert len(resolve_topics(lib, "IQ", ["all", "health"])) == len(lib.get_country("IQ").entries)
    with pytest.raises(PackError, match="no topic “nope”"):
        resolve_topics(lib, "IQ", ["health", "nope"])
    with pytest.raises(PackError, match="no topics were named"):
        resolve_topics(lib, "IQ", [" , "])
