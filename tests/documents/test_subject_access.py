"""The subject-access copy, the person's own copy of their data: plain words in their
language (``--lang``), amounts and dates formatted, follow-up times with units, countries
and languages by name, no storage key or code, and the reference with its QR code."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest

from counsel_app.documents.base import qr_payload
from counsel_app.i18n import D_
from counsel_app.security.subject_access import (
    Country,
    Language,
    Money,
    Months,
    Msg,
    Section,
    UiMsg,
    render_pdf,
    write_subject_access,
)
from tests.security.area_case import build

from .helpers import normalise, poppler_text

REF = "AVRR-2026-000123"

#: storage keys and codes the person must never read on their copy
INTERNAL = ("ack_for", "reception_done", "received_at", "sender_reference", "handed_over",
            "not_started", "months_after_arrival", " › key", "› status", "pdf en")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from counsel_app import areas

    areas.load()
    return build(tmp_path_factory.mktemp("subject_access"))


def copy_text(built, lang: str, tmp_path) -> str:
    out = write_subject_access(built.sender.ctx, built.case.id, tmp_path / f"{lang}.pdf",
                               lang=lang)
    return poppler_text(out.read_bytes(), tmp_path)


def test_the_copy_speaks_in_words_not_codes(built, tmp_path):
    text = copy_text(built, "en", tmp_path)
    for code in INTERNAL:
        assert code not in text, code
    # countries and languages by name, follow-up times with their unit
    assert "Nationality Guinea" in text and "Country of return Guinea" in text
    assert "Country where you are now Tunisia" in text
    assert "Preferred language French" in text
    assert "1 month after arrival" in text and "12 months after arrival" in text
    # the answer the office sent back: each action by its text, its state in words
    assert "Buy a sewing machine" in text and "Not started" in text
    assert "Received on" in text and "Handed over" in text
    # the interpreter's language by name, the survey's kind in words
    assert "Fula" in text and "Follow-up visit" in text


#: section titles of the built case, in the order of the counselling session and after it
SESSION_ORDER = (
    "About you", "Vulnerability screening", "Your situation and skills",
    "Your skills and wishes", "Feasibility grid", "Chosen opportunities",
    "My decision to return", "Consent", "Individual reintegration plan", "Travel",
    "Handover packages", "When you arrive", "Who used your record")


def test_the_sections_follow_the_counselling_session(built, tmp_path):
    # screening before the opportunities, the decision before the consent, the plan
    # before the journey, the follow-up after the handover, whatever order the areas'
    # modules were imported in
    out = write_subject_access(built.sender.ctx, built.case.id, tmp_path / "order.pdf",
                               lang="en")
    lines = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    headings = [line for line in lines if line in SESSION_ORDER]
    assert list(dict.fromkeys(headings)) == list(SESSION_ORDER)


def test_the_copy_in_the_persons_language(built, tmp_path):
    text = copy_text(built, "fr", tmp_path)
    assert "Vos données personnelles" in text
    assert "Nationalité Guinée" in text and "Langue préférée Français" in text
    assert "1 mois après l’arrivée" in text and "12 mois après l’arrivée" in text
    assert "Pas commencé" in text
    for code in INTERNAL:
        assert code not in text, code


def test_a_label_without_a_translation_is_marked_and_every_page_says_so(built, tmp_path):
    text = copy_text(built, "so", tmp_path)
    assert "Xogtaada shakhsiga ah" in text  # the title, in Somali
    assert "[EN] Follow-up" in text  # the case's status has no Somali words yet: marked
    assert "Texts marked [EN] are still in English." in text


def test_amounts_dates_and_numbers_in_the_copys_formats(tmp_path):
    sections = [Section(D_("Individual reintegration plan"), [
        (D_("Total"), Money(Decimal("2500000"), "GNF")),
        (D_("Date"), "2026-03-02"),
        (D_("When"), Months(3)),
        (D_("Country of return"), Country("IQ")),
        (D_("Languages"), [Language("ar"), Language("ckb")]),
        (D_("Reception on arrival"), True),
        (D_("Status"), UiMsg("Follow-up")),
        (D_("Details"), Msg(D_("yes"))),
    ])]
    en = normalise(poppler_text(render_pdf(sections, reference=REF, lang="en",
                                           is_sample=False), tmp_path))
    assert "2500000" not in en and "GNF2,500,000" in en.replace(" ", "")
    assert "March 2, 2026" in en and "3 months after arrival" in en
    assert "Iraq" in en and "Arabic, Central Kurdish" in en
    assert "Reception on arrival Yes" in en
    fr = normalise(poppler_text(render_pdf(sections, reference=REF, lang="fr",
                                           is_sample=False), tmp_path))
    assert "2 500 000 GNF" in fr.replace("\u202f", " ").replace("\xa0", " ")
    assert "2 mars 2026" in fr and "3 mois après l’arrivée" in fr and "Irak" in fr
    assert "Accueil à l’arrivée Oui" in fr and "Suivi" in fr


def test_the_copy_carries_the_reference_as_a_qr_code(monkeypatch):
    from counsel_app.documents import base

    drawn = []
    monkeypatch.setattr(base, "_draw_qr", lambda canvas, payload, *a: drawn.append(payload))
    render_pdf([Section(D_("About you"), [(D_("Name"), "Hawa")])], reference=REF,
               lang="en", is_sample=False)
    assert drawn == [qr_payload(REF)]


def test_the_command_takes_a_language_and_refuses_an_unknown_one(built, capsys, tmp_path,
                                                                  monkeypatch):
    from counsel_app.cli import main
    from tests.conftest import TEST_PASSWORD

    monkeypatch.setenv("COUNSEL_APP_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("COUNSEL_APP_USER", "admin")
    url = str(built.sender.ctx.db.url)
    reference = built.case.reference
    out = tmp_path / "copy.pdf"
    code = main(["--db", url, "subject-access", reference, "--out", str(out), "--lang", "xx"])
    err = capsys.readouterr().err
    assert code == 2 and "--lang: unknown document language “xx”" in err
    assert "Traceback" not in err and not out.exists()
    code = main(["--db", url, "subject-access", reference, "--out", str(out), "--lang", "so"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Warning: The Somali translation of these documents is incomplete" in captured.err
    assert "Xogtaada shakhsiga ah" in poppler_text(out.read_bytes(), tmp_path)


def test_a_received_package_reads_in_words_at_the_office(built, tmp_path):
    out = write_subject_access(built.office.ctx, built.office_case_id, tmp_path / "o.pdf",
                               lang="en")
    text = poppler_text(out.read_bytes(), tmp_path)
    for code in ("rss_baseline", "date_of_birth", "name_latin", "months_after_arrival",
                 "return_decision", "paper_signature", "micro_business", "text_version",
                 "recipient_id", "› id", "› key"):
        assert code not in text, code
    assert "Individual micro-business" in text and "Signed paper form" in text
    assert "12 months after arrival" in text and "Sense of belonging" in text


def test_the_offices_answer_and_the_score_weights_read_in_words(tmp_path):
    """A received acknowledgement keeps the office's answer ("confirmed") and the survey's
    weights (the app's own sentence): the copy prints them in words in the copy's language,
    or in English marked [EN] where that language has no such words; never the code, never
    English unmarked (seen in the demo's French copy: "État: confirmed")."""
    from counsel_app.followup.rss import PROJECT_DEFAULTS
    from counsel_app.handover.privacy import _flatten

    content = {"reception": {"state": "confirmed", "contact_name": "Office staff"},
               "followup": {"visits": 1, "weights": PROJECT_DEFAULTS}}
    section = Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                      table_rows=_flatten(content))
    french = poppler_text(render_pdf([section], reference=REF, lang="fr", is_sample=False),
                          tmp_path)
    assert "confirmed" not in french and "Accueil confirmé" in french
    assert "Project defaults" not in french
    assert normalise("pas les poids officiels de l’OIM") in french
    pashto = poppler_text(render_pdf([section], reference=REF, lang="ps", is_sample=False),
                          tmp_path)
    assert "[EN] Reception confirmed" in pashto
    assert "[EN] Project defaults (equal weights)" in pashto


#: an office's acknowledgement after a visit, with a referral and a consent withdrawn there
ACK_AFTER_A_VISIT = {
    "followup": {"visits": 1, "latest_date": "2026-04-01", "latest_answered": 12},
    "referrals": [{"key": "r1", "sent_on": "2026-02-02", "answered_on": "2026-02-03",
                   "done_on": "2026-02-04"}],
    "consents_withdrawn": [{"purpose": "share_with_recipient", "on": "2026-03-05"}],
}


@pytest.mark.parametrize("lang, words", [
    ("fr", ("Indicateurs avec une réponse à la dernière visite 12", "Date d’envoi",
            "Date de réalisation", "Consentements retirés au bureau")),
    ("es", ("Indicadores respondidos en la última", "Fecha de envío",
            "Fecha de realización", "Consentimientos retirados en la oficina")),
    ("ar", ("المؤشرات التي أُجيب عنها في آخر زيارة", "تاريخ الإرسال", "تاريخ الإنجاز",
            "الموافقات المسحوبة في المكتب")),
])
def test_the_offices_answer_after_a_visit_has_no_english_label(tmp_path, lang, words):
    """Seen on the French copy: "[EN] Latest answered", "[EN] Sent on", "[EN] Done on",
    "[EN] Consents withdrawn" (the storage key printed in English)."""
    from counsel_app.handover.privacy import _flatten

    section = Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                      table_rows=_flatten(ACK_AFTER_A_VISIT))
    text = poppler_text(render_pdf([section], reference=REF, lang=lang, is_sample=False),
                        tmp_path)
    assert "[EN]" not in text
    for expected in words:
        assert normalise(expected) in text, expected


