"""A handout printed for a case carries that case's SAMPLE mark on every page, whichever
door prints it: ``counsel-app packs handout --reference`` and the information step (both
through :mod:`counsel_app.session.handouts`); a reference that is no case here is refused."""

from __future__ import annotations

import pytest

from counsel_app.cli import main
from counsel_app.domain.case import Case, Person
from counsel_app.security.audit import read_events
from counsel_app.storage.db import Database
from tests.documents.helpers import pages_text

from ..conftest import TEST_PASSWORD, make_context

# enough topics for a handout of several pages
TOPICS = ["--topics", "health", "--topics", "labour", "--topics", "education"]


@pytest.fixture
def station(tmp_path, monkeypatch):
    """A station with a sample case and a real one (both in Iraq), signed in from the
    environment as the command line is."""
    url = f"sqlite:///{tmp_path / 'station.sqlite'}"
    db = Database(url)
    from counsel_app.storage import migrate

    migrate.upgrade(db)
    ctx = make_context(db)
    sample = ctx.cases.create(Case(person=Person(name_latin="Sample Person"),
                                   return_country="IQ", counsellor=ctx.user, is_sample=True))
    real = ctx.cases.create(Case(person=Person(name_latin="Real Person"),
                                 return_country="IQ", counsellor=ctx.user))
    db.dispose()
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    return url, sample.reference, real.reference


def test_a_sample_cases_handout_from_the_command_line_is_marked_on_every_page(
        capsys, tmp_path, station):
    url, sample, real = station
    out = tmp_path / "sample.pdf"
    assert main(["--db", url, "packs", "handout", "IQ", "--lang", "en", *TOPICS,
                 "--reference", sample, "--out", str(out)]) == 0
    pages = pages_text(out.read_bytes())
    assert len(pages) >= 2
    assert all("SAMPLE" in page and sample in page for page in pages)
    # a real case's handout carries its reference, no SAMPLE mark
    out_real = tmp_path / "real.pdf"
    assert main(["--db", url, "packs", "handout", "IQ", "--lang", "en", *TOPICS,
                 "--reference", real.lower(), "--out", str(out_real)]) == 0
    pages = pages_text(out_real.read_bytes())
    assert all(real in page and "SAMPLE" not in page for page in pages)
    # the print is in the audit trail, as the information step's is
    db = Database(url)
    ctx = make_context_signed_in(db)
    assert any(e.action == "print" and e.detail == "handout"
               for e in read_events(ctx, reference=sample))
    db.dispose()


def make_context_signed_in(db):
    from counsel_app.context import unlock

    return unlock(db, "admin", TEST_PASSWORD)


def test_a_reference_that_is_no_case_here_is_refused_in_one_sentence(capsys, tmp_path,
                                                                      station):
    url, _sample, _real = station
    out = tmp_path / "h.pdf"
    assert main(["--db", url, "packs", "handout", "IQ", "--lang", "en", "--topics", "health",
                 "--reference", "AVRR-2026-999999", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "There is no case AVRR-2026-999999 on this station" in err
    assert "leave out --reference" in err
    assert not out.exists()
    # without a reference: the handout names no case (no signing in, as before)
    assert main(["packs", "handout", "IQ", "--lang", "en", "--topics", "health",
                 "--out", str(out)]) == 0
    assert not any("SAMPLE" in page for page in pages_text(out.read_bytes()))


def test_the_information_steps_handout_of_a_sample_case_is_marked_on_every_page(
        sqlite_ctx, tmp_path):
    from country_info import Library

    from counsel_app.session import handouts
    from counsel_app.session.record import Information

    library = Library()
    case = sqlite_ctx.cases.create(Case(person=Person(name_latin="Sample Person"),
                                        return_country="IQ", counsellor=sqlite_ctx.user,
                                        is_sample=True))
    info = Information()
    for section in ("health", "labour", "education"):
        for entry in library.get_country("IQ").section(section):
            info.cover("pack:" + entry.key, True)
    job = handouts.prepare_handout(sqlite_ctx, case, info, "en")
    out = tmp_path / "step.pdf"
    job.write(library, str(out))
    pages = pages_text(out.read_bytes())
    assert len(pages) >= 2
    assert all("SAMPLE" in page and case.reference in page for page in pages)
