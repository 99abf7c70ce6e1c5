"""The headless demo carries the sample case through handover and back."""

from counsel_app import demo
from counsel_app.domain.enums import CaseStatus
from counsel_app.handover.demo import SAMPLE_OFFICE_NAME, handover_sample_case
from counsel_app.handover.keys import KeyStore


def test_demo_hands_over_the_sample_case(tmp_path, monkeypatch):
    steps = list(demo.DEMO_STEPS)
    if handover_sample_case not in steps:
        steps.append(handover_sample_case)
    monkeypatch.setattr(demo, "DEMO_STEPS", steps)
    monkeypatch.delenv("COUNSEL_APP_PASSWORD", raising=False)
    result = demo.run_demo(f"sqlite:///{tmp_path / 'demo.sqlite'}", tmp_path / "out")
    names = [p.name for p in result.files]
    assert any(n.endswith("-handover-SAMPLE.cahp") for n in names)
    assert any(n.endswith("-acknowledgement-SAMPLE.cahp") for n in names)
    receipt = next(p for p in result.files if p.name.endswith(".receipt.txt")).read_text()
    assert "SAMPLE" in receipt.splitlines()[2] and "Aissatou" not in receipt
    from pypdf import PdfReader

    printed = next(p for p in result.files if p.name.endswith(".receipt.pdf"))
    pages = PdfReader(str(printed)).pages
    assert all("SAMPLE" in page.extract_text() for page in pages)
    assert "Aissatou" not in "".join(page.extract_text() for page in pages)
    assert result.status is CaseStatus.FOLLOW_UP
    from counsel_app.context import open_database, unlock

    ctx = unlock(open_database(f"sqlite:///{tmp_path / 'demo.sqlite'}"), "admin",
                 result.created_password)
    office = KeyStore(ctx).find_trusted(SAMPLE_OFFICE_NAME)
    assert office.revoked  # never offered for a real case
    # the sample case went through the session's rules, not around them
    from counsel_app.session.store import SessionStore

    case = ctx.cases.get_by_reference(result.reference)
    record = SessionStore(ctx.db, ctx.vault.cipher).load(case.id, case.reference)
    vol = record.voluntariness
    assert all(e.holds and e.note for e in vol.elements.values())
    assert [d.decision for d in vol.decisions] == ["return"]
    assert record.screening.flags and record.screening.required()
    assert record.screening.open_steps() == []
    assert all(record.screening.steps[s.key].note for s in record.screening.required())
