"""Subject access: a readable PDF of everything held about the person."""

from __future__ import annotations

import subprocess

from counsel_app.security import audit
from counsel_app.security.subject_access import (
    SUBJECT_ACCESS_PROVIDERS,
    Section,
    register_subject_access,
    write_subject_access,
)
from tests.security.conftest import person_case


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_pdf_holds_the_persons_data_and_other_areas_sections(sqlite_ctx, tmp_path, monkeypatch):
    ctx = sqlite_ctx
    case = person_case("Hawa Konaté", reason_note="lost passport in Sfax")
    case = ctx.cases.create(case)

    def followup(ctx_, case_id):
        return [Section("Follow-up visits", [("Last visit", "2026-10-01 at home")])]

    monkeypatch.setattr("counsel_app.security.subject_access.SUBJECT_ACCESS_PROVIDERS",
                        [*SUBJECT_ACCESS_PROVIDERS])
    register_subject_access(followup, "followup")
    out = write_subject_access(ctx, case.id, tmp_path / "copy.pdf")
    text = pdf_text(out)
    for expected in ("Hawa Konaté", "lost passport in Sfax", "+224 600 00 00 00",
                     case.reference, "Follow-up visits", "2026-10-01 at home",
                     "Who used your record", "opened your record"):
        assert expected in text, expected
    assert audit.events(ctx.db, action="subject_access")[0].reference == case.reference


def test_caseworker_gives_copies_only_of_cases_handed_to_them(sqlite_ctx, tmp_path):
    import pytest

    from counsel_app.context import unlock
    from counsel_app.errors import NotFound
    from counsel_app.security.access import grant_case_access
    from counsel_app.security.accounts import add_user

    ctx = sqlite_ctx
    add_user(ctx, "kofi", "caseworker", "a long enough password")
    kofi = unlock(ctx.db, "kofi", "a long enough password")
    mine = ctx.cases.create(person_case("Hawa Konaté"))
    other = ctx.cases.create(person_case("Awa Sow"))
    grant_case_access(ctx, mine.id, "kofi")
    assert write_subject_access(kofi, mine.id, tmp_path / "a.pdf").exists()
    with pytest.raises(NotFound):
        write_subject_access(kofi, other.id, tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()
