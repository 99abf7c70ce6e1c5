"""Plain data of the partner directory (not personal data). No storage, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from counsel_app.i18n import N_


class PartnerType(StrEnum):
    NGO = "ngo"
    DIASPORA = "diaspora"
    EMPLOYER = "employer"
    TRAINING = "training"
    MICROFINANCE = "microfinance"
    HEALTH = "health"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        return TYPE_LABELS[self]


TYPE_LABELS: dict[PartnerType, str] = {
    PartnerType.NGO: N_("Non-governmental organisation"),
    PartnerType.DIASPORA: N_("Diaspora association"),
    PartnerType.EMPLOYER: N_("Employer"),
    PartnerType.TRAINING: N_("Training centre"),
    PartnerType.MICROFINANCE: N_("Microfinance institution"),
    PartnerType.HEALTH: N_("Health facility"),
    PartnerType.PUBLIC: N_("Public service"),
}

#: Words a spreadsheet may use for each type (compared case- and accent-insensitively).
TYPE_ALIASES: dict[str, PartnerType] = {}
for _type, _words in {
    PartnerType.NGO: ("ngo", "non-governmental organisation", "non-governmental organization",
                      "ong", "association"),
    PartnerType.DIASPORA: ("diaspora", "diaspora association", "association de la diaspora",
                           "asociacion de la diaspora"),
    PartnerType.EMPLOYER: ("employer", "employeur", "empleador", "company", "entreprise",
                           "empresa"),
    PartnerType.TRAINING: ("training", "training centre", "training center",
                           "centre de formation", "centro de formacion"),
    PartnerType.MICROFINANCE: ("microfinance", "microfinance institution", "mfi",
                               "institution de microfinance", "microfinanzas"),
    PartnerType.HEALTH: ("health", "health facility", "clinic", "hospital", "sante",
                         "centre de sante", "hopital", "salud", "centro de salud"),
    PartnerType.PUBLIC: ("public", "public service", "service public", "servicio publico",
                         "employment agency", "agence pour l'emploi", "social protection"),
}.items():
    for _word in _words:
        TYPE_ALIASES[_word] = _type


@dataclass
class Partner:
    name: str
    type: PartnerType
    country: str
    source: str
    source_date: date
    region: str = ""  # ISO 3166-2 code, or ""
    town: str = ""
    services: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    contact: str = ""
    hours: str = ""
    procedure: str = ""  # how to refer someone
    is_sample: bool = False
    id: int | None = None

    def snapshot(self) -> dict:
        """What a referral keeps of the partner (kept if the directory changes later)."""
        return {"id": self.id, "name": self.name, "type": self.type.value,
                "country": self.country, "region": self.region, "town": self.town,
                "contact": self.contact, "hours": self.hours, "procedure": self.procedure,
                "is_sample": self.is_sample}
