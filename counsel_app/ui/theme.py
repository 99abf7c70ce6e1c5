"""Colours and status styles, in one place: no other UI module writes a colour.

A widget asks for a *role* — ``style("error")`` for a refusal under a form,
``style("sample_badge")`` for the SAMPLE mark, ``colour("series_economic")`` for a chart
line — and the theme answers from the palette in use: the standard one, or the high
contrast one (the station setting ``high_contrast``, applied at start by
:func:`apply_theme`). The layout direction (right to left for Arabic, Dari, Pashto, Urdu,
Sorani...) comes from here too (:func:`layout_direction`), so a mirrored layout and high
contrast are decided in the same module.

Roles, not hues: "error" is dark red on the standard palette and a darker, bolder red on
high contrast; the sample mark stays yellow with dark text on both (it must be seen on
every screen and every print).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from counsel_app.i18n import interface_language, is_rtl

#: the standard palette: role -> colour
STANDARD: dict[str, str] = {
    "error": "#b00020",            # a refusal, a broken check
    "error_strong": "#8b0000",     # text on the error background
    "error_background": "#fde0e0",  # a cell or a box that holds an error
    "ok": "#1b5e20",               # within the ceiling, ready
    "warning": "#8a4b00",          # overdue reminders
    "stale": "#a04000",            # information that may be out of date
    "sample_background": "#ffd54f",  # the SAMPLE mark (and sample rows)
    "sample_text": "#3e2723",
    "advice_background": "#fff3cd",  # a hint before printing
    "advice_text": "#5d4200",
    "info_background": "#e3f2fd",  # a neutral banner
    "suggestion_background": "#fff8e1",  # suggested steps
    "alert_background": "#ffebee",  # a safety alert in the screening
    "alert_text": "#b71c1c",
    "page_background": "#8a8a8a",  # behind the preview's pages
    # Okabe–Ito (distinguishable with the common colour-vision deficiencies)
    "series_economic": "#0072B2",
    "series_social": "#D55E00",
    "series_psychosocial": "#009E73",
}

#: high contrast: darker text colours, white or strong backgrounds (WCAG AAA on white)
HIGH_CONTRAST: dict[str, str] = {
    **STANDARD,
    "error": "#7a0000",
    "error_strong": "#000000",
    "error_background": "#ffd0d0",
    "ok": "#003300",
    "warning": "#4d2600",
    "stale": "#5c1f00",
    "sample_background": "#ffe000",
    "sample_text": "#000000",
    "advice_background": "#ffffff",
    "advice_text": "#000000",
    "info_background": "#ffffff",
    "suggestion_background": "#ffffff",
    "alert_background": "#ffffff",
    "alert_text": "#7a0000",
    "page_background": "#404040",
    "series_economic": "#004c80",
    "series_social": "#8f3b00",
    "series_psychosocial": "#005c44",
}

_palette: dict[str, str] = STANDARD


def use_high_contrast(on: bool) -> None:
    """Choose the palette (the widgets made afterwards use it)."""
    global _palette
    _palette = HIGH_CONTRAST if on else STANDARD


def high_contrast() -> bool:
    return _palette is HIGH_CONTRAST


def colour(role: str) -> str:
    """The colour of ``role`` in the palette in use (``#rrggbb``)."""
    return _palette[role]


def qcolour(role: str) -> QColor:
    return QColor(_palette[role])


def style(role: str) -> str:
    """A style sheet for a widget that shows ``role``."""
    c = _palette
    border = "border: 2px solid {};" if high_contrast() else "border: 1px solid {};"
    sheets = {
        "error": f"color: {c['error']};",
        "error_bold": f"color: {c['error']}; font-weight: bold;",
        "error_muted": f"color: {c['error_strong']};",
        "error_box": (f"background: {c['error_background']}; color: {c['error_strong']}; "
                      f"font-weight: bold; padding: 6px; {border.format(c['error'])} "
                      "border-radius: 4px;"),
        "ok": f"color: {c['ok']};",
        "warning": f"color: {c['warning']};",
        "sample_badge": (f"background: {c['sample_background']}; color: {c['sample_text']}; "
                         "font-weight: bold;"),
        "advice": (f"background: {c['advice_background']}; color: {c['advice_text']}; "
                   "padding: 4px 8px;"),
        "info_banner": f"background: {c['info_background']}; padding: 6px;",
        "suggestions": f"background: {c['suggestion_background']}; padding: 6px;",
        "alert": (f"background: {c['alert_background']}; color: {c['alert_text']}; "
                  "font-weight: bold; padding: 6px;"),
        "page_background": f"background: {c['page_background']};",
        # a neutral note in a line that also shows errors (clearing a style sheet does not
        # give the text colour back once the widget was polished red)
        "plain": "color: palette(window-text);",
    }
    return sheets[role]


def html_style(role: str) -> str:
    """The same, for an inline ``style=''`` in rich text (a QTextBrowser)."""
    c = _palette
    return {
        "sample_badge": (f"background:{c['sample_background']};color:{c['sample_text']};"
                         "font-weight:bold"),
        "stale": f"color:{c['stale']};font-weight:bold",
    }[role]


def layout_direction(lang: str | None = None) -> Qt.LayoutDirection:
    """Right to left for a right-to-left interface language (the mirrored layout)."""
    lang = lang or interface_language()
    return Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight


def apply_theme(app: QApplication, *, high: bool) -> None:
    """At start: the palette for every widget (high contrast: black on white, a strong
    selection), and the style roles' palette."""
    use_high_contrast(high)
    if not high:
        return
    palette = app.palette()
    black, white = QColor("#000000"), QColor("#ffffff")
    for group in (QPalette.Active, QPalette.Inactive):
        for role in (QPalette.Window, QPalette.Base, QPalette.Button, QPalette.ToolTipBase):
            palette.setColor(group, role, white)
        for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText,
                     QPalette.ToolTipText):
            palette.setColor(group, role, black)
        palette.setColor(group, QPalette.Highlight, QColor("#00007a"))
        palette.setColor(group, QPalette.HighlightedText, white)
    palette.setColor(QPalette.Disabled, QPalette.Text, QColor("#404040"))
    palette.setColor(QPalette.Disabled, QPalette.WindowText, QColor("#404040"))
    app.setPalette(palette)
