"""The consent text store: versions per purpose and language, frozen once used.

The organisation writes new versions in the app; a version that has been used for a
consent can never be edited, only superseded by a newer version. When no version exists
for a purpose and language, the default text (:mod:`counsel_app.consent.defaults`),
translated by the documents catalog, is stored as version 1 the first time it is needed.
When the documents catalog has no translation for a language, the English text is used
(and the interpreter interprets it); :attr:`ConsentText.language` then says ``en``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from counsel_app.consent.defaults import DEFAULT_TEXTS
from counsel_app.consent.models import ConsentTextRow
from counsel_app.consent.purposes import Purpose
from counsel_app.domain.case import as_utc, utcnow
from counsel_app.errors import NotFound, UserError, ValidationError
from counsel_app.i18n import DOCUMENT_LANGUAGES, SOURCE_LANGUAGE, _, document_translator
from counsel_app.storage.db import Database


@dataclass(frozen=True)
class ConsentText:
    id: int
    purpose: Purpose
    language: str
    version: int
    title: str
    body: str
    sha256: str
    is_default: bool
    created_at: datetime
    created_by: str
    first_used_at: datetime | None

    @property
    def frozen(self) -> bool:
        return self.first_used_at is not None

    def render(self, recipient_name: str = "") -> tuple[str, str]:
        """Title and body with ``{recipient}`` filled in."""
        name = recipient_name or "…"
        return (self.title.replace("{recipient}", name), self.body.replace("{recipient}", name))


def text_digest(purpose: str, language: str, version: int, title: str, body: str) -> str:
    payload = "\x1f".join([purpose, language, str(version), title, body]).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def _to_text(row: ConsentTextRow) -> ConsentText:
    return ConsentText(row.id, Purpose(row.purpose), row.language, row.version, row.title,
                       row.body, row.sha256, row.is_default, as_utc(row.created_at),
                       row.created_by, as_utc(row.first_used_at))


def default_text_in(purpose: Purpose, lang: str) -> tuple[str, str, str] | None:
    """(language, title, body) of the default text in ``lang``, or ``None`` when the
    documents catalog has no translation of it."""
    default = DEFAULT_TEXTS[Purpose(purpose)]
    if lang == SOURCE_LANGUAGE:
        return SOURCE_LANGUAGE, default.title, default.body
    t = document_translator(lang)
    title, body = t(default.title), t(default.body)
    if body == default.body:
        return None
    return lang, title, body


class TextStore:
    def __init__(self, db: Database, user: str = ""):
        self.db = db
        self.user = user

    # -- reading ------------------------------------------------------------------------
    def get(self, text_id: int) -> ConsentText:
        with self.db.read_session() as session:
            row = session.get(ConsentTextRow, text_id)
            if row is None:
                raise NotFound(_("There is no consent text with id {id}.").format(id=text_id))
            return _to_text(row)

    def versions(self, purpose: Purpose, language: str) -> list[ConsentText]:
        with self.db.read_session() as session:
            rows = session.scalars(
                select(ConsentTextRow)
                .where(ConsentTextRow.purpose == Purpose(purpose).value,
                       ConsentTextRow.language == language)
                .order_by(ConsentTextRow.version)
            ).all()
            return [_to_text(r) for r in rows]

    def all(self, purpose: Purpose | None = None, language: str | None = None
            ) -> list[ConsentText]:
        """Every stored version, by purpose, language and version."""
        query = select(ConsentTextRow)
        if purpose is not None:
            query = query.where(ConsentTextRow.purpose == Purpose(purpose).value)
        if language:
            query = query.where(ConsentTextRow.language == language)
        with self.db.read_session() as session:
            rows = session.scalars(query).all()
            texts = [_to_text(r) for r in rows]
        order = {p: i for i, p in enumerate(Purpose)}
        return sorted(texts, key=lambda t: (order[t.purpose], t.language, t.version))

    def latest(self, purpose: Purpose, language: str) -> ConsentText | None:
        versions = self.versions(purpose, language)
        return versions[-1] if versions else None

    def current(self, purpose: Purpose, language: str) -> ConsentText:
        """The text to show for ``purpose`` in ``language`` now: the newest stored
        version, else the default text stored as version 1, else the English one."""
        purpose = Purpose(purpose)
        text = self.latest(purpose, language)
        if text is not None and not text.is_default:
            return text  # the organisation's own wording
        default = default_text_in(purpose, language)
        if text is not None:
            if default is None or default[0] != language or (text.title, text.body) == default[1:]:
                return text
            # the documents catalog improved the default wording since it was stored
            if not text.frozen:
                try:
                    return self.edit(text.id, default[1], default[2], keep_default=True)
                except UserError:
                    pass  # used meanwhile: supersede it below
            return self._add(purpose, language, default[1], default[2], is_default=True,
                             created_by="")
        if default is None:
            if language == SOURCE_LANGUAGE:
                raise NotFound(_("There is no consent text for “{purpose}”.").format(
                    purpose=_(purpose.label)))
            return self.current(purpose, SOURCE_LANGUAGE)
        lang, title, body = default
        try:
            return self._add(purpose, lang, title, body, is_default=True, created_by="")
        except IntegrityError:  # another station stored it first
            return self.latest(purpose, lang)  # type: ignore[return-value]

    # -- writing ------------------------------------------------------------------------
    def write_version(self, purpose: Purpose, language: str, title: str, body: str
                      ) -> ConsentText:
        """Add a new version (the organisation's own text); earlier versions stay."""
        title, body = title.strip(), body.strip()
        if not title:
            raise ValidationError(_("Enter a title for the consent text."), "title")
        if not body:
            raise ValidationError(_("Enter the consent text."), "body")
        if not language.strip():
            raise ValidationError(_("Choose the language of the consent text."), "language")
        if language.strip() not in DOCUMENT_LANGUAGES:  # a form must be printable in it
            raise ValidationError(_("“{lang}” is not a language consent texts can be written "
                                    "in (choose from {choices}).").format(
                lang=language.strip(), choices=", ".join(DOCUMENT_LANGUAGES)), "language")
        return self._add(Purpose(purpose), language.strip(), title, body, is_default=False,
                         created_by=self.user)

    def edit(self, text_id: int, title: str, body: str, *,
             keep_default: bool = False) -> ConsentText:
        """Correct a version that has never been used; a used version is frozen."""
        with self.db.session() as session:
            row = session.get(ConsentTextRow, text_id)
            if row is None:
                raise NotFound(_("There is no consent text with id {id}.").format(id=text_id))
            if row.first_used_at is not None:
                raise UserError(
                    _("Version {version} of this consent text was already used for a consent; "
                      "it cannot be changed. Write a new version instead.").format(
                        version=row.version))
            if not title.strip() or not body.strip():
                raise ValidationError(_("Enter a title and the consent text."), "body")
            row.title, row.body = title.strip(), body.strip()
            row.sha256 = text_digest(row.purpose, row.language, row.version, row.title, row.body)
            row.is_default = keep_default
            session.flush()
            return _to_text(row)

    def _add(self, purpose: Purpose, language: str, title: str, body: str, *,
             is_default: bool, created_by: str) -> ConsentText:
        with self.db.session() as session:
            last = session.scalar(
                select(func.max(ConsentTextRow.version))
                .where(ConsentTextRow.purpose == purpose.value,
                       ConsentTextRow.language == language)
            ) or 0
            version = last + 1
            row = ConsentTextRow(
                purpose=purpose.value, language=language, version=version, title=title,
                body=body, sha256=text_digest(purpose.value, language, version, title, body),
                is_default=is_default, created_at=utcnow(), created_by=created_by,
                first_used_at=None,
            )
            session.add(row)
            session.flush()
            return _to_text(row)
