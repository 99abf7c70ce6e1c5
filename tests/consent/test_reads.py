"""Recording consents opens (decrypts) the case once, not once per step of the use-case:
each read of a case is a decryption and a "view" event in the audit trail, which a
supervisor reads (issue 15: four decrypting round trips at consent before)."""

from __future__ import annotations

import pytest

from counsel_app import consent
from counsel_app.consent import Purpose
from counsel_app.domain.enums import CaseStatus
from counsel_app.security.audit import events as audit_events
from counsel_app.storage.cases import CaseRepository
from tests.consent.helpers import OFFICE, all_given, circumstances, make_case


@pytest.fixture
def reads(monkeypatch):
    """How many times a case is decrypted from its row."""
    count = {"n": 0}
    real = CaseRepository._to_case

    def counted(self, row):
        count["n"] += 1
        return real(self, row)

    monkeypatch.setattr(CaseRepository, "_to_case", counted)
    return count


def _views(ctx, reference):
    return len([e for e in audit_events(ctx.db, action="view") if e.reference == reference])


def test_recording_and_marking_consented_opens_the_case_once(sqlite_ctx, reads):
    ctx = sqlite_ctx
    case = make_case(ctx)
    views, reads["n"] = _views(ctx, case.reference), 0
    updated, state = consent.record_and_mark_consented(ctx, case.reference, all_given(),
                                                       circumstances())
    assert updated.status is CaseStatus.CONSENTED and state.is_given(Purpose.DATA_PROCESSING)
    assert reads["n"] == 1
    assert _views(ctx, case.reference) == views + 1


def test_a_service_given_the_case_does_not_open_it_again(sqlite_ctx, reads):
    ctx = sqlite_ctx
    case = make_case(ctx)
    reads["n"] = 0
    updated, _state = consent.record_and_mark_consented(ctx, case, all_given(),
                                                        circumstances())
    assert reads["n"] == 0 and updated.status is CaseStatus.CONSENTED
    consent.withdraw(ctx, updated, [(Purpose.SHARE_WITH_RECIPIENT, OFFICE)])
    assert not consent.load_state(ctx, updated).is_given(Purpose.SHARE_WITH_RECIPIENT,
                                                         OFFICE)
    assert reads["n"] == 0


def test_a_case_given_is_still_within_the_users_scope(sqlite_ctx):
    """Passing a Case spares its decryption, never the role or the case scope."""
    from counsel_app.errors import NotFound
    from counsel_app.security.accounts import add_user, sign_in

    ctx = sqlite_ctx
    case = make_case(ctx)
    add_user(ctx, "cora", "caseworker", "cora's long password")
    cora = sign_in(ctx.db, "cora", "cora's long password")
    with pytest.raises(NotFound):  # a caseworker sees only the cases handed to her
        consent.load_state(cora, case)
