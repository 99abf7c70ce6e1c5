"""The consent step of the headless demo: the sample person consents, the case moves on."""

from __future__ import annotations

from pathlib import Path

from counsel_app.consent.purposes import Method, Purpose
from counsel_app.consent.rules import Choice, Circumstances, InterpreterInfo
from counsel_app.consent.service import record_and_mark_consented
from counsel_app.domain.case import utcnow

SAMPLE_RECIPIENT = "SAMPLE-OFFICE"
SAMPLE_RECIPIENT_NAME = "Sample office in the country of return (SAMPLE)"


def record_sample_consent(ctx, case, out_dir: Path) -> list[Path]:
    lang = case.person.preferred_language or "en"
    interpreter = case.interpreter
    circumstances = Circumstances(
        language=lang, method=Method.PAPER_SIGNATURE, counsellor=ctx.user, at=utcnow(),
        interpreter=InterpreterInfo(True, interpreter.language, interpreter.name_or_id)
        if interpreter else InterpreterInfo(),
        teach_back_done=True,
        teach_back_note="SAMPLE: the person explained back that she returns of her own "
                        "choice and can stop any agreement at any time.",
    )
    choices = [
        Choice(Purpose.RETURN_DECISION, True),
        Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, SAMPLE_RECIPIENT, SAMPLE_RECIPIENT_NAME),
        Choice(Purpose.SHARE_HEALTH_DATA, False),
        Choice(Purpose.FOLLOW_UP_CONTACT, True),
        Choice(Purpose.KEEP_ID_DOCUMENTS, False),
    ]
    record_and_mark_consented(ctx, case.reference, choices, circumstances)
    from counsel_app.consent.form import form_renderer

    renderer = form_renderer()
    if renderer is None:
        return []
    from counsel_app.consent.form import consent_form_data

    out = out_dir / f"{case.reference}-consent-{lang}.pdf"
    renderer(consent_form_data(ctx, case.reference, lang, "en"), out)
    return [out]
