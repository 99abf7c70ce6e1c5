"""Start the desktop application."""

from __future__ import annotations

import argparse
import sys


def run_app(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Counsel")
    window.setCentralWidget(QLabel("Counsel"))
    window.show()
    return app.exec()
