"""The printable consent form as plain data, for the documents renderer.

:func:`consent_form_data` gathers what the form shows; it holds no ORM object and no Qt,
and every string is already in the document language (``main``) and, when a second
language is chosen (usually the counsellor's), in that language too (``second``). Fixed
wording is marked ``D_`` (documents catalog).

A form can be printed before consent is recorded (boxes empty, for a signed paper form)
or after (the recorded choices ticked, with the text version each one used).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from counsel_app.consent.defaults import FORM_INTRODUCTION
from counsel_app.consent.purposes import EventKind, Method, Purpose
from counsel_app.consent.rules import ConsentEvent, ConsentState
from counsel_app.consent.texts import ConsentText, TextStore
from counsel_app.documents.bidi import isolate, strip_controls
from counsel_app.documents.honesty import mark_untranslated
from counsel_app.documents.people import name_text
from counsel_app.errors import UserError
from counsel_app.i18n import D_, document_translator, is_rtl

TITLE = D_("Consent form")
CHOICE_LABELS = {
    "given": D_("Yes, I agree"),
    "refused": D_("No, I do not agree"),
}
STATUS_LABELS = {
    EventKind.GIVEN: D_("Agreed"),
    EventKind.REFUSED: D_("Not agreed"),
    EventKind.WITHDRAWN: D_("Agreement withdrawn"),
}
METHOD_LABELS = {
    Method.PAPER_SIGNATURE: D_("Signed paper form"),
    Method.SCREEN_SIGNATURE: D_("Signature on screen"),
    Method.SPOKEN_WITNESSED: D_("Spoken agreement, witnessed by the counsellor"),
}
SIGNATURE_LABELS = {
    "person": D_("Signature of the person"),
    "guardian": D_("Signature of the guardian"),
    "counsellor": D_("Signature of the counsellor"),
    "interpreter": D_("Signature of the interpreter"),
}
INTERPRETER_LINE = D_("This form was interpreted into {language} by {interpreter}.")
TEACH_BACK_LINE = D_("The person explained back in their own words what they agree to.")
GUARDIAN_LINE = D_("Guardian: {name} ({relation}), contact: {contact}. Best-interests "
                   "determination: {reference}.")
COPY_NOTE = D_("This copy is for you. Keep it. It shows what you agreed to and what you did "
               "not agree to.")
WITHDRAWAL_NOTE = D_("You can change your mind at any time, for each item separately, by "
                     "telling any member of our staff. Changing your mind will never be held "
                     "against you.")
FINGERPRINT_LINE = D_("Record check: {fingerprint}")
NOT_RECORDED = D_("Not yet recorded")


@dataclass
class Bilingual:
    main: str
    second: str | None = None


@dataclass
class FormItem:
    number: int
    purpose: str
    recipient_id: str
    title: Bilingual
    text: Bilingual
    text_version: int
    text_language: str
    #: "given", "refused", "withdrawn" or "" (not yet recorded: both boxes empty)
    choice: str
    status: Bilingual
    yes_label: Bilingual
    no_label: Bilingual
    recorded_on: date | None = None
    method: Bilingual | None = None
    #: the language of the second-language text ("" without a second language)
    second_text_language: str = ""

    @property
    def ticked_yes(self) -> bool:
        return self.choice == "given"

    @property
    def ticked_no(self) -> bool:
        return self.choice in ("refused", "withdrawn")


@dataclass
class ConsentFormData:
    reference: str
    lang: str
    second_lang: str | None
    rtl: bool
    is_sample: bool
    title: Bilingual
    title_msgid: str
    person_name: str
    return_country: str
    introduction: Bilingual
    items: list[FormItem]
    interpreter_line: Bilingual | None
    teach_back_line: Bilingual | None
    guardian_line: Bilingual | None
    #: (role, label) in print order: person, guardian (when one is needed), counsellor,
    #: interpreter (when one was used)
    signatures: list[tuple[str, Bilingual]]
    copy_note: Bilingual
    withdrawal_note: Bilingual
    fingerprint_line: Bilingual | None
    #: the counsellor as printed (the account's display name, not its login) and contact
    counsellor: str = ""
    counsellor_contact: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for item, source in zip(data["items"], self.items):
            item["ticked_yes"], item["ticked_no"] = source.ticked_yes, source.ticked_no
        return _plain(data)


def _plain(value: Any) -> Any:
    """``value`` with the isolate controls taken out of every string (JSON output)."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _bi(msgid: str, lang: str, second: str | None, **fmt) -> Bilingual:
    # every value is isolated (FSI…PDI): a Latin office name or a date keeps its order and
    # its brackets inside a right-to-left sentence
    values = {key: isolate(str(value)) for key, value in fmt.items()}

    def one(code: str) -> str:
        t = document_translator(code)
        text = t.gettext(msgid)
        text = text.format(**values) if fmt else text
        return text if t.has(msgid) else mark_untranslated(text)

    return Bilingual(one(lang), one(second) if second else None)


