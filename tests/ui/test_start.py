"""The desktop app's start (``run_app``): the main window shows on its sign-in page at once,
the database opens behind it, signing in opens the case list; a database that cannot be
opened is named and the app ends with 1."""

from __future__ import annotations

import argparse
import subprocess
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.conftest import TEST_PASSWORD


def start(db_url, steps, load_areas=None):
    """Run the app; ``steps(window)`` runs once it is shown (inside the event loop), then
    the window closes (an error in ``steps`` is re-raised after the app has ended)."""
    from counsel_app import areas
    from counsel_app.ui.app import run_app

    seen = {"error": None}

    def run_steps(window):
        try:
            steps(window)
        except BaseException as exc:  # noqa: BLE001 - re-raised below, outside Qt
            seen["error"] = exc
        finally:
            if window.isVisible():
                window.close()

    def on_shown(window):
        seen["window"] = window
        QTimer.singleShot(0, lambda: run_steps(window))

    code = run_app(argparse.Namespace(db=db_url, lang=None), load_areas or areas.load,
                   on_shown=on_shown)
    if seen["error"] is not None:
        raise seen["error"]
    return code, seen


def test_sign_in_on_the_main_window_then_the_case_list(qtbot, app_ctx, answers):
    from counsel_app.domain.case import Case, Person
    from counsel_app.ui import tasks
    from counsel_app.ui.main_window import window_state

    tasks.set_pool(None)  # the database really opens on a worker thread, as in the app

    app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    url = app_ctx.db.url
    after = {}

    def steps(window):
        page = window.sign_in_page
        after["menus"] = [a.objectName() for a in window.actions_by_id.values()]
        after["db_opened"] = page.db is not None
        page.user.setText("admin")
        qtbot.keyClicks(page.password, TEST_PASSWORD)
        qtbot.keyClick(page.password, Qt.Key_Return)  # before the database is open
        after["waiting"] = page.status.text()
        after["frozen"] = page.password.isReadOnly() and page.user.isReadOnly()
        after["cursor"] = QApplication.overrideCursor() is not None
        qtbot.waitUntil(lambda: window.case_list is not None)  # then it goes on by itself
        qtbot.waitUntil(lambda: window.case_list.count_label.text() != "")  # counted behind
        after["rows"] = window.case_list.model.rowCount()
        after["count"] = window.case_list.count_label.text()
        after["title"] = window.windowTitle()
        after["menus_after"] = sorted(window.actions_by_id)
        after["locked_after_idle"] = hasattr(window, "_idle_lock")
        window.close()

    code, seen = start(url, steps)
    assert code == 0
    assert after["menus"] == ["file.quit", "help.about"]  # nothing else before sign-in
    assert not after["db_opened"] and after["waiting"] == "Opening the database…"
    assert after["frozen"] and after["cursor"]  # what was submitted cannot change meanwhile
    assert QApplication.overrideCursor() is None  # and the cursor came back
    assert after["rows"] == 1 and after["count"] == "1 case"
    assert after["title"] == "Counsel — admin" and "file.new_case" in after["menus_after"]
    assert after["locked_after_idle"]
    assert window_state().value("last_user") == "admin"  # offered next time


def test_the_areas_load_behind_the_case_list_not_before_it(qtbot, app_ctx, answers,
                                                           monkeypatch):
    """The start does not wait for the areas' Qt-free part (status guards, privacy hooks,
    tables of every area): it loads on a worker thread once the case list shows its count,
    and a status change made before that would wait for it (tests/test_areas.py)."""
    from counsel_app import areas, plugins
    from counsel_app.domain.case import Case, Person
    from counsel_app.ui import tasks

    tasks.set_pool(None)  # real worker threads, as in the app
    app_ctx.cases.create(Case(person=Person(name_latin="Omar Ali")))
    monkeypatch.setattr(plugins, "_loaded", {plugins.SCREENS})  # as a fresh process
    events, shown = [], {}

    def load():  # what the list showed when the areas began to load
        events.append(("areas loaded", shown["window"].case_list.count_label.text()))
        areas.load()

    def steps(window):
        shown["window"] = window
        page = window.sign_in_page
        page.user.setText("admin")
        page.password.setText(TEST_PASSWORD)
        qtbot.keyClick(page.password, Qt.Key_Return)
        qtbot.waitUntil(lambda: plugins.is_loaded(plugins.CORE), timeout=20_000)
        window.close()

    assert start(app_ctx.db.url, steps, load)[0] == 0
    assert events == [("areas loaded", "1 case")]  # once, after the list was counted


