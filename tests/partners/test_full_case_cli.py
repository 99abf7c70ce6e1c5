"""Issue 20's whole path through the command line: a skills profile, ranked and explained
suggestions, a referral in the plan, its outcome recorded at the office after arrival and
back on the sending station through the acknowledgement. Everything a user does is typed,
except recording the consents (no command: the consent step's service, as on screen)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from counsel_app.cli import main
from counsel_app.consent.purposes import Method, Purpose
from counsel_app.consent.rules import Choice, Circumstances
from counsel_app.consent.service import record
from counsel_app.domain.case import utcnow
from counsel_app.opportunities.service import clear_cache
from tests.conftest import TEST_PASSWORD
from tests.handover.helpers import consented_case, pair


def run(capsys, url, *argv):
    code = main(["--db", url, *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_from_skills_to_referral_outcome_back_home(capsys, monkeypatch, tmp_path):
    sender, office = pair(tmp_path)
    case = consented_case(sender)  # Guinea, Kindia
    url = str(sender.ctx.db.url)
    office_url = str(office.ctx.db.url)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    run(capsys, url, "opportunities", "sample")
    run(capsys, url, "partners", "sample")
    clear_cache()

    run(capsys, url, "case", "skills", case.reference, "--education", "1",
        "--occupation", "7212:welder:5:TN", "--wish", "training:a welding course:72",
        "--licence", "none")
    out = run(capsys, url, "opportunities", "match", case.reference)
    first = out.splitlines()[1]
    assert "Welding and metalwork course" in first
    assert "matches previous occupation: welder" in out
    assert "5 years of experience in this trade" in out

    out = run(capsys, url, "partners", "list", "--country", "GN", "--text", "returnee support")
    ngo = re.search(r"^#(\d+) ", out, re.M).group(1)
    out = run(capsys, url, "referrals", "add", case.reference, "--partner", ngo,
              "--service", "family mediation")
    assert "— planned" in out
    run(capsys, url, "referrals", "move", case.reference, "1", "sent")

    fp = office.keys.station().fingerprint
    # consents have no command (the consent step records them, with the person): sharing
    # with this office, and, the case having a trafficking flag, its referrals (7)
    record(sender.ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True), Choice(Purpose.DATA_PROCESSING, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, fp, "Conakry reintegration office"),
        Choice(Purpose.SHARE_CONFIDENTIAL, True, fp, "Conakry reintegration office")],
        Circumstances(language="fr", method=Method.PAPER_SIGNATURE, counsellor="admin",
                      at=utcnow(), teach_back_done=True, teach_back_note="explained back"))
    run(capsys, url, "handover", "export", case.reference, "--to", fp,
        "--out", str(tmp_path / "p.cahp"))
    # the office: import, arrival, the referral's outcome, the acknowledgement, all typed
    out = run(capsys, office_url, "handover", "import", str(tmp_path / "p.cahp"))
    local = re.search(r"Imported case (\S+) from", out).group(1)
    assert "family mediation — sent" in run(capsys, office_url, "referrals", "list", local)
    run(capsys, office_url, "followup", "arrival", local, "--date",
        (date.today() - timedelta(days=3)).isoformat(), "--reception-done")
    run(capsys, office_url, "referrals", "move", local, "1", "accepted")
    run(capsys, office_url, "referrals", "move", local, "1", "done", "--outcome", "received",
        "--note", "mediation held with the family")
    run(capsys, office_url, "handover", "ack", local, "--out", str(tmp_path / "ack.cahp"))
    # back home: the acknowledgement imported on the sending station
    out = run(capsys, url, "handover", "import", str(tmp_path / "ack.cahp"))
    assert f"Acknowledgement from Conakry reintegration office for case {case.reference}" in out

    out = run(capsys, url, "referrals", "list", case.reference)
    assert "family mediation — done" in out and "service received" in out
    assert "mediation held" not in out  # the office's note stays at the office
