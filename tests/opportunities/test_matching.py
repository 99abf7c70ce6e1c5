"""Ranking and reasons, on plain data (no database)."""

from datetime import date

from counsel_app.i18n import set_interface_language
from counsel_app.opportunities.classifications import IscedLevel, OpportunityKind
from counsel_app.opportunities.matching import CountryIndex, MatchQuery, rank

TODAY = date(2026, 11, 22)
OPEN = date(2027, 1, 31)
CLOSED = date(2026, 1, 31)


def index(*rows):
    """rows: (id, region, isco, education_min, languages, kind, deadline, end, sample)"""
    return CountryIndex("SN", list(rows))


def query(**values):
    base = dict(country="SN", region="SN-DK", languages=["fr"],
                education=IscedLevel.PRIMARY, occupations=[("7212", "welder")], today=TODAY)
    base.update(values)
    return MatchQuery(**base)


def texts(result, position):
    return [r.text() for r in result.reasons_at(position)]


def test_the_closest_offer_comes_first_and_says_why():
    idx = index(
        (1, "SN-TH", "52", None, "", "job", OPEN, None, False),       # other region, other trade
        (2, "SN-DK", "72", 1, "fr", "training", OPEN, None, False),   # all matches
        (3, "SN-TH", "72", None, "", "job", OPEN, None, False),       # same trade elsewhere
    )
    result = rank(idx, query())
    assert result.ids() == [2, 3, 1]
    best = texts(result, 1)
    assert "same region: Dakar" in best
    assert "matches previous occupation: welder" in best
    assert "needs French: speaks French" in best
    assert "education level meets the requirement (Primary education (ISCED 1))" in best
    assert "in another region: Thiès" in texts(result, 0)


def test_nothing_is_hidden_only_ordered():
    idx = index(*[(i, "SN-TH", "91", 8, "en de", "job", OPEN, None, False) for i in range(1, 6)])
    result = rank(idx, query())
    assert sorted(result.ids()) == [1, 2, 3, 4, 5]
    reasons = texts(result, 0)
    assert "needs English: does not speak it" in reasons
    assert "needs German: does not speak it" in reasons
    assert "education level below requirement (Doctoral or equivalent level (ISCED 8))" in reasons


def test_missing_language_and_education_push_an_offer_down():
    idx = index(
        (1, "SN-DK", "72", 6, "en", "job", OPEN, None, False),
        (2, "SN-DK", "72", 1, "fr", "job", OPEN, None, False),
    )
    assert rank(idx, query()).ids() == [2, 1]


def test_expired_offers_are_left_out_unless_asked_then_come_last():
    idx = index(
        (1, "SN-DK", "72", None, "fr", "job", CLOSED, None, False),
        (2, "SN-TH", "91", None, "", "job", OPEN, None, False),
        (3, "SN-TH", "91", None, "", "job", None, CLOSED, False),  # ended, no deadline
        (4, "SN-TH", "91", None, "", "job", None, None, False),    # no dates: open
    )
    assert rank(idx, query()).ids() == [2, 4]
    result = rank(idx, query(include_expired=True))
    assert result.total == 4
    assert result.ids()[:2] == [2, 4]
    assert set(result.ids()[2:]) == {1, 3}
    assert any(t.startswith("closed on") for t in texts(result, 0))


def test_among_equals_the_soonest_deadline_comes_first():
    idx = index(
        (1, "SN-TH", "91", None, "", "job", date(2027, 5, 1), None, False),
        (2, "SN-TH", "91", None, "", "job", date(2027, 1, 1), None, False),
        (3, "SN-TH", "91", None, "", "job", None, None, False),
    )
    assert rank(idx, query()).ids() == [2, 1, 3]


def test_wishes_count_for_sector_and_kind():
    idx = index(
        (1, "SN-TH", "51", None, "", "job", OPEN, None, False),
        (2, "SN-TH", "51", None, "", "training", OPEN, None, False),
        (3, "SN-TH", "83", None, "", "job", OPEN, None, False),
    )
    q = query(occupations=[], wish_sectors=[("51", "hairdresser")],
              wish_kinds=[(OpportunityKind.TRAINING, "learn a trade")])
    result = rank(idx, q)
    assert result.ids() == [2, 1, 3]
    assert "matches a wish: hairdresser" in texts(result, 1)
    assert "the kind the person wishes: Vocational training" in texts(result, 1)