def test_a_referrals_state_and_outcome_read_in_words(tmp_path):
    """The acknowledgement's referrals printed their codes ("État accepted", "Résultat
    received" on the French copy)."""
    from counsel_app.handover.privacy import _flatten

    content = {"referrals": [{"key": "r1", "state": "accepted", "answered_on": "2026-02-04",
                              "outcome": "partly"}]}
    section = Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                      table_rows=_flatten(content))
    french = poppler_text(render_pdf([section], reference=REF, lang="fr", is_sample=False),
                          tmp_path)
    assert "État acceptée" in french and "service reçu en partie" in french
    assert "accepted" not in french and "partly" not in french


def _marks_right_to_left(image) -> list[tuple[int, int, int]]:
    """The marks drawn on a one-line page image, from the right: (first column, last
    column, lowest inked row) of each group of touching inked columns."""
    grey = image.load()
    lowest = {}
    for x in range(image.width):
        rows = [y for y in range(image.height) if grey[x, y] < 128]
        if rows:
            lowest[x] = max(rows)
    marks: list[list[int]] = []
    for x in sorted(lowest, reverse=True):
        if marks and marks[-1][0] == x + 1:
            marks[-1][0] = x
            marks[-1][2] = max(marks[-1][2], lowest[x])
        else:
            marks.append([x, x, lowest[x]])
    return [tuple(m) for m in marks]


def test_an_arabic_section_number_ends_with_a_full_stop_not_a_comma(tmp_path):
    """The Arabic copy's “4. الإحالات” read “4, الإحالات”: the full stop after the number was
    Naskh's, a diamond that hangs below the line like a comma's tail. It is now a dot on
    the line beside the number, and copied text still reads “4. الإحالات”."""
    import subprocess

    from PIL import Image

    section = Section(D_("4. Referrals"), table_header=(D_("Organisation"), D_("Contact")),
                      table_rows=[["Caritas", "+224 620 00 00 00"]])
    pdf = tmp_path / "ar.pdf"
    pdf.write_bytes(render_pdf([section], reference=REF, lang="ar", is_sample=False))
    assert "4. الإحالات" in poppler_text(pdf.read_bytes(), tmp_path)
    # the heading's line on the page (points), from poppler's word boxes
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    line = next(row for row in boxes.splitlines() if "تالاحإلا" in row)
    box = {k: float(v) for k, v in re.findall(r'(xMax|yMin|yMax)="([\d.]+)"', line)}
    dpi = 600
    scale = dpi / 72
    top, right = int(box["yMin"] * scale), int(box["xMax"] * scale) + 4
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1",
                    "-x", "0", "-y", str(top), "-W", str(right),
                    "-H", str(int(box["yMax"] * scale) - top), str(pdf),
                    str(tmp_path / "line")], check=True)
    image = Image.open(next(tmp_path.glob("line*.png"))).convert("L")
    digit, mark, *_ = _marks_right_to_left(image)
    width = digit[1] - digit[0] + 1
    # the number starts the line (at the right), its full stop right after it (left)
    assert mark[1] < digit[0] and digit[0] - mark[1] < width
    # the full stop sits on the line like the digit; Naskh's went a tenth of a digit's
    # width below it
    assert mark[2] - digit[2] <= width / 20, (mark, digit)



def _word_left_edges(sections: list[Section], lang: str, tmp_path, monkeypatch
                     ) -> dict[str, float]:
    """The left edge (points) of each word of the copy's first page where its glyphs stand
    (poppler's word boxes, without the lines' ActualText, which poppler reads as one word
    spread over the line). A right-to-left word is spelled from the left."""
    import subprocess

    from counsel_app.documents import text as text_module

    monkeypatch.setattr(text_module, "ACTUAL_TEXT", False)
    source = tmp_path / "words.pdf"
    source.write_bytes(render_pdf(sections, reference=REF, lang=lang, is_sample=False))
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(source), "-"],
                           capture_output=True, text=True, check=True).stdout
    return {word: float(x) for x, word in re.findall(r'xMin="([\d.]+)"[^>]*>([^<]+)</word>',
                                                      boxes)}


def _lists() -> list[Section]:
    """A visit's scores and a consent's details as the areas give them: lists of values."""
    from counsel_app.security.subject_access import Pair

    return [Section(D_("Follow-up visits"), [
        (D_("Score"), [Pair(UiMsg("Sense of belonging"), 4),
                       Pair(UiMsg("Access to housing"), 3)]),
        (D_("Details"), ["INT-07", Language("ff"), "TEACHBACK-XQ7"]),
    ])]


