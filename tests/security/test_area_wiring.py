"""Every area is wired into data protection: subject access holds everything, services
respect the caller's case scope, erasure and anonymisation reach every area, imports and
prints are audited, retention runs at an administrator's sign-in."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text

from counsel_app.context import unlock
from counsel_app.domain.case import utcnow
from counsel_app.errors import NotFound
from counsel_app.security import audit, retention
from counsel_app.security.access import grant_case_access
from counsel_app.security.accounts import add_user
from counsel_app.security.subject_access import write_subject_access
from counsel_app.storage.crypto import DecryptionError, FieldCipher
from tests.security.area_case import build
from tests.conftest import TEST_PASSWORD
from tests.security.conftest import person_case

CW_PASSWORD = "a long enough password"


def flat(value: str) -> str:
    """Without spaces or line breaks, ligatures (ﬃ) undone: table cells wrap."""
    return "".join(unicodedata.normalize("NFKC", value).split())


def pdf_text(path) -> str:
    return flat("".join(page.extract_text() for page in PdfReader(str(path)).pages))


# -- 1. subject access -------------------------------------------------------------------------

def test_subject_access_copy_holds_a_value_from_every_area(tmp_path):
    built = build(tmp_path)
    out = write_subject_access(built.sender.ctx, built.case.id, tmp_path / "copy.pdf",
                               lang="en")
    text_ = pdf_text(out)
    missing = [area for area, value in built.known.items() if flat(value) not in text_]
    assert not missing, missing
    # the handover: the package sent, and the acknowledgement received with what it carried
    assert built.package_id in text_
    assert flat("Sent to") in text_ and flat("Conakry reintegration office") in text_
    # the received acknowledgement's content, in words (no storage key)
    assert flat("Received on") in text_ and "ack_for" not in text_
    # labels are readable words, not storage keys
    assert flat("Health needs") in text_ and flat("Feasibility grid") in text_
    assert flat("Vulnerability screening") in text_


def test_subject_access_at_the_receiving_office(tmp_path):
    built = build(tmp_path)
    office = built.office.ctx
    text_ = pdf_text(write_subject_access(office, built.office_case_id, tmp_path / "o.pdf",
                                          lang="fr"))
    assert flat(built.known["case"]) in text_
    assert built.package_id in text_  # the package received, with the plan it carried
    assert flat("Buy a sewing machine") in text_


# -- 2. access checks -------------------------------------------------------------------------

def test_a_caseworker_reads_no_area_of_a_case_not_handed_to_them(tmp_path):
    from counsel_app.consent import service as consent
    from counsel_app.consent.form import consent_form_data
    from counsel_app.followup.service import FollowupService
    from counsel_app.handover.ack import latest_ack
    from counsel_app.handover.package import packages_for_case, withdrawal_flags
    from counsel_app.opportunities.service import OpportunityService
    from counsel_app.plan.service import PlanService
    from counsel_app.security.scoped import ScopedSessionStore

    built = build(tmp_path)
    admin = built.sender.ctx
    add_user(admin, "kofi", "caseworker", CW_PASSWORD)
    kofi = unlock(admin.db, "kofi", CW_PASSWORD)
    case = built.case
    ref = case.reference
    calls = {
        "plan get": lambda: PlanService(kofi).get(ref),
        "plan exists": lambda: PlanService(kofi).exists(ref),
        "plan print": lambda: PlanService(kofi).render_pdf(ref, "en"),
        "consent events": lambda: consent.events(kofi, ref),
        "consent state": lambda: consent.load_state(kofi, ref),
        "consent form": lambda: consent_form_data(kofi, ref, "en"),
        "session load": lambda: ScopedSessionStore(kofi).load(case.id, ref),
        "session part": lambda: ScopedSessionStore(kofi).load_part(case.id, ref, "screening"),
        "skills profile": lambda: OpportunityService(kofi).profile(case),
        "feasibility grid": lambda: OpportunityService(kofi).feasibility_grid(case),
        "chosen": lambda: OpportunityService(kofi).chosen(case),
        "followup": lambda: FollowupService(kofi).summary(ref),
        "packages": lambda: packages_for_case(kofi, case.id),
        "withdrawal flags": lambda: withdrawal_flags(kofi, ref),
        "latest ack": lambda: latest_ack(kofi, ref),
        "subject access": lambda: write_subject_access(kofi, case.id, tmp_path / "k.pdf"),
    }
    for name, call in calls.items():
        with pytest.raises(NotFound):
            call()
            pytest.fail(f"{name}: a caseworker read a case not handed to them")
    grant_case_access(admin, case.id, "kofi")
    kofi = unlock(admin.db, "kofi", CW_PASSWORD)
    for name, call in calls.items():
        call()  # handed over: every one works


def test_a_supervisor_reads_but_does_not_change_area_records(tmp_path):
    from counsel_app.opportunities.model import SkillsProfile
    from counsel_app.opportunities.service import OpportunityService
    from counsel_app.security.roles import PermissionDenied
    from counsel_app.security.scoped import ScopedSessionStore

    built = build(tmp_path)
    admin = built.sender.ctx
    add_user(admin, "sue", "supervisor", CW_PASSWORD)
    sue = unlock(admin.db, "sue", CW_PASSWORD)
    service = OpportunityService(sue)
    assert service.profile(built.case).skills == [built.known["opportunities profile"]]
    with pytest.raises(PermissionDenied):
        service.save_profile(built.case, SkillsProfile(skills=["changed"]))
    store = ScopedSessionStore(sue)
    record = store.load(built.case.id, built.case.reference)
    with pytest.raises(PermissionDenied):
        store.save_part(record, "screening")
    assert OpportunityService(admin).profile(built.case).skills == [
        built.known["opportunities profile"]]


# -- 3. erasure and anonymisation ---------------------------------------------------------------

_TAG = b"\0" * 16


def _glass_encrypt(self, plaintext: bytes, aad: str) -> bytes:
    return b"\x01" + hashlib.sha256(aad.encode()).digest()[:12] + plaintext + _TAG


def _glass_decrypt(self, blob: bytes, aad: str) -> bytes:
    if blob[:13] != b"\x01" + hashlib.sha256(aad.encode()).digest()[:12]:
        raise DecryptionError("field does not decrypt with this key and place")
    return blob[13:-16]


@pytest.fixture
def glass(monkeypatch):
    """Field encryption that keeps the plaintext visible (the place still checked), so that
    a search of the raw database file can see whether any personal value is left."""
    monkeypatch.setattr(FieldCipher, "encrypt", _glass_encrypt)
    monkeypatch.setattr(FieldCipher, "decrypt", _glass_decrypt)


def raw_database(db) -> bytes:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = db.engine.url.database
    data = open(path, "rb").read()
    for suffix in ("-wal", "-journal"):
        try:
            data += open(path + suffix, "rb").read()
        except FileNotFoundError:
            pass
    return data


def test_erasure_leaves_no_personal_value_in_any_area(tmp_path, glass):
    from counsel_app.handover.models import HandoverPackageRow

    built = build(tmp_path)
    ctx = built.sender.ctx
    ref = built.case.reference
    values = [v.encode() for v in built.known.values()]
    before = raw_database(ctx.db)
    assert all(v in before for v in values)  # the search can see them (glass fields)
    assert retention.erase_case(ctx, built.case.id) == ref
    after = raw_database(ctx.db)
    left = [v.decode() for v in values if v in after]
    assert not left, left
    # every area's rows about the case are gone; the handover keeps a non-personal stub
    with ctx.db.read_session() as s:
        for table in ("session_parts", "consent_events", "consent_heads", "plans",
                      "case_opportunity_profiles", "followup_cases", "followup_visits",
                      "followup_action_progress", "case_access"):
            assert s.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
        stubs = s.scalars(select(HandoverPackageRow)).all()
    assert {r.package_id for r in stubs} >= {built.package_id}
    assert all(r.case_id is None and r.remote_reference == "" for r in stubs)
    assert audit.events(ctx.db, reference=ref)[-1].action == "erase"
    assert audit.verify(ctx.db, ctx.vault.data_key).ok


def test_an_erased_case_does_not_come_back_by_importing_its_package_again(tmp_path):
    from counsel_app.handover.package import PackageRefused, import_package

    built = build(tmp_path)
    office = built.office.ctx
    retention.erase_case(office, built.office_case_id)
    with pytest.raises(PackageRefused) as refused:
        import_package(office, built.package)
    assert refused.value.reason == "replayed"
    assert office.cases.list() == []


def test_anonymisation_keeps_statistics_and_removes_words(tmp_path, glass):
    from counsel_app.handover import monitoring

    built = build(tmp_path)
    ctx = built.sender.ctx
    ref = built.case.reference
    before = {t.name: t for t in monitoring.collect(ctx)}
    retention.anonymise_case(ctx, built.case.id)
    after = {t.name: t for t in monitoring.collect(ctx)}
    # the figures still count the case: handovers, arrival, vulnerability categories
    for name in ("packages", "follow_up", "cases_by_vulnerability_category"):
        assert [(c.group, c.count) for c in after[name].cells] == \
            [(c.group, c.count) for c in before[name].cells], name
    raw = raw_database(ctx.db)
    left = [k for k, v in built.known.items() if v.encode() in raw]
    assert not left, left
    assert any(e.action == "anonymise" for e in audit.events(ctx.db, reference=ref))


# -- 4. audit of prints, exports and imports ----------------------------------------------------

def test_prints_exports_and_imports_are_audited(tmp_path):
    from counsel_app.consent.form import consent_form_data
    from counsel_app.handover.monitoring import export_monitoring
    from counsel_app.plan.service import PlanService
    from counsel_app.security.backup import create_backup

    built = build(tmp_path)
    ctx = built.sender.ctx
    ref = built.case.reference

    def actions(**filters):
        return [(e.action, e.detail) for e in audit.events(ctx.db, **filters)]

    # done while building: handover export, acknowledgement import, opportunities import
    assert any(a == "handover_export" for a, _d in actions(reference=ref))
    assert any(a == "handover_ack_import" for a, _d in actions(reference=ref))
    assert any(a == "handover_import" for a, _d in
               [(e.action, e.detail) for e in audit.events(built.office.ctx.db)])
    PlanService(ctx).render_pdf(ref, "fr")
    assert ("print", "plan fr") in actions(reference=ref)
    consent_form_data(ctx, ref, "en")
    assert ("print", "consent form en") in actions(reference=ref)
    write_subject_access(ctx, built.case.id, tmp_path / "sa.pdf", lang="en")
    assert ("subject_access", "pdf en") in actions(reference=ref)
    export_monitoring(ctx, tmp_path / "m.csv")
    assert ("monitoring_export", "csv") in actions()
    create_backup(ctx, tmp_path / "b.cab", "a backup passphrase")
    assert any(a == "backup" for a, _d in actions())


def test_backup_of_a_station_with_every_area_restores(tmp_path):
    from counsel_app.opportunities.service import OpportunityCatalogue
    from counsel_app.security.backup import create_backup, restore_backup
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database

    built = build(tmp_path)
    ctx = built.sender.ctx
    amounts = sorted(str(o.amount) for o in OpportunityCatalogue(ctx.db).list(limit=500)
                     if o.amount is not None)
    assert amounts  # the sample set has paid offers (Numeric column)
    create_backup(ctx, tmp_path / "b.cab", "a backup passphrase")
    target = Database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    migrate.upgrade(target)
    restore_backup(target, tmp_path / "b.cab", "a backup passphrase")
    assert sorted(str(o.amount) for o in OpportunityCatalogue(target).list(limit=500)
                  if o.amount is not None) == amounts
    restored = unlock(target, "admin", TEST_PASSWORD)
    text_ = pdf_text(write_subject_access(restored, built.case.id, tmp_path / "r.pdf"))
    assert all(flat(v) in text_ for v in built.known.values())


def _set_up_station(tmp_path):
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database
    from tests.conftest import make_context

    url = f"sqlite:///{tmp_path / 'station.sqlite'}"
    db = Database(url)
    migrate.upgrade(db)
    return url, make_context(db)


def test_cli_imports_on_a_set_up_station_are_signed_in_and_audited(tmp_path, monkeypatch,
                                                                    capsys):
    from counsel_app.cli import main
    from country_info.library import sample_pack_files
    from tests.conftest import TEST_PASSWORD

    url, ctx = _set_up_station(tmp_path)
    sample = sample_pack_files()[0]
    monkeypatch.setattr("sys.stdin", None)
    # without credentials nothing is imported
    assert main(["--db", url, "opportunities", "sample"]) == 1
    assert main(["--db", url, "packs", "import", str(sample)]) == 1
    assert "password" in capsys.readouterr().err
    from counsel_app.opportunities.service import OpportunityCatalogue

    assert OpportunityCatalogue(ctx.db).count() == 0
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    assert main(["--db", url, "opportunities", "sample"]) == 0
    assert main(["--db", url, "packs", "import", str(sample)]) == 0
    events = audit.events(ctx.db)
    assert any(e.action == "opportunities.import" and e.username == "admin" for e in events)
    assert any(e.action == "import" and "country pack" in e.detail for e in events)


def test_cli_imports_before_set_up_need_no_sign_in(tmp_path, capsys):
    from counsel_app.cli import main

    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    assert main(["--db", url, "opportunities", "sample"]) == 0
    assert "39 new" in capsys.readouterr().out


# -- 5. retention at an administrator's sign-in -------------------------------------------------

def test_retention_at_sign_in_anonymises_due_cases_for_administrators_only(sqlite_ctx):
    from tests.security.test_retention import closed_case

    ctx = sqlite_ctx
    old = closed_case(ctx)
    keep = ctx.cases.create(person_case("Awa Camara"))
    add_user(ctx, "cora", "counsellor", CW_PASSWORD)
    cora = unlock(ctx.db, "cora", CW_PASSWORD)
    later = utcnow() + timedelta(days=731)
    nothing = retention.apply_retention_at_sign_in(cora, now=later)
    assert not nothing.ran and nothing.anonymised == []
    assert not retention.is_anonymised(ctx.db, old.id)
    result = retention.apply_retention_at_sign_in(ctx, now=later)
    assert result.ran and result.anonymised == [old.reference] and result.failed == []
    assert retention.is_anonymised(ctx.db, old.id)
    assert ctx.cases.get(keep.id).person.name_latin == "Awa Camara"
    assert any(e.action == "retention" and "at sign-in" in e.detail
               for e in audit.events(ctx.db))
    again = retention.apply_retention_at_sign_in(ctx, now=later)
    assert again.ran and again.anonymised == []


def test_retention_at_sign_in_goes_on_past_a_damaged_record(sqlite_ctx, monkeypatch):
    from tests.security.test_retention import closed_case

    ctx = sqlite_ctx
    bad, good = closed_case(ctx), closed_case(ctx, "Binta Sow")
    real = retention.anonymise_case

    def anonymise(ctx_, case_id):
        if case_id == bad.id:
            raise DecryptionError("damaged")
        return real(ctx_, case_id)

    monkeypatch.setattr(retention, "anonymise_case", anonymise)
    result = retention.apply_retention_at_sign_in(ctx, now=utcnow() + timedelta(days=731))
    assert result.anonymised == [good.reference] and result.failed == [bad.id]
