"""The Qt side of languages: Qt's own strings, layout direction, run-time switching.

One call switches the interface language at run time::

    from counsel_app.ui.i18n_qt import apply_interface_language, language_switcher

    apply_interface_language("ar")   # _() now Arabic; Qt's buttons Arabic; layout mirrored

It (1) sets the language ``_`` translates into, (2) replaces the ``QTranslator`` holding Qt's
own ``qtbase_<lang>.qm`` (standard buttons, context menus, file dialogs), (3) sets the
application's layout direction (right to left for Arabic and the pseudo-locale ``x_pseudo``),
(4) sets ``QLocale.setDefault`` and gives it to the open windows (a window not given
a locale of its own), so Qt's date and number widgets follow, and (5) emits
``language_switcher().language_changed(lang)``.

Widgets that hold translated text re-set it when told: either connect with
:func:`retranslate_on_change` (calls ``widget.retranslate_ui()`` or any function now and
after every switch, and disconnects itself when the widget is destroyed) or handle
``QEvent.LanguageChange`` in ``changeEvent`` (Qt sends it to every widget when the
translator changes). Call it once at start-up with the saved setting; a change in the
settings dialog can call it again (run-time switch) or save and ask for a restart.

Qt translations: PySide6-Essentials 6.x ships ``qtbase_*.qm`` in ``PySide6/Qt/translations``
(ar, fa, fr, es, ru, uk, ... : :func:`available_qt_languages`); for a language without one
(e.g. ps, am) Qt's own strings stay in English and :func:`install_qt_translations` says so
by returning ``False``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTranslator,
    Signal,
)
from PySide6.QtWidgets import QApplication, QWidget

from counsel_app.i18n import qt_locale_name, set_interface_language
from counsel_app.ui import theme

log = logging.getLogger(__name__)


def qt_translations_dir() -> Path:
    """Where Qt's ``.qm`` files are: Qt's own path, else the PySide6 package folder (the
    PyInstaller build collects them there)."""
    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if path.is_dir() and any(path.glob("qtbase_*.qm")):
        return path
    import PySide6

    return Path(PySide6.__file__).resolve().parent / "Qt" / "translations"


def available_qt_languages() -> list[str]:
    """Languages with a ``qtbase_<lang>.qm`` in this Qt."""
    return sorted(p.stem.removeprefix("qtbase_") for p in qt_translations_dir().glob("qtbase_*.qm"))


def _qt_file_for(lang: str) -> Path | None:
    folder = qt_translations_dir()
    for candidate in (lang, lang.split("_")[0]):
        path = folder / f"qtbase_{candidate}.qm"
        if path.exists():
            return path
    if lang.split("_")[0] == "fa":  # Dari: Qt ships Persian
        path = folder / "qtbase_fa.qm"
        if path.exists():
            return path
    return None


class LanguageSwitcher(QObject):
    """Holds the Qt translator and announces language changes."""

    #: the new interface language code, after ``_``, Qt's strings and direction switched
    language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._qt_translator: QTranslator | None = None

    def install_qt_translations(self, lang: str) -> bool:
        """Replace Qt's own translations with ``lang``'s; ``False`` when Qt has none (Qt's
        strings then stay English)."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before installing translations")
        if self._qt_translator is not None:
            app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        if lang == "en" or lang.startswith("x_"):
            return lang == "en"
        path = _qt_file_for(lang)
        if path is None:
            log.info("Qt ships no qtbase translation for %s; Qt's own strings stay English", lang)
            return False
        translator = QTranslator(self)
        if not translator.load(str(path)):
            log.warning("could not load %s", path)
            return False
        app.installTranslator(translator)
        self._qt_translator = translator
        return True

    def apply(self, lang: str) -> None:
        set_interface_language(lang)  # raises ValueError for a language we do not offer
        self.install_qt_translations(lang)
        direction = theme.layout_direction(lang)
        app = QCoreApplication.instance()
        if isinstance(app, QApplication):
            app.setLayoutDirection(direction)
        QLocale.setDefault(QLocale(qt_locale_name(lang)))
        if isinstance(app, QApplication):
            # a window keeps the locale it was made with and hands it to every widget put
            # in it later: a date box made after an English -> Arabic switch said "Dec"
            for window in app.topLevelWidgets():
                if not window.testAttribute(Qt.WidgetAttribute.WA_SetLocale):
                    window.unsetLocale()  # the new default, down to its widgets
        self.language_changed.emit(lang)


_switcher: LanguageSwitcher | None = None


def language_switcher() -> LanguageSwitcher:
    """The application's one switcher (created on first use, parented to the app)."""
    global _switcher
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    if _switcher is None or _switcher.parent() is not app:
        _switcher = LanguageSwitcher(app)
    return _switcher


def apply_interface_language(lang: str) -> None:
    """Switch the whole interface to ``lang`` now (see module doc)."""
    language_switcher().apply(lang)


def layout_direction(lang: str | None = None) -> Qt.LayoutDirection:
    return theme.layout_direction(lang)


def retranslate_on_change(widget: QWidget, retranslate: Callable[[], None] | None = None) -> None:
    """Call ``retranslate`` (default ``widget.retranslate_ui``) now and after every language
    switch, for as long as ``widget`` lives."""
    func = retranslate or getattr(widget, "retranslate_ui")
    func()
    switcher = language_switcher()

    def on_change(_lang: str) -> None:
        func()

    switcher.language_changed.connect(on_change)
    widget.destroyed.connect(lambda *_: _safe_disconnect(switcher, on_change))


def _safe_disconnect(switcher: LanguageSwitcher, slot) -> None:
    try:
        switcher.language_changed.disconnect(slot)
    except (RuntimeError, TypeError):
        pass


__all__ = [
    "LanguageSwitcher",
    "apply_interface_language",
    "available_qt_languages",
    "language_switcher",
    "layout_direction",
    "qt_translations_dir",
    "retranslate_on_change",
]