def test_a_list_in_the_arabic_copy_has_arabic_commas_and_reads_from_the_right(
        tmp_path, monkeypatch):
    """The Arabic copy printed a visit's scores "الشعور بالانتماء: 4, الحصول على السكن: 3"
    with a Latin comma, and a consent's details, an interpreter's number among Arabic
    words, as a left-to-right line ("INT-07, الفولانية, TEACHBACK-XQ7", INT-07 at the
    left). Now each list has the Arabic comma and reads from the right, its first value
    at the right; copied text reads in the same order."""
    text = poppler_text(render_pdf(_lists(), reference=REF, lang="ar", is_sample=False),
                        tmp_path)
    assert "الشعور بالانتماء: 4، الحصول على السكن: 3" in text
    assert "INT-07، الفولانية، TEACHBACK-XQ7" in text
    assert ": 4," not in text and "INT-07," not in text
    x = _word_left_edges(_lists(), "ar", tmp_path, monkeypatch)
    assert x["،INT-07"] > x["TEACHBACK-XQ7"]  # the first value at the right


def test_a_list_in_the_english_copy_reads_as_before(tmp_path, monkeypatch):
    """The English copy is unchanged: ", " between the values, the first at the left; two
    values typed in Arabic keep their order too (the first at the left, not swapped by
    running together into one right-to-left run)."""
    text = poppler_text(render_pdf(_lists(), reference=REF, lang="en", is_sample=False),
                        tmp_path)
    assert "Sense of belonging: 4, Access to housing: 3" in text
    assert "INT-07, Fula, TEACHBACK-XQ7" in text
    x = _word_left_edges(_lists(), "en", tmp_path, monkeypatch)
    assert x["INT-07,"] < x["Fula,"] < x["TEACHBACK-XQ7"]
    names = [Section(D_("About you"), [(D_("Name"), ["ليلى", "عمر"])])]
    x = _word_left_edges(names, "en", tmp_path, monkeypatch)
    leila, omar = (next(v for w, v in x.items() if name in w) for name in ("ىليل", "رمع"))
    assert leila < omar  # "ليلى, عمر": the first at the left


# -- what the areas hold, in words (no storage key, language or country code) --------------

def _copy(ctx, case, lang: str, tmp_path) -> str:
    out = write_subject_access(ctx, case.id, tmp_path / f"copy-{lang}.pdf", lang=lang)
    return poppler_text(out.read_bytes(), tmp_path)


def test_a_printed_handout_reads_as_its_language_and_its_topics_titles(sqlite_ctx, tmp_path):
    """The copy printed a handout as "fr: base-gn:cldr.currency, base-gn:…" (the language
    code and the library's storage keys). Now: the language by name in the copy's
    language, each topic by the title the handout printed (in its language), and a topic
    the packs no longer hold said so in words, its key kept only as a labelled reference.
    A library topic covered in the session whose title was not kept is named by the
    library too, in the copy's language (it printed its item id)."""
    from counsel_app.session.store import SessionStore
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    store = SessionStore(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.information.covered["pack:base-gn:cldr.languages"] = "2026-12-01T09:00:00+00:00"
    record.information.handouts_printed.append({
        "at": "2026-12-01T10:00:00+00:00", "lang": "fr",
        "topics": ["base-gn:cldr.currency", "base-gn:factbook.no-longer-there"]})
    store.save_part(record, "information")

    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert ("Handout in French: Monnaie, Topic no longer in the information packs "
            "(reference base-gn:factbook.no-longer-there)") in en
    assert "Languages spoken (share of population, CLDR estimate)" in en
    assert "fr:" not in en and "base-gn:cldr" not in en and "cldr.languages" not in en
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    # (poppler reads the date's column between the cell's lines)
    assert "Fiche d’information en français: Monnaie, Sujet qui ne" in fr
    assert "figure plus dans les paquets d’informations" in fr
    assert "Langues parlées (part de la population, estimation CLDR)" in fr
    assert "fr:" not in fr and "base-gn:cldr" not in fr
    ar = _copy(sqlite_ctx, case, "ar", tmp_path)
    assert "نشرة معلومات باللغة الفرنسية: Monnaie، موضوع لم يعد موجودًا في" in ar
    assert "fr:" not in ar and "base-gn:cldr" not in ar and "[EN]" not in ar


def _no_code(text: str, *codes: str) -> None:
    for code in codes:
        assert not re.search(rf"(?<!\w){re.escape(code)}(?!\w)", text), code


def _profile_case(ctx):
    from counsel_app.opportunities.model import (
        Constraint,
        LanguageSkill,
        Occupation,
        SkillsProfile,
        Wish,
    )
    from counsel_app.opportunities.service import OpportunityService
    from tests.security.conftest import person_case

    case = ctx.cases.create(person_case())
    OpportunityService(ctx).save_profile(case, SkillsProfile(
        occupations=[Occupation(isco="7212", title="welder", years=3, where="IT"),
                     Occupation(title="cook", years=1, where="Sfax")],
        languages=[LanguageSkill("fr", "fluent"), LanguageSkill("ff", "")],
        wishes=[Wish(text="open a workshop")],
        constraints=[Constraint("childcare", "two small children")],
        preferred_town="Kindia", preferred_region="GN-KD"))
    return case


def test_the_skills_profile_reads_in_words_in_the_copys_language(sqlite_ctx, tmp_path):
    """The skills profile printed codes: "Languages fr fluent, ff", "Job welder (ISCO 7212)
    3 IT; cook 1 Sfax", the region as "GN-KD". Now languages and their level by name,
    each job on its line with the ILO's name of its group, how many years and the
    country by name, in the copy's language. The wishes and constraints are a list like
    every other (", " in English, where "; " joined them: one separator for every list
    of the copy)."""
    case = _profile_case(sqlite_ctx)
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert "Languages French: fluently, Fula" in en
    assert "welder (Metal, machinery and related trades workers), 3 years, Italy" in en
    assert "cook, 1 year, Sfax" in en
    assert "Support for you open a workshop, two small children" in en
    # the town and its region have the same name: said once (it read "Kindia, Kindia")
    assert "Place of return Kindia " in en and "Kindia, Kindia" not in en
    _no_code(en, "ISCO", "7212", "fr", "fluent", "ff", "IT", "GN-KD", ";")
    ar = _copy(sqlite_ctx, case, "ar", tmp_path)
    assert "الفرنسية: بطلاقة، الفولانية" in ar
    assert "(العاملون في المعادن والآلات والحرف المرتبطة بها)، 3 سنوات، إيطاليا" in ar
    assert "cook، 1 سنة، Sfax" in ar
    _no_code(ar, "ISCO", "7212", "fr", "fluent", "ff", "IT", "GN-KD", "[EN]")
    assert "مكان العودة Kindia" in ar and "Kindia، Kindia" not in ar
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    assert "Langues Français: couramment, Peul" in fr
    assert "Lieu de retour Kindia " in fr and "Kindia, Kindia" not in fr
    assert "3 ans, Italie" in fr and "cook, 1 an, Sfax" in fr


def test_the_feasibility_grid_after_arrival_reads_in_words(sqlite_ctx, tmp_path):
    """The grid refined after arrival printed its rating's code ("with_support",
    "not_feasible") where the one made before departure prints words."""
    from datetime import timedelta

    from counsel_app.followup.service import FollowupService
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    followup = FollowupService(sqlite_ctx)
    followup.record_arrival(case.reference, date.today() - timedelta(days=3), True)
    followup.refine_plan(case.reference, [
        {"wish": "bakery", "realistic_option": "market stall", "rating": "with_support"},
        {"wish": "taxi", "realistic_option": "", "rating": "not_feasible"}])
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert "Feasible with support" in en and "Not feasible" in en
    _no_code(en, "with_support", "not_feasible")
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    assert "Faisable avec un soutien" in fr and "Pas faisable" in fr
    _no_code(fr, "with_support", "not_feasible", "[EN]")


def test_the_escort_reads_in_the_copys_language(sqlite_ctx, tmp_path, monkeypatch):
    """The escort's kind printed in English in every copy ("Medical escort — asthma — Dr
    Bah" on the French one: its words were made plain text before the copy could
    translate them)."""
    from counsel_app.travel import privacy as travel_privacy
    from counsel_app.travel.model import Escort, TravelRecord
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    record = TravelRecord(reference=case.reference,
                          escort=Escort("medical", "asthma", "Dr Bah"))
    monkeypatch.setattr(travel_privacy, "TravelRepository",
                        lambda *a: type("R", (), {"find": lambda self, ref: record})())
    sections = travel_privacy.travel_sections(sqlite_ctx, case.id)
    fr = poppler_text(render_pdf(sections, reference=REF, lang="fr", is_sample=False),
                      tmp_path)
    assert "Escorte médicale, asthma, Dr Bah" in fr
    assert "Medical escort" not in fr


def test_a_received_packages_region_of_return_reads_by_name(tmp_path):
    """A received package's region of return printed its code ("GN-KD")."""
    from counsel_app.handover.privacy import _flatten

    section = Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                      table_rows=_flatten({"identity": {"return_region": "GN-KD"}}))
    fr = poppler_text(render_pdf([section], reference=REF, lang="fr", is_sample=False),
                      tmp_path)
    assert "Région de retour Kindia" in fr
    _no_code(fr, "GN-KD")


