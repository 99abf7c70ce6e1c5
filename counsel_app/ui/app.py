"""Start the desktop application: open the database, sign in, show the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys

log = logging.getLogger(__name__)


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
    try:
        from counsel_app.ui.i18n_qt import apply_interface_language
    except ImportError:  # pragma: no cover - the i18n area's module is part of the app
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from counsel_app.i18n import is_rtl, set_interface_language

        set_interface_language(lang)
        QApplication.instance().setLayoutDirection(
            Qt.RightToLeft if is_rtl(lang) else Qt.LeftToRight)
        return
    apply_interface_language(lang)


def install_idle_lock(window, ctx) -> None:
    """Lock the window after the centre's inactivity timeout (policy in the database)."""
    try:
        from counsel_app.security.idle import idle_timeout_ms, password_checker
        from counsel_app.ui.idle_lock import install_idle_lock as install
    except ImportError:  # pragma: no cover - the security area is part of the app
        log.warning("inactivity lock not available")
        return
    install(window, password_checker(ctx), idle_timeout_ms(ctx.db), user_hint=ctx.user)


def install_area_hooks() -> None:
    """Hooks other areas need once per run: a consent withdrawal flags the handover packages
    already sent under that consent (audit entry ``handover_flagged``)."""
    from counsel_app.handover.package import register_withdrawal_listener

    register_withdrawal_listener()


def run_app(args: argparse.Namespace) -> int:
    from counsel_app.context import open_database
    from counsel_app.errors import UserError
    from counsel_app.i18n import interface_language
    from counsel_app.ui import messages
    from counsel_app.ui.errors_qt import install_excepthook
    from counsel_app.ui.preferences import Preferences

    app = make_application()
    install_excepthook()
    install_area_hooks()
    prefs = Preferences.load()
    if prefs["data_folder"] and not os.environ.get("COUNSEL_APP_DATA_DIR"):
        # the settings file stays in the default folder; database and logs move
        os.environ["COUNSEL_APP_DATA_DIR"] = prefs["data_folder"]
    lang = getattr(args, "lang", None) or prefs["interface_language"]
    apply_language(lang or interface_language())
    try:
        db = open_database(getattr(args, "db", None) or prefs["database_url"] or None)
    except UserError as exc:
        messages.error(None, str(exc))
        return 1
    from counsel_app.ui.login import obtain_context

    ctx = obtain_context(db)
    if ctx is None:
        return 0
    from counsel_app.ui.main_window import MainWindow

    window = MainWindow(ctx, prefs)
    install_idle_lock(window, ctx)
    window.show()
    apply_retention_in_background(window, ctx)
    return app.exec()


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
