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
    url, sample, real = station
    out = tmp_path / "h.pdf"
    assert main(["--db", url, "packs", "handout", "IQ", "--lang", "en", "--topics", "health",
                 "--reference", "AVRR-2026-999999", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "There is no case AVRR-2026-999999 on this station" in err
    assert "leave out --reference" in err
    assert not out.exists()
    # nothing was recorded in any case's session
    assert _stored_session(url, sample) == _stored_session(url, real) == ([], set())
    # without a reference: the handout names no case (no signing in, as before)
    assert main(["packs", "handout", "IQ", "--lang", "en", "--topics", "health",
                 "--out", str(out)]) == 0
    assert not any("SAMPLE" in page for page in pages_text(out.read_bytes()))
    assert "Recorded" not in capsys.readouterr().out


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


def _stored_session(url, reference):
    """The handouts recorded in the case's session (as the information step's record holds
    them) and the audit events of its session's changes, read as the station does."""
    db = Database(url)
    try:
        ctx = make_context_signed_in(db)
        from counsel_app.session.store import SessionStore

        case = ctx.cases.get_by_reference(reference)
        record = SessionStore(db, ctx.vault.cipher).load(case.id, case.reference)
        changes = {e.detail for e in read_events(ctx, reference=reference)
                   if e.action == "change" and e.detail.startswith("session")}
        return record.information.handouts_printed, changes
    finally:
        db.dispose()


def _persons_copy(url, reference, tmp_path) -> str:
    from tests.documents.helpers import poppler_text

    out = tmp_path / f"copy-{reference}.pdf"
    assert main(["--db", url, "subject-access", reference, "--out", str(out),
                 "--lang", "en"]) == 0
    return poppler_text(out.read_bytes(), tmp_path)


@pytest.mark.parametrize("which", ["real", "sample"])
def test_a_handout_printed_from_the_command_line_is_recorded_in_the_cases_session(
        capsys, tmp_path, station, which):
    """As from the information step: each print is in the case's session (its language,
    topics and time), the person's copy lists it, and the session's change is audited."""
    from datetime import UTC, datetime

    from country_info import Library, resolve_topics

    url, sample, real = station
    reference = real if which == "real" else sample
    library = Library()
    today = datetime.now(UTC).date().isoformat()
    out = tmp_path / "h.pdf"
    assert main(["--db", url, "packs", "handout", "IQ", "--lang", "fr", "--topics", "health",
                 "--reference", reference, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Wrote" in said and f"Recorded in the session of case {reference}." in said
    printed, changes = _stored_session(url, reference)
    assert [(h["lang"], h["topics"]) for h in printed] == [
        ("fr", resolve_topics(library, "IQ", ["health"]))]
    assert printed[0]["at"].startswith(today)
    assert changes == {"session: information"}
    # printed again, in another language: two prints recorded, the first kept
    assert main(["--db", url, "packs", "handout", "IQ", "--lang", "en", "--topics", "labour",
                 "--reference", reference, "--out", str(out)]) == 0
    printed, _changes = _stored_session(url, reference)
    assert [(h["lang"], h["topics"]) for h in printed] == [
        ("fr", resolve_topics(library, "IQ", ["health"])),
        ("en", resolve_topics(library, "IQ", ["labour"]))]
    copy = _persons_copy(url, reference, tmp_path)
    assert "Handout in French" in copy and "Handout in English" in copy
    # the other case's session is untouched
    other = sample if reference == real else real
    assert _stored_session(url, other) == ([], set())


def test_a_print_is_added_to_a_session_saved_elsewhere_meanwhile(sqlite_ctx):
    """The command line reads the session, adds its print and saves: when the information
    part was saved elsewhere in between, the print is added to that version (nothing
    saved there is lost), as a print only ever adds to the record."""
    from counsel_app.session import handouts
    from counsel_app.session.store import SessionStore

    case = sqlite_ctx.cases.create(Case(person=Person(name_latin="Real Person"),
                                        return_country="IQ", counsellor=sqlite_ctx.user))
    job = handouts.case_handout(sqlite_ctx, case, "IQ", ["base-iq:x"], "fr")
    store = SessionStore(sqlite_ctx.db, sqlite_ctx.vault.cipher)

    class Elsewhere(SessionStore):
        """Another counsellor saves a note once, just after the command read the part."""
        done = False

        def load(self, case_id, reference):
            record = super().load(case_id, reference)
            if not self.done:
                self.done = True
                theirs = store.load(case_id, reference)
                theirs.information.note = "typed at the information step"
                store.save_part(theirs, "information")
            return record

    handouts.record_handout(sqlite_ctx, case, job,
                            store=Elsewhere(sqlite_ctx.db, sqlite_ctx.vault.cipher))
    info = store.load(case.id, case.reference).information
    assert info.note == "typed at the information step"
    assert [(h["lang"], h["topics"]) for h in info.handouts_printed] == [("fr", ["base-iq:x"])]


def test_a_supervisor_is_refused_before_anything_is_written(capsys, tmp_path, station,
                                                            monkeypatch):
    """A supervisor may not change a case's session (the information step is read-only for
    them): the handout of a case, recorded there, is refused in one sentence, and nothing
    is written or recorded; without --reference it prints as before."""
    from counsel_app.security.accounts import add_user

    url, _sample, real = station
    db = Database(url)
    add_user(make_context_signed_in(db), "sam", "supervisor", TEST_PASSWORD)
    db.dispose()
    monkeypatch.setenv("COUNSEL_APP_USER", "sam")
    out = tmp_path / "h.pdf"
    assert main(["--db", url, "packs", "handout", "IQ", "--lang", "en", "--topics", "health",
                 "--reference", real, "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert f"does not allow you to change case {real}" in err
    assert "leave out --reference" in err and "Traceback" not in err
    assert not out.exists()
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    assert _stored_session(url, real) == ([], set())


def test_a_print_that_cannot_be_recorded_says_it_was_printed(capsys, tmp_path, station,
                                                             monkeypatch):
    """The PDF is written first; when the record then cannot be saved, one sentence says
    the handout was written but not recorded, and why (exit status 1)."""
    from counsel_app.security import scoped
    from counsel_app.session.store import SessionConflict

    url, _sample, real = station

    def always_changed_elsewhere(self, record, part, *, overwrite=False):
        raise SessionConflict(record.reference, part, {}, {}, 7)

    monkeypatch.setattr(scoped.ScopedSessionStore, "save_part", always_changed_elsewhere)
    out = tmp_path / "h.pdf"
    assert main(["--db", url, "packs", "handout", "IQ", "--lang", "en", "--topics", "health",
                 "--reference", real, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1, err
    assert f"The handout was written to “{out}” but not recorded in case {real}" in err
    assert "changed elsewhere" in err and "print the handout again" in err
    assert "Wrote" not in captured.out
    assert real in pages_text(out.read_bytes())[0]