def test_a_value_the_copy_has_no_words_for_is_said_in_words(sqlite_ctx, tmp_path,
                                                             monkeypatch):
    """Where an area's label for a stored value went missing (a label removed, a value
    written by a newer version), the copy printed the bare storage key ("health",
    "continuity_of_care", "return", "medical", "return_decision",
    "screening:fitness_to_travel"). Now a sentence in the copy's language says the copy
    has no words for it, the key kept only as a labelled reference the office can look
    up."""
    from datetime import datetime, timezone

    from counsel_app.consent import Choice
    from counsel_app.consent import service as consent
    from counsel_app.consent.purposes import Purpose
    from counsel_app.documents import receipt_pdf
    from counsel_app.session import privacy as session_privacy
    from counsel_app.session.store import SessionStore
    from counsel_app.travel import privacy as travel_privacy
    from counsel_app.travel.model import Escort, TravelRecord
    from counsel_app.waivers import service as waivers
    from tests.consent.helpers import circumstances, make_case

    case = make_case(sqlite_ctx)  # its decision to return recorded in the session
    store = SessionStore(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag("health", True, "asthma")
    record.screening.mark_step("continuity_of_care", True)
    store.save_part(record, "screening")
    consent.record(sqlite_ctx, case.reference, [Choice(Purpose.RETURN_DECISION, True)],
                   circumstances())
    travel = TravelRecord(reference=case.reference, escort=Escort("medical", "", "Dr Bah"))
    monkeypatch.setattr(travel_privacy, "TravelRepository",
                        lambda *a: type("R", (), {"find": lambda self, ref: travel})())
    monkeypatch.setattr(waivers, "history", lambda ctx, c: [waivers.Waiver(
        "screening:fitness_to_travel", "sam", "supervisor", "Cleared by the airline",
        datetime(2026, 12, 1, tzinfo=timezone.utc))])
    # every label goes missing
    monkeypatch.setattr(waivers, "item_label", lambda key: key)
    for module, table in ((session_privacy, "FLAGS"), (session_privacy, "STEPS"),
                          (session_privacy, "_DECISIONS"), (travel_privacy, "ESCORTS"),
                          (receipt_pdf, "PURPOSE_LABELS")):
        monkeypatch.setattr(module, table, {})
    keys = ("health", "continuity_of_care", "return", "medical", "return_decision",
            "screening:fitness_to_travel")

    def said_in_words(text: str, reference: str) -> None:
        for key in keys:
            assert f"({reference} {key})" in text, key
        for key in keys[1:]:  # (not "return", "medical": words of the copy too)
            if "_" in key or ":" in key:  # the key nowhere else: only as the reference
                assert len(re.findall(rf"(?<![\w:]){re.escape(key)}(?![\w:])", text)) == \
                    text.count(f"({reference} {key})"), key

    en = _copy(sqlite_ctx, case, "en", tmp_path)
    said_in_words(en, "reference")
    # (a narrow cell's lines are read with the next column's between them)
    assert en.count("has no words for (reference") == len(keys)
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    said_in_words(fr, "référence")
    assert "Élément que cette copie ne sait pas nommer (référence medical)" in fr
    assert "[EN]" not in fr


def test_a_plugged_in_steps_part_reads_in_words_never_as_its_json(sqlite_ctx, tmp_path,
                                                                  monkeypatch):
    """A part a plugged-in step kept in the session printed as its raw JSON ("Details
    consent_ui: {"seen": true, "shown_at": …}"), storage keys and all. An area that
    describes its part prints labelled fields in the copy's language; a part no area
    describes is one sentence: the session holds more, the office shows it on request."""
    from counsel_app.security.subject_access import Msg
    from counsel_app.session import privacy as session_privacy
    from counsel_app.session.store import SessionStore
    from tests.security.conftest import person_case

    monkeypatch.setattr(session_privacy, "STEP_PARTS", {}, raising=False)
    case = sqlite_ctx.cases.create(person_case())
    store = SessionStore(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.part("consent_ui").update({"seen": True, "shown_at": "2026-12-01T09:00:00"})
    record.part("departure_notes").update({"note": "NOTE-TYPED-Q4", "packed": True})
    store.save_part(record, "consent_ui")
    store.save_part(record, "departure_notes")

    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert "Other parts of your counselling session" in en
    assert ("Your counselling session also holds data that this copy cannot show in words. "
            "This office keeps it and will show it to you if you ask.") in en
    assert en.count("also holds data") == 1  # one sentence for both parts
    _no_code(en, "consent_ui", "seen", "shown_at", "departure_notes", "packed", "true")
    assert "{" not in en and "NOTE-TYPED-Q4" not in en
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    assert "Autres parties de votre séance de conseil" in fr
    assert "cette copie ne peut pas montrer en mots" in fr and "[EN]" not in fr

    # the area that owns the step describes its part: labelled fields, in the copy's language
    session_privacy.describe_step_part("departure_notes", D_("Departure"), lambda data: [
        (D_("Notes"), data.get("note", "")),
        (D_("Details"), Msg(D_("yes") if data.get("packed") else D_("no")))])
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert "Departure Notes NOTE-TYPED-Q4 Details yes" in en
    assert "also holds data" in en  # consent_ui: still described by no area
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    assert "Notes NOTE-TYPED-Q4 Détails oui" in fr
    _no_code(fr, "departure_notes", "packed", "note")


def test_a_chosen_opportunity_reads_by_its_title_in_the_copys_language(sqlite_ctx, tmp_path):
    """The chosen opportunities printed the catalogue's English title on every copy
    ("Delivery driver (motorbike)" on the French one, which the catalogue also holds as
    "Livreur à moto"). Now the title in the copy's language, else the English one marked
    [EN] like every text left in English."""
    from counsel_app.opportunities.service import OpportunityCatalogue, OpportunityService
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    catalogue = OpportunityCatalogue(sqlite_ctx.db, sqlite_ctx.user)
    catalogue.import_sample_set()
    service = OpportunityService(sqlite_ctx)
    for country, text in (("GN", "Delivery driver"), ("IQ", "Plumbing course")):
        found = catalogue.list(country=country, text=text)
        assert len(found) == 1, text
        service.add_to_plan(case, found[0].id, "")
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert "Delivery driver (motorbike)" in en and "Plumbing course" in en
    assert "[EN]" not in en
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    assert "Livreur à moto" in fr and "Delivery driver" not in fr
    assert "[EN] Plumbing course" in fr  # the catalogue has no French title for it
    ar = _copy(sqlite_ctx, case, "ar", tmp_path)
    assert "دورة في السباكة" in ar and "Plumbing" not in ar
    assert "[EN] Delivery driver" in ar  # (the cell wraps before "(motorbike)")


def test_a_travel_documents_holder_reads_by_name_never_by_key(sqlite_ctx, tmp_path,
                                                              monkeypatch):
    """A document of a family member who no longer travels printed its holder's key
    ("household:1"), and a member without a name was "family member 2" in the
    counsellor's language. Now: their name; without one, "Family member 2" in the copy's
    language; a member no longer in the household, said so."""
    from counsel_app.domain.case import HouseholdMember
    from counsel_app.domain.enums import Relation
    from counsel_app.travel import privacy as travel_privacy
    from counsel_app.travel.model import TravelDocument, TravelRecord
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case(household=[
        HouseholdMember(Relation.SPOUSE, "Ibrahima Sow", 40, travelling=False),
        HouseholdMember(Relation.CHILD, "", 6, travelling=False)]))
    travel = TravelRecord(reference=case.reference, documents=[
        TravelDocument("household:0"), TravelDocument("household:1"),
        TravelDocument("household:4")])
    monkeypatch.setattr(travel_privacy, "TravelRepository",
                        lambda *a: type("R", (), {"find": lambda self, ref: travel})())
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert "Ibrahima Sow" in en.split("Travel")[-1]
    assert "Family member 2" in en
    assert "A family member no longer listed in your household" in en
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    assert "Membre de la famille 2" in fr and "family member" not in fr.casefold()
    for text in (en, fr):
        assert "household:" not in text


def test_an_office_whose_name_was_not_kept_is_said_in_words(sqlite_ctx, tmp_path,
                                                             monkeypatch):
    """The consent to share with an office whose name was not kept, and a package from
    it, printed the office's key (32 hex digits); now a sentence says so, with the key's
    end as the reference."""
    from datetime import datetime

    from counsel_app.consent import Choice
    from counsel_app.consent import service as consent
    from counsel_app.consent.purposes import Purpose
    from counsel_app.handover import records
    from tests.consent.helpers import circumstances, make_case

    key = "0123456789abcdef0123456789abcdef"
    case = make_case(sqlite_ctx)
    consent.record(sqlite_ctx, case.reference, [
        Choice(Purpose.RETURN_DECISION, True),
        Choice(Purpose.SHARE_WITH_RECIPIENT, True, key, "")], circumstances())
    monkeypatch.setattr(records, "packages_for_case", lambda ctx, case_id: [{
        "content": {}, "direction": "received", "peer": key, "package_id": "PKG-1",
        "created_at": datetime(2026, 12, 1)}])
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    # the consent's organisation, the package's sender in the list and in its section
    assert en.count("An office whose name was not kept (its key ends in 89AB CDEF)") == 3
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    assert "89AB CDEF" in fr and "An office" not in fr
    for text in (en, fr):
        assert key not in text and key.upper() not in text


def test_a_received_packages_unknown_code_is_said_in_words(tmp_path):
    """A code in a received package that this copy has no label for (an office's newer
    version, a label removed) printed as the code ("handed_back", "gone_fishing"); a category
    shared or withheld likewise. Now said in words in the copy's language, the code as a
    labelled reference; a text someone wrote (the escort's reason) stays as written."""
    from counsel_app.handover.privacy import _category, _flatten

    carried = {"status": "handed_back", "closed": {"reason": "gone_fishing"},
               "reception": {"state": "half_confirmed"},
               "plan": {"assistance": [{"type": "space_travel", "details": "x"}]},
               "health": {"escort": {"kind": "", "reason": "asthma on long flights"}},
               "identity": {"sex": "unstated", "household": [{"relation": "cousin_twice"}]}}
    sections = [
        Section(D_("Package"), [(D_("Sent to"), [_category("voice_recordings")])]),
        Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                table_rows=_flatten(carried))]
    codes = ("voice_recordings", "handed_back", "gone_fishing", "half_confirmed", "space_travel",
             "unstated", "cousin_twice")
    for lang, reference in (("en", "reference"), ("fr", "référence")):
        text = normalise(poppler_text(render_pdf(sections, reference=REF, lang=lang,
                                                 is_sample=False), tmp_path))
        for code in codes:
            assert f"({reference} {code})" in text, (lang, code)
            assert text.count(code) == 1, (lang, code)  # only as the reference
        assert "asthma on long flights" in text


