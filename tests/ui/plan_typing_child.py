"""Child process for the plan power-cut test: opens the plan step, types a summary and a
budget line like a counsellor, says "TYPED" 1.5 s after the last keystroke and waits to be
killed (SIGKILL, no clean-up)."""

from __future__ import annotations

import sys


def main(db_url: str, password: str, case_id: int) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    from counsel_app import areas
    from counsel_app.security.accounts import sign_in
    from counsel_app.storage.db import Database
    from counsel_app.ui.app import make_application
    from counsel_app.ui.main_window import MainWindow

    areas.load()
    areas.load_screens()
    app = make_application()
    ctx = sign_in(Database(db_url), "admin", password)
    window = MainWindow(ctx)
    window.show()
    window.open_case(case_id)
    window.wizard.go_to("plan")
    step = window.wizard.widgets["plan"]

    def type_text():
        summary = step.summary_edits[next(iter(step.summary_edits))]
        summary.setFocus()
        QTest.keyClicks(summary, "Tailoring workshop in Kindia", delay=20)
        step.tabs.setCurrentIndex(1)
        add = step.findChild(QPushButton, "plan_budget_add")
        QTest.mouseClick(add, Qt.LeftButton)
        editor = step.views["budget"].focusWidget()
        QTest.keyClicks(editor, "Sewing machine", delay=20)
        QTest.keyClick(editor, Qt.Key_Return)
        QTimer.singleShot(1500, lambda: print("TYPED", flush=True))

    QTimer.singleShot(50, type_text)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
