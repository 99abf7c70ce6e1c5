"""Self-check of the travel area: the offline list of places is in the program."""

from __future__ import annotations


def check_places() -> str:
    """The airports list (airportsdata) loads and resolves a code and a town: a built app
    that left its data file behind would refuse every itinerary."""
    from importlib.metadata import version

    from counsel_app.travel.places import _airports, resolve

    airport = resolve("CKY", "selfcheck")
    town = resolve("Agadez, NE", "selfcheck")
    if airport.country != "GN" or not airport.tz or town.country != "NE":
        raise RuntimeError("the airports list gives wrong places")
    by_iata, by_icao = _airports()
    return (f"itinerary places: {len(by_icao)} airports ({len(by_iata)} with IATA codes), "
            f"airportsdata {version('airportsdata')}")
