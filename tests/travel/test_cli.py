"""``counsel-app travel`` end to end: a child with a health need, documents, clearance,
itinerary, the office's confirmation and the departure, all from the command line; bad
input is one line naming the field and saves nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta

from counsel_app.cli import main
from counsel_app.domain.enums import CaseStatus
from tests.conftest import TEST_PASSWORD
from tests.handover.helpers import pair
from tests.travel.helpers import child_case

TODAY = date.today()


def run(capsys, monkeypatch, station, *argv):
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    code = main(["--db", f"sqlite:///{station.folder / 'counsel.sqlite'}", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_travel_from_the_command_line(tmp_path, capsys, monkeypatch):
    sender, office = pair(tmp_path)
    office_fp = office.keys.station().fingerprint
    case = child_case(sender.ctx, office_fp, office.name, until=CaseStatus.CONSENTED)
    ref = case.reference
    day = TODAY.isoformat()

    code, out, err = run(capsys, monkeypatch, sender, "travel", "set", ref,
                         "--document", f"person,laissez_passer,issued,"
                         f"{(TODAY + timedelta(days=90)).isoformat()},"
                         f"{(TODAY - timedelta(days=3)).isoformat()}",
                         "--consulate", "Consulate of Guinea, Tunis",
                         "--clearance", "fit", "--clearance-date", day,
                         "--escort", "medical", "--escort-reason", "asthma",
                         "--escort-name", "Dr Medic-Test",
                         "--departure-date", day,
                         "--leg", f"TUN,IST,{day}T07:30,{day}T11:05,TK 662",
                         "--leg", f"IST,CKY,{day}T13:40,{day}T18:55,TK 553",
                         "--transit", "IST,Transit desk,Transit assistant,+90 212 000 00 00",
                         "--met-by", "Office staff", "--meeting-point", "Arrivals hall")
    assert code == 0, err

    # bad input: one line naming the field; nothing saved
    before = json.loads(run(capsys, monkeypatch, sender, "travel", "show", ref, "--json")[1])
    code, out, err = run(capsys, monkeypatch, sender, "travel", "set", ref,
                         "--leg", f"TUN,IST,{day}T07:30,{day}T11:05",
                         "--leg", f"IST,ZZZ,{day}T13:40,{day}T18:55")
    assert code == 1 and err.count("\n") == 1
    assert "itinerary.legs[1].destination" in err and "“ZZZ” is not a known airport" in err
    code, out, err = run(capsys, monkeypatch, sender, "travel", "set", ref,
                         "--leg", f"TUN,IST,{day}T07:30,{day}T11:05",
                         "--leg", f"IST,CKY,{day}T06:40,{day}T08:55")
    assert code == 1 and "leaves before leg 1 arrives" in err
    code, out, err = run(capsys, monkeypatch, sender, "travel", "set", ref,
                         "--document", f"person,laissez_passer,issued,"
                         f"{(TODAY - timedelta(days=1)).isoformat()}")
    assert code == 1 and "documents[0].expires_on" in err and "before the journey ends" in err
    # its dates as the screens show them, not as they were typed
    expired = TODAY - timedelta(days=1)
    assert f"expires on {expired:%b} {expired.day}, {expired.year}, before the journey ends on " \
           f"{TODAY:%b} {TODAY.day}, {TODAY.year}." in err
    code, out, err = run(capsys, monkeypatch, sender, "travel", "set", ref, "--leg", "TUN,IST")
    assert code == 2 and "--leg" in err
    after = json.loads(run(capsys, monkeypatch, sender, "travel", "show", ref, "--json")[1])
    assert after == before

    code, out, err = run(capsys, monkeypatch, sender, "travel", "show", ref)
    assert code == 0 and "TK 553" in out and "Medical escort" in out
    # the clearance and the escort decision answer the screening: the plan may be ready now
    code, out, err = run(capsys, monkeypatch, sender, "case", "status", ref, "plan_ready")
    assert code == 0, err

    # handover, the office's answer and acknowledgement, back to the sender
    package, ack = tmp_path / "h.cahp", tmp_path / "a.cahp"
    code, out, err = run(capsys, monkeypatch, sender, "handover", "export", ref, "--to",
                         office_fp, "--out", str(package))
    assert code == 0, err
    code, out, err = run(capsys, monkeypatch, office, "handover", "import", str(package))
    assert code == 0, err
    from sqlalchemy import select

    from counsel_app.storage.models import CaseRow

    with office.ctx.db.read_session() as session:
        local = session.scalar(select(CaseRow.reference))
    code, out, err = run(capsys, monkeypatch, office, "travel", "answer", local, "--confirm",
                         "--contact-name", "Mr Camara-Test")
    assert code == 0, err
    code, out, err = run(capsys, monkeypatch, office, "handover", "ack", local, "--out",
                         str(ack))
    assert code == 0, err
    code, out, err = run(capsys, monkeypatch, sender, "handover", "import", str(ack))
    assert code == 0, err

    # the checklist refuses the departure while the child's escort is missing
    code, out, err = run(capsys, monkeypatch, sender, "travel", "checklist", ref)
    assert code == 1 and "[ ] An adult accompanies the child throughout the journey" in out
    assert "[x] Reception confirmed by the office" in out
    assert "1 item open: the departure cannot be recorded yet." in out  # not "1 item(s)"
    code, out, err = run(capsys, monkeypatch, sender, "--lang", "es", "travel", "checklist", ref)
    assert code == 1 and "1 punto pendiente: aún no se puede registrar la salida." in out
    code, out, err = run(capsys, monkeypatch, sender, "travel", "depart", ref)
    assert code == 1 and "An adult accompanies the child throughout the journey" in err
    assert sender.ctx.cases.get(case.id).status is CaseStatus.HANDED_OVER

    code, out, err = run(capsys, monkeypatch, sender, "travel", "set", ref, "--adult",
                         "Ibrahima Escort-Test", "--adult-role", "escort")
    assert code == 0, err
    code, out, err = run(capsys, monkeypatch, sender, "travel", "checklist", ref)
    assert code == 0 and "Complete" in out
    sheet = tmp_path / "sheet.pdf"
    code, out, err = run(capsys, monkeypatch, sender, "travel", "sheet", ref, "--lang", "fr",
                         "--bilingual", "ar", "--out", str(sheet))
    assert code == 0 and sheet.read_bytes()[:4] == b"%PDF"
    code, out, err = run(capsys, monkeypatch, sender, "travel", "sheet", ref, "--lang", "xx",
                         "--out", str(sheet))
    assert code == 2 and "xx" in err
    code, out, err = run(capsys, monkeypatch, sender, "travel", "depart", ref)
    assert code == 0, err
    assert sender.ctx.cases.get(case.id).status is CaseStatus.DEPARTED

    # the monitoring export counts the departure and the escort (small cells suppressed)
    figures = tmp_path / "m.csv"
    code, out, err = run(capsys, monkeypatch, sender, "monitoring", "export", "--out",
                         str(figures))
    assert code == 0, err
    text = figures.read_text()
    assert "travel,departures,<5" in text and "travel,escort_medical,<5" in text
    assert "travel,receptions_confirmed_by_office,<5" in text
