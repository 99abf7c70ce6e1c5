"""The table of who may do what in docs/security.md, walked for every role on both engines:
each action is called through its service as each role; it is refused (``PermissionDenied``)
exactly where the table says "—". Any other outcome (done, or refused for another reason such
as "not found") means the role check let it through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counsel_app.context import unlock
from counsel_app.security.accounts import add_user
from counsel_app.security.roles import ROLE_PERMISSIONS, PermissionDenied, Role
from tests.security.conftest import person_case

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
ROLES = ("counsellor", "caseworker", "supervisor", "administrator")
PW = "a long enough password"


def table() -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    body = text.split("<!-- roles-table")[1].split("<!-- end roles-table -->")[0]
    rows = []
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 7 or cells[0] in ("action", "---"):
            continue
        rows.append({"action": cells[0], "permission": cells[2].strip("`"),
                     **{role: cells[3 + i].startswith("yes") for i, role in enumerate(ROLES)}})
    return rows


def _publisher_key(tmp):
    from country_info.signing import generate_key

    _pem, key = generate_key(f"ngo-{tmp.name}", "Test NGO")
    path = tmp / "key.json"
    path.write_text(json.dumps(key.as_record()), "utf-8")
    return path


def _office_bundle(admin, tmp):
    """A key file of a station: this one's own, as another station would send it (refused
    as "this station's own key" once the role check has let it through)."""
    from counsel_app.handover.keys import KeyStore

    return KeyStore(admin).read_bundle(KeyStore(admin).export_bundle(tmp / "office.json"))


def _call(action: str, ctx, admin, tmp: Path):
    from counsel_app import settings
    from counsel_app.followup import rss
    from counsel_app.followup.service import FollowupService
    from counsel_app.handover.keys import KeyStore
    from counsel_app.handover.monitoring import export_monitoring
    from counsel_app.opportunities.service import OpportunityService
    from counsel_app.opportunities.service import sample_set_path as opportunities_sample
    from counsel_app.partners.referrals import ReferralService
    from counsel_app.partners.service import PartnerDirectory
    from counsel_app.partners.service import sample_set_path as partners_sample
    from counsel_app.security import audit, idle, retention
    from counsel_app.security.backup import create_backup
    from counsel_app.security.subject_access import write_subject_access
    from counsel_app.services import country_packs
    from counsel_app.waivers.service import waive
    from country_info import Library
    from country_info.library import sample_pack_files

    case = admin.cases.create(person_case())
    calls = {
        "open a case": lambda: ctx.cases.get(case.id),
        "create or change a case": lambda: ctx.cases.create(person_case("Other Person")),
        "record a follow-up (arrival, visit, plan action, closing)":
            lambda: FollowupService(ctx).close(case.reference, "moved_away"),
        "refer the person to a partner":
            lambda: ReferralService(ctx).add(case, 999_999, "Job placement"),
        "erase a case on request": lambda: retention.erase_case(ctx, case.id),
        "give a person a copy of their data":
            lambda: write_subject_access(ctx, case.id, tmp / "copy.pdf"),
        "waive a required step":
            lambda: waive(ctx, case, "screening:no_such_step", "A reason written in full."),
        "read the audit trail": lambda: audit.read_events(ctx, limit=1),
        "export monitoring figures": lambda: export_monitoring(ctx, tmp / "m.csv"),
        "import opportunities":
            lambda: OpportunityService(ctx).import_file(opportunities_sample("csv")),
        "import partners":
            lambda: PartnerDirectory.for_context(ctx).import_file(partners_sample()),
        "import a country pack":
            lambda: country_packs.import_pack(ctx, Library(), sample_pack_files()[0]),
        "trust a publisher's key, remove or downgrade a pack":
            lambda: country_packs.trust_publisher(ctx, _publisher_key(tmp), None),
        "trust or revoke an office's key":
            lambda: KeyStore(ctx).import_bundle(_office_bundle(admin, tmp)),
        "add or change accounts": lambda: add_user(ctx, f"new{tmp.name[-6:]}".lower()[:20],
                                                   "counsellor", PW),
        "make or restore a backup":
            lambda: create_backup(ctx, tmp / "b.cbak", "backup passphrase words"),
        "set retention periods": lambda: retention.set_retention_period(ctx, "closed", 400),
        "change protective settings (inactivity lock, survey weights, the centre's settings)":
            lambda: (idle.set_idle_timeout(ctx, 300), rss.save_weights(ctx, None),
                     settings.update(ctx, {"stale_months": 18})),
    }
    calls[action]()


def test_the_table_agrees_with_the_roles():
    rows = table()
    assert len(rows) >= 18
    assert {r["permission"] for r in rows} >= {"library.import", "trust.manage", "cases.write"}
    for row in rows:
        for role in ROLES:
            assert row[role] == (row["permission"] in ROLE_PERMISSIONS[Role(role)]), \
                (row["action"], role)


@pytest.mark.parametrize("role", ROLES)
def test_every_action_for_every_role(ctx, tmp_path, role):
    from counsel_app.errors import UserError

    user = f"{role[:8]}1"
    add_user(ctx, user, role, PW)
    signed = unlock(ctx.db, user, PW)
    for i, row in enumerate(table()):
        tmp = tmp_path / f"a{i}"
        tmp.mkdir()
        try:
            _call(row["action"], signed, ctx, tmp)
            refused = False
        except PermissionDenied:
            refused = True
        except UserError:  # refused for another reason (not found, not handed over...)
            refused = False
        assert refused == (not row[role]), (row["action"], role)
