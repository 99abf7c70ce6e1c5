"""Small frames the command line and the screens put words in, translated once (Qt-free):
a label and its value ("Market: drivers wanted", "Marché : …" in French) and clauses one
after the other with the language's semicolon ("…; …", " ; " in French, "؛ " in Arabic).
"""

from __future__ import annotations

from counsel_app.i18n import _


def label_value(label: str, value: str) -> str:
    """"Economic: 0.75" as the interface language writes it ("Économique : 0,75" in French,
    with the no-break space before the colon)."""
    # Translators: a label and its value; keep the language's punctuation ("{label} : {value}").
    return _("{label}: {value}").format(label=label, value=value)


def join_clauses(items) -> str:
    """``items`` one after the other with the interface language's semicolon, not its list
    separator: an item may hold a comma of its own (a decimal comma, "0,75 (n=6), 0,80" would
    read as one list of numbers; free text such as a cost), so each language says which
    stronger separator it uses (" ; " with a no-break space in French, "؛ " in Arabic).
    Empty items are left out; none gives ""."""
    items = [item for item in items if item]
    if not items:
        return ""
    joined = items[0]
    for item in items[1:]:
        # Translators: joins two clauses of a line (the periods of a cohorts line, the market,
        # cost... of a feasibility line); a semicolon (or your language's), since a clause
        # may hold a comma or a decimal comma.
        joined = _("{earlier}; {later}").format(earlier=joined, later=item)
    return joined
