from datetime import date

import pytest

from counsel_app.domain.case import Case, HouseholdMember, Interpreter, Person
from counsel_app.domain.enums import ReasonCategory, Relation, Sex
from counsel_app.domain.reference import format_reference, is_reference, parse_reference
from counsel_app.errors import ValidationError


def test_reference_format_and_parse():
    ref = format_reference(2026, 123)
    assert ref == "AVRR-2026-000123"
    assert parse_reference(ref) == (2026, 123)
    assert parse_reference(" avrr-2026-000123 ") == (2026, 123)
    assert is_reference(ref)
    for bad in ("AVRR-26-1", "XYZ-2026-000123", "", "AVRR-2026-0001234"):
        with pytest.raises(ValidationError):
            parse_reference(bad)


def test_age_from_birth_date_or_estimate():
    p = Person(date_of_birth=date(2010, 6, 1))
    assert p.age_on(date(2026, 5, 31)) == 15
    assert p.age_on(date(2026, 6, 1)) == 16
    assert p.is_minor_on(date(2026, 6, 1)) is True
    q = Person(estimated_age=17, age_estimated_on=date(2025, 1, 1))
    assert q.age_on(date(2026, 1, 2)) == 18
    assert q.is_minor_on(date(2026, 1, 2)) is False
    assert Person().is_minor_on(date(2026, 1, 1)) is None


def test_validation_names_fields():
    case = Case(person=Person(nationality="Guinea", phone="call me", estimated_age=200),
                return_country="gnx")
    fields = {p.field for p in case.validate()}
    assert {"person.name_latin", "person.nationality", "person.phone",
            "person.estimated_age", "return_country"} <= fields


def test_personal_data_round_trip():
    case = Case(
        person=Person("عائشة", "Aisha", Sex.FEMALE, date(1990, 1, 2), None, None, "SD",
                      ["ar", "en"], "ar", "+249 1"),
        household=[HouseholdMember(Relation.CHILD, "Omar", 5, True)],
        interpreter=Interpreter("ar", "INT-1"),
        return_region="SD-KH", return_town="Khartoum", reason=ReasonCategory.LACKS_MEANS,
        reason_note="note",
    )
    data = case.personal_data()
    other = Case()
    other.load_personal_data(data)
    assert other.person == case.person
    assert other.household == case.household
    assert other.interpreter == case.interpreter
    assert other.reason is ReasonCategory.LACKS_MEANS
    assert (other.return_region, other.return_town, other.reason_note) == ("SD-KH", "Khartoum", "note")
