"""The command line for keys, handover, follow-up and monitoring; key files and QR codes."""

import json
import re
from datetime import date, timedelta

import pytest

from counsel_app.cli import main
from counsel_app.consent.purposes import Method, Purpose
from counsel_app.consent.rules import Choice, Circumstances
from counsel_app.consent.service import record
from counsel_app.domain.case import utcnow
from counsel_app.errors import ValidationError
from counsel_app.handover.keys import KeyStore, parse_bundle, spoken
from counsel_app.i18n import set_interface_language
from tests.conftest import TEST_PASSWORD
from tests.handover.helpers import BASELINE, NAME, consented_case, make_station


def run(capsys, monkeypatch, station, *argv):
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code = main(["--db", f"sqlite:///{station.folder / 'counsel.sqlite'}", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_loop(tmp_path, capsys, monkeypatch):
    sender = make_station(tmp_path, "Tunis office")
    office = make_station(tmp_path, "Conakry office")
    k_sender, k_office = tmp_path / "sender.json", tmp_path / "office.json"
    qr = tmp_path / "office.png"
    code, out, err = run(capsys, monkeypatch, office, "keys", "export", "--out", str(k_office),
                         "--qr", str(qr))
    assert code == 0, err
    assert qr.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    office_fp = office.keys.station().fingerprint
    assert spoken(office_fp) in out
    run(capsys, monkeypatch, sender, "keys", "export", "--out", str(k_sender))

    # without the fingerprint read by phone, the key is shown but not trusted
    code, out, _ = run(capsys, monkeypatch, sender, "keys", "import", str(k_office))
    assert code == 1 and "Not trusted yet" in out and spoken(office_fp) in out
    code, _, err = run(capsys, monkeypatch, sender, "keys", "import", str(k_office),
                       "--fingerprint", "0000 1111 2222 3333 4444 5555 6666 7777")
    assert code == 1 and "does not match" in err
    code, out, err = run(capsys, monkeypatch, sender, "keys", "import", str(k_office),
                         "--fingerprint", spoken(office_fp).lower())
    assert code == 0, err
    run(capsys, monkeypatch, office, "keys", "import", str(k_sender), "--fingerprint",
        sender.keys.station().fingerprint)
    code, out, _ = run(capsys, monkeypatch, sender, "keys", "show")
    assert "Conakry office" in out and "trusted" in out

    case = consented_case(sender)
    record(sender.ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, office_fp, "Conakry office")],
        Circumstances(language="fr", method=Method.PAPER_SIGNATURE, counsellor="admin",
                      at=utcnow(), teach_back_done=True, teach_back_note="explained back"))
    package = tmp_path / "case.cahp"
    code, out, err = run(capsys, monkeypatch, sender, "handover", "export", case.reference,
                         "--to", "Conakry office", "--out", str(package),
                         "--receipt-lang", "fr")
    assert code == 0, err
    assert "Reintegration plan" in out and "Health data" in out.split("Not sent")[1]
    printed = tmp_path / "case.cahp.receipt.pdf"
    assert f"Printed receipt: {printed}" in out and printed.read_bytes().startswith(b"%PDF")

    # the categories one after the other with the language's semicolon (a category's name
    # holds commas of its own)
    assert "; Identification (name, date of birth, place of return); Reintegration plan\n" \
        in out, out
    code, out, err = run(capsys, monkeypatch, office, "--lang", "ar", "handover", "import",
                         str(package))
    assert code == 0, err
    assert case.reference in out and "Imported case" not in out, out
    shared = next(line for line in out.splitlines() if line.startswith("شورك مع هذا المكتب"))
    assert "؛ " in shared and "; " not in shared, shared
    set_interface_language("en")
    local = office.ctx.cases.list()[0].reference
    code, _, err = run(capsys, monkeypatch, office, "handover", "import", str(package))
    assert code == 1 and "already imported" in err and len(err.strip().splitlines()) == 1

    arrival = (date.today() - timedelta(days=10)).isoformat()
    assert run(capsys, monkeypatch, office, "followup", "arrival", local, "--date", arrival,
               "--reception-done")[0] == 0
    scores = [a for k, v in BASELINE.items() for a in ("--score", f"{k}={min(5, v + 1)}")]
    code, out, err = run(capsys, monkeypatch, office, "followup", "visit", local, "--date",
                         date.today().isoformat(), *scores)
    assert code == 0, err
    assert "15 of 15" in out
    code, out, _ = run(capsys, monkeypatch, office, "followup", "show", local)
    assert "Change since the baseline (overall): +" in out and "Buy a sewing machine" in out
    # the first visit is due a month after arrival: "1 month", not "1 months"
    assert "  Visit 1 (1 month): due " in out and "  Visit 2 (3 months): due " in out, out
    # each action in words, never its key
    assert re.search(r"^  \[[^]]+\] Buy a sewing machine$", out, re.M), out
    # the scores written as the interface language writes numbers, as on the screens
    from counsel_app.followup.service import FollowupService
    from counsel_app.i18n.formatting import format_score

    summary = FollowupService(office.ctx).summary(local)
    change = summary.change_since_baseline()["overall"]
    assert f"(overall): {format_score(change, 'en', signed=True)}\n" in out
    code, out, err = run(capsys, monkeypatch, office, "--lang", "fr", "followup", "show", local)
    assert code == 0, err
    assert f"(global) : {format_score(change, 'fr', signed=True)}\n" in out, out
    assert f": {format_score(summary.baseline.result.overall, 'fr')}\n" in out, out
    # each score's label with the colon placed as French places it ("Économique : 0,57")
    from counsel_app.i18n import translator
    from counsel_app.session.assessment import DIMENSIONS

    economic = translator("fr").gettext(DIMENSIONS["economic"])
    assert f"\n  {economic} : " in out and f"\n  {economic}:" not in out, out
    assert not re.search(r"\d\.\d", out), out  # "0,57", never "0.57"
    # the dates in the medium form of the screens, in the interface language, never ISO
    from counsel_app.i18n.dates import show_date

    arrived, today = date.fromisoformat(arrival), date.today()
    assert f"Arrivée : {show_date(arrived, 'fr')} ;" in out, out
    assert f"(à faire avant le {show_date(summary.refine_by, 'fr')})" in out, out
    assert f"Visite du {show_date(today, 'fr')} (" in out, out
    for due in summary.schedule:
        assert show_date(due.due_on, "fr") in out, out
    assert not re.search(r"\d{4}-\d\d-\d\d", out), out
    code, out, err = run(capsys, monkeypatch, office, "--lang", "ar", "followup", "show", local)
    assert code == 0, err
    assert show_date(arrived, "ar") in out and show_date(today, "ar") in out, out
    assert not re.search(r"\d{4}-\d\d-\d\d", out), out
    ack = tmp_path / "ack.cahp"
    assert run(capsys, monkeypatch, office, "handover", "ack", local, "--out", str(ack))[0] == 0
    code, out, err = run(capsys, monkeypatch, sender, "handover", "import", str(ack))
    assert code == 0 and "Follow-up" in out, err
    code, out, _ = run(capsys, monkeypatch, sender, "handover", "show", case.reference)
    assert "ack" in out and "visits 1" in out
    # each package's day as the screens show it, not ISO ("2026-12-04T10:30")
    from counsel_app.i18n.dates import show_date as _show_date

    assert _show_date(utcnow().date(), "en") in out, out
    assert not re.search(r"\d{4}-\d\d-\d\d", out), out
    code, out, _ = run(capsys, monkeypatch, sender, "--lang", "fr", "handover", "show",
                       case.reference)
    assert _show_date(utcnow().date(), "fr") in out, out
    assert not re.search(r"\d{4}-\d\d-\d\d", out), out

    csv_path = tmp_path / "m.csv"
    code, out, err = run(capsys, monkeypatch, office, "monitoring", "export", "--out",
                         str(csv_path))
    assert code == 0, err
    assert NAME not in csv_path.read_text() and local not in csv_path.read_text()
    assert run(capsys, monkeypatch, office, "followup", "close", local, "--reason",
               "completed")[0] == 0
    code, out, err = run(capsys, monkeypatch, office, "--lang", "fr", "followup", "show", local)
    assert code == 0, err
    assert f"{show_date(today, 'fr')} (Plan réalisé)" in out, out


