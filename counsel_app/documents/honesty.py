"""Saying on paper what is not in the reader's language.

A fixed text whose translation is missing prints in English, marked ``[EN]`` where it
appears (:func:`mark_untranslated`); every page of a document in a draft translation carries
a short line saying so, in that language and in the counsellor's (drawn by
:class:`~counsel_app.documents.base.DocumentWriter`, wording here). Qt-free and light: the
consent area marks its texts with it too.
"""

from __future__ import annotations

from counsel_app.documents.bidi import isolate
from counsel_app.i18n import D_

#: put before a text that prints in English because its translation is missing
UNTRANSLATED_MARK = "[EN]"

#: the line on every page of a document in a draft translation, in that language
DRAFT_NOTE = D_("This translation has not yet been checked by a native speaker.")
#: added when some texts are still in English
ENGLISH_NOTE = D_("Texts marked [EN] are still in English.")
#: the same in the counsellor's language, naming the draft languages
COUNSELLOR_NOTE = D_("Draft translation, not yet checked by a native speaker: {languages}.")


def mark_untranslated(text: str) -> str:
    """English ``text`` printed where another language was wanted: marked ``[EN]`` and
    kept left to right as one piece."""
    if not text:
        return text
    return isolate(f"{UNTRANSLATED_MARK} {text}", "ltr")


def is_marked(text: str) -> bool:
    return UNTRANSLATED_MARK in (text or "")
