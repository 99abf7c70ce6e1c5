"""The closed vocabularies of consent: purposes, how consent was given, data categories.

Each consent purpose is given or refused on its own (never bundled). Sharing with the
office or partners in the country of origin is recorded per named recipient.
"""

from __future__ import annotations

from counsel_app.domain.enums import LabelledEnum
from counsel_app.i18n import N_


class Purpose(LabelledEnum):
    #: (1) the voluntary return declaration: the person decides to return
    RETURN_DECISION = "return_decision"
    #: (2) the organisation processes the person's personal data
    DATA_PROCESSING = "data_processing"
    #: (3) sharing with the office or a partner in the country of origin (per recipient)
    SHARE_WITH_RECIPIENT = "share_with_recipient"
    #: (4) sharing health data (separately from everything else)
    SHARE_HEALTH_DATA = "share_health_data"
    #: (5) being contacted for follow-up after return
    FOLLOW_UP_CONTACT = "follow_up_contact"
    #: (6) keeping copies of identity documents or a photo
    KEEP_ID_DOCUMENTS = "keep_id_documents"
    #: (7) sharing what makes the case strictly confidential (trafficking, gender-based
    #: violence, SOGI...: :mod:`counsel_app.session.confidentiality`), per recipient
    SHARE_CONFIDENTIAL = "share_confidential"

    @property
    def needs_recipient(self) -> bool:
        return self in (Purpose.SHARE_WITH_RECIPIENT, Purpose.SHARE_CONFIDENTIAL)

    @property
    def number(self) -> int:
        return list(Purpose).index(self) + 1


class Method(LabelledEnum):
    PAPER_SIGNATURE = "paper_signature"
    SCREEN_SIGNATURE = "screen_signature"
    SPOKEN_WITNESSED = "spoken_witnessed"


class EventKind(LabelledEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class DataCategory(LabelledEnum):
    """The parts of a case a sharing path may send (keys of a data bundle)."""

    #: name, date of birth, case reference, place of return: who the case is about
    IDENTIFICATION = "identification"
    #: the individual reintegration plan
    PLAN = "plan"
    #: pre-departure assessments without health details (skills, family, RSS baseline...)
    ASSESSMENTS = "assessments"
    #: health needs, medical reports, fitness to travel, medical parts of any assessment
    HEALTH = "health"
    #: copies (scans) of identity documents and the person's photo
    IDENTITY_DOCUMENTS = "identity_documents"
    #: phone, address and contact persons for follow-up after return
    FOLLOW_UP_CONTACT = "follow_up_contact"
    #: the route and the reception request (who meets the person, where); no health
    TRAVEL = "travel"
    #: asylum history: never shared, whatever the consents say
    ASYLUM_HISTORY = "asylum_history"
    #: a strictly confidential vulnerability (the flag, its note, the steps only it needs):
    #: only with consent (7) for that recipient
    CONFIDENTIAL = "confidential"


class Signer(LabelledEnum):
    """Who gave or withdrew a consent."""

    PERSON = "person"
    GUARDIAN = "guardian"


_LABELS: dict[type, dict] = {}
_LABELS[Purpose] = {
    Purpose.RETURN_DECISION: N_("Decision to return (voluntary return declaration)"),
    Purpose.DATA_PROCESSING: N_("Processing of personal data by the organisation"),
    Purpose.SHARE_WITH_RECIPIENT: N_("Sharing with an office or partner in the country of origin"),
    Purpose.SHARE_HEALTH_DATA: N_("Sharing health data"),
    Purpose.FOLLOW_UP_CONTACT: N_("Being contacted for follow-up after return"),
    Purpose.KEEP_ID_DOCUMENTS: N_("Keeping copies of identity documents or a photo"),
    Purpose.SHARE_CONFIDENTIAL: N_("Sharing what makes the case strictly confidential, with "
                                   "an office or partner"),
}
_LABELS[Method] = {
    Method.PAPER_SIGNATURE: N_("Signed paper form"),
    Method.SCREEN_SIGNATURE: N_("Signature on screen"),
    Method.SPOKEN_WITNESSED: N_("Spoken, witnessed by the counsellor"),
}
_LABELS[EventKind] = {
    EventKind.GIVEN: N_("Given"),
    EventKind.REFUSED: N_("Refused"),
    EventKind.WITHDRAWN: N_("Withdrawn"),
}
_LABELS[DataCategory] = {
    DataCategory.IDENTIFICATION: N_("Identification (name, date of birth, case reference, place of return)"),
    DataCategory.PLAN: N_("Reintegration plan"),
    DataCategory.ASSESSMENTS: N_("Assessments (without health details)"),
    DataCategory.HEALTH: N_("Health data"),
    DataCategory.IDENTITY_DOCUMENTS: N_("Copies of identity documents and photo"),
    DataCategory.FOLLOW_UP_CONTACT: N_("Contact details for follow-up"),
    DataCategory.TRAVEL: N_("Travel arrangements (route and reception on arrival)"),
    DataCategory.ASYLUM_HISTORY: N_("Asylum history (never shared)"),
    DataCategory.CONFIDENTIAL: N_("Strictly confidential vulnerability (only with the "
                                  "person's specific consent)"),
}
_LABELS[Signer] = {
    Signer.PERSON: N_("The person"),
    Signer.GUARDIAN: N_("The guardian"),
}