def test_a_visit_being_typed_is_not_listed_as_a_visit(sqlite_ctx, tmp_path):
    """The survey form's drafts (a new visit, a recorded visit opened to change it) were
    listed among the follow-up visits: a visit being corrected showed twice, a visit never
    recorded showed as one. Now the recorded visit shows once, and the drafts in their own
    place, said to be the office's notes not yet recorded (the changed visit by its date)."""
    from datetime import timedelta

    from counsel_app.followup import office as office_rules
    from counsel_app.followup.service import FollowupService
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    follow = FollowupService(sqlite_ctx)
    follow.record_arrival(case.reference, date(2026, 1, 5), True)
    visit = follow.record_visit(case.reference, {"income": 3}, date(2026, 2, 3), "phone",
                                note="first call")
    office_rules.save_edit_draft(sqlite_ctx, case.reference, visit.uid, {"income": 4},
                                 date(2026, 2, 3), "phone", "her uncle", "call corrected")
    office_rules.save_draft(sqlite_ctx, case.reference, {"income": 2},
                            date.today() - timedelta(days=1), "home", "", "line cut")
    text = normalise(_copy(sqlite_ctx, case, "en", tmp_path))
    assert text.count("Notes being written by the office, not yet recorded") == 1
    visits = text.split("Follow-up visits", 1)[1]
    visits, drafts = visits.split("Notes being written by the office, not yet recorded", 1)
    assert visits.count("Phone call") == 1 and "first call" in visits
    for typed in ("call corrected", "line cut", "her uncle"):
        assert typed not in visits and typed in drafts, typed
    assert "Changes to the visit of February 3, 2026, not yet recorded" in drafts
    assert "A visit not yet recorded" in drafts


