"""The person's copy names the language the consent's notes (the teach-back note, the
reason of a withdrawal) were really typed in: the one the counsellor worked in when the
consent was recorded, not the one they print the copy from."""

from __future__ import annotations

from sqlalchemy import select

from counsel_app import consent
from counsel_app.consent.models import ConsentEventRow, ConsentHeadRow
from counsel_app.consent.store import _row_hash, details_aad, genesis_hash
from counsel_app.i18n import set_interface_language
from counsel_app.security.subject_access import write_subject_access
from tests.consent.helpers import all_given, circumstances, make_case
from tests.documents.helpers import poppler_text

TEACH_BACK = "Comprend-TB7."
REASON = "Reflechit-RZ4."


def _copy(ctx, case, tmp_path, name: str) -> str:
    """The person's copy in English, as the returnee reads it."""
    out = write_subject_access(ctx, case.id, tmp_path / f"{name}.pdf", lang="en")
    return poppler_text(out.read_bytes(), tmp_path)


def _mark_after(text: str, note: str) -> str:
    """What the copy prints after ``note`` (its narrow cell may wrap the mark: the next
    column's line can come in between)."""
    assert note in text, note
    return text.split(note, 1)[1][:80]


def _written_in_french(text: str, note: str) -> bool:
    after = _mark_after(text, note)
    return after.startswith(" (written in") and "French)" in after


def test_consent_notes_typed_in_french_say_so_in_a_copy_printed_from_english(sqlite_ctx,
                                                                             tmp_path):
    """Consent recorded and withdrawn while the counsellor worked in French, the copy
    printed in English from an English screen: the teach-back note and the reason say
    "(written in French)" (the copy said nothing: it took them to be in the language of
    the screen that printed it)."""
    ctx = sqlite_ctx
    case = make_case(ctx)
    set_interface_language("fr")
    consent.record(ctx, case.reference, all_given(), circumstances(teach_back_note=TEACH_BACK))
    consent.withdraw(ctx, case.reference, reason=REASON)
    set_interface_language("en")
    en = _copy(ctx, case, tmp_path, "copy")
    assert _written_in_french(en, TEACH_BACK)
    assert _written_in_french(en, REASON)


def _as_recorded_before_languages(ctx, case) -> None:
    """The history as the app recorded it before it kept the notes' language: the same
    events without ``text_language``, chained as they were then (the chain checks out)."""
    cipher = ctx.vault.cipher
    with ctx.db.session() as session:
        rows = session.scalars(select(ConsentEventRow).where(
            ConsentEventRow.case_id == case.id).order_by(ConsentEventRow.seq)).all()
        prev = genesis_hash(case.reference)
        for row in rows:
            aad = details_aad(case.reference, row.event_id)
            details = cipher.decrypt_json(row.details_enc, aad)
            details.pop("text_language", None)
            row.details_enc = cipher.encrypt_json(details, aad)
            row.prev_hash = prev
            row.hash = prev = _row_hash(case.reference, row, prev)
        session.get(ConsentHeadRow, case.id).head_hash = prev


def test_a_consent_recorded_before_languages_were_kept_follows_the_old_rule(sqlite_ctx,
                                                                           tmp_path):
    """An event recorded before the language of its notes was kept: its notes are taken
    to be in the language of the screen that prints the copy, as before; one recorded
    since (here from a French screen) says its own, whatever screen prints."""
    ctx = sqlite_ctx
    case = make_case(ctx)
    consent.record(ctx, case.reference, all_given(), circumstances(teach_back_note=TEACH_BACK))
    _as_recorded_before_languages(ctx, case)
    assert consent.events(ctx, case.reference)[1].ok
    set_interface_language("fr")
    consent.withdraw(ctx, case.reference, reason=REASON)

    set_interface_language("en")
    en = _copy(ctx, case, tmp_path, "from-english")
    assert "(written in" not in _mark_after(en, TEACH_BACK)
    assert _written_in_french(en, REASON)
    set_interface_language("fr")
    from_french = _copy(ctx, case, tmp_path, "from-french")
    assert _written_in_french(from_french, TEACH_BACK)
    assert _written_in_french(from_french, REASON)
