"""The skills profile as a counsellor fills it: every field checked, every field used by
the matching, each point of the score explained; and ``counsel-app case skills``."""

from __future__ import annotations

from datetime import date

import pytest

from counsel_app.cli import main
from counsel_app.domain.case import Case, Person
from counsel_app.errors import ValidationError
from counsel_app.i18n import set_interface_language
from counsel_app.opportunities import skills as S
from counsel_app.opportunities.classifications import IscedLevel, OpportunityKind, search_isco
from counsel_app.opportunities.matching import CountryIndex, MatchQuery, rank
from counsel_app.opportunities.model import (
    Certificate,
    Constraint,
    LanguageSkill,
    Occupation,
    SkillsProfile,
    Wish,
)
from counsel_app.opportunities.service import OpportunityService, clear_cache

from ..conftest import TEST_PASSWORD, make_context
from .helpers import row, write_text

TODAY = date(2026, 11, 22)
OPEN = date(2027, 1, 31)


def seamstress() -> SkillsProfile:
    return SkillsProfile(
        education_level=IscedLevel.PRIMARY,
        occupations=[Occupation("7531", "seamstress", 6, "IT")],
        certificates=[Certificate("tailoring diploma", "7531", False)],
        languages=[LanguageSkill("it", "good")],
        wishes=[Wish("open a tailoring shop", OpportunityKind.STARTUP, "7531"),
                Wish("a sewing course", OpportunityKind.TRAINING, "75")],
        driving_licence="none",
        constraints=[Constraint("childcare", "two children under 5"),
                     Constraint("place", "lives with her mother in Bamako")],
    )


def mali_case(**values):
    return Case(person=Person(name_latin="Awa Test", languages=["fr", "bm"]),
                return_country="ML", return_region="ML-BKO", **values)


def test_a_seamstress_is_offered_tailoring_first_with_every_reason():
    idx = CountryIndex("ML", [
        (1, "ML-BKO", "71", 1, "fr", "training", OPEN, None, False),  # plumbing course
        (2, "ML-BKO", "75", 1, "fr bm", "training", OPEN, None, False),  # tailoring course
        (3, "ML-BKO", "75", None, "fr", "job", OPEN, None, False),  # tailor's workshop job
        (4, "ML-BKO", "83", 2, "fr", "job", OPEN, None, False),  # driver
        (5, "ML-3", "75", None, "bm", "startup", OPEN, None, False),  # far away
        (6, "ML-BKO", "52", 2, "it", "job", OPEN, None, False),  # shop, Italian
    ])
    query = MatchQuery.for_case(mali_case(), seamstress(), today=TODAY)
    result = rank(idx, query)
    assert result.ids()[:2] == [2, 3], result.ranked()
    assert result.ids().index(1) > 2 and result.ids().index(4) > 2
    reasons = [r.text() for r in result.reasons_at(1)]  # the tailoring course
    assert "matches previous occupation: seamstress" in reasons
    assert "6 years of experience in this trade" in reasons
    assert "matches a wish: open a tailoring shop" in reasons
    assert "may lead to a certificate recognised at home (the person's tailoring diploma " \
           "is not)" in reasons
    assert "certificate in this trade, not recognised at home: tailoring diploma" in reasons
    assert "the kind the person wishes: Vocational training" in reasons
    assert "to check with the provider: Childcare (two children under 5)" in reasons
    far = [r.text() for r in result.reasons_at(4)]
    assert "in another region (Sikasso), and the person cannot move away: lives with her " \
           "mother in Bamako" in far
    driver = [r.text() for r in result.reasons_at(3)]
    assert "needs a driving licence; the person has none" in driver
    shop = [r.text() for r in result.reasons_at(5)]
    assert "needs Italian: speaks Italian" in shop
    # each point of the score is explained: the parts add up to the score
    for position in range(len(idx)):
        assert sum(r.points for r in result.reasons_at(position)) == result.scores[position]


