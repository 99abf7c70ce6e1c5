"""Referrals that are tracked: a partner and a service, planned -> sent -> accepted or
rejected -> done with dates, outcome and note; carried in the handover (consent permitting),
updated at the office and returned in the acknowledgement; counted in the monitoring
export with small cells suppressed; ``counsel-app referrals``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from counsel_app.cli import main
from counsel_app.domain.case import Case, Person
from counsel_app.errors import ValidationError
from counsel_app.i18n import set_interface_language
from counsel_app.partners.referrals import ReferralService
from counsel_app.partners.service import PartnerDirectory

from ..conftest import TEST_PASSWORD, make_context

TODAY = date(2026, 12, 5)


def partner(ctx, text):
    directory = PartnerDirectory(ctx.db)
    if not directory.count():
        directory.import_sample_set()
    [found] = directory.search(text=text)
    return found


def new_case(ctx, **values):
    return ctx.cases.create(Case(person=Person(name_latin="Awa Test", languages=["fr"]),
                                 return_country="ML", return_region="ML-BKO", **values))


def test_a_refused_date_is_shown_as_the_screens_show_it_in_the_interface_language(ctx):
    """The command line takes ISO dates, but a refusal names them in the medium form of the
    interface language, as the date boxes show them ("1 déc. 2026"), not 2026-12-01."""
    set_interface_language("fr")
    service = ReferralService(ctx)
    case = new_case(ctx)
    service.add(case, partner(ctx, "tailors"), "apprenticeship", "", today=TODAY)
    service.move(case, "1", "sent", on="2026-12-02", today=TODAY)
    with pytest.raises(ValidationError) as refused:
        service.move(case, "1", "accepted", on="2026-12-01", today=TODAY)
    assert "1 déc. 2026" in str(refused.value) and "(2 déc. 2026)" in str(refused.value)
    assert "2026-12" not in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        service.move(case, "1", "accepted", on=TODAY + timedelta(days=1), today=TODAY)
    assert "6 déc. 2026" in str(refused.value) and "2026-12" not in str(refused.value)


def test_a_referral_moves_through_its_states_with_dates_and_outcome(ctx):
    service = ReferralService(ctx)
    case = new_case(ctx)
    workshop = partner(ctx, "tailors")
    r = service.add(case, workshop, "apprenticeship in tailoring", "she asked for it",
                    today=TODAY)
    assert (r.state, r.created_on, r.partner_name) == (
        "planned", "2026-12-05", "SAMPLE — Fictional Tailors' Workshop (Bamako)")
    with pytest.raises(ValidationError, match="it can only become sent now"):
        service.move(case, r, "done", outcome="received", today=TODAY)
    service.move(case, "1", "sent", on=TODAY - timedelta(days=3), today=TODAY)
    with pytest.raises(ValidationError, match=r"The date Dec 1, 2026 is before the referral's "
                                              r"previous step \(Dec 2, 2026\)"):
        service.move(case, "1", "accepted", on=TODAY - timedelta(days=4), today=TODAY)
    with pytest.raises(ValidationError, match="The date Dec 6, 2026 is in the future"):
        service.move(case, "1", "accepted", on=TODAY + timedelta(days=1), today=TODAY)
    service.move(case, "1", "accepted", on=TODAY - timedelta(days=2), today=TODAY)
    with pytest.raises(ValidationError, match="Say what came of the referral"):
        service.move(case, "1", "done", today=TODAY)
    with pytest.raises(ValidationError, match="“declined” is not an outcome of a done"):
        service.move(case, "1", "done", outcome="declined", today=TODAY)
    done = service.move(case, "1", "done", outcome="received", note="finished the course",
                        today=TODAY)
    assert (done.sent_on, done.answered_on, done.done_on, done.outcome, done.note) == (
        "2026-12-02", "2026-12-03", "2026-12-05", "received", "finished the course")
    with pytest.raises(ValidationError, match="is done already; it cannot change"):
        service.move(case, "1", "sent", today=TODAY)
    [stored] = service.list(case)
    assert stored == done and [h["state"] for h in stored.history] == [
        "planned", "sent", "accepted", "done"]
    # the person's copy of their data shows it
    from counsel_app.security.subject_access import collect

    [section] = [s for s in collect(ctx, case.id)
                 if s.title == "Referrals (as they stand on the print date)"]
    # the counsellor's words are typed texts (printed as typed, with their language's mark)
    assert [[getattr(cell, "text", cell) for cell in row] for row in section.table_rows] == [[
        "SAMPLE — Fictional Tailors' Workshop (Bamako)", "apprenticeship in tailoring",
        "service received", "2026-12-05", "finished the course"]]


def test_referrals_go_with_the_handover_and_come_back_in_the_acknowledgement(tmp_path):
    from counsel_app.handover.ack import export_ack
    from counsel_app.handover.monitoring import collect, suppress
    from counsel_app.handover.package import export_handover, import_package
    from tests.handover.helpers import consented_case, consents, pair, sources_for

    from counsel_app.session.store import SessionStore

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    # a case without a strictly confidential flag (with one, its referrals travel only
    # under consent (7): tests/session/test_confidentiality.py)
    store = SessionStore(sender.ctx.db, sender.ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("trafficking", False)
    store.save_part(record, "screening")
    referrals = ReferralService(sender.ctx)
    ngo = partner(sender.ctx, "returnee support")
    clinic = partner(sender.ctx, "health centre")
    referrals.add(case, ngo, "family mediation")
    referrals.add(case, clinic, "insulin supply")
    referrals.move(case, "1", "sent")
    fp = office.keys.station().fingerprint
    # without the health consent: the health facility's referral stays behind
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp)), receipt_pdf=False)
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    at_office = ReferralService(office.ctx)
    received = office.ctx.cases.get_by_reference(local)
    [carried] = at_office.list(received)
    assert (carried.partner_name, carried.service, carried.state) == (
        ngo.name, "family mediation", "sent")
    # updated at a follow-up visit at the office, and acknowledged
    at_office.move(received, "1", "accepted")
    at_office.move(received, "1", "done", outcome="partly", note="two sessions of three")
    export_ack(office.ctx, local, tmp_path / "ack.cahp")
    import_package(sender.ctx, tmp_path / "ack.cahp")
    back = referrals.list(case)
    assert [(r.state, r.outcome) for r in back] == [("done", "partly"), ("planned", "")]
    assert back[0].done_on == date.today().isoformat()
    assert back[0].note == ""  # the office's note does not travel back

    tables = {t.name: t for t in collect(sender.ctx)}
    table = tables["referrals_by_partner_type_and_outcome"]
    suppress(table)
    assert {c.group: c.shown for c in table.cells} == {"ngo/partly": "<5",
                                                        "health/planned": "<5"}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_referrals_command(capsys, monkeypatch, tmp_path):
    from counsel_app.context import open_database

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    db = open_database(url)
    ctx = make_context(db)
    case = new_case(ctx)
    workshop = partner(ctx, "tailors")
    db.dispose()
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code, out, err = run(capsys, "--db", url, "referrals", "add", case.reference,
                         "--partner", str(workshop.id), "--service", "apprenticeship")
    assert code == 0, err
    assert "1. SAMPLE — Fictional Tailors' Workshop (Bamako) (Employer) — apprenticeship " \
           "— planned" in out
    code, out, err = run(capsys, "--db", url, "referrals", "move", case.reference, "1",
                         "sent", "--on", "2026-12-01")
    # the day as the screens show days, not ISO
    assert code == 0 and "— sent [sent Dec 1, 2026]" in out, err
    assert "2026-12-01" not in out
    code, out, err = run(capsys, "--lang", "fr", "--db", url, "referrals", "list",
                         case.reference)
    assert code == 0 and "[envoyée le 1 déc. 2026]" in out, out
    set_interface_language("en")
    code, out, err = run(capsys, "--db", url, "referrals", "move", case.reference, "1",
                         "done", "--outcome", "received")
    assert code == 1 and "it can only become accepted / rejected now" in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "--db", url, "referrals", "move", case.reference, "1",
                         "rejected", "--outcome", "no_capacity", "--note", "full until May")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", url, "referrals", "list", case.reference)
    assert "rejected" in out and "no place or capacity at the partner" in out
    assert "Note: full until May" in out and "[SAMPLE]" in out
    code, out, err = run(capsys, "--db", url, "referrals", "add", case.reference,
                         "--partner", "9999", "--service", "x")
    assert code == 1 and "There is no partner number 9999" in err


def test_the_printed_plan_lists_the_referrals_followed(sqlite_ctx):
    from counsel_app.plan.model import ReintegrationPlan
    from counsel_app.plan.model import Referral as PlanReferral
    from counsel_app.plan.service import PlanService

    ctx = sqlite_ctx
    case = new_case(ctx)
    service = ReferralService(ctx)
    service.add(case, partner(ctx, "tailors"), "apprenticeship in tailoring")
    service.add(case, partner(ctx, "employment office"), "job placement")
    service.move(case, "2", "sent")
    service.move(case, "2", "rejected", outcome="no_capacity")
    plans = PlanService(ctx)
    plans.save(ReintegrationPlan(reference=case.reference, referrals=[
        PlanReferral("Hope Clinic", "check-up", "+223 20 00 00 00")]))
    printed = plans.document(case.reference).plan.referrals
    assert [(r.organisation, r.service) for r in printed] == [
        ("Hope Clinic", "check-up"),
        ("SAMPLE — Fictional Tailors' Workshop (Bamako)", "apprenticeship in tailoring")]
    assert plans.get(case.reference).referrals == [
        PlanReferral("Hope Clinic", "check-up", "+223 20 00 00 00")]  # the plan itself unchanged


def _copy(ctx, case, lang: str, tmp_path) -> str:
    from counsel_app.security.subject_access import write_subject_access
    from tests.documents.helpers import poppler_text

    out = write_subject_access(ctx, case.id, tmp_path / f"copy-{lang}.pdf", lang=lang)
    return poppler_text(out.read_bytes(), tmp_path)


def test_a_note_says_the_language_it_was_typed_in_not_the_printers(sqlite_ctx, tmp_path):
    """A referral's note typed from a French screen, the person's copy printed in English
    from an English screen: the note was said to be "written in English". Now the language
    recorded when the note was written is named; a note kept as it was when the referral
    moves on keeps it, a note rewritten takes the language of the new words."""
    ctx = sqlite_ctx
    service = ReferralService(ctx)
    case = new_case(ctx)
    set_interface_language("fr")
    service.add(case, partner(ctx, "tailors"), "apprenticeship", "Urgent.", today=TODAY)
    service.add(case, partner(ctx, "employment office"), "job", "Appeler.", today=TODAY)
    set_interface_language("en")
    service.move(case, "1", "sent", on=TODAY, today=TODAY)  # the note left as it was
    service.move(case, "2", "sent", on=TODAY, note="Called.", today=TODAY)
    en = _copy(ctx, case, "en", tmp_path)
    assert "Urgent. (written in French)" in en
    assert "Called." in en and "Called. (written" not in en


def test_a_note_written_before_its_language_was_recorded_keeps_the_earlier_rule(
        sqlite_ctx, tmp_path):
    """A referral stored without the language of its note (as earlier versions stored
    it): the note is taken to be in the language of the screen
    the copy is printed from, as before; a referral added since says its own."""
    from counsel_app.partners.referrals import _aad
    from counsel_app.partners.tables import CaseReferralRow

    ctx = sqlite_ctx
    case = new_case(ctx)
    set_interface_language("fr")
    ReferralService(ctx).add(case, partner(ctx, "tailors"), "apprenticeship", "Urgent.",
                             today=TODAY)
    set_interface_language("en")
    with ctx.db.session() as session:
        row = session.query(CaseReferralRow).filter_by(case_id=case.id).one()
        data = ctx.vault.cipher.decrypt_json(row.data_enc, _aad(case.reference, row.key))
        data.pop("note_language", None)
        row.data_enc = ctx.vault.cipher.encrypt_json(data, _aad(case.reference, row.key))
    set_interface_language("fr")
    ReferralService(ctx).add(case, partner(ctx, "employment office"), "job", "Appeler.",
                             today=TODAY)
    set_interface_language("en")
    en = _copy(ctx, case, "en", tmp_path)
    assert "Urgent." in en and "Urgent. (" not in en
    assert "Appeler. (written in French)" in en
    fr = _copy(ctx, case, "fr", tmp_path)
    assert "Urgent. (écrit en anglais)" in fr
    assert "Appeler." in fr and "Appeler. (" not in fr


def test_a_note_carried_by_the_handover_keeps_its_language_at_the_office(tmp_path):
    """The sending counsellor typed the note from a French screen; the office prints the
    person's copy in English from an English screen: the note is French, and its language is
    never printed as a field of the package received."""
    from counsel_app.handover.package import export_handover, import_package
    from counsel_app.session.store import SessionStore
    from tests.handover.helpers import consented_case, consents, pair, sources_for

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    store = SessionStore(sender.ctx.db, sender.ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("trafficking", False)
    store.save_part(record, "screening")
    set_interface_language("fr")
    try:
        ReferralService(sender.ctx).add(case, partner(sender.ctx, "returnee support"),
                                        "family mediation", "Urgent.")
    finally:
        set_interface_language("en")
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp)), receipt_pdf=False)
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    received = office.ctx.cases.get_by_reference(local)
    en = _copy(office.ctx, received, "en", tmp_path)
    assert "Urgent. (written in French)" in en
    assert "note_language" not in en and "Note language" not in en


@pytest.mark.parametrize("carried", ["null", "left out"])
def test_a_note_a_package_carries_without_its_language_gets_no_mark_at_the_office(
        tmp_path, monkeypatch, carried):
    """A package that does not say the note's language (null: the sender's note from
    before languages were recorded; left out: a package made before they were carried):
    the office does not know it, so the office's copy names none, never the language the
    office's own screen is in (French here)."""
    from counsel_app.handover.package import export_handover, import_package
    from counsel_app.partners.referrals import _aad
    from counsel_app.partners.tables import CaseReferralRow
    from counsel_app.session.store import SessionStore
    from tests.handover.helpers import consented_case, consents, pair, sources_for

    sender, office = pair(tmp_path)
    case = consented_case(sender)
    store = SessionStore(sender.ctx.db, sender.ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("trafficking", False)
    store.save_part(record, "screening")
    ReferralService(sender.ctx).add(case, partner(sender.ctx, "returnee support"),
                                    "family mediation", "Urgent.")
    if carried == "null":
        with sender.ctx.db.session() as session:
            row = session.query(CaseReferralRow).filter_by(case_id=case.id).one()
            data = sender.ctx.vault.cipher.decrypt_json(row.data_enc,
                                                        _aad(case.reference, row.key))
            data.pop("note_language")
            row.data_enc = sender.ctx.vault.cipher.encrypt_json(
                data, _aad(case.reference, row.key))
    else:
        made_before = ReferralService.for_handover
        monkeypatch.setattr(ReferralService, "for_handover", lambda self, c: [
            {k: v for k, v in item.items() if k != "note_language"}
            for item in made_before(self, c)])
    fp = office.keys.station().fingerprint
    export_handover(sender.ctx, case.reference, fp, tmp_path / "p.cahp",
                    sources=sources_for(consents(fp)), receipt_pdf=False)
    local = import_package(office.ctx, tmp_path / "p.cahp").local_reference
    received = office.ctx.cases.get_by_reference(local)
    set_interface_language("fr")
    try:
        en = _copy(office.ctx, received, "en", tmp_path)
    finally:
        set_interface_language("en")
    assert "Urgent." in en and "Urgent. (" not in en
