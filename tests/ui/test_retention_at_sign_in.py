"""An administrator's sign-in applies the retention periods in the background and says so;
other roles trigger nothing."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from counsel_app.domain.case import utcnow
from counsel_app.security import retention


def _later(monkeypatch):
    real = retention.apply_retention_at_sign_in
    monkeypatch.setattr(retention, "apply_retention_at_sign_in",
                        partial(real, now=utcnow() + timedelta(days=731)))


def test_admin_sign_in_anonymises_due_cases_and_reports(qtbot, app_ctx, answers, monkeypatch):
    from tests.security.test_retention import closed_case

    from counsel_app.ui.app import apply_retention_in_background
    from counsel_app.ui.main_window import MainWindow

    old = closed_case(app_ctx)
    _later(monkeypatch)
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    apply_retention_in_background(window, app_ctx)
    assert retention.is_anonymised(app_ctx.db, old.id)
    assert "1 closed case past its period was anonymised" in window.statusBar().currentMessage()
    assert answers.shown == []


def test_counsellor_sign_in_changes_nothing(qtbot, app_ctx, answers, monkeypatch):
    from tests.security.test_retention import closed_case

    from counsel_app.context import unlock
    from counsel_app.security.accounts import add_user
    from counsel_app.ui.app import apply_retention_in_background
    from counsel_app.ui.main_window import MainWindow

    old = closed_case(app_ctx)
    add_user(app_ctx, "cora", "counsellor", "cora's long password")
    cora = unlock(app_ctx.db, "cora", "cora's long password")
    _later(monkeypatch)
    window = MainWindow(cora)
    qtbot.addWidget(window)
    apply_retention_in_background(window, cora)
    assert not retention.is_anonymised(app_ctx.db, old.id)
    assert window.statusBar().currentMessage() == ""


def test_session_store_of_the_window_is_scoped(qtbot, app_ctx, answers):
    from counsel_app.security.scoped import ScopedSessionStore
    from counsel_app.ui.main_window import MainWindow

    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    assert isinstance(window.store, ScopedSessionStore)
