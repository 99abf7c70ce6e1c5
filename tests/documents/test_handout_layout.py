"""The country information handout never leaves a section's title alone at the foot of a
page: the title goes over with the section's first topic (as the headings of the plan do)."""

from __future__ import annotations

from datetime import date

from counsel_app.documents.handout import HandoutTopicData, render_handout

from .helpers import normalise, pages_text

SECTION = "Health"
FIRST = "Life expectancy at birth"


def handout(lines: int) -> bytes:
    """A first section that fills the page down to somewhere near its foot (``lines`` lines
    in its last topic), then the section "Health" whose first topic is long."""
    filler = [HandoutTopicData(title=f"Topic {i}", text="\n".join(
        f"Line {n} of topic {i}: figures and their year." for n in range(12)),
        source_line="The World Factbook", date_label="January 2026",
        section_title="General information") for i in range(3)]
    filler.append(HandoutTopicData(title="Last topic", text="\n".join(
        f"Line {n}: a short line." for n in range(lines)), section_title="General information"))
    health = [HandoutTopicData(title=FIRST, text="\n".join(
        f"Line {n}: total 64.6 years (2024 est.)." for n in range(16)),
        source_line="The World Factbook", date_label="January 2026", section_title=SECTION)]
    return render_handout(filler + health, "en", country_name="Guinea",
                          reference="AVRR-2026-000123", printed_on=date(2026, 12, 7))


def test_a_section_title_goes_over_with_its_first_topic():
    for lines in range(1, 25):
        pages = [normalise(page) for page in pages_text(handout(lines))]
        title_page = next(i for i, p in enumerate(pages) if f" {SECTION} " in f" {p} ")
        topic_page = next(i for i, p in enumerate(pages) if FIRST in p)
        assert title_page == topic_page, (
            f"{lines} lines: the title {SECTION!r} is alone at the foot of page "
            f"{title_page + 1}, its first topic on page {topic_page + 1}")
