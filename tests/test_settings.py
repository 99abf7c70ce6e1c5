"""Settings declared once (``counsel_app.settings``): the centre's in the database, checked,
changed only by administrators, audited; this computer's in its settings file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from counsel_app import settings
from counsel_app.errors import UserError, ValidationError
from counsel_app.security.accounts import add_user, sign_in
from counsel_app.security.audit import events

COUNSELLOR_PASSWORD = "counsellor long password"


def test_every_setting_is_declared_once_with_a_title_and_who_may_change_it():
    centre = {s.key for s in settings.centre_settings()}
    assert {"grant_ceilings", "stale_months", "idle_timeout_seconds", "organisation_name",
            "organisation_address", "followup_months"} <= centre
    assert {"interface_language", "plan_languages", "data_folder", "database_url",
            "organisation_logo"} <= {s.key for s in settings.station_settings()}
    for s in settings.SETTINGS.values():
        assert s.title and settings.validate(s, s.default) == s.default
        assert (s.permission == settings.MANAGE) == s.is_centre


def test_defaults_until_an_administrator_changes_them(ctx):
    assert settings.get(ctx.db, "followup_months") == [1, 3, 6, 12, 18]
    assert settings.get(ctx.db, "stale_months") == 12
    assert settings.get(ctx.db, "grant_ceilings") == {}
    changed = settings.update(ctx, {"stale_months": 18, "organisation_name": "Centre d'accueil",
                                    "grant_ceilings": {"gnf": "15000000", "EUR": 1500}})
    assert set(changed) == {"stale_months", "organisation_name", "grant_ceilings"}
    assert settings.get(ctx.db, "stale_months") == 18
    assert settings.get(ctx.db, "grant_ceilings") == {"EUR": Decimal("1500"),
                                                      "GNF": Decimal("15000000")}
    audited = [e.detail for e in events(ctx.db, action="settings")]
    assert sorted(audited) == ["setting grant_ceilings", "setting organisation_name",
                               "setting stale_months"]
    assert settings.update(ctx, {"stale_months": 18}) == {}  # unchanged: no event
    assert len(events(ctx.db, action="settings")) == 3


def test_a_bad_value_names_the_setting_and_changes_nothing(sqlite_ctx):
    ctx = sqlite_ctx
    with pytest.raises(ValidationError, match="between 1 and 120") as caught:
        settings.update(ctx, {"organisation_name": "Centre", "stale_months": 0})
    assert caught.value.field == "stale_months"
    assert settings.get(ctx.db, "organisation_name") == ""  # the good value was not saved
    with pytest.raises(UserError, match="three-letter currency"):
        settings.update(ctx, {"grant_ceilings": {"EURO": 10}})
    with pytest.raises(UserError, match="more than zero"):
        settings.update(ctx, {"grant_ceilings": {"EUR": -1}})
    with pytest.raises(UserError, match="each value once"):
        settings.update(ctx, {"followup_months": [1, 3, 3]})
    with pytest.raises(UserError, match="There is no setting “colour”"):
        settings.update(ctx, {"colour": "red"})
    with pytest.raises(UserError, match="setting of this computer"):
        settings.update(ctx, {"interface_language": "fr"})
    assert events(ctx.db, action="settings") == []


def test_only_an_administrator_changes_the_centre_settings(sqlite_ctx):
    add_user(sqlite_ctx, "cora", "counsellor", COUNSELLOR_PASSWORD)
    cora = sign_in(sqlite_ctx.db, "cora", COUNSELLOR_PASSWORD)
    assert not settings.may_change(cora, "stale_months")
    assert settings.may_change(cora, "interface_language")
    with pytest.raises(UserError, match="Counsellor"):
        settings.update(cora, {"stale_months": 6})
    assert settings.get(sqlite_ctx.db, "stale_months") == 12


def test_text_typed_in_the_dialog_or_on_the_command_line_reads_the_same():
    ceilings = settings.SETTINGS["grant_ceilings"]
    value = settings.parse(ceilings, "gnf 15000000; 1500 EUR")
    assert value == {"EUR": Decimal("1500"), "GNF": Decimal("15000000")}
    assert settings.parse(ceilings, settings.show(ceilings, value)) == value
    assert settings.parse(ceilings, "none") == {}
    with pytest.raises(UserError, match="currency and an amount"):
        settings.parse(ceilings, "EUR")
    months = settings.SETTINGS["followup_months"]
    assert settings.parse(months, "12, 1,3 ,6") == [1, 3, 6, 12]
    with pytest.raises(UserError, match="“soon” is not a whole number"):
        settings.parse(months, "1, soon")


def test_the_plan_service_reads_the_ceilings_and_prints_the_organisation(sqlite_ctx):
    from counsel_app.plan.service import PlanService

    service = PlanService(sqlite_ctx)
    service.set_ceiling("gnf", Decimal("10000000"))
    assert settings.get(sqlite_ctx.db, "grant_ceilings") == {"GNF": Decimal("10000000")}
    settings.update(sqlite_ctx, {"grant_ceilings": {"GNF": 9, "EUR": 5}})
    assert service.ceiling_for("EUR").amount == Decimal("5")
    service.set_ceiling("GNF", None)
    assert service.ceilings() == {"EUR": Decimal("5")}


def test_a_station_setting_stays_in_this_computers_file(tmp_path):
    prefs = settings.Preferences.load(tmp_path / "s.json")
    with pytest.raises(KeyError):
        prefs["stale_months"]
    (tmp_path / "old.json").write_text('{"organisation_name": "old", "interface_language": "fr"}')
    old = settings.Preferences.load(tmp_path / "old.json")
    assert old["interface_language"] == "fr" and "organisation_name" not in old.as_dict()