def test_levels_and_licences_change_the_score():
    idx = CountryIndex("ML", [(1, "ML-BKO", "83", None, "en", "job", OPEN, None, False)])
    base = SkillsProfile(languages=[LanguageSkill("en", "basic")], driving_licence="B C")
    result = rank(idx, MatchQuery.for_case(mali_case(), base, today=TODAY))
    texts = [r.text() for r in result.reasons_at(0)]
    assert "needs English: speaks it a little" in texts
    assert "holds a driving licence (B C)" in texts
    fluent = SkillsProfile(languages=[LanguageSkill("en", "fluent")], driving_licence="B C")
    better = rank(idx, MatchQuery.for_case(mali_case(), fluent, today=TODAY))
    assert better.scores[0] > result.scores[0]
    unknown = rank(idx, MatchQuery.for_case(mali_case(), SkillsProfile(), today=TODAY))
    assert "needs a driving licence; not recorded whether the person has one" in [
        r.text() for r in unknown.reasons_at(0)]


def test_reasons_are_in_the_interface_language():
    idx = CountryIndex("ML", [(2, "ML-BKO", "75", 1, "fr", "training", OPEN, None, False)])
    result = rank(idx, MatchQuery.for_case(mali_case(), seamstress(), today=TODAY))
    set_interface_language("fr")
    try:
        texts = [r.text() for r in result.reasons_at(0)]
    finally:
        set_interface_language("en")
    assert "6 années d'expérience dans ce métier" in texts, texts
    assert any(t.startswith("à vérifier auprès du prestataire : Garde d'enfants") for t in texts)


def test_old_profiles_still_read_and_round_trip():
    old = {"education_level": 1, "occupations": [{"isco": "7212", "title": "welder",
                                                  "years": 4}],
           "certificates": ["site safety card"], "languages": ["en"], "wishes": []}
    profile = SkillsProfile.from_data(old)
    assert profile.certificates == [Certificate("site safety card")]
    assert profile.languages == [LanguageSkill("en")]
    assert SkillsProfile.from_data(seamstress().to_data()) == seamstress()


@pytest.mark.parametrize(("text", "parse", "fragment"), [
    ("75x:tailor", S.parse_occupation, "Occupation 1: “75x” is not an ISCO-08 occupation"),
    ("7531:tailor:-2", S.parse_occupation, "Occupation 1: the years of experience"),
    ("7531:tailor:many", S.parse_occupation, "Occupation 1: the years of experience"),
    ("diploma:7531:perhaps", S.parse_certificate, "Certificate 1: write yes, no or nothing"),
    ("elvish", S.parse_language, "Language 1: “elvish” is not a language"),
    ("it:superb", S.parse_language, "Language 1: the level must be one of"),
    ("holiday:go fishing", S.parse_wish, "Wish 1: the kind must be one of work, training"),
    ("weather:rain", S.parse_constraint, "Constraint 1: the kind must be one of childcare"),
])
def test_bad_input_is_one_sentence_naming_the_field(text, parse, fragment):
    with pytest.raises(ValidationError) as caught:
        parse(text)
    assert fragment in str(caught.value)


def test_check_profile_normalises_and_refuses_a_region_of_another_country():
    checked = S.check_profile(SkillsProfile(
        languages=[LanguageSkill("Italian", "good")], preferred_region="Bamako",
        occupations=[Occupation("", "", 0)]), "ML")
    assert checked.languages == [LanguageSkill("it", "good")]
    assert checked.preferred_region == "ML-BKO" and checked.occupations == []
    with pytest.raises(ValidationError, match="Preferred region: “Dakar” is not a region"):
        S.check_profile(SkillsProfile(preferred_region="Dakar"), "ML")


def test_isco_is_searchable_in_the_interface_languages():
    assert search_isco("seamstress")[0].code == "7531"
    assert search_isco("couturière")[0].code == "7531"
    assert search_isco("costurera")[0].code == "7531"
    assert "75" in [h.code for h in search_isco("habillement")]
    assert "75" in [h.code for h in search_isco("confección")]
    assert search_isco("75")[0].group.startswith("Food processing, wood working, garment")
    assert search_isco("75", "fr")[0].group.startswith("Métiers de l'alimentation")
    assert search_isco("zzz") == []


