"""Places on a route, checked against a real list, offline (no network lookup ever).

A stop is written either as an airport code — IATA (``CKY``) or ICAO (``GUCY``) — or as a
town or region with its two-letter country code (``Agadez, NE``). Codes are looked up in
*airportsdata* (a maintained, MIT-licensed dataset of about 28,000 airports and landing
strips, with their town, country and time zone); a town must be one of the towns those
airports serve, or a region (ISO 3166-2 subdivision, from *pycountry*) of that country.
For a bus station or a border post, name the nearest such town. Anything else is refused
with one sentence naming the field.

The time zone (from the airport, or the airports of the town) lets the itinerary check
that a leg does not arrive before it leaves when it crosses time zones.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from counsel_app.errors import ValidationError
from counsel_app.i18n import _

_IATA = re.compile(r"^[A-Za-z]{3}$")
_ICAO = re.compile(r"^[A-Za-z]{4}$")
_TOWN = re.compile(r"^(?P<name>.+?)\s*,\s*(?P<country>[A-Za-z]{2})$")
MAX_PLACE = 120


@dataclass(frozen=True)
class Place:
    """A resolved stop: what was written, the airport code if any, town, country, zone."""

    text: str
    code: str
    name: str  # airport name, or the town or region
    town: str
    country: str  # ISO 3166-1 alpha-2
    tz: str | None

    def same_stop(self, other: Place) -> bool:
        """Two ways of writing one stop: the same airport, or the same town (changing
        airports in one town, e.g. a transfer, counts as connecting)."""
        if self.code and other.code and self.code == other.code:
            return True
        return self.country == other.country and _fold(self.town) == _fold(other.town) \
            and bool(self.town)

    def label(self) -> str:
        """How the stop is shown: ``Conakry (CKY)`` or ``Agadez, NE``."""
        if self.code:
            return f"{self.town or self.name} ({self.code})"
        return f"{self.town}, {self.country}"


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-blind form of a place name."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


@lru_cache(maxsize=1)
def _airports() -> tuple[dict, dict]:
    import airportsdata

    by_icao = airportsdata.load("ICAO")
    by_iata = {a["iata"]: a for a in by_icao.values() if a.get("iata")}
    return by_iata, by_icao


@lru_cache(maxsize=1)
def _towns() -> dict[tuple[str, str], tuple[str, str | None]]:
    """(folded town, country) -> (town as written in the data, time zone or None)."""
    _by_iata, by_icao = _airports()
    towns: dict[tuple[str, str], tuple[str, str | None]] = {}
    for airport in by_icao.values():
        country = airport.get("country") or ""
        for part in [airport.get("city") or ""] + (airport.get("city") or "").split(","):
            part = part.strip()
            if not part or not country:
                continue
            key = (_fold(part), country)
            if key not in towns:
                towns[key] = (part, airport.get("tz") or None)
    return towns


@lru_cache(maxsize=1)
def _country_zones() -> dict[str, str | None]:
    """Country -> its time zone when all its airports share one (else None)."""
    _by_iata, by_icao = _airports()
    zones: dict[str, set[str]] = {}
    for airport in by_icao.values():
        if airport.get("country") and airport.get("tz"):
            zones.setdefault(airport["country"], set()).add(airport["tz"])
    return {c: (next(iter(z)) if len(z) == 1 else None) for c, z in zones.items()}


def _countries() -> set[str]:
    import pycountry

    return {c.alpha_2 for c in pycountry.countries}


@lru_cache(maxsize=64)
def _regions(country: str) -> dict[str, str]:
    import pycountry

    try:
        subs = pycountry.subdivisions.get(country_code=country) or []
    except (KeyError, LookupError):
        subs = []
    return {_fold(s.name): s.name for s in subs}


def _from_airport(text: str, airport: dict) -> Place:
    code = airport.get("iata") or airport.get("icao") or ""
    town = (airport.get("city") or "").split(",")[-1].strip() or airport.get("city") or ""
    return Place(text, code, airport.get("name") or "", town, airport.get("country") or "",
                 airport.get("tz") or None)


def resolve(text: str, field: str) -> Place:
    """The stop written as ``text``, or :class:`ValidationError` on ``field`` saying why."""
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(_("Enter a place: an airport code such as CKY, or a town with "
                                "its country code such as “Agadez, NE”."), field)
    if len(text) > MAX_PLACE:
        raise ValidationError(_("A place name may be at most {n} characters.").format(
            n=MAX_PLACE), field)
    by_iata, by_icao = _airports()
    if _IATA.match(text):
        airport = by_iata.get(text.upper())
        if airport is None:
            raise ValidationError(_("“{code}” is not a known airport code (IATA). Check the "
                                    "ticket, or write the town and its country code, such as "
                                    "“Agadez, NE”.").format(code=text), field)
        return _from_airport(text.upper(), airport)
    if _ICAO.match(text) and text.upper() in by_icao:
        return _from_airport(text.upper(), by_icao[text.upper()])
    match = _TOWN.match(text)
    if not match:
        raise ValidationError(_("“{place}” is not an airport code or a town with its country "
                                "code: write it like “Agadez, NE”.").format(place=text), field)
    name, country = match.group("name").strip(), match.group("country").upper()
    if country not in _countries():
        raise ValidationError(_("“{code}” in “{place}” is not a two-letter country code.")
                              .format(code=match.group("country"), place=text), field)
    found = _towns().get((_fold(name), country))
    if found is not None:
        town, tz = found
        return Place(f"{town}, {country}", "", town, town, country,
                     tz or _country_zones().get(country))
    region = _regions(country).get(_fold(name))
    if region is not None:
        return Place(f"{region}, {country}", "", region, region, country,
                     _country_zones().get(country))
    raise ValidationError(_("“{place}” is not a town or region known in that country. Name "
                            "the nearest town with an airport, or a region, or give the "
                            "airport code.").format(place=text), field)


def suggestions(prefix: str, limit: int = 12) -> list[str]:
    """Stops that start with ``prefix`` (for a completer): ``"CKY — Conakry, GN"``..."""
    prefix = (prefix or "").strip()
    if len(prefix) < 2:
        return []
    by_iata, _by_icao = _airports()
    folded = _fold(prefix)
    out: list[str] = []
    if len(prefix) <= 3:
        for code, airport in sorted(by_iata.items()):
            if code.startswith(prefix.upper()):
                out.append(f"{code} — {airport.get('city') or airport.get('name')}, "
                           f"{airport.get('country')}")
                if len(out) >= limit:
                    return out
    for (key, country), (town, _tz) in sorted(_towns().items()):
        if key.startswith(folded):
            out.append(f"{town}, {country}")
            if len(out) >= limit:
                break
    return out
