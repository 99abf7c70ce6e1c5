"""The person's copy names the language each session note was really typed in: the one
the counsellor worked in when the note was saved, not the one they print it from."""

from __future__ import annotations

from datetime import date

from counsel_app.domain.enums import Decision
from counsel_app.i18n import set_interface_language
from counsel_app.security.subject_access import write_subject_access
from counsel_app.session.screening import Flag
from counsel_app.session.store import SessionPartRow, SessionStore, session_aad
from counsel_app.session.voluntariness import record_decision
from tests.documents.helpers import poppler_text
from tests.security.conftest import person_case


def _copy(ctx, case, tmp_path, name: str) -> str:
    """The person's copy in English, as the returnee reads it."""
    out = write_subject_access(ctx, case.id, tmp_path / f"{name}.pdf", lang="en")
    return poppler_text(out.read_bytes(), tmp_path)


def _marked(text: str, note: str, language: str = "French") -> bool:
    return f"{note} (written in {language})" in text


def test_notes_typed_in_french_say_so_in_a_copy_printed_from_english(sqlite_ctx, tmp_path):
    """Every note of the session typed while the counsellor worked in French, the copy
    printed in English later from an English screen: each note says "(written in
    French)" (the copy said nothing: it took the notes to be in the language of the
    screen that printed it). A note changed later in English loses the mark; the notes
    left as they were keep theirs."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    store = SessionStore(ctx.db, ctx.vault.cipher)
    set_interface_language("fr")
    record = store.load(case.id, case.reference)
    s = record.screening
    s.set_flag(Flag.SINGLE_PARENT, True, "Voyage avec son fils.")
    s.note = "Bloquée à Tunis."
    step = s.required()[0].key
    s.mark_step(step, True)
    s.steps[step].note = "École trouvée."
    record.information.note = "Sait lire le français."
    record.assessment.skills = "Coiffeuse depuis cinq ans."
    record.assessment.notes["social"] = "Famille à Kindia."
    record.voluntariness.elements["freedom_of_choice"].note = "Aucune pression."
    record_decision(record.voluntariness, Decision.NEEDS_MORE_TIME, counsellor="admin",
                    decided_on=date.today(), note="Veut réfléchir.")
    record.opportunities.note = "Intéressée par un salon."
    for part in ("screening", "information", "assessment", "voluntariness", "opportunities"):
        store.save_part(record, part)

    set_interface_language("en")
    notes = ("Voyage avec son fils.", "Bloquée à Tunis.", "École trouvée.",
             "Sait lire le français.", "Coiffeuse depuis cinq ans.", "Famille à Kindia.",
             "Aucune pression.", "Veut réfléchir.", "Intéressée par un salon.")
    en = _copy(ctx, case, tmp_path, "first")
    for note in notes:
        assert _marked(en, note), note

    # the screening's own note rewritten in English; its flag's and step's notes untouched
    s.note = "Stranded in Tunis."
    store.save_part(record, "screening")
    en = _copy(ctx, case, tmp_path, "after")
    assert "Stranded in Tunis." in en and "Stranded in Tunis. (written in" not in en
    assert _marked(en, "Voyage avec son fils.") and _marked(en, "École trouvée.")


def _as_saved_before_languages(ctx, case, part: str) -> None:
    """The stored part as the app stored it before it recorded the notes' language."""
    aad = session_aad(case.reference, part)
    with ctx.db.session() as session:
        row = session.query(SessionPartRow).filter_by(case_id=case.id, part=part).one()
        data = ctx.vault.cipher.decrypt_json(row.data_enc, aad)
        data.pop("text_languages")
        row.data_enc = ctx.vault.cipher.encrypt_json(data, aad)


def test_a_note_saved_before_languages_were_recorded_follows_the_old_rule(sqlite_ctx,
                                                                          tmp_path):
    """A session saved before the language of its notes was kept: its notes are taken to
    be in the language of the screen that prints the copy, as before. A note changed
    since (here in French) says the language it was changed in, whatever screen prints."""
    ctx = sqlite_ctx
    case = ctx.cases.create(person_case())
    store = SessionStore(ctx.db, ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag(Flag.SINGLE_PARENT, True, "Travels with her son.")
    record.screening.note = "Old note."
    store.save_part(record, "screening")
    _as_saved_before_languages(ctx, case, "screening")
    assert store.load(case.id, case.reference).screening.language_of("note") is None

    set_interface_language("fr")
    record = store.load(case.id, case.reference)
    record.screening.note = "Nouvelle note."
    store.save_part(record, "screening")

    set_interface_language("en")
    en = _copy(ctx, case, tmp_path, "from-english")
    assert _marked(en, "Nouvelle note.")
    assert "Travels with her son." in en and not _marked(en, "Travels with her son.")
    set_interface_language("fr")
    from_french = _copy(ctx, case, tmp_path, "from-french")
    assert _marked(from_french, "Travels with her son.")
    assert _marked(from_french, "Nouvelle note.")
