"""The Qt layer: thin widgets over the Qt-free services."""

import PySide6  # noqa: F401 - loads shiboken, whose import hook the next line tunes

from counsel_app.ui.qt_import_scan import answer_for_qt_free_packages

answer_for_qt_free_packages()