def test_same_major_group_is_a_weaker_match():
    idx = index(
        (1, "SN-TH", "71", None, "", "job", OPEN, None, False),
        (2, "SN-TH", "72", None, "", "job", OPEN, None, False),
        (3, "SN-TH", "91", None, "", "job", OPEN, None, False),
    )
    result = rank(idx, query())
    assert result.ids() == [2, 1, 3]
    assert "same occupational group as previous occupation: welder" in texts(result, 0)


def test_reasons_are_translated_with_their_parameters():
    idx = index((1, "SN-DK", "72", 3, "fr", "job", OPEN, None, True))
    result = rank(idx, query(education=None))
    reason_codes = [r.code for r in result.reasons_at(0)]
    assert "sample" in reason_codes and "education_unknown" in reason_codes
    french = [r.text("fr") for r in result.reasons_at(0)]
    assert any("français" in t for t in french)
    set_interface_language("ar")
    arabic = [r.text() for r in result.reasons_at(0)]
    assert any("الفرنسية" in t for t in arabic)


def test_empty_country_gives_an_empty_ranking():
    result = rank(index(), query())
    assert result.total == 0 and result.ids() == []


def test_a_closed_offer_names_its_day_in_the_medium_form_of_the_language():
    """"closed on 31 يناير 2026" as the screens show days, not Babel's Arabic medium
    ("31‏/01‏/2026", which reads two ways), and never ISO."""
    from counsel_app.i18n.dates import show_date

    idx = index((1, "SN-DK", "72", None, "fr", "job", CLOSED, None, False))
    result = rank(idx, query(include_expired=True))
    closed = next(r for r in result.reasons_at(0) if r.code == "expired")
    assert closed.text("en") == "closed on Jan 31, 2026"
    for lang in ("fr", "ar"):
        text = closed.text(lang)
        assert show_date(CLOSED, lang) in text and "2026-01-31" not in text, text
        assert "/" not in text and "01" not in text, text
    assert "31 janv. 2026" in closed.text("fr")
    assert "يناير" in closed.text("ar")


def test_years_of_experience_are_counted_in_the_readers_language():
    """"2.5 years of experience in this trade": the years written as the language writes
    numbers ("2,5" in French) and the noun in the form the number takes there ("1 year",
    Arabic's "3 سنوات" beside "11 سنة" and a fraction's "2.5 سنة"); the other reasons of
    the offer still read as before."""
    from counsel_app.i18n.formatting import format_decimal
    from counsel_app.opportunities.matching import Reason

    idx = index((1, "SN-DK", "72", None, "fr", "job", OPEN, None, False))
    result = rank(idx, query(experience={"72": 2.5}))
    reasons = result.reasons_at(0)
    experience = next(r for r in reasons if r.code == "experience")
    assert experience.text("en") == "2.5 years of experience in this trade"
    assert experience.text("fr") == "2,5 années d'expérience dans ce métier"
    assert experience.text("ar") == (f"{format_decimal(2.5, 'ar')} سنة من الخبرة في هذه "
                                     "المهنة")
    assert "same region: Dakar" in [r.text("en") for r in reasons]
    for years, arabic in ((3, "3 سنوات من الخبرة"), (11, "11 سنة من الخبرة")):
        counted = next(r for r in rank(idx, query(experience={"72": years})).reasons_at(0)
                       if r.code == "experience")
        assert counted.text("ar").startswith(arabic), counted.text("ar")
        assert counted.text("en") == f"{years} years of experience in this trade"
    one = Reason("experience", "{years} year of experience in this trade",
                 (("years", ("number", 1.0)),), 1, 0,
                 plural="{years} years of experience in this trade")
    assert one.text("en") == "1 year of experience in this trade"
    assert one.text("fr") == "1 année d'expérience dans ce métier"
    assert one.text("es") == "1 año de experiencia en este oficio"