def test_the_next_start_offers_the_last_user(qtbot, app_ctx, answers):
    from counsel_app.ui.main_window import window_state

    window_state().setValue("last_user", "admin")
    seen_focus = []

    def steps(window):
        page = window.sign_in_page
        seen_focus.append((page.user.text(), page.focusWidget() is page.password))
        window.close()

    assert start(app_ctx.db.url, steps)[0] == 0
    assert seen_focus == [("admin", True)]


def test_a_new_default_database_starts_with_the_first_run_form(qtbot, answers):
    from counsel_app.paths import default_database_path
    from counsel_app.ui.login import FIRST_RUN

    assert not default_database_path().exists()
    modes = []

    def steps(window):
        page = window.sign_in_page
        modes.append(page.mode)
        qtbot.waitUntil(lambda: page.db is not None)
        page.password.setText(TEST_PASSWORD)
        page.repeat.setText(TEST_PASSWORD)
        qtbot.mouseClick(page.ok_button, Qt.LeftButton)
        modes.append(window.case_list is not None)
        window.close()

    assert start(None, steps)[0] == 0
    assert modes == [FIRST_RUN, True] and default_database_path().exists()


def test_a_file_that_is_not_a_database_is_named_and_the_app_ends(qtbot, answers, tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"this is not a database at all" * 100)
    code, seen = start(str(bad), lambda window: None)
    assert code == 1
    [(_title, text)] = answers.shown
    assert "notes.sqlite" in text and "not a database" in text
    assert "not a database" in seen["window"].sign_in_page.error.text()
    assert bad.read_bytes() == b"this is not a database at all" * 100  # nothing changed


def test_nothing_of_the_database_layer_is_imported_before_the_window_shows():
    # a fresh interpreter: the modules the window needs before it shows, and nothing else
    code = ("import sys; import counsel_app.cli, counsel_app.ui.app, counsel_app.ui.main_window,"
            " counsel_app.ui.login, counsel_app.settings, counsel_app.ui.i18n_qt;"
            " print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'argon2',"
            " 'cryptography', 'babel'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip() == "[]"


def test_an_unexpected_error_while_opening_is_logged_and_named_in_one_line(
        qtbot, answers, monkeypatch, caplog):
    from counsel_app.ui import app

    def broken(url):
        raise RuntimeError("driver exploded: secret detail")

    monkeypatch.setattr(app, "open_for_sign_in", broken)
    state = {}

    def steps(window):
        page = window.sign_in_page
        page.password.setText("typed before the failure")
        qtbot.mouseClick(page.ok_button, Qt.LeftButton)  # pending when it fails
        state["page"] = page

    code, seen = start(None, steps)
    page = seen["window"].sign_in_page
    assert code == 1
    [(_title, text)] = answers.shown
    assert text.startswith("The database could not be opened.") and "secret" not in text
    assert page.error.text() == text and page.password.text() == ""
    assert not page.ok_button.isEnabled() and QApplication.overrideCursor() is None
    assert "driver exploded" in caplog.text  # the details are in the log


def test_a_workspace_that_fails_to_open_after_sign_in_closes_the_window(
        qtbot, app_ctx, answers, monkeypatch):
    from counsel_app.ui.case_list import CaseListView

    def broken(self):
        raise RuntimeError("case list exploded")

    monkeypatch.setattr(CaseListView, "refresh", broken)

    def steps(window):
        page = window.sign_in_page
        qtbot.waitUntil(lambda: page.db is not None)
        page.user.setText("admin")
        page.password.setText(TEST_PASSWORD)
        qtbot.mouseClick(page.ok_button, Qt.LeftButton)

    code, seen = start(app_ctx.db.url, steps)
    window = seen["window"]
    assert not window.isVisible()  # never left open without its inactivity lock
    assert len(answers.shown) == 1 and "exploded" not in answers.shown[0][1]


def test_closing_while_the_database_opens_waits_for_it_with_the_window_shown(
        qtbot, app_ctx, answers):
    from counsel_app.ui import tasks

    tasks.set_pool(None)  # a real worker thread
    seen = {}

    def steps(window):
        window.close()  # at once: the database has not even started opening
        seen["still_shown"] = window.isVisible()
        seen["said"] = window.sign_in_page.status.text()

    code, result = start(app_ctx.db.url, steps)
    assert code == 0 and seen["still_shown"] and "closes as soon as" in seen["said"]
    assert not result["window"].isVisible()  # then it closed by itself
    assert result["window"].sign_in_page.db is not None  # after the opening had finished
