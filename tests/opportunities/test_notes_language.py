"""The person's copy names the language the skills profile's wishes and constraints'
notes were really typed in: the one the counsellor worked in when the profile was saved
with that text, not the one they print the copy from."""

from __future__ import annotations

from counsel_app.i18n import set_interface_language
from counsel_app.opportunities.model import Constraint, SkillsProfile, Wish
from counsel_app.opportunities.repository import _aad
from counsel_app.opportunities.service import OpportunityService
from counsel_app.opportunities.tables import CaseOpportunityProfileRow
from counsel_app.security.subject_access import write_subject_access
from tests.documents.helpers import poppler_text
from tests.security.conftest import person_case


def _copy(ctx, case, tmp_path, name: str) -> str:
    """The person's copy in English, as the returnee reads it."""
    out = write_subject_access(ctx, case.id, tmp_path / f"{name}.pdf", lang="en")
    return poppler_text(out.read_bytes(), tmp_path)


def _profile(wishes: list[str], childcare: str) -> SkillsProfile:
    """The profile as the skills screen and the command line give it: rebuilt from what
    the fields say at each save (no language in it)."""
    return SkillsProfile(wishes=[Wish(text) for text in wishes],
                         constraints=[Constraint("childcare", childcare)])


def test_wishes_typed_in_french_say_so_in_a_copy_printed_from_english(sqlite_ctx, tmp_path):
    """A wish and a constraint's note typed while the counsellor worked in French, the
    copy printed in English from an English screen: each says "(written in French)" (the
    copy said nothing: it took them to be in the language of the screen that printed
    it). Saved again later from English with a wish added and the note rewritten: the
    wish left as it was keeps its mark, the new texts have none."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    service = OpportunityService(ctx)
    set_interface_language("fr")
    service.save_profile(case, _profile(["ouvrir un atelier"], "deux enfants"))
    set_interface_language("en")
    en = _copy(ctx, case, tmp_path, "first")
    assert ("Support for you ouvrir un atelier (written in French), deux enfants "
            "(written in French)") in en

    service.save_profile(case, _profile(["a taxi licence", "ouvrir un atelier"],
                                        "two small children"))
    en = _copy(ctx, case, tmp_path, "after")
    assert ("Support for you a taxi licence, ouvrir un atelier (written in French), two "
            "small children") in en
    assert "children (written in" not in en


def _as_saved_before_languages(ctx, case) -> None:
    """The stored profile as the app stored it before it recorded the texts' language."""
    aad = _aad(case.reference, "profile")
    with ctx.db.session() as session:
        row = session.query(CaseOpportunityProfileRow).filter_by(case_id=case.id).one()
        data = ctx.vault.cipher.decrypt_json(row.profile_enc, aad)
        for item in (*data["wishes"], *data["constraints"]):
            item.pop("text_language", None)
        row.profile_enc = ctx.vault.cipher.encrypt_json(data, aad)


def test_a_profile_saved_before_languages_were_recorded_follows_the_old_rule(sqlite_ctx,
                                                                            tmp_path):
    """A profile saved before the language of its texts was kept: they are taken to be in
    the language of the screen that prints the copy, as before. A note changed since
    (here from a French screen) says the language it was changed in."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    service = OpportunityService(ctx)
    service.save_profile(case, _profile(["open a workshop"], "two small children"))
    _as_saved_before_languages(ctx, case)
    assert service.profile(case).wishes[0].text_language is None

    set_interface_language("fr")
    service.save_profile(case, _profile(["open a workshop"], "deux enfants"))
    set_interface_language("en")
    en = _copy(ctx, case, tmp_path, "from-english")
    assert "Support for you open a workshop, deux enfants (written in French)" in en
    set_interface_language("fr")
    from_french = _copy(ctx, case, tmp_path, "from-french")
    assert ("Support for you open a workshop (written in French), deux enfants "
            "(written in French)") in from_french
