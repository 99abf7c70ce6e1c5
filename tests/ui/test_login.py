"""The sign-in page: first run, wrong password, back-off countdown, lock-out, and what was
submitted before the database finished opening."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counsel_app.security.accounts import LOCK_AFTER, add_user
from counsel_app.ui.login import FIRST_RUN, SIGN_IN, SignInPage
from tests.conftest import TEST_PASSWORD

PW = "counsellor password"


def page_for(qtbot, db, *, first_run=False, user=""):
    page = SignInPage(user=user, first_run=first_run)
    qtbot.addWidget(page)
    page.show()
    if db is not None:
        page.set_database(db, first_run=first_run)
    return page


def test_first_run_creates_the_named_administrator(qtbot, sqlite_db):
    page = page_for(qtbot, sqlite_db, first_run=True)
    assert page.mode == FIRST_RUN and page.repeat.isVisible()
    signed = []
    page.signed_in.connect(signed.append)
    page.user.setText("chief")
    qtbot.keyClicks(page.password, "short")
    qtbot.keyClicks(page.repeat, "short")
    qtbot.mouseClick(page.ok_button, Qt.LeftButton)
    assert "at least 10" in page.error.text() and signed == []
    page.password.setText(TEST_PASSWORD)
    page.repeat.setText(TEST_PASSWORD + "x")
    qtbot.keyClick(page.repeat, Qt.Key_Return)
    assert "differ" in page.error.text() and signed == []
    page.repeat.setText(TEST_PASSWORD)
    qtbot.keyClick(page.repeat, Qt.Key_Return)
    [ctx] = signed
    assert ctx.user == "chief" and ctx.role == "administrator"
    assert page.password.text() == "" and page.repeat.text() == ""  # no copy stays behind


def test_wrong_password_back_off_and_lock(qtbot, sqlite_ctx):
    add_user(sqlite_ctx, "cora", "counsellor", PW)
    page = page_for(qtbot, sqlite_ctx.db, user="cora")
    assert page.mode == SIGN_IN and not page.repeat.isVisible()
    assert page.focusWidget() is page.password  # the name is known: straight to the password
    for _ in range(3):
        page.password.setText("wrong password")
        qtbot.mouseClick(page.ok_button, Qt.LeftButton)
    assert "Wrong user name or password" in page.error.text()
    page.password.setText(PW)
    qtbot.mouseClick(page.ok_button, Qt.LeftButton)
    assert "wait 2 seconds" in page.error.text() and not page.ok_button.isEnabled()
    qtbot.keyClick(page.password, Qt.Key_Return)  # Enter does not get round the wait
    assert page.result_ctx is None
    # the countdown's last second is "1 second", not "1 seconds"
    qtbot.waitUntil(lambda: page.error.text() == (
        "Too many failed attempts: wait 1 second before trying again."), timeout=2500)
    qtbot.waitUntil(page.ok_button.isEnabled, timeout=4000)
    qtbot.mouseClick(page.ok_button, Qt.LeftButton)
    assert page.result_ctx.user == "cora" and page.result_ctx.role == "counsellor"


def test_locked_account_message(qtbot, sqlite_ctx, monkeypatch):
    from sqlalchemy import update

    from counsel_app.security import accounts
    from counsel_app.security.models import UserRow

    add_user(sqlite_ctx, "cora", "counsellor", PW)
    with sqlite_ctx.db.session() as s:  # one failure short of the lock, no wait pending
        s.execute(update(UserRow).where(UserRow.username == "cora")
                  .values(failed_attempts=LOCK_AFTER - 1))
    monkeypatch.setattr(accounts, "backoff_seconds", lambda n: 0)
    page = page_for(qtbot, sqlite_ctx.db, user="cora")
    page.password.setText("wrong password")
    qtbot.mouseClick(page.ok_button, Qt.LeftButton)
    assert "locked" in page.error.text() and "administrator" in page.error.text()
    page.password.setText(PW)
    qtbot.mouseClick(page.ok_button, Qt.LeftButton)
    assert page.result_ctx is None and "locked" in page.error.text()


def test_submitted_before_the_database_is_open_goes_on_by_itself(qtbot, sqlite_ctx):
    add_user(sqlite_ctx, "cora", "counsellor", PW)
    page = page_for(qtbot, None, user="cora")
    qtbot.keyClicks(page.password, PW)
    qtbot.keyClick(page.password, Qt.Key_Return)
    assert page.status.text() == "Opening the database…" and not page.ok_button.isEnabled()
    assert page.result_ctx is None and page.password.isReadOnly()
    qtbot.keyClicks(page.password, "more")  # cannot change what was submitted
    assert page.password.text() == PW
    page.set_database(sqlite_ctx.db, first_run=False)
    assert page.result_ctx.user == "cora" and page.status.text() == ""
    assert not page.password.isReadOnly()


def test_a_new_database_turns_the_page_into_the_first_run_form(qtbot, sqlite_db):
    page = page_for(qtbot, None, user="cora")  # a remembered name, but a new database
    page.password.setText("typed for an account that does not exist")
    qtbot.mouseClick(page.ok_button, Qt.LeftButton)
    page.set_database(sqlite_db, first_run=True)
    assert page.mode == FIRST_RUN and page.result_ctx is None  # nothing was created
    assert page.password.text() == "" and "No account" in page.status.text()
    assert page.ok_button.isEnabled() and page.ok_button.text() == "Create the account"


def test_a_database_that_cannot_be_opened_is_named_and_nothing_is_asked(qtbot):
    page = page_for(qtbot, None, user="cora")
    page.password.setText("typed meanwhile")
    qtbot.mouseClick(page.ok_button, Qt.LeftButton)
    page.database_failed("Cannot open the database sqlite:///x: file is not a database")
    assert "file is not a database" in page.error.text()
    assert not page.ok_button.isEnabled() and not page.password.isEnabled()
    assert page.status.text() == "" and page.password.text() == ""


def test_a_slow_database_is_said_to_be_opening(qtbot):
    page = page_for(qtbot, None, user="cora")
    assert not page.status.isVisible()
    page.opening_slowly()
    assert page.status.isVisible() and page.status.text() == "Opening the database…"
