"""The follow-up schedule: visits due at fixed intervals after the *recorded* arrival.

The programme's intervals are a centre setting (``followup_months``, administrators set it
in Settings or with ``counsel-app settings set``), 1, 3, 6, 12 and 18 months after arrival
by default (:data:`DEFAULT_INTERVALS_MONTHS`). A visit recorded (not deleted) answers a due
date (see :func:`schedule`); the first one not yet answered is *due*, and *overdue* once
its date has passed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

DEFAULT_INTERVALS_MONTHS: tuple[int, ...] = (1, 3, 6, 12, 18)


def intervals(db=None) -> tuple[int, ...]:
    """The programme's follow-up intervals, in months after arrival: the centre's setting
    (``db`` given), else the defaults."""
    if db is None:
        return DEFAULT_INTERVALS_MONTHS
    from counsel_app import settings

    months = tuple(sorted(set(int(m) for m in settings.get(db, "followup_months") or ())))
    return months or DEFAULT_INTERVALS_MONTHS


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    """One scheduled visit: its number (1-based), months after arrival, date, and the date
    of the visit that answered it (None while open)."""

    number: int
    months: int
    due_on: date
    done_on: date | None = None

    def overdue(self, today: date | None = None) -> bool:
        return self.done_on is None and self.due_on < (today or date.today())


def schedule(arrival: date | None, visit_dates: list[date],
             months: tuple[int, ...] | None = None) -> list[Due]:
    """The schedule from the recorded arrival. A scheduled visit is answered by the first
    visit not yet counted that took place from halfway between the previous due date (or
    the arrival) and its own; a visit counts once. An early check-in (a phone call a week
    after arrival) does not answer the one-month visit; a late visit answers the overdue
    one."""
    if arrival is None:
        return []
    visits = sorted(visit_dates)
    used: set[int] = set()
    out: list[Due] = []
    previous = arrival
    for number, month in enumerate(months or intervals(), 1):
        due = add_months(arrival, month)
        start = previous + (due - previous) / 2
        done = next((i for i, day in enumerate(visits) if i not in used and day >= start),
                    None)
        if done is not None:
            used.add(done)
        out.append(Due(number, month, due, visits[done] if done is not None else None))
        previous = due
    return out


def next_due(plan: list[Due]) -> Due | None:
    return next((d for d in plan if d.done_on is None), None)
