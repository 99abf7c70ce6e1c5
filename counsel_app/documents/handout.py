"""The country information handout: chosen topics with their source and date.

Input is plain data: any objects with the attributes of :class:`HandoutTopicData` (the
country-information area's ``country_info.handout.HandoutTopic`` has them all). A topic
whose information is old is printed with a visible warning, and a topic that is not in
the reader's language says which language it is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable

from counsel_app.documents.base import DocumentInfo, DocumentWriter, Span, _Lang, clean
from counsel_app.i18n import D_

HANDOUT_TITLE = D_("Information about your country of return")
STALE_COLOUR = colors.HexColor("#a04000")


@dataclass
class HandoutTopicData:
    """One topic of the handout (all text already in the reader's language if possible)."""

    title: str
    text: str
    source_line: str = ""          #: "The World Factbook, CIA, 22 January 2026"
    date_label: str = ""           #: when the information dates from, readable
    stale: bool = False            #: older than the organisation's limit
    stale_label: str | None = None  #: "information from March 2025", when stale
    lang: str = ""                 #: language the text is in ("" = the handout's)
    language_note: str | None = None  #: "source language: English", when not translated
    section_title: str = ""
    sample: bool = False


def _topic(w: DocumentWriter, topic) -> list[Flowable]:
    lang_code = getattr(topic, "lang", "") or w.main.code
    text_lang = w.main if lang_code == w.main.code else _Lang(lang_code, w.info.country)
    block: list[Flowable] = [
        w.text(Span(clean(topic.title), bold=True),
               w.body.replace(size=w.base_size * 1.1, space_before=6, space_after=2)),
    ]
    if getattr(topic, "stale", False):
        warning = w.t(D_("This information may be out of date: check it before relying on "
                         "it."))
        label = getattr(topic, "stale_label", None)
        if label:
            warning = [Span(warning, bold=True), Span(" (", bold=True),
                       Span(clean(label), bold=True, isolate="auto"), Span(")", bold=True)]
        block.append(w.text(warning if isinstance(warning, list) else Span(warning, bold=True),
                            w.small.replace(color=STALE_COLOUR, space_after=2)))
    note = getattr(topic, "language_note", None)
    if note:
        block.append(w.text(clean(note), w.small))
    block.append(w.text(clean(topic.text), lang=text_lang))
    source = clean(getattr(topic, "source_line", ""))
    when = clean(getattr(topic, "date_label", ""))
    if source:
        block.append(w.text(w.fmt(D_("Source: {source}"), source=source), w.small))
    if when:
        block.append(w.text(w.fmt(D_("Date of the information: {date}"), date=when),
                            w.small.replace(space_after=4)))
    return [w.keep(block)]


def render_handout(topics: Sequence, lang: str, *, country_name: str = "",
                   reference: str = "", organisation: str = "", logo=None,
                   is_sample: bool = False, second_lang: str | None = None,
                   country: str | None = None, printed_on: date | None = None,
                   counsellor: str = "", counsellor_contact: str = "",
                   out: str | Path | None = None) -> bytes:
    """The handout as PDF bytes. Sample topics make the whole handout print as SAMPLE.
    ``counsellor``: the name on prints of the counsellor who chose the topics (and their
    ``counsellor_contact``), printed under the introduction."""
    sample = is_sample or any(getattr(t, "sample", False) for t in topics)
    writer = DocumentWriter(DocumentInfo(
        title=HANDOUT_TITLE, lang=lang, second_lang=second_lang, reference=reference,
        organisation=organisation, logo=logo, is_sample=sample, country=country,
        printed_on=printed_on, qr=bool(reference)))
    w = writer
    story: list[Flowable] = []
    story += w.fixed(HANDOUT_TITLE, w.h1)
    if country_name:
        story.append(w.text(Span(clean(country_name), bold=True), w.body))
    story += w.fixed(D_("Information chosen with your counsellor. Dates and sources are given "
                        "so that you can judge how current it is."), w.small)
    story += w.fields([(D_("Counsellor"), Span(clean(counsellor), isolate="auto")),
                       (D_("Contact of the counsellor"),
                        Span(clean(counsellor_contact), isolate="auto"))])
    if not topics:
        story += w.fixed(D_("No topics were chosen."), w.body)
    section = None
    for topic in topics:
        title = getattr(topic, "section_title", "")
        if title and title != section:
            section = title
            story += w.text_heading(Span(clean(title), bold=True), w.h2)
        story += _topic(w, topic)
    return writer.build(story, out)


def country_handout(library, country: str, keys: Sequence[str], lang: str, *,
                    reference: str = "", organisation: str = "", logo=None,
                    is_sample: bool = False, region: str | None = None,
                    months: int | None = None, printed_on: date | None = None,
                    counsellor: str = "", counsellor_contact: str = "",
                    out: str | Path | None = None) -> bytes:
    """The handout of the chosen items (``Entry.key`` values) of ``country`` in ``lang``:
    the one document the information step and ``counsel-app packs handout`` both print.
    ``months``: information older than this is marked (the centre's ``stale_months``)."""
    from country_info import handout_topics

    from counsel_app.i18n.names import country_name

    topics = handout_topics(library, country, list(keys), lang, region=region or None,
                            months=months)
    return render_handout(topics, lang, country_name=country_name(country, lang),
                          reference=reference, organisation=organisation, logo=logo,
                          is_sample=is_sample, country=country, printed_on=printed_on,
                          counsellor=counsellor, counsellor_contact=counsellor_contact, out=out)