#: the fixed texts of the form a person must be able to read in the form's language
FORM_TEXTS = (FORM_INTRODUCTION, WITHDRAWAL_NOTE, COPY_NOTE, *CHOICE_LABELS.values())


class ConsentTextsMissing(UserError):
    """The consent texts are not all in the form's language, and no second language the
    person can read is printed beside them."""


def untranslated_parts(lang: str, items: list[FormItem], *, second: bool = False
                       ) -> tuple[int, int]:
    """(texts in English for want of a ``lang`` version, texts in all) on a form in
    ``lang`` (``second``: ``lang`` is the form's second language): the consent texts and
    the form's fixed wording."""
    t = document_translator(lang)
    missing = sum(1 for item in items
                  if (item.second_text_language if second else item.text_language) != lang)
    missing += sum(1 for msgid in FORM_TEXTS if not t.has(msgid))
    return missing, len(items) + len(FORM_TEXTS)


def check_consent_languages(lang: str, second: str | None, items: list[FormItem],
                            person_languages: tuple[str, ...] = ()) -> None:
    """A consent form is never printed alone in a language whose consent texts are
    incomplete: beside a second language that has them all, or not at all (the reason
    in one sentence, with the languages the person reads that would do)."""
    from counsel_app.i18n import DOCUMENT_LANGUAGES, _, ngettext
    from counsel_app.i18n.names import language_name
    from counsel_app.i18n import interface_language

    missing, total = untranslated_parts(lang, items)
    if not missing:
        return
    shown = interface_language()
    name = language_name(lang, shown, capitalised=False)
    if second:
        second_missing, _total = untranslated_parts(second, items, second=True)
        if not second_missing:
            return
        raise ConsentTextsMissing(ngettext(
            "The consent form cannot be printed in {language} with {second}: {missing} of "
            "its {total} texts is not in {language}, and {second} lacks some too. Choose a "
            "second language that has every consent text.",
            "The consent form cannot be printed in {language} with {second}: {missing} of "
            "its {total} texts are not in {language}, and {second} lacks some too. Choose a "
            "second language that has every consent text.", missing).format(
                language=name, second=language_name(second, shown, capitalised=False),
                missing=missing, total=total))
    readable = [code for code in person_languages
                if code in DOCUMENT_LANGUAGES and code != lang]
    hint = ""
    if readable:
        hint = " " + _("The person also reads: {languages}.").format(
            languages=", ".join(language_name(code, shown) for code in readable))
    raise ConsentTextsMissing(ngettext(
        "The consent form cannot be printed in {language} alone: {missing} of its {total} "
        "texts is not translated into {language} and would print in English. Print it "
        "together with a second language the person reads, or in another language.",
        "The consent form cannot be printed in {language} alone: {missing} of its {total} "
        "texts are not translated into {language} and would print in English. Print it "
        "together with a second language the person reads, or in another language.",
        missing).format(language=name, missing=missing, total=total) + hint)