def test_a_follow_up_or_plan_code_with_no_label_is_said_in_words(sqlite_ctx, tmp_path,
                                                                  monkeypatch):
    """A closure reason, an action's state, a kind of visit, a score's indicator, a plan's
    type of assistance or an opportunity's kind the copy had no label for printed as the
    stored code ("gone_fishing", "paused", "telepathy", "space_travel"), or as nothing (a
    visit of an unknown kind, an action no longer in the plan), or as a label it is not (an
    unknown opportunity kind as "Other"). Now each is said in words, the code only as the
    reference."""
    from datetime import datetime, timezone

    from counsel_app.followup.models import (
        ActionProgressRow,
        FollowupCaseRow,
        FollowupVisitRow,
    )
    from counsel_app.followup.service import FollowupService
    from counsel_app.plan import privacy as plan_privacy
    from counsel_app.plan.model import Assistance, ChosenOpportunity, ReintegrationPlan
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    follow = FollowupService(sqlite_ctx)
    follow.record_arrival(case.reference, date(2026, 1, 5), True)
    follow.record_visit(case.reference, {"income": 3}, date(2026, 2, 3), "phone")
    visit = follow.record_visit(case.reference, {"income": 3}, date(2026, 3, 3), "home")
    with sqlite_ctx.db.session() as session:
        session.get(FollowupCaseRow, case.id).closure_reason = "gone_fishing"
        session.query(FollowupVisitRow).filter_by(uid=visit.uid).one().visit_type = \
            "telepathy"
        session.add(ActionProgressRow(case_id=case.id, action_key="g9.a9", status="paused",
                                      updated_at=datetime.now(timezone.utc)))
    plan = ReintegrationPlan(reference=case.reference,
                             assistance=[Assistance("space_travel", "moon")],
                             opportunities=[ChosenOpportunity("Bakery", kind="astronaut")])
    monkeypatch.setattr(plan_privacy, "PlanRepository",
                        lambda *a: type("R", (), {"find": lambda self, ref: plan})())
    monkeypatch.setattr("counsel_app.followup.privacy.DEFAULT_CONFIG",  # no indicator known
                        type("Config", (), {"indicator": staticmethod(lambda key: None)})())
    codes = ("gone_fishing", "paused", "telepathy", "g9.a9", "space_travel", "astronaut",
             "income")
    for lang, reference in (("en", "reference"), ("fr", "référence")):
        text = normalise(_copy(sqlite_ctx, case, lang, tmp_path))
        for code in codes:
            assert f"({reference} {code})" in text, (lang, code)
        for code in codes[:-1]:
            assert text.count(code) == text.count(f"({reference} {code})"), (lang, code)


def test_a_received_packages_escort_clearance_and_visit_read_in_words(tmp_path):
    """A received package's escort kind, medical clearance and kind of visit printed as
    their codes ("medical", "not_fit", "phone"): they had no label table. Now in words in
    the copy's language, and a code this copy has no words for said so."""
    from counsel_app.handover.privacy import _flatten

    def copy(carried: dict, lang: str) -> str:
        section = Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                          table_rows=_flatten(carried))
        return normalise(poppler_text(render_pdf([section], reference=REF, lang=lang,
                                                 is_sample=False), tmp_path))

    known = {"health": {"escort": {"kind": "medical", "reason": "asthma"},
                        "fitness": {"clearance": "not_fit"}},
             "visits": [{"type": "phone"}],
             "plan": {"tracked_referrals": [{"partner": {"type": "health"}}]}}
    fr = copy(known, "fr")
    for words in ("Escorte médicale", "Inapte à voyager", "Appel téléphonique",
                  "Établissement de santé"):
        assert words in fr, words
    _no_code(fr, "not_fit", "medical", "phone")
    assert "Aide Appel" not in fr  # a visit's kind is not an "assistance"
    unknown = {"health": {"escort": {"kind": "by_balloon"},
                          "fitness": {"clearance": "half_fit"}},
               "visits": [{"type": "telepathy"}],
               "plan": {"tracked_referrals": [{"partner": {"type": "guild"}}]}}
    en = copy(unknown, "en")
    for code in ("by_balloon", "half_fit", "telepathy", "guild"):
        assert f"(reference {code})" in en and en.count(code) == 1, code


def test_each_part_of_the_copy_has_its_own_title(sqlite_ctx, tmp_path, monkeypatch):
    """The copy printed two "4. Referrals" (the plan's, then after the whole plan the
    partners' referrals with where each stands) and three "Chosen opportunities" (the
    catalogue's, the counsellor's note, the plan's copy). Now each piece once, under a title
    of its own, in the order of the session."""
    from counsel_app.opportunities.service import OpportunityCatalogue, OpportunityService
    from counsel_app.partners.referrals import ReferralService
    from counsel_app.partners.service import PartnerDirectory
    from counsel_app.plan import privacy as plan_privacy
    from counsel_app.plan.model import ChosenOpportunity, ReintegrationPlan, Referral
    from counsel_app.session.store import SessionStore
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    catalogue = OpportunityCatalogue(sqlite_ctx.db, sqlite_ctx.user)
    catalogue.import_sample_set()
    [driver] = catalogue.list(country="GN", text="Delivery driver")
    OpportunityService(sqlite_ctx).add_to_plan(case, driver.id, "")
    store = SessionStore(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.opportunities.note = "She prefers work near Kindia"
    store.save_part(record, "opportunities")
    plan = ReintegrationPlan(
        reference=case.reference, referrals=[Referral("Kindia health centre", "check-up")],
        opportunities=[ChosenOpportunity("Delivery driver (motorbike)", kind="job")])
    monkeypatch.setattr(plan_privacy, "PlanRepository",
                        lambda *a: type("R", (), {"find": lambda self, ref: plan})())
    directory = PartnerDirectory(sqlite_ctx.db)
    directory.import_sample_set()
    ReferralService(sqlite_ctx).add(case, directory.search(text="tailors")[0],
                                    "apprenticeship in tailoring")
    out = write_subject_access(sqlite_ctx, case.id, tmp_path / "titles.pdf", lang="en")
    lines = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    titles = ("Chosen opportunities", "Notes on the opportunities", "4. Referrals",
              "Opportunities in your plan", "Referrals (as they stand on the print date)")
    assert [line for line in lines if line in titles] == list(titles)
    text = normalise("\n".join(lines))
    assert text.count("She prefers work near Kindia") == 1
    assert text.count("apprenticeship in tailoring") == 1


@pytest.mark.parametrize(("country", "year", "other"), [("IQ", "١٩٩٠", "1990"),
                                                         ("MA", "1990", "١٩٩٠")])
def test_the_arabic_copy_writes_the_digits_of_the_persons_plan(sqlite_ctx, tmp_path, country,
                                                               year, other):
    """The Arabic copy printed Latin digits ("فرد العائلة 2", born 1990) for a person
    returning to Iraq, whose plan in Arabic prints Arabic-Indic digits (٢، ١٩٩٠): the copy
    was formatted for Arabic with no country. Now, as the plan, for Arabic in the country of
    return (Iraq: ١٩٩٠; Morocco: 1990)."""
    from tests.security.conftest import person_case

    case = person_case()
    case.return_country = country
    case = sqlite_ctx.cases.create(case)
    text = normalise(_copy(sqlite_ctx, case, "ar", tmp_path))
    assert year in text and other not in text  # the date of birth, the case's dates


def test_a_referrals_state_with_no_label_is_said_in_words(sqlite_ctx, tmp_path, monkeypatch):
    """A referral whose state the copy had no label for (a state from a newer version)
    stopped the whole copy (KeyError). Now the copy prints, the state said in words."""
    from counsel_app.partners import referrals
    from counsel_app.partners.service import PartnerDirectory
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    directory = PartnerDirectory(sqlite_ctx.db)
    directory.import_sample_set()
    referrals.ReferralService(sqlite_ctx).add(case, directory.search(text="tailors")[0],
                                              "apprenticeship in tailoring")
    monkeypatch.setattr(referrals, "STATE_LABELS", {})
    text = normalise(_copy(sqlite_ctx, case, "en", tmp_path))
    assert "apprenticeship in tailoring" in text
    assert "(reference planned)" in text


def test_a_skills_profile_saved_empty_says_nothing_is_recorded(sqlite_ctx, tmp_path):
    """A skills profile saved with nothing in it printed "Your skills and wishes" as a
    title with nothing under it. Now the title is followed by one line saying so, in the
    copy's language, as an empty table is."""
    from counsel_app.opportunities.model import SkillsProfile
    from counsel_app.opportunities.service import OpportunityService
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    OpportunityService(sqlite_ctx).save_profile(case, SkillsProfile())
    assert "Your skills and wishes Nothing recorded." in _copy(sqlite_ctx, case, "en",
                                                               tmp_path)
    assert normalise("Vos compétences et vos souhaits Rien d’enregistré.") in _copy(
        sqlite_ctx, case, "fr", tmp_path)


def test_a_received_case_not_yet_arrived_says_nothing_is_recorded(built, tmp_path):
    """The office's copy of a case it received printed "When you arrive" as a bare title
    (the follow-up kept, the arrival not recorded yet); now one line says so."""
    out = write_subject_access(built.office.ctx, built.office_case_id, tmp_path / "o.pdf",
                               lang="fr")
    text = poppler_text(out.read_bytes(), tmp_path)
    assert normalise("À votre arrivée Rien d’enregistré.") in text


#: a received package's medical clearance and a referral made for the plan, as sent
RECEIVED_HEALTH_AND_REFERRAL = {
    "health": {"fitness": {"clearance": "fit", "assessed_on": "2026-01-20",
                           "assessed_by": "Dr Diallo", "medicines": "insulin, daily"}},
    "plan": {"tracked_referrals": [{
        "key": "r1", "service": "check-up", "state": "sent", "created_on": "2026-02-01",
        "sent_on": "2026-02-02", "note": "bring papers",
        "partner": {"id": 3, "name": "Kindia health centre", "type": "health",
                    "country": "GN", "region": "GN-KD", "town": "Kindia",
                    "hours": "8:00-16:00", "procedure": "walk in", "is_sample": False},
        "history": [{"state": "sent", "on": "2026-02-02", "by": "counsellor.amina"}]}]},
}


@pytest.mark.parametrize("lang, words", [
    ("fr", ("Avis médical › Date 20 janvier 2026", "Avis médical › Qui Dr Diallo",
            "Vos médicaments et ordonnances insulin, daily", "Orientations faites pour vous",
            "Heures d’ouverture", "Comment demander ce service", "Guinée", "Historique",
            "2 février 2026")),
    ("ar", ("الإحالات التي أُجريت لك", "› ساعات", "› كيفية طلب", "الإذن الطبي › من",
            "أدويتك ووصفاتك الطبية", "غينيا", "› السجل ›", "20 يناير 2026")),
])
def test_a_received_packages_clearance_and_referrals_read_in_the_copys_language(
        tmp_path, lang, words):
    """A received package's referrals made for the plan and the medical clearance's date,
    who gave it and the medicines printed their storage keys in English in every copy
    ("[EN] Tracked referrals", "[EN] Assessed on", "[EN] Medicines", "[EN] Hours"), the
    partner's country and region as codes ("GN", "GN-KD"), and the staff account that
    changed the referral's state. Now in the copy's words, dates as the copy writes them,
    the country by name; staff are not named."""
    from counsel_app.handover.privacy import _flatten

    section = Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                      table_rows=_flatten(RECEIVED_HEALTH_AND_REFERRAL))
    text = poppler_text(render_pdf([section], reference=REF, lang=lang, is_sample=False),
                        tmp_path)
    assert "[EN]" not in text
    for expected in words:
        assert normalise(expected) in text, expected
    _no_code(text, "GN", "GN-KD", "2026-01-20", "counsellor.amina", "tracked_referrals",
             "assessed_on", "medicines")


