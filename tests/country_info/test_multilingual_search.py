"""Search in the counsellor's or the person's language: titles, topic words, places, regions."""

from __future__ import annotations

import pytest

from country_info import Library
from country_info.query import Vocabulary, vocabulary


@pytest.fixture(scope="module")
def iq(mini_base, tmp_path_factory):
    """The small library with the signed samples imported (one index for the module)."""
    from country_info.library import sample_pack_files

    folder = tmp_path_factory.mktemp("multi")
    library = Library(base_dir=mini_base, user_dir=folder / "packs", index_path=":memory:")
    for path in sample_pack_files():
        library.import_pack(path)
    library.get_country("IQ")  # the case's country is open on screen: its pack is in memory
    yield library
    library.close()


@pytest.mark.parametrize("query, lang", [
    ("santé", "fr"), ("salud", "es"), ("صحة", "ar"), ("صحت", "fa_AF"), ("روغتیا", "ps"),
    ("здоровье", "ru"), ("здоров'я", "uk"), ("ጤና", "am"), ("ጥዕና", "ti"), ("caafimaad", "so"),
    ("স্বাস্থ্য", "bn"), ("صحت", "ur"),
])
def test_health_in_twelve_languages(iq, query, lang):
    keys = [h.key for h in iq.search(query, countries=["IQ"], prefer_lang=lang)]
    assert "base-iq:factbook.health-expenditure" in keys, query
    assert "sample-iq:health.sample-clinic-access" in keys, query  # a curated sheet, found by its topic


@pytest.mark.parametrize("query, lang", [
    ("santé", "fr"), ("salud", "es"), ("صحة", "ar"), ("صحت", "fa_AF"), ("روغتیا", "ps"),
    ("здоровье", "ru"), ("здоров'я", "uk"), ("ጤና", "am"), ("ጥዕና", "ti"), ("caafimaad", "so"),
    ("স্বাস্থ্য", "bn"), ("صحت", "ur"),
])
def test_a_topic_word_finds_its_items_in_every_country_without_one_named(iq, query, lang):
    keys = {h.key for h in iq.search(query, prefer_lang=lang, limit=60)}
    for code in ("gn", "iq", "et", "fr"):
        assert f"base-{code}:factbook.health-expenditure" in keys, (query, code)
    assert "sample-iq:health.sample-clinic-access" in keys, query


@pytest.mark.parametrize("query", ["emploi", "trabajo", "работа", "شغل", "کار", "shaqo"])
def test_work_words_find_the_labour_items_of_every_country(iq, query):
    hits = iq.search(query, limit=60)
    assert {"GN", "IQ", "ET", "FR", "GB"} <= {h.country for h in hits}, query
    assert "base-gn:factbook.unemployment" in {h.key for h in hits}, query


def test_the_cases_country_then_its_region_come_first_over_the_whole_library(iq):
    hits = iq.search("santé", prefer_lang="fr", first_country="IQ", region="IQ-BA", limit=60)
    assert hits[0].key == "sample-iq:health.sample-regional-clinic" and hits[0].scope == "region"
    countries = [h.country for h in hits]
    first_other = next(i for i, c in enumerate(countries) if c != "IQ")
    assert first_other > 3 and "IQ" not in countries[first_other:]  # Iraq's items, then the rest
    assert {"GN", "ET", "FR"} <= set(countries[first_other:])
    # a small limit is filled by the case's country first
    assert {h.country for h in iq.search("santé", first_country="GN", limit=3)} == {"GN"}
    # a place named in the query wins over the case's country
    assert {h.country for h in iq.search("santé Conakry", first_country="IQ")} == {"GN"}


def test_specific_words_put_their_item_first_with_titles_in_the_readers_language(iq):
    first = iq.search("médecin", countries=["IQ"], prefer_lang="fr")[0]
    assert first.key == "base-iq:factbook.physician-density" and first.title == "Densité de médecins"
    first = iq.search("بیکاری", countries=["IQ"], prefer_lang="fa_AF")[0]
    assert first.key == "base-iq:factbook.unemployment" and first.title == "نرخ بیکاری"
    # the snippet is the text in the reader's language (figures written out for Dari)
    assert "۱۵٫۶" in first.snippet_text


def test_an_unknown_word_beside_a_known_one_still_answers(iq):
    hits = iq.search("femme enceinte", countries=["IQ"], prefer_lang="fr")  # no item says "femme"
    assert "base-iq:factbook.maternal-mortality" in [h.key for h in hits]


def test_place_names_in_their_scripts_narrow_to_the_country(iq):
    for query in ("hôpital Bagdad", "مستشفى بغداد", "hospital Baghdad"):
        hits = iq.search(query)
        assert hits and {h.country for h in hits} == {"IQ"}, query
        assert "base-iq:factbook.hospital-bed-density" in [h.key for h in hits]
    alone = iq.search("Kindia", prefer_lang="fr")  # a region of Guinea: its items first
    assert alone[0].key == "sample-gn:health.sample-regional-clinic" and alone[0].scope == "region"
    assert {h.country for h in alone} == {"GN"} and len(alone) > 5


def test_the_cases_region_comes_first_and_regional_items_say_so(iq):
    hits = iq.search("santé", countries=["IQ"], prefer_lang="fr", region="IQ-BA")
    assert hits[0].key == "sample-iq:health.sample-regional-clinic" and hits[0].scope == "region"
    assert {h.scope for h in hits[1:]} == {"national"}
    elsewhere = iq.search("santé", countries=["IQ"], prefer_lang="fr", region="IQ-BG")
    regional = next(h for h in elsewhere if h.key == "sample-iq:health.sample-regional-clinic")
    assert regional.scope == "elsewhere" and elsewhere[-1] is regional  # after the national items
    health = iq.get_country("IQ").section("health", region="IQ-BA")
    assert health[0].item.regions == ("IQ-BA",) and health[0].scope("IQ-BA") == "region"
    assert health[1].scope("IQ-BA") == "national"


def test_figures_written_out_by_the_program_are_not_searched_as_words(iq):
    # "estimation" is only in the French figures the build wrote out (labels, not facts)
    keys = [h.key for h in iq.search("estimation", countries=["IQ"])]
    assert "base-iq:factbook.unemployment" not in keys


def test_vocabulary_is_a_draft_in_every_language_but_english():
    vocab = vocabulary()
    assert "en" not in vocab.draft_languages()
    assert {"fr", "es", "ar", "fa_AF", "ps", "ru", "uk", "am", "ti", "so", "bn", "ur"} <= set(vocab.draft_languages())
    assert vocab.topics_of("health", "factbook.physician-density") >= {"health", "doctors"}
    assert vocab.topics_of("general", "factbook.population.gz") == {"population"}  # a part of Palestine


def test_vocabulary_words_match_as_written_or_while_typing():
    vocab = Vocabulary({"topics": {"t": {"terms": {"fr": ["hôpita", "acte de naissance"]}}}})
    assert vocab.match(["hopitaux"], 0, last_is_typing=False) == (1, {"t"})  # a stem
    assert vocab.match(["acte", "de", "nais"], 0, last_is_typing=True) == (3, {"t"})  # being typed
    assert vocab.match(["acte", "de", "nais"], 0, last_is_typing=False)[0] == 3
    assert vocab.match(["ho"], 0, last_is_typing=True) == (0, set())
