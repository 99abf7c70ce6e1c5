"""Start the desktop application: show the main window on its sign-in page, open the
database meanwhile, and after the sign-in the case list (see :func:`run_app`)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer

log = logging.getLogger(__name__)

#: After this long without the database, the sign-in page says it is still opening it.
SLOW_OPENING_MS = 1000


def make_application(argv: list[str] | None = None):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv or sys.argv[:1])
        app.setApplicationName("counsel-app")
        app.setApplicationDisplayName("Counsel")
        app.setOrganizationName("counsel-app")
    return app


def apply_language(lang: str) -> None:
    """The interface language, Qt's own strings and the layout direction (RTL mirrored)."""
    from counsel_app.ui.i18n_qt import apply_interface_language

    apply_interface_language(lang)


def install_idle_lock(window, ctx) -> None:
    """Lock the window after the centre's inactivity timeout (policy in the database)."""
    from counsel_app.security.idle import idle_timeout_ms, password_checker
    from counsel_app.ui.idle_lock import install_idle_lock as install

    install(window, password_checker(ctx), idle_timeout_ms(ctx.db), user_hint=ctx.user)


def open_for_sign_in(url: str | None):
    """The half of the start that runs on a worker thread while the sign-in page is shown:
    load the database layer, open the database (bringing its schema up to date) and tell
    whether it is new. Returns ``(database, first_run)``; raises a :class:`UserError` that
    names the database when it cannot be opened. Also loads what the signed-in window
    needs, so the case list follows the password without a pause. The areas' Qt-free part
    is not needed for that: it loads after the case list shows (:func:`run_app`)."""
    from counsel_app.context import database_errors, open_database
    from counsel_app.security.accounts import needs_first_administrator
    from counsel_app.startup import resume_collector

    resume_collector()  # loaded: opening may upgrade the database, which can take minutes
    db = open_database(url)
    with database_errors(db):
        first_run = needs_first_administrator(db)
    import counsel_app.ui.case_list  # noqa: F401

    return db, first_run


def _looks_new(url: str | None) -> bool:
    """A first guess, before the database is open: the default database does not exist yet
    (so the page starts as the first-run form; the database has the last word)."""
    from counsel_app.paths import default_database_path

    return not url and not os.environ.get("COUNSEL_APP_DB_URL") and \
        not default_database_path().exists()


def run_app(args: argparse.Namespace, load_areas: Callable[[], None], *, on_shown=None) -> int:
    """The desktop app: the main window shows at once on its sign-in page while the
    database opens on a worker thread; signing in opens the case list. The areas' screens
    are registered already (:func:`counsel_app.areas.load_screens`, by the entry point);
    their Qt-free part (``load_areas``: tables, status guards, privacy hooks, listeners)
    loads on a worker thread once the case list is asked for, and any registry read before
    that load ends waits for it or runs it (:func:`counsel_app.plugins.load_on_demand`).

    ``on_shown(window)``, if given, is called once the window is shown (the start-up
    probe uses it). Returns the exit code: 1 when the database cannot be opened."""
    from counsel_app import plugins
    from counsel_app.errors import UserError
    from counsel_app.i18n import _, interface_language
    from counsel_app.ui import messages
    from counsel_app.ui.errors_qt import install_excepthook
    from counsel_app.ui.main_window import MainWindow
    from counsel_app.settings import apply_station_preferences, database_url
    from counsel_app.startup import resume_collector
    from counsel_app.ui.tasks import run_task

    plugins.load_on_demand(plugins.CORE, load_areas)
    app = make_application()
    install_excepthook()
    prefs = apply_station_preferences()  # the data folder (done already by the entry point)
    from counsel_app.ui.theme import apply_theme

    apply_theme(app, high=prefs["high_contrast"])  # before the first widget is made
    lang = getattr(args, "lang", None) or prefs["interface_language"]
    apply_language(lang or interface_language())
    url = database_url(getattr(args, "db", None), prefs)

    window = MainWindow(None, prefs, first_run=_looks_new(url))
    window.signed_in.connect(lambda ctx: _after_sign_in(window, ctx))
    window.opening_database = True
    window.show()
    failure = []

    def opened(result) -> None:
        db, first_run = result
        if window.sign_in_page is not None:
            window.sign_in_page.set_database(db, first_run=first_run)
        window.opening_finished()

    def failed(exc: BaseException) -> None:
        resume_collector()  # if the database layer itself could not be loaded
        failure.append(exc)
        window.opening_database = False
        if isinstance(exc, UserError):
            message = str(exc)
        else:
            log.error("the database could not be opened", exc_info=exc)
            from counsel_app.paths import log_dir

            message = _("The database could not be opened. Details are in the log in "
                        "{folder}.").format(folder=log_dir())
        if window.sign_in_page is not None:
            window.sign_in_page.database_failed(message)
        messages.error(window, message)
        window.close()  # the last window: the event loop ends (exit code 1 below)

    def start_opening() -> None:
        run_task(window, lambda: open_for_sign_in(url), opened, failed)
        # a database that takes its time (an upgrade, a distant server) says so
        QTimer.singleShot(SLOW_OPENING_MS, window, lambda: window.sign_in_page is not None
                          and window.sign_in_page.opening_slowly())

    if on_shown is not None:
        on_shown(window)
    # after the first paint: the window is usable while the database layer loads
    QTimer.singleShot(0, start_opening)
    code = app.exec()
    from counsel_app.ui import tasks

    tasks.pool().waitForDone()  # a database still opening (or upgrading) ends cleanly
    return 1 if failure else code


