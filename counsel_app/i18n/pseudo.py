"""The pseudo-locale ``x_pseudo``: stretched, accented, bracketed strings and a
right-to-left layout, for spotting clipped labels, hard-coded (untranslated) strings and
layouts that do not mirror.

``[Ŝàvé ćàšé ~~~~]`` instead of ``Save case``:

* every ASCII letter is replaced by an accented look-alike (text stays readable, and a string
  that shows *without* accents was never passed through ``_``);
* the text is padded to about 140 % of its length (translations into French, Spanish or
  Russian are often 30-40 % longer than English);
* brackets show where a string starts and ends, so a clipped end is obvious;
* named placeholders (``{name}``, ``{count:d}``) are kept exactly, so ``.format()`` still works.

Qt-free; :func:`counsel_app.i18n.translator` returns it for ``x_pseudo`` and
:func:`counsel_app.i18n.is_rtl` says ``x_pseudo`` is right to left.
"""

from __future__ import annotations

import gettext as _gettext
import re

PSEUDO_LANGUAGE = "x_pseudo"
STRETCH = 0.4

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀćđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁĆĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
#: a brace placeholder (``{name}``, ``{0}``, ``{n:>3}``); ``{{``/``}}`` are literal braces
_PLACEHOLDER = re.compile(r"(\{\{|\}\}|\{[^{}]*\})")


def pseudo_translate(message: str) -> str:
    """``message`` stretched by ~40 %, accented and bracketed; placeholders kept."""
    if not message:
        return message
    parts = _PLACEHOLDER.split(message)
    out = [p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts)]
    text = "".join(out)
    visible = sum(len(p) for i, p in enumerate(parts) if not i % 2)
    pad = max(1, round(visible * STRETCH))
    # keep a trailing newline or colon-space where the caller expects it
    stripped = text.rstrip("\n")
    tail = text[len(stripped):]
    return f"[{stripped} {'~' * pad}]{tail}"


class PseudoTranslations(_gettext.NullTranslations):
    """A gettext catalog that pseudo-translates every message."""

    def gettext(self, message: str) -> str:
        return pseudo_translate(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_translate(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo_translate(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)