@pytest.mark.parametrize("argv, fragment", [
    (["followup", "arrival", "AVRR-2026-000001", "--date", "yesterday"], "is not a date"),
    (["followup", "close", "AVRR-2026-000001", "--reason", "bored"], "invalid choice"),
    (["keys", "revoke"], "one of the arguments"),
    (["handover", "export", "AVRR-2026-000001", "--out", "x"], "--to"),
    (["handover", "export", "AVRR-2026-000001", "--to", "x", "--out", "x",
      "--receipt-lang", "xx"], "--receipt-lang"),
    (["monitoring"], "ACTION"),
])
def test_bad_arguments(capsys, argv, fragment):
    code = main(argv)
    _out, err = capsys.readouterr()
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1


def test_key_file_checks(tmp_path):
    station = make_station(tmp_path, "Office A")
    path = tmp_path / "a.json"
    station.keys.export_bundle(path)
    good = path.read_bytes()
    bundle = json.loads(good)
    assert parse_bundle(good, "a.json")["fingerprint"] == bundle["fingerprint"]
    changed = dict(bundle, name="Evil office")
    with pytest.raises(ValidationError, match="signature does not verify"):
        parse_bundle(json.dumps(changed).encode(), "a.json")
    with pytest.raises(ValidationError, match="not JSON"):
        parse_bundle(b"\x00garbage", "a.json")
    other = make_station(tmp_path, "Office B")
    with pytest.raises(ValidationError, match="own key"):
        KeyStore(station.ctx).import_bundle(bundle)
    KeyStore(other.ctx).import_bundle(bundle)
    KeyStore(other.ctx).revoke("Office A")
    with pytest.raises(ValidationError, match="revoked"):
        KeyStore(other.ctx).import_bundle(bundle)


