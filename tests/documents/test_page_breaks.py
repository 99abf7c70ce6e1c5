"""Where pages break: a heading is never the last thing on a page, and the plan's signing
part stays on one page (its last page never holds only the block of contacts)."""

from __future__ import annotations

import pytest

from counsel_app.documents import base
from counsel_app.documents.base import DocumentInfo, DocumentWriter
from counsel_app.documents.plan_pdf import PLAN_TITLE, PlanDocument, render_plan
from counsel_app.i18n import D_, document_translator
from counsel_app.plan.samples import sample_plan, sample_text

from .helpers import normalise, pages_text

HEADING = "Heading that must stay with its table"


def _pages_with_heading_at_every_height() -> list[list[str]]:
    """The same heading and a table of tall rows printed after fillers of every height, in
    steps of 12 points over a whole page: at some height the heading falls at a page's
    foot with room under it, but not enough for the table's first row."""
    printed = []
    for filler in range(0, 620, 12):
        w = DocumentWriter(DocumentInfo(title=PLAN_TITLE, lang="en", qr=False))
        story = [w.spacer(filler), *w.fixed(D_("Goals and actions"), w.body)]
        story += w.heading(HEADING)
        story += w.table([D_("Who"), D_("What")],
                         [[f"Row {n} who", f"Row {n} what: " + "a long description " * 30]
                          for n in range(1, 6)], [0.4, 0.6])
        printed.append([normalise(page) for page in pages_text(w.build(story))])
    return printed


def test_a_heading_is_printed_on_the_page_where_what_follows_it_starts():
    for pages in _pages_with_heading_at_every_height():
        [page] = [p for p in pages if HEADING in p]
        assert "Row 1 who" in page, pages


def test_without_the_rule_a_heading_would_be_left_alone(monkeypatch):
    """The test above can fail: with headings not bound, one height leaves it alone."""
    monkeypatch.setattr(base, "keep_headings", lambda story: story)
    alone = [pages for pages in _pages_with_heading_at_every_height()
             if "Row 1 who" not in [p for p in pages if HEADING in p][0]]
    assert alone


@pytest.mark.parametrize("lang, second", [("ar", "fr"), ("fr", None), ("ti", "en")])
def test_the_signing_part_is_on_one_page_and_the_plan_ends_with_it(lang, second):
    t = sample_text(lang)
    doc = PlanDocument(sample_plan("AVRR-2026-000123", lang), person_name=t["name"],
                       country=t["country"], counsellor="Leïla Ben Salah",
                       counsellor_contact="+216 71 000 001",
                       organisation="Reception centre (sample)",
                       organisation_contact="12 rue de Marseille, Tunis", is_sample=True)
    pages = [normalise(p) for p in pages_text(render_plan(doc, lang, second_lang=second))]
    latin = document_translator(second or lang)  # the words pypdf reads as written
    last = pages[-1]
    for msgid in (D_("Signatures"), D_("Caseworker in the country of origin"),
                  D_("Returnee"), D_("Counsellor")):
        assert normalise(latin.gettext(msgid)) in last, last
    heading = normalise(latin.gettext(D_("Whom to contact about this plan")))
    contacts = [p for p in pages if heading in p]
    assert contacts and "71 000 001" in contacts[0]
    assert len(contacts[0].split()) > 60, "a page holding only the contact block"


def test_a_group_heading_in_a_table_is_never_the_last_row_of_a_page():
    """Like the plan's assistance table: a category row stays with its first item."""
    for filler in range(0, 620, 16):
        w = DocumentWriter(DocumentInfo(title=PLAN_TITLE, lang="en", qr=False))
        rows, groups = [], []
        for group in range(1, 4):
            groups.append(len(rows))
            rows.append([f"Group {group}", ""])
            rows += [[f"Item {group}.{n}", "a long description " * 12] for n in (1, 2)]
        story = [w.spacer(filler), *w.table([D_("Who"), D_("What")], rows, [0.4, 0.6],
                                            group_rows=groups)]
        pages = [normalise(page) for page in pages_text(w.build(story))]
        for group in range(1, 4):
            [page] = [p for p in pages if f"Group {group} " in p]
            assert f"Item {group}.1" in page, (filler, pages)
