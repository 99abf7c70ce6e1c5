"""The text receipts (a handover's, an acknowledgement's, and the consents they list) write
their days as the screens show them: the interface language's medium form ("Dec 4, 2026",
"4 déc. 2026", "4 ديسمبر 2026"), never ISO ("2026-12-04") nor a numeric day."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from counsel_app.handover.ack import ack_receipt
from counsel_app.handover.receipt import consent_lines, handover_receipt
from counsel_app.i18n import set_interface_language
from counsel_app.i18n.dates import show_date

FINGERPRINT = "70d9e3bc" * 8
MADE = datetime(2026, 12, 4, 10, 30, tzinfo=timezone.utc)
CONSENTS = [{"purpose": "share_with_recipient", "state": "given",
             "since": "2026-11-20T09:15:00+00:00", "text_version": 2, "text_language": "fr"}]


def _station(name):
    return SimpleNamespace(name=name, fingerprint=FINGERPRINT)


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_handover_receipt_and_its_consents_in_the_medium_form(lang):
    set_interface_language(lang)
    result = SimpleNamespace(recipient=_station("Conakry office"), is_sample=False,
                             reference="AVRR-2026-000001", package_id="abc", shared=["plan"],
                             withheld=["health"], consents=CONSENTS)
    text = handover_receipt(result, _station("Bern"), MADE)
    for day in (MADE.date(), datetime(2026, 11, 20).date()):
        assert show_date(day, lang) in text, text
        assert day.isoformat() not in text, text
    lines = consent_lines(CONSENTS)
    assert show_date(datetime(2026, 11, 20).date(), lang) in lines[0]
    assert "2026-11-20" not in lines[0] and "/" not in lines[0]


def test_a_handover_receipt_in_english_reads_the_day_and_time():
    set_interface_language("en")
    result = SimpleNamespace(recipient=_station("Conakry office"), is_sample=False,
                             reference="AVRR-2026-000001", package_id="abc", shared=[],
                             withheld=[], consents=CONSENTS)
    text = handover_receipt(result, _station("Bern"), MADE)
    assert "Made: Dec 4, 2026 10:30\u202fAM (UTC)" in text
    assert "given on Nov 20, 2026 9:15\u202fAM" in text


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_an_acknowledgement_receipt_in_the_medium_form(lang):
    set_interface_language(lang)
    ctx = SimpleNamespace(cases=SimpleNamespace(
        get_by_reference=lambda reference: SimpleNamespace(is_sample=False)))
    content = {
        "package_id": "def", "created": MADE.isoformat(), "sender_reference": "R-1",
        "arrival": {"date": "2026-10-01", "reception_done": True},
        "plan_refined_on": "2026-10-15",
        "followup": {"visits": 1, "latest_date": "2026-11-02", "latest": {}, "change": {}},
        "consents_withdrawn": [{"purpose": "follow_up_contact", "on": "2026-11-03"}],
        "closed": {"on": "2026-11-30", "reason": "completed"},
    }
    text = ack_receipt(ctx, "AVRR-2026-000002", content, _station("Conakry office"),
                       _station("Bern"))
    for iso in ("2026-12-04", "2026-10-01", "2026-10-15", "2026-11-02", "2026-11-03",
                "2026-11-30"):
        assert iso not in text, text
        assert show_date(datetime.fromisoformat(iso).date(), lang) in text, text
    assert "/" not in text


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_an_acknowledgements_progress_line_names_its_day_and_scores_as_the_language_does(lang):
    """The sender's handover history and ``handover list``: "plan refined 15 oct. 2026",
    "0,75" and "+0,15" in French; the acknowledgement receipt writes its scores alike."""
    from counsel_app.handover.ack import progress_text
    from counsel_app.i18n.formatting import format_score

    set_interface_language(lang)
    content = {"plan_refined_on": "2026-10-15",
               "followup": {"latest": {"overall": 0.75}, "change": {"overall": 0.15}}}
    text = progress_text(content)
    assert show_date(datetime(2026, 10, 15).date(), lang) in text and "2026-10-15" not in text
    assert format_score(0.75, lang) in text and format_score(0.15, lang, signed=True) in text
    if lang == "fr":
        assert "0,75" in text and "+0,15" in text
        ctx = SimpleNamespace(cases=SimpleNamespace(
            get_by_reference=lambda reference: SimpleNamespace(is_sample=False)))
        receipt = ack_receipt(ctx, "AVRR-2026-000002", {**content, "package_id": "x"},
                              _station("Conakry office"), _station("Bern"))
        assert "0,75" in receipt and "+0,15" in receipt and "0.75" not in receipt


@pytest.mark.parametrize("lang, state, language", [
    ("en", "given", "French"), ("fr", "donné", "français")])
def test_a_consent_line_says_its_state_and_the_text_language_in_words(lang, state, language):
    """The language of the consent text the person was given is named ("French"), not
    coded ("fr"), and the state is in words of the interface language."""
    set_interface_language(lang)
    line = consent_lines(CONSENTS)[0]
    assert f": {state} " in line and language in line, line
    assert not line.rstrip(")").endswith(" fr"), line
