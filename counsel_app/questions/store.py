"""The station's questions to offices, in the database: recorded (checked by
``country_info.questions.check_question``, audited in the same transaction), listed with
what answers them, marked sent. The text is encrypted (see :mod:`.tables`).

Who may: recording needs ``cases.write`` (counsellors, caseworkers, administrators),
reading ``cases.read``, sending them out ``cases.export`` (checked in
``services.office_questions.send``).

Earlier versions kept the questions in ``<data folder>/country_info/questions.json``: the
first time the store is used on such a station, that file's questions are moved in
(audited) and the file is removed.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from sqlalchemy import select

from counsel_app.i18n import _
from country_info.questions import (
    Question,
    QuestionStatus,
    check_question,
    new_id,
    read_questions_file,
    statuses,
)


def _aad(qid: str) -> str:
    return f"office_questions:{qid}:text"


def legacy_file() -> Path:
    from counsel_app.paths import data_dir

    return data_dir() / "country_info" / "questions.json"


class OfficeQuestions:
    """The questions of the database ``ctx`` is signed in to."""

    def __init__(self, ctx, *, legacy: Path | None = None):
        self.ctx = ctx
        self._legacy = legacy

    # -- reading ------------------------------------------------------------------------
    def all(self) -> list[Question]:
        from counsel_app.questions.tables import OfficeQuestionRow

        self.ctx.require("cases.read")
        self._move_legacy_file()
        cipher = self.ctx.vault.cipher
        with self.ctx.db.session() as s:
            rows = s.scalars(select(OfficeQuestionRow).order_by(OfficeQuestionRow.id)).all()
            return [Question(row.qid, row.country, row.region, row.topic,
                             cipher.decrypt_text(row.text_enc, _aad(row.qid)), row.asked.isoformat(),
                             row.asked_by, list(row.sent or ())) for row in rows]

    def status(self, library, *, country: str | None = None) -> list[QuestionStatus]:
        """Every question (of ``country``) with the imported items that answer it."""
        return statuses(self.all(), library, country=country)

    # -- changes --------------------------------------------------------------------------
    def add(self, country: str, topic: str, text: str, *, region: str = "",
            known_names: tuple[str, ...] = (), today: _dt.date | None = None) -> Question:
        """Record a question (refused in one sentence: personal data, bad fields); audited."""
        self.ctx.require("cases.write")
        country, region, topic, text = check_question(country, topic, text, region=region,
                                                      known_names=known_names)
        self._move_legacy_file()
        with self.ctx.db.session():
            taken = self._ids()
            qid = new_id(country)
            while qid in taken:
                qid = new_id(country)
            question = Question(qid, country, region, topic, text,
                                (today or _dt.date.today()).isoformat(), self.ctx.user)
            self._insert(question)
            self.ctx.audit("question", None, f"question {qid} to the office ({country})")
        return question

    def mark_sent(self, ids: list[str], day: _dt.date | None = None) -> None:
        """Note the day these questions left in a sealed package (in the caller's
        transaction, with its audit event)."""
        from counsel_app.questions.tables import OfficeQuestionRow

        when = (day or _dt.date.today()).isoformat()
        with self.ctx.db.session() as s:
            for row in s.scalars(select(OfficeQuestionRow).where(OfficeQuestionRow.qid.in_(ids))):
                row.sent = [*(row.sent or ()), when]

    # -- inside -----------------------------------------------------------------------------
    def _ids(self) -> set[str]:
        from counsel_app.questions.tables import OfficeQuestionRow

        with self.ctx.db.session() as s:
            return set(s.scalars(select(OfficeQuestionRow.qid)))

    def _insert(self, question: Question) -> None:
        from counsel_app.domain.case import utcnow
        from counsel_app.questions.tables import OfficeQuestionRow

        with self.ctx.db.session() as s:
            s.add(OfficeQuestionRow(
                qid=question.id, country=question.country, region=question.region, topic=question.topic,
                text_enc=self.ctx.vault.cipher.encrypt_text(question.text, _aad(question.id)),
                asked=_dt.date.fromisoformat(question.asked), asked_by=question.asked_by,
                sent=list(question.sent), created_at=utcnow()))

    def _move_legacy_file(self) -> None:
        path = self._legacy or legacy_file()
        if not path.is_file():
            return
        from counsel_app.errors import UserError
        from country_info.errors import PackError

        try:
            questions = read_questions_file(path)
        except PackError as exc:
            raise UserError(_("The questions of an earlier version ({file}) cannot be moved into "
                              "the database: {problem}").format(file=path, problem=exc.reason)) from None
        with self.ctx.db.session():
            taken = self._ids()
            moved = [q for q in questions if q.id not in taken]
            for question in moved:
                self._insert(question)
            self.ctx.audit("import", None, f"{len(moved)} questions to offices moved from questions.json")
        path.unlink()