def test_an_isco_hit_shows_the_trade_word_with_its_accents():
    # typed without accents, found, and shown (and kept as the title) as written
    assert [(h.code, h.label) for h in search_isco("macon")][:1] == [("7112", "maçon")]
    assert search_isco("MAÇON")[0].label == "maçon"
    assert search_isco("albanil")[0].label == "albañil"
    assert search_isco("couturiere")[0].label == "couturière"
    assert search_isco("mecanicien")[0].label == "mécanicien"
    assert search_isco("electricien")[0].label == "électricien"
    assert search_isco("chofer")[0].label == "chófer"


# -- the command line -----------------------------------------------------------------------


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_case_skills_sets_shows_and_feeds_the_matching(capsys, monkeypatch, tmp_path):
    from counsel_app.context import open_database

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    db = open_database(url)
    ctx = make_context(db)
    case = ctx.cases.create(mali_case())
    OpportunityService(ctx).import_file(write_text(tmp_path / "ml.csv", [
        row("P1", country="ML", region="ML-BKO", title_en="Plumbing course",
            sector_isco="71", town="Bamako"),
        row("T1", country="ML", region="ML-BKO", title_en="Tailoring course",
            sector_isco="75", town="Bamako"),
        row("T2", country="ML", region="ML-BKO", kind="job", title_en="Tailor's assistant",
            sector_isco="75", town="Bamako"),
    ]))
    db.dispose()
    clear_cache()
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code, out, err = run(capsys, "--db", url, "case", "skills", case.reference,
                         "--education", "1", "--occupation", "7531:seamstress:6:IT",
                         "--certificate", "tailoring diploma:7531:no",
                         "--language", "it:good", "--licence", "none",
                         "--wish", "training:a sewing course:75",
                         "--constraint", "childcare:two children under 5")
    assert code == 0, err
    assert f"Skills profile of case {case.reference} saved." in out
    assert "Occupation: 7531 seamstress (Food processing, wood working, garment" in out
    assert "Certificate: tailoring diploma — not recognised at home" in out
    assert "Language: Italian — well" in out
    assert "Driving licence: none" in out
    code, out, _ = run(capsys, "--db", url, "case", "skills", case.reference)
    assert code == 0 and "Constraint: Childcare — two children under 5" in out
    code, out, _ = run(capsys, "--db", url, "opportunities", "match", case.reference)
    lines = out.splitlines()
    assert "Tailoring course" in lines[1] and "Plumbing course" not in "".join(lines[1:6])
    assert "matches previous occupation: seamstress" in out
    # bad input: one sentence, exit 2, nothing changed
    code, out, err = run(capsys, "--db", url, "case", "skills", case.reference,
                         "--occupation", "7531:seamstress:lots", "--education", "3")
    assert code == 2 and "Occupation 1: the years of experience" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
    code, out, _ = run(capsys, "--db", url, "case", "skills", case.reference)
    assert "Primary education (ISCED 1)" in out and "6 years" in out


def test_opportunities_isco_finds_codes(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    code, out, _ = run(capsys, "--db", url, "opportunities", "isco", "couturière")
    assert code == 0 and out.startswith("7531")
    code, out, _ = run(capsys, "--db", url, "opportunities", "isco", "nothing-like-it")
    assert code == 1 and "No ISCO-08 code found" in out


def test_one_year_of_an_occupation_is_said_in_the_singular():
    """``case skills`` says "1 year", not "1 years"; a fraction keeps the plural."""
    one = S.profile_lines(SkillsProfile(occupations=[Occupation("7531", "tailor", 1, "IT")]))
    assert any(line.endswith("— 1 year — IT") for line in one), one
    half = S.profile_lines(SkillsProfile(occupations=[Occupation("7531", "tailor", 1.5)]))
    assert any(line.endswith("— 1.5 years") for line in half), half
    set_interface_language("fr")
    one = S.profile_lines(SkillsProfile(occupations=[Occupation("7531", "tailor", 1, "IT")]))
    assert any(line.endswith("— 1 an — IT") for line in one), one
