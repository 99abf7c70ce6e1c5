"""Child process for the power-cut test: opens a case, types like a counsellor, then says
"TYPED" 1.5 s after the last keystroke and waits to be killed (SIGKILL, no clean-up)."""

from __future__ import annotations

import sys


def main(db_url: str, password: str, case_id: int, step: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

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
    wizard = window.wizard
    wizard.go_to(step)

    def type_text():
        if step == "intake":
            intake = wizard.widgets["intake"]
            intake.town.setFocus()
            QTest.keyClicks(intake.town, "Kissidougou", delay=20)
            QTest.keyClicks(intake.name_native, "Saa Millimono N.", delay=20)
        else:
            info = wizard.widgets["information"]
            info.note.setFocus()
            QTest.keyClicks(info.note, "Asked about schools for her son", delay=20)
        QTimer.singleShot(1500, lambda: print("TYPED", flush=True))

    QTimer.singleShot(50, type_text)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