def test_the_journey_does_not_say_nothing_is_recorded_under_what_is(built, tmp_path):
    """The copy printed "Travel: Medical clearance Fit to travel, Escort No escort" and
    then "Nothing recorded." (meant for the travel documents, none recorded, whose table
    is not shown): it read as if the journey held nothing. Now the journey's part ends
    with what it holds."""
    text = copy_text(built, "en", tmp_path)
    assert "Travel Medical clearance Fit to travel Escort No escort Handover packages" in text
    assert "Nothing recorded." not in text


#: a received package's journey, the reception asked for, and a screening note, as sent
RECEIVED_JOURNEY = {"data": {
    "travel": {
        "departure_date": "2026-03-01",
        "legs": [{"origin": "Tunis", "destination": "Conakry", "carrier": "Tunisair TU 701",
                  "departs": "2026-03-01T08:00:00", "arrives": "2026-03-01T13:00:00"}],
        "reception": {"met_by": "Mr Bah", "meeting_point": "Arrivals hall",
                      "accommodation": "hostel", "first_appointment": "2026-03-03T10:00:00",
                      "first_appointment_place": "office"},
        "transits": [{"place": "Casablanca", "help": "IOM desk"}],
        "accompanying_adult": {"name": "Awa", "role": "aunt"}},
    "assessments": {"flag_notes": {"child": "travels with her aunt"}}}}


@pytest.mark.parametrize("lang, words", [
    ("fr", ("Départ › 1 › De", "Départ › 1 › À", "Qui vous accueille",
            "Où vous dormez d’abord", "Escale › 1 › Aide sur place",
            "L’adulte qui voyage avec vous", "Votre premier rendez-vous au bureau",
            "Enfant non accompagné ou séparé")),
    ("ar", ("من يستقبلك", "المساعدة هناك", "البالغ الذي يسافر معك", "أين تنام أولًا",
            "موعدك الأول في المكتب", "مصحوب أو منفصل")),
])
def test_a_received_packages_journey_reads_in_the_copys_language(tmp_path, lang, words):
    """A received package's journey (its legs, where and from whom, the transit's help,
    the adult who travels with a child, the first appointment) and a screening flag's note
    printed their storage keys in English in every copy ("[EN] Legs › 1 › [EN] Origin",
    "[EN] Met by", "[EN] Flag notes › [EN] Child"). Now in the travel part's own words,
    without a label's closing colon inside the trail ("Départ › 1 › De Tunis")."""
    from counsel_app.handover.privacy import _flatten

    section = Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                      table_rows=_flatten(RECEIVED_JOURNEY))
    text = poppler_text(render_pdf([section], reference=REF, lang=lang, is_sample=False),
                        tmp_path)
    assert "[EN]" not in text
    for expected in words:
        assert normalise(expected) in text, expected
    assert not re.search(r"[:：] ›", text)
    _no_code(text, "legs", "met_by", "flag_notes", "child")