def _text_in(store: TextStore, purpose: Purpose, lang: str, event: ConsentEvent | None
             ) -> ConsentText:
    if event is not None and event.text_id is not None and event.text_language == lang:
        return store.get(event.text_id)  # exactly the version that was read
    return store.current(purpose, lang)


def build_form(*, reference: str, person_name: str, return_country: str, is_sample: bool,
               state: ConsentState, store: TextStore, lang: str,
               second_lang: str | None = None, recipients: dict[str, str] | None = None,
               language_names: dict[str, str] | None = None,
               fingerprint: str = "",
               person_languages: tuple[str, ...] = (),
               confidential: bool = False) -> ConsentFormData:
    """Assemble the form from plain inputs (no context needed: easy to test).

    ``recipients`` (id → name) adds sharing items that are not yet recorded (blank boxes);
    recipients with a recorded consent always appear. Consent 7 (telling a recipient what
    is strictly confidential) appears when ``confidential`` (the case has such a flag) or
    once it was recorded."""
    second = second_lang if second_lang and second_lang != lang else None
    names = dict(state.recipient_names)
    names.update(recipients or {})
    keys: list[tuple[Purpose, str]] = []
    for purpose in Purpose:
        if purpose is Purpose.SHARE_CONFIDENTIAL and not confidential and not any(
                p is purpose for p, _r in state.standings):
            continue
        if purpose.needs_recipient:
            ids = sorted(set(state.recipients(in_force_only=False)) | set(recipients or {}))
            keys.extend((purpose, r) for r in ids)
        else:
            keys.append((purpose, ""))
    items = []
    latest_given: ConsentEvent | None = None
    for number, (purpose, recipient) in enumerate(keys, start=1):
        standing = state.standing(purpose, recipient)
        event = standing.event if standing else None
        if event is not None and event.kind is EventKind.WITHDRAWN:
            event = None  # a withdrawal carries no text: show the current version
        main = _text_in(store, purpose, lang, event)
        other = _text_in(store, purpose, second, event) if second else None
        name = isolate(names.get(recipient, recipient))
        title, body = main.render(name)
        if main.language != lang:  # the organisation has no text in this language yet
            title, body = mark_untranslated(title), mark_untranslated(body)
        title2, body2 = other.render(name) if other else (None, None)
        if other is not None and other.language != second:
            title2, body2 = mark_untranslated(title2), mark_untranslated(body2)
        choice = standing.kind.value if standing else ""
        if standing and standing.kind is EventKind.GIVEN:
            if latest_given is None or standing.event.seq > latest_given.seq:
                latest_given = standing.event
        items.append(FormItem(
            number=number, purpose=purpose.value, recipient_id=recipient,
            title=Bilingual(title, title2), text=Bilingual(body, body2),
            text_version=main.version, text_language=main.language,
            second_text_language=other.language if other else "", choice=choice,
            status=_bi(STATUS_LABELS[standing.kind], lang, second) if standing
            else _bi(NOT_RECORDED, lang, second),
            yes_label=_bi(CHOICE_LABELS["given"], lang, second),
            no_label=_bi(CHOICE_LABELS["refused"], lang, second),
            recorded_on=standing.since.date() if standing else None,
            method=_bi(METHOD_LABELS[standing.event.method], lang, second)
            if standing and standing.event.method else None,
        ))
    check_consent_languages(lang, second, items, person_languages)
    details = dict(latest_given.details) if latest_given else {}
    interp = details.get("interpreter") or {}
    language_names = language_names or {}
    interpreter_line = None
    if interp.get("used"):
        interpreter_line = _bi(INTERPRETER_LINE, lang, second,
                               language=language_names.get(interp.get("language", ""),
                                                           interp.get("language", "")),
                               interpreter=interp.get("name_or_id", ""))
    capacity = details.get("capacity") or {}
    guardian = capacity.get("guardian") or None
    guardian_line = None
    if guardian:
        guardian_line = _bi(GUARDIAN_LINE, lang, second, name=guardian.get("name", ""),
                            relation=guardian.get("relation", ""),
                            contact=guardian.get("contact", ""),
                            reference=capacity.get("best_interests_ref", ""))
    teach_back = (details.get("teach_back") or {}).get("done")
    roles = ["person"]
    if guardian or capacity.get("guardian_needed"):
        roles.append("guardian")
    roles.append("counsellor")
    if interp.get("used") or not latest_given:
        roles.append("interpreter")  # a blank form leaves room for one
    return ConsentFormData(
        reference=reference, lang=lang, second_lang=second, rtl=is_rtl(lang),
        is_sample=is_sample, title=_bi(TITLE, lang, second), title_msgid=TITLE,
        person_name=person_name, return_country=return_country,
        introduction=_bi(FORM_INTRODUCTION, lang, second), items=items,
        interpreter_line=interpreter_line,
        teach_back_line=_bi(TEACH_BACK_LINE, lang, second) if teach_back else None,
        guardian_line=guardian_line,
        signatures=[(role, _bi(SIGNATURE_LABELS[role], lang, second)) for role in roles],
        copy_note=_bi(COPY_NOTE, lang, second),
        withdrawal_note=_bi(WITHDRAWAL_NOTE, lang, second),
        fingerprint_line=_bi(FINGERPRINT_LINE, lang, second, fingerprint=fingerprint[:16])
        if fingerprint else None,
        counsellor=str(details.get("counsellor", "")),
    )


