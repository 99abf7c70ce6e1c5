"""The language each note of a session part was typed in, recorded when it is saved.

A part of the session (:mod:`counsel_app.session.record`) holds several notes a counsellor
types at different times, perhaps under different interface languages (the screening's
note, a note per flag and per step...). Each is a key in the part's ``texts()``
(``"note"``, ``"flag:<flag>"``...); the part's ``text_languages`` maps a key to the
language its note was typed in, stored in the part's (encrypted) JSON. The store
(:meth:`counsel_app.session.store.SessionStore.save_part`, every door saves through it)
calls :meth:`TypedTexts.record_languages` at each save: a note new or changed since the
stored version is taken to be in :func:`counsel_app.i18n.writing_language` now; an
unchanged note keeps what it had, and a note saved before languages were recorded has no
key (:func:`counsel_app.i18n.languages_at_save`; :meth:`TypedTexts.language_of` gives
``None``, and :func:`counsel_app.i18n.typed_language` applies the earlier rule).
"""

from __future__ import annotations

from counsel_app.i18n import languages_at_save


def text_key(kind: str, key: str = "") -> str:
    """The key of one note of a part: ``"note"``, ``"flag:<flag>"``, ``"step:<key>"``..."""
    return f"{kind}:{key}" if key else kind


class TypedTexts:
    """Mixed into a session part dataclass that has a ``text_languages: dict[str, str]``
    field and says which notes it holds (:meth:`texts`)."""

    text_languages: dict[str, str]

    def texts(self) -> dict[str, str]:
        """The part's notes by their :func:`text_key`."""
        raise NotImplementedError

    def language_of(self, kind: str, key: str = "") -> str | None:
        """The language the note was typed in ("" not known), ``None`` if not recorded."""
        return self.text_languages.get(text_key(kind, key))

    def record_languages(self, before: TypedTexts | None) -> None:
        """Record beside each note the language it was typed in, given ``before`` (the
        part as stored, ``None``: never stored): :func:`counsel_app.i18n.languages_at_save`."""
        if before is None:
            languages = languages_at_save(self.texts(), {}, {})
        else:
            languages = languages_at_save(self.texts(), before.texts(), before.text_languages)
        self.text_languages.clear()
        self.text_languages.update(languages)
