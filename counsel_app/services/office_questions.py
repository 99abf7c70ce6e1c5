"""Questions to offices in countries of origin (issue 18, item 5), without Qt.

* :func:`ask` records a question (no personal data: the case's names are checked too) in
  the database (``counsel_app.questions.store.OfficeQuestions``, the text encrypted);
  :func:`question_problem` says, without recording, what :func:`ask` would refuse.
* :func:`send` seals the open questions to a trusted office with the handover channel's
  keys and encryption (``handover.container``, kind ``questions``).
* :func:`read` opens such a package at the office (this station must be the recipient,
  the sender a trusted office); :func:`answer_sheet` writes a pack sheet with one row per
  question (``answers`` filled in) for the office to complete, check and sign.
* Answers come back in a signed pack: ``OfficeQuestions.status``.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from pathlib import Path

from counsel_app.errors import UserError
from counsel_app.i18n import _
from counsel_app.questions.store import OfficeQuestions
from country_info.questions import Question, package_body, read_package_body


def _known_names(case) -> tuple[str, ...]:
    """The names of the case's person and household, which a question may not hold."""
    if case is None:
        return ()
    names = tuple(n for n in (case.person.name_latin, case.person.name_native) if n)
    return names + tuple(m.name for m in case.household if getattr(m, "name", ""))


def ask(ctx, country: str, topic: str, text: str, *, region: str = "", case=None) -> Question:
    """Record a question for the office (audited); refuses personal data, the case's names
    included (they are checked, never stored with the question)."""
    return OfficeQuestions(ctx).add(country, topic, text, region=region,
                                    known_names=_known_names(case))


def question_problem(country: str, topic: str, text: str, *, region: str = "",
                     case=None) -> str:
    """The sentence (in the interface language) :func:`ask` would refuse this question
    with, or "" when the question may be recorded; nothing is recorded (the dialog says it
    again in a new interface language)."""
    from country_info.questions import check_question

    try:
        check_question(country, topic, text, region=region, known_names=_known_names(case))
    except UserError as exc:
        return str(exc)
    return ""


def questions(ctx, library, *, country: str | None = None, only_open: bool = False):
    """The questions (of ``country``) with what answers them."""
    found = OfficeQuestions(ctx).status(library, country=country)
    return [s for s in found if not s.answered] if only_open else found


def send(ctx, office: str, out: Path, *, country: str | None = None,
         library=None) -> list[Question]:
    """Seal the open questions (of ``country``) to the trusted office ``office``; returns them."""
    from counsel_app.domain.case import utcnow
    from counsel_app.handover import container
    from counsel_app.handover.keys import KeyStore
    from country_info.files import write_atomically

    ctx.require("cases.export")
    if library is None:
        from country_info import Library

        library = Library()
    store = OfficeQuestions(ctx)
    keys = KeyStore(ctx)
    recipient = keys.find_trusted(office)
    if recipient.revoked or recipient.role != "office":
        raise UserError(_("“{office}” is not a trusted office key; questions go to an office.").format(
            office=office))
    open_questions = [s.question for s in store.status(library, country=country) if not s.answered]
    if not open_questions:
        raise UserError(_("There are no open questions to send."))
    me = keys.station()
    package_id = uuid.uuid4().hex
    sealed = container.seal(
        kind="questions", package_id=package_id, created=utcnow().isoformat(),
        sender_fingerprint=me.fingerprint, recipient_fingerprint=recipient.fingerprint,
        recipient_x25519=recipient.x25519_public, signing_key=me.signing_key,
        plaintext=package_body(open_questions))
    write_atomically(Path(out), sealed)
    with ctx.db.session():  # marked sent and audited together
        store.mark_sent([q.id for q in open_questions])
        ctx.audit("export", None, f"{len(open_questions)} questions to office {recipient.fingerprint[:16]}")
    return open_questions


def read(ctx, path: Path) -> list[Question]:
    """Open a questions package addressed to this station from a trusted office."""
    from counsel_app.handover import container
    from counsel_app.handover.keys import KeyStore

    name = Path(path).name
    try:
        parsed = container.parse(Path(path).read_bytes())
    except OSError as exc:
        raise UserError(_("{file} cannot be read ({problem}).").format(file=name, problem=exc.strerror)) from None
    except container.PackageFormatError:
        raise UserError(_("{file} is not a questions package.").format(file=name)) from None
    if parsed.kind != "questions":
        raise UserError(_("{file} is not a questions package.").format(file=name))
    keys = KeyStore(ctx)
    mine = keys.station()
    if parsed.recipient_fingerprint != mine.fingerprint:
        raise UserError(_("{file} is addressed to another station; nothing was read.").format(file=name))
    sender = keys.trusted(parsed.sender_fingerprint) if parsed.sender_fingerprint else None
    if sender is None or sender.revoked or sender.role != "office":
        raise UserError(_("{file} comes from a station this office does not trust; import and "
                          "verify its key first.").format(file=name))
    try:
        container.verify(parsed, sender.ed25519_public)
        body = container.open_body(parsed, mine.encryption_key)
    except (container.SignatureError, container.DecryptError):
        raise UserError(_("{file} was changed after it was signed, or is damaged; nothing was "
                          "read.").format(file=name)) from None
    questions = read_package_body(body)
    ctx.audit("import", None, f"{len(questions)} questions from {sender.fingerprint[:16]}")
    return questions


def answer_sheet(questions: list[Question], path: Path, *, publisher_id: str, publisher_name: str,
                 languages: tuple[str, ...] = ("en",), today: _dt.date | None = None) -> Path:
    """A pack sheet with one row per question, for the office to answer and sign."""
    from country_info.publish import header_for, write_rows

    countries = sorted({q.country for q in questions})
    if len(countries) != 1:
        raise UserError(_("Questions about several countries ({countries}): write one sheet per "
                          "country (--country).").format(countries=", ".join(countries)))
    country = countries[0]
    day = (today or _dt.date.today()).isoformat()
    rows: list[list[str]] = [
        ["pack_id", f"{publisher_id}-answers-{country.lower()}"], ["country", country],
        ["publisher_id", publisher_id], ["publisher_name", publisher_name], ["version", "1"],
        ["issued", day], ["sample", "no"], [],
    ]
    header = header_for(list(languages))
    rows.append(header)
    for q in questions:
        cells = {"section": q.topic, "item": f"answer.{q.id.lower()}", "region": q.region,
                 "date": day[:7], "source_language": languages[0], "licence": "",
                 "source_title": "", "source_publisher": publisher_name, "answers": q.id}
        rows.append([cells.get(column, "") for column in header])
    comments = [f"{q.id} ({q.topic}{', ' + q.region if q.region else ''}): {q.text}" for q in questions]
    write_rows(rows, Path(path), comments=comments)
    return Path(path)