def form_renderer():
    """The documents area's consent form renderer ``render(data, out)`` (imported when a
    form is printed: ReportLab is not loaded before)."""
    from counsel_app.documents.consent_form import render_consent_form

    return render_consent_form


def consent_form_data(ctx, reference: str, lang: str, second_lang: str | None = None, *,
                      recipients: dict[str, str] | None = None) -> ConsentFormData:
    """The consent form of case ``reference`` in ``lang`` (and ``second_lang``)."""
    from counsel_app.consent.service import events, texts_of

    ctx.require("cases.print")
    case = ctx.cases.get_by_reference(reference)
    history, report = events(ctx, case)
    state = ConsentState.from_events(case.reference, history, intact=report.ok)
    from counsel_app.i18n.names import language_name

    language_names = {code: language_name(code, lang, capitalised=False) for code in
                      {(e.details.get("interpreter") or {}).get("language", "")
                       for e in history} if code}
    form = build_form(
        reference=case.reference,
        person_name=name_text(case.person.name_latin, case.person.name_native, lang),
        return_country=case.return_country, is_sample=case.is_sample, state=state,
        store=texts_of(ctx), lang=lang, second_lang=second_lang, recipients=recipients,
        language_names=language_names, fingerprint=report.head_hash,
        person_languages=tuple(case.person.languages),
        confidential=case_is_confidential(ctx, case),
    )
    from counsel_app.security.accounts import printed_counsellor

    # who recorded the consent (or the case's counsellor): their name on prints, not a login
    form.counsellor, form.counsellor_contact = printed_counsellor(
        ctx.db, form.counsellor or case.counsellor or ctx.user)
    ctx.audit("print", case.reference, f"consent form {lang}")
    return form


def case_is_confidential(ctx, case) -> bool:
    """Whether the case has a flag strictly confidential at this centre (its screening)."""
    from counsel_app.session.confidentiality import confidential_flags, is_strictly_confidential
    from counsel_app.session.store import SessionStore

    if case.id is None:
        return False
    data, _version = SessionStore(ctx.db, ctx.vault.cipher).load_part(
        case.id, case.reference, "screening")
    return is_strictly_confidential((data.get("flags") or {}).keys(), confidential_flags(ctx))