def _after_sign_in(window, ctx) -> None:
    install_idle_lock(window, ctx)
    warn_about_audit_trail(window, ctx)
    after_list_shown(window, lambda: (load_areas_in_background(window),
                                      apply_retention_in_background(window, ctx)))


def after_list_shown(window, work: Callable[[], None]) -> None:
    """Run ``work`` once the case list shows its first count (at once without a list):
    background work must not slow the list the user signed in for. It starts in the next
    pass of the event loop, after the count is painted: a worker loading modules holds
    Python's lock half the time, and the painting would wait for it."""
    case_list = getattr(window, "case_list", None)
    if case_list is None or case_list.shown_count is not None:
        work()
        return
    done = []

    def first_count(_n: int) -> None:
        if not done:
            done.append(True)
            case_list.counted.disconnect(first_count)
            QTimer.singleShot(0, window, work)

    case_list.counted.connect(first_count)


def load_areas_in_background(window) -> None:
    """Plug the areas' Qt-free part in on a worker thread while the case list fills, so
    the first step or action opened does not wait for it (a registry read sooner waits)."""
    from counsel_app import plugins
    from counsel_app.ui import messages
    from counsel_app.ui.tasks import run_task

    run_task(window, lambda: plugins.ensure_loaded(plugins.CORE), lambda _result: None,
             lambda exc: messages.show_exception(window, exc))


def warn_about_audit_trail(window, ctx) -> None:
    """The sign-in found the audit trail damaged: say so (work goes on, still recorded)."""
    from counsel_app.security.audit import sign_in_warning
    from counsel_app.ui import messages

    message = sign_in_warning(ctx)
    if message:
        messages.warn(window, message)


def apply_retention_in_background(window, ctx) -> None:
    """After an administrator signs in, anonymise closed cases past their retention period
    on a worker thread and say what was done (nothing happens for other roles)."""
    from counsel_app.i18n import ngettext
    from counsel_app.security.retention import apply_retention_at_sign_in
    from counsel_app.security.roles import Permission
    from counsel_app.ui import messages
    from counsel_app.ui.tasks import run_task

    if not ctx.allows(Permission.RETENTION):
        return

    def report(result) -> None:
        if result.anonymised:
            window.statusBar().showMessage(
                ngettext("Retention: {count} closed case past its period was anonymised.",
                         "Retention: {count} closed cases past their period were anonymised.",
                         len(result.anonymised)).format(count=len(result.anonymised)),
                15000,
            )
            refresh = getattr(getattr(window, "case_list", None), "refresh", None)
            if refresh:
                refresh()
        if result.failed:
            messages.warn(window, ngettext(
                "Retention: {count} case could not be anonymised; it will be tried again at the "
                "next sign-in. Details are in the log.",
                "Retention: {count} cases could not be anonymised; they will be tried again at "
                "the next sign-in. Details are in the log.",
                len(result.failed)).format(count=len(result.failed)))

    run_task(window, lambda: apply_retention_at_sign_in(ctx), report,
             lambda exc: messages.show_exception(window, exc))
