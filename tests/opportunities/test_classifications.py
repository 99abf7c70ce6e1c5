"""The classification tables hold exactly the official structure, named in four languages."""

import pytest

from counsel_app.opportunities.classifications import (
    ISCO_GROUPS,
    IscedLevel,
    isco_sector,
    resolve_language,
    resolve_region,
)


def test_isco08_has_its_10_major_and_43_sub_major_groups():
    majors = [c for c in ISCO_GROUPS if len(c) == 1]
    subs = [c for c in ISCO_GROUPS if len(c) == 2]
    assert sorted(majors) == list("0123456789")
    assert len(subs) == 43
    assert all(code[0] in majors for code in subs)
    # known groups at the edges of the structure
    assert ISCO_GROUPS["72"].en == "Metal, machinery and related trades workers"
    assert ISCO_GROUPS["03"].en == "Armed forces occupations, other ranks"
    assert ISCO_GROUPS["96"].en == "Refuse workers and other elementary workers"


def test_every_group_is_named_in_four_languages():
    for group in ISCO_GROUPS.values():
        for lang in ("en", "fr", "es", "ar"):
            assert group.name(lang).strip(), (group.code, lang)
        assert any("\u0600" <= ch <= "\u06ff" for ch in group.ar)
    assert ISCO_GROUPS["22"].name("fr") == "Spécialistes de la santé"
    assert ISCO_GROUPS["22"].name("es") == "Profesionales de la salud"


@pytest.mark.parametrize(
    ("code", "sector"),
    [("7", "7"), ("72", "72"), ("7212", "72"), ("721", "72"), ("01", "01"), ("0110", "01"),
     ("99", None), ("", None), ("7x", None), ("12345", None), ("72.0", "72")],
)
def test_isco_sector(code, sector):
    assert isco_sector(code) == sector


def test_isced_has_levels_0_to_8():
    assert [int(level) for level in IscedLevel] == list(range(9))


@pytest.mark.parametrize(
    ("country", "value", "code"),
    [("SN", "SN-DK", "SN-DK"), ("SN", "dk", "SN-DK"), ("SN", "Thies", "SN-TH"),
     ("GN", "Nzérékoré", "GN-N"), ("IQ", "Baghdad", "IQ-BG"), ("SN", "GN-C", None),
     ("SN", "Atlantis", None)],
)
def test_regions_are_iso_3166_2_of_that_country(country, value, code):
    assert resolve_region(country, value) == code


@pytest.mark.parametrize(
    ("value", "code"),
    [("fr", "fr"), ("French", "fr"), ("français", "fr"), ("árabe", "ar"), ("fa-AF", "fa_AF"),
     ("Wolof", "wo"), ("elvish", None), ("fr_XX", None)],
)
def test_languages(value, code):
    assert resolve_language(value) == code


def test_a_name_shared_by_a_region_and_its_part_resolves_to_the_region(monkeypatch):
    """pycountry hands subdivisions back as a set, in an order that changes between runs;
    the region must win whatever that order is."""
    import pycountry

    from counsel_app.opportunities import classifications as c

    real = list(pycountry.subdivisions.get(country_code="GN"))
    for order in (sorted(real, key=lambda s: s.code), sorted(real, key=lambda s: s.code)[::-1]):
        monkeypatch.setattr(pycountry.subdivisions, "get",
                            lambda country_code=None, _o=order: list(_o))
        for cached in (c.subdivisions, c._subdivision_by_name, c.resolve_region):
            cached.cache_clear()
        assert c.resolve_region("GN", "Nzérékoré") == "GN-N"
    for cached in (c.subdivisions, c._subdivision_by_name, c.resolve_region):
        cached.cache_clear()
