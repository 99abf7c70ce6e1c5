"""Killed mid-session (SIGKILL, as a power cut), nothing typed over a second before is lost."""

from __future__ import annotations

import signal
import sys

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.session.store import SessionStore
from tests.ui.power_cut import kill_after_typing


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("step", ["intake", "information"])
def test_sigkill_after_typing_loses_nothing(app_ctx, tmp_path, step):
    case = app_ctx.cases.create(Case(person=Person(name_latin="Saa Millimono")))
    child = kill_after_typing(app_ctx, "tests.ui.typing_child", str(case.id), step)
    assert child.returncode == -signal.SIGKILL
    if step == "intake":
        stored = app_ctx.cases.get(case.id)
        assert stored.return_town == "Kissidougou"
        assert stored.person.name_native == "Saa Millimono N."
    else:
        record = SessionStore(app_ctx.db, app_ctx.vault.cipher).load(case.id, case.reference)
        assert record.information.note == "Asked about schools for her son"
        assert record.progress.last_step == "information"
