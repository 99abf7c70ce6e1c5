"""Helpers for the security tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import Sex


class FakeClock:
    """A clock the test moves by hand (no real sleeping)."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return FakeClock()


def person_case(name: str = "Fatoumata Diallo", **kw) -> Case:
    from datetime import date

    return Case(
        person=Person(name_latin=name, sex=Sex.FEMALE, date_of_birth=date(1990, 3, 4),
                      nationality="GN", phone="+224 600 00 00 00"),
        host_country="TN", return_country="GN", **kw,
    )