def test_the_journeys_times_are_printed_with_their_day(sqlite_ctx, tmp_path, monkeypatch):
    """The copy printed a flight's departure and arrival, and the first appointment at the
    office, as their day alone ("1 March 2026"): the hour the person has to be somewhere
    was dropped. Now the day and the time, as the copy's language writes them, on the
    person's own journey and on a journey a received package carried."""
    from datetime import datetime

    from counsel_app.handover.privacy import _flatten
    from counsel_app.travel import privacy as travel_privacy
    from counsel_app.travel.model import Itinerary, Leg, Reception, TravelRecord
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    record = TravelRecord(
        reference=case.reference,
        itinerary=Itinerary(legs=[Leg("Tunis", "Conakry", "TU 701",
                                      datetime(2026, 3, 1, 8, 5), datetime(2026, 3, 1, 13, 40))]),
        reception=Reception(first_appointment=datetime(2026, 3, 3, 10, 30)))
    monkeypatch.setattr(travel_privacy, "TravelRepository",
                        lambda *a: type("R", (), {"find": lambda self, ref: record})())
    received = Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                       table_rows=_flatten(RECEIVED_JOURNEY))
    sections = [*travel_privacy.travel_sections(sqlite_ctx, case.id), received]
    en = poppler_text(render_pdf(sections, reference=REF, lang="en", is_sample=False),
                      tmp_path)
    for when in ("March 1, 2026, 8:05 AM", "March 1, 2026, 1:40 PM",
                 "March 3, 2026, 10:30 AM", "March 1, 2026, 8:00 AM",
                 "March 3, 2026, 10:00 AM"):
        assert normalise(when) in en, when
    fr = poppler_text(render_pdf(sections, reference=REF, lang="fr", is_sample=False),
                      tmp_path)
    for when in ("1 mars 2026, 08:05", "1 mars 2026, 13:40", "3 mars 2026, 10:30",
                 "1 mars 2026, 13:00"):
        assert when in fr, when
    _no_code(fr, "2026-03-01", "08:05:00")


def test_a_received_packages_goals_and_visits_do_not_repeat_their_label(tmp_path):
    """A received plan's goal printed "Goals and actions › 1 › Goals and actions › 1 ›
    What", an office's answer "Follow-up visits › Follow-up visits 2": the same label
    twice, where the second names the goal's action, the number of visits."""
    from counsel_app.handover.privacy import _flatten

    content = {"data": {"plan": {"goals": [{
        "goal": "Workshop", "dimension": "economic",
        "actions": [{"what": "Buy a sewing machine", "who": "Awa"}]}]}},
        "followup": {"visits": 2, "latest_date": "2026-04-01"}}
    section = Section(D_("Details"), table_header=(D_("What"), D_("Details")),
                      table_rows=_flatten(content))
    en = poppler_text(render_pdf([section], reference=REF, lang="en", is_sample=False),
                      tmp_path)
    assert "Goals and actions › 1 › Action › 1 › What" in en
    assert "When you arrive › Follow-up visits 2" in en
    for repeated in ("Goals and actions › 1 › Goals and actions › 1",
                     "Follow-up visits › Follow-up visits"):
        assert repeated not in en, repeated


def test_a_screening_steps_date_reads_as_a_date(sqlite_ctx, tmp_path):
    """A required screening step done, with the counsellor's note: the copy printed
    "2026-12-01 School arranged." (the stored ISO day before the note); the day is now
    written as every other date of the copy is."""
    from datetime import datetime, timezone

    from counsel_app.session.screening import Flag
    from counsel_app.session.store import SessionStore
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    store = SessionStore(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag(Flag.SINGLE_PARENT, True, "Travels with her son.")
    step = record.screening.required()[0].key
    record.screening.mark_step(step, True, datetime(2026, 12, 1, 9, tzinfo=timezone.utc))
    record.screening.steps[step].note = "School arranged."
    store.save_part(record, "screening")

    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert "2026-12-01" not in en
    assert "December 1, 2026, School arranged." in en
    fr = _copy(sqlite_ctx, case, "fr", tmp_path)
    assert "2026-12-01" not in fr and "1 décembre 2026" in fr


def test_a_note_typed_in_another_language_says_so_as_on_the_plan(sqlite_ctx, tmp_path):
    """The counsellor's notes printed in an Arabic or a French copy with no word that they
    are in English. Now each note typed in another language than the copy's is printed as
    typed (never translated), followed by "(written in English)" in the copy's language,
    as the plan and the travel sheet do; a note in the copy's own language has no mark.
    Each note is taken to be in the language the counsellor worked in (the interface's)
    when it was saved, the rule the plan applies when it is saved."""
    from counsel_app.i18n import set_interface_language
    from counsel_app.session.screening import Flag
    from counsel_app.session.store import SessionStore
    from tests.security.conftest import person_case

    case = sqlite_ctx.cases.create(person_case())
    store = SessionStore(sqlite_ctx.db, sqlite_ctx.vault.cipher)
    record = store.load(case.id, case.reference)
    record.screening.set_flag(Flag.SINGLE_PARENT, True, "Travels with her son.")
    record.screening.note = "Stranded in Tunis without means."
    record.assessment.skills = "Hairdresser for five years."
    store.save_part(record, "screening")
    store.save_part(record, "assessment")

    ar = normalise(_copy(sqlite_ctx, case, "ar", tmp_path))
    for note in ("Stranded in Tunis without means.", "Travels with her son.",
                 "Hairdresser for five years."):
        assert f"{note} (مكتوب باللغة الإنجليزية)" in ar, note
    fr = normalise(_copy(sqlite_ctx, case, "fr", tmp_path))
    for note in ("Stranded in Tunis without means.", "Travels with her son.",
                 "Hairdresser for five years."):
        assert f"{note} (écrit en anglais)" in fr, note
    en = _copy(sqlite_ctx, case, "en", tmp_path)
    assert "Stranded in Tunis without means." in en and "written in" not in en

    # a note typed where the counsellors work in French (the interface's language) is
    # taken to be French: no mark in the French copy, the mark in the Arabic one; the
    # notes typed in English before keep theirs
    set_interface_language("fr")
    try:
        record.screening.note = "Bloquée à Tunis sans ressources."
        store.save_part(record, "screening")
        fr = normalise(_copy(sqlite_ctx, case, "fr", tmp_path))
        ar = normalise(_copy(sqlite_ctx, case, "ar", tmp_path))
    finally:
        set_interface_language("en")
    assert "Bloquée à Tunis sans ressources." in fr
    assert "Bloquée à Tunis sans ressources. (écrit en" not in fr
    assert "Travels with her son. (écrit en anglais)" in fr
    assert "Bloquée à Tunis sans ressources. (مكتوب باللغة الفرنسية)" in ar


def test_the_plans_texts_say_their_language_as_the_plan_does(built, tmp_path):
    """The plan's notes, saved by a counsellor working in English (the plan records the
    language it is written in): marked in the French and the Arabic copy, not in the
    English one; the same words and the same mark as the printed plan."""
    plan = built.known["plan"]
    assert f"{plan} (écrit en anglais)" in normalise(copy_text(built, "fr", tmp_path))
    assert f"{plan} (مكتوب باللغة الإنجليزية)" in normalise(copy_text(built, "ar", tmp_path))
    en = copy_text(built, "en", tmp_path)
    assert plan in en and f"{plan} (written in" not in en


@pytest.mark.parametrize("area", ["consent", "follow-up", "opportunities grid"])
def test_every_areas_typed_note_says_its_language(built, tmp_path, area):
    """The consent's teach-back note, the note of the arrival, a wish in the feasibility
    grid: typed in English by staff working in English, marked in the French copy."""
    note = built.known[area]
    fr = normalise(copy_text(built, "fr", tmp_path))
    # (the wish's narrow cell wraps: poppler reads the next column's line in between)
    assert fr.split(note, 1)[1].startswith(" (écrit en "), area
    assert "anglais)" in fr.split(note, 1)[1][:80], area
    assert f"{note} (written in" not in normalise(copy_text(built, "en", tmp_path))
