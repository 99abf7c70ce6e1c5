"""Simple pictograms for the easy-read page, drawn with ReportLab graphics (no images).

Each function returns a square :class:`Drawing` of ``size`` points: plain shapes in one
colour on a light disc, readable when printed in black and white. They are symmetric or
carry no direction, so they need no mirroring in right-to-left documents.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

INK = colors.HexColor("#1f4e79")
DISC = colors.HexColor("#e3ecf5")


def _base(size: float) -> tuple[Drawing, float]:
    d = Drawing(size, size, initialFontName="CA-Latin-Regular")  # no unembedded Helvetica
    d.add(Circle(size / 2, size / 2, size / 2 - 1, fillColor=DISC, strokeColor=None))
    return d, size / 100.0


def house(size: float = 48) -> Drawing:
    """Arrival, a home to go to."""
    d, u = _base(size)
    d.add(Polygon([20 * u, 52 * u, 50 * u, 78 * u, 80 * u, 52 * u], fillColor=INK,
                  strokeColor=None))
    d.add(Rect(28 * u, 22 * u, 44 * u, 32 * u, fillColor=INK, strokeColor=None))
    d.add(Rect(44 * u, 22 * u, 12 * u, 18 * u, fillColor=DISC, strokeColor=None))
    return d


def steps(size: float = 48) -> Drawing:
    """Steps of the plan: a staircase."""
    d, u = _base(size)
    for i in range(4):
        d.add(Rect((22 + i * 14) * u, 22 * u, 14 * u, (12 + i * 14) * u, fillColor=INK,
                   strokeColor=colors.white, strokeWidth=0.6))
    return d


def calendar(size: float = 48, label: str = "") -> Drawing:
    """A date: a calendar page (optionally with a short label such as a number)."""
    d, u = _base(size)
    d.add(Rect(24 * u, 22 * u, 52 * u, 52 * u, fillColor=colors.white, strokeColor=INK,
               strokeWidth=3 * u))
    d.add(Rect(24 * u, 62 * u, 52 * u, 12 * u, fillColor=INK, strokeColor=None))
    for x in (34, 66):
        d.add(Line(x * u, 70 * u, x * u, 80 * u, strokeColor=INK, strokeWidth=4 * u))
    if label:
        d.add(String(50 * u, 32 * u, label, fontName="CA-Latin-Bold", fontSize=22 * u,
                     fillColor=INK, textAnchor="middle"))
    else:
        for row in range(2):
            for col in range(3):
                d.add(Rect((31 + col * 14) * u, (30 + row * 14) * u, 8 * u, 8 * u,
                           fillColor=INK, strokeColor=None))
    return d


def person(size: float = 48) -> Drawing:
    """A person to contact."""
    d, u = _base(size)
    d.add(Circle(50 * u, 62 * u, 13 * u, fillColor=INK, strokeColor=None))
    d.add(Polygon([24 * u, 22 * u, 30 * u, 42 * u, 40 * u, 47 * u, 60 * u, 47 * u,
                   70 * u, 42 * u, 76 * u, 22 * u], fillColor=INK, strokeColor=None))
    return d


def two_people(size: float = 48) -> Drawing:
    """A mentor: two people side by side."""
    d, u = _base(size)
    for cx in (37, 63):
        d.add(Circle(cx * u, 60 * u, 10 * u, fillColor=INK, strokeColor=None))
        d.add(Polygon([(cx - 15) * u, 24 * u, (cx - 11) * u, 42 * u, (cx - 5) * u, 47 * u,
                       (cx + 5) * u, 47 * u, (cx + 11) * u, 42 * u, (cx + 15) * u, 24 * u],
                      fillColor=INK, strokeColor=colors.white, strokeWidth=0.6))
    return d


def phone(size: float = 48) -> Drawing:
    """A telephone number: a mobile phone."""
    d, u = _base(size)
    d.add(Rect(36 * u, 18 * u, 28 * u, 64 * u, rx=5 * u, ry=5 * u, fillColor=INK,
               strokeColor=None))
    d.add(Rect(40 * u, 30 * u, 20 * u, 42 * u, fillColor=colors.white, strokeColor=None))
    d.add(Circle(50 * u, 23.5 * u, 2.5 * u, fillColor=colors.white, strokeColor=None))
    return d


def money(size: float = 48) -> Drawing:
    """Support paid by the programme: a stack of coins."""
    d, u = _base(size)
    for i in range(3):
        d.add(Rect(30 * u, (24 + i * 11) * u, 40 * u, 9 * u, rx=4 * u, ry=4 * u, fillColor=INK,
                   strokeColor=None))
    d.add(Circle(50 * u, 67 * u, 10 * u, fillColor=colors.white, strokeColor=INK,
                 strokeWidth=3 * u))
    return d


def check(size: float = 48) -> Drawing:
    """Something to do: a tick."""
    d, u = _base(size)
    d.add(Polygon([24 * u, 52 * u, 32 * u, 60 * u, 44 * u, 46 * u, 70 * u, 74 * u, 78 * u, 66 * u,
                   44 * u, 30 * u], fillColor=INK, strokeColor=None))
    return d


def plane(size: float = 48) -> Drawing:
    """A flight: an aeroplane seen from above, nose up (symmetric: no mirroring)."""
    d, u = _base(size)
    d.add(Rect(45 * u, 20 * u, 10 * u, 60 * u, rx=5 * u, ry=5 * u, fillColor=INK,
               strokeColor=None))
    d.add(Polygon([18 * u, 46 * u, 50 * u, 62 * u, 82 * u, 46 * u, 82 * u, 40 * u,
                   50 * u, 48 * u, 18 * u, 40 * u], fillColor=INK, strokeColor=None))
    d.add(Polygon([34 * u, 20 * u, 50 * u, 28 * u, 66 * u, 20 * u, 66 * u, 16 * u,
                   34 * u, 16 * u], fillColor=INK, strokeColor=None))
    return d


def bus(size: float = 48) -> Drawing:
    """A journey by road: a bus seen from the front."""
    d, u = _base(size)
    d.add(Rect(28 * u, 22 * u, 44 * u, 54 * u, rx=6 * u, ry=6 * u, fillColor=INK,
               strokeColor=None))
    d.add(Rect(33 * u, 48 * u, 34 * u, 20 * u, fillColor=colors.white, strokeColor=None))
    for x in (36, 64):
        d.add(Circle(x * u, 32 * u, 4 * u, fillColor=colors.white, strokeColor=None))
        d.add(Rect((x - 5) * u, 14 * u, 10 * u, 9 * u, fillColor=INK, strokeColor=None))
    return d


def bag(size: float = 48) -> Drawing:
    """What to take: a suitcase."""
    d, u = _base(size)
    d.add(Rect(40 * u, 62 * u, 20 * u, 12 * u, rx=3 * u, ry=3 * u, fillColor=None,
               strokeColor=INK, strokeWidth=4 * u))
    d.add(Rect(24 * u, 22 * u, 52 * u, 42 * u, rx=5 * u, ry=5 * u, fillColor=INK,
               strokeColor=None))
    for x in (38, 62):
        d.add(Line(x * u, 26 * u, x * u, 60 * u, strokeColor=colors.white, strokeWidth=2 * u))
    return d


PICTOGRAMS = {
    "house": house, "steps": steps, "calendar": calendar, "person": person,
    "mentor": two_people, "phone": phone, "money": money, "check": check,
    "plane": plane, "bus": bus, "bag": bag,
}