def test_private_keys_are_stored_encrypted(tmp_path):
    station = make_station(tmp_path, "Office A")
    me = station.keys.station()
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    raw = me.signing_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    database = (station.folder / "counsel.sqlite").read_bytes()
    for suffix in ("-wal",):
        extra = station.folder / f"counsel.sqlite{suffix}"
        if extra.exists():
            database += extra.read_bytes()
    import base64

    assert raw not in database and base64.b64encode(raw) not in database
    # a second store (another sign-in) finds the same keys
    assert KeyStore(station.ctx).station().fingerprint == me.fingerprint


def test_weights_command(tmp_path, capsys, monkeypatch):
    station = make_station(tmp_path, "Office")
    good = tmp_path / "w.json"
    good.write_text('{"indicators": {"income": 2}, "source": "Programme X 2027"}')
    code, out, err = run(capsys, monkeypatch, station, "followup", "weights", "--set", str(good))
    assert code == 0 and "Programme X 2027" in out, err
    code, out, _ = run(capsys, monkeypatch, station, "followup", "indicators")
    assert "  Sources of income, weight 2 (--score income=1..5)\n" in out, out
    assert "Programme X 2027" in out
    bad = tmp_path / "bad.json"
    bad.write_text('{"indicators": {"luck": 1}}')
    code, _, err = run(capsys, monkeypatch, station, "followup", "weights", "--set", str(bad))
    assert code == 1 and "luck" in err and str(bad) in err
    code, out, _ = run(capsys, monkeypatch, station, "followup", "weights", "--reset")
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, station, "followup", "indicators")
    assert "not IOM" in out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_keys_show_names_the_day_a_key_was_revoked_as_the_screens_do(tmp_path, capsys,
                                                                      monkeypatch, lang):
    from counsel_app.i18n.dates import show_date
    from tests.handover.helpers import pair

    sender, office = pair(tmp_path)
    office.keys.revoke(sender.keys.station().fingerprint, "laptop stolen")
    code, out, err = run(capsys, monkeypatch, office, "--lang", lang, "keys", "show")
    assert code == 0, err
    assert show_date(utcnow().date(), lang) in out, out
    assert utcnow().date().isoformat() not in out, out


def test_indicators_are_listed_in_words_as_the_language_writes_them(tmp_path, capsys,
                                                                   monkeypatch):
    """``followup indicators``: each dimension and indicator in words, the weights written
    as the interface language writes numbers ("1,5" in French), the colon where the language
    puts it; the indicator's key only as what is typed after --score."""
    station = make_station(tmp_path, "Office")
    weights = tmp_path / "w.json"
    weights.write_text('{"indicators": {"income": 1.5}, "dimensions": {"social": 0.5}, '
                       '"source": "Programme X 2027"}')
    assert run(capsys, monkeypatch, station, "followup", "weights", "--set", str(weights))[0] == 0
    code, out, err = run(capsys, monkeypatch, station, "followup", "indicators")
    assert code == 0, err
    assert "Economic, weight 1:\n  Sources of income, weight 1.5 (--score income=1..5)\n" in out
    assert "Social, weight 0.5:\n" in out, out
    # no line starts with a key: every line opens with words
    assert not re.search(r"^ *[a-z_]+ ", out, re.M), out
    code, out, err = run(capsys, monkeypatch, station, "--lang", "fr", "followup", "indicators")
    assert code == 0, err
    assert "Économique, poids 1 :\n  Sources de revenus, poids 1,5 (--score income=1..5)\n" in out, out
    assert "Social, poids 0,5 :\n" in out and "1.5" not in out, out
    code, out, err = run(capsys, monkeypatch, station, "--lang", "ar", "followup", "indicators")
    assert code == 0, err
    assert "مصادر الدخل" in out and "Sources of income" not in out and "weight" not in out, out
    # the weight as the screens write numbers in Arabic, the Arabic comma before it
    from counsel_app.i18n.formatting import format_decimal

    assert f"مصادر الدخل، الوزن {format_decimal(1.5, 'ar')} (--score income=1..5)\n" in out, out


def test_an_action_is_said_in_words_with_its_status(tmp_path, capsys, monkeypatch):
    """``followup action``: the action as the plan words it and its new status in words,
    never their keys, in the interface language."""
    from counsel_app.followup.service import FollowupService
    from tests.handover.helpers import handed_over

    sender, office, case, local = handed_over(tmp_path)
    action = next(a for a in FollowupService(office.ctx).summary(local).actions
                  if a.text == "Buy a sewing machine")
    code, out, err = run(capsys, monkeypatch, office, "followup", "action", local, action.key,
                         "in_progress")
    assert code == 0, err
    assert out == "Action “Buy a sewing machine” is now “In progress”.\n", out
    code, out, err = run(capsys, monkeypatch, office, "--lang", "fr", "followup", "action",
                         local, action.key, "done")
    assert code == 0, err
    assert out == "L’action « Buy a sewing machine » est désormais « Fait ».\n", out
    assert "done" not in out and action.key not in out
