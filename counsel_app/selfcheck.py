"""``counsel-app --self-check``: prove an installed or built app is whole.

Each check is a function returning a one-line description of what it verified, or raising
an exception saying what is wrong; the manifest lists them (:func:`counsel_app.areas.checks`). One line is printed per check; the exit code is non-zero
when any check fails. Checks run with a temporary data folder and never touch the user's.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from counsel_app.i18n import _, ngettext

#: Languages the plan check prints in: Latin, Arabic (right-to-left, shaped) and Ethiopic.
PLAN_CHECK_LANGUAGES = ("en", "ar", "ti")


def check_catalogs() -> str:
    """Every shipped catalog loads and translates."""
    from counsel_app.i18n import DOMAIN, DOCUMENTS_DOMAIN, _load_catalog
    from counsel_app.paths import translations_dir

    loaded = 0
    for domain in (DOMAIN, DOCUMENTS_DOMAIN):
        for folder in sorted(translations_dir().glob("*/LC_MESSAGES")):
            lang = folder.parent.name
            if not any((folder / f"{domain}{ext}").exists() for ext in (".mo", ".po")):
                continue
            catalog = _load_catalog(lang, domain)
            if not getattr(catalog, "_catalog", None):
                raise RuntimeError(f"catalog {lang}/{domain} is empty or unreadable")
            loaded += 1
    if loaded == 0:
        raise RuntimeError(f"no translation catalogs found in {translations_dir()}")
    return f"{loaded} translation catalogs load"


def check_locale_data() -> str:
    """CLDR data (Babel) for every interface and document language: names, dates, numbers.
    The build ships only these languages' data, so a missing one shows here."""
    from datetime import date

    from babel import Locale
    from babel.dates import format_date
    from babel.numbers import format_decimal

    from counsel_app.i18n import DOCUMENT_LANGUAGES, INTERFACE_LANGUAGES

    languages = sorted(set(INTERFACE_LANGUAGES) | set(DOCUMENT_LANGUAGES))
    for lang in languages:
        locale = Locale.parse(lang)  # raises UnknownLocaleError when the data is missing
        if not locale.territories.get("GN") or not locale.languages.get(lang.split("_")[0]):
            raise RuntimeError(f"CLDR data for {lang} has no country or language names")
        if not format_date(date(2026, 12, 15), "long", locale=locale):
            raise RuntimeError(f"CLDR data for {lang} cannot format a date")
        format_decimal(1234.5, locale=locale)
    return f"locale data (dates, numbers, names) for {len(languages)} languages"


def check_fonts() -> str:
    """Every bundled font loads, and for every document language a font shows its script:
    its own name and the plan title in its catalog have no character without a glyph."""
    from counsel_app.documents import fonts
    from counsel_app.i18n import DOCUMENT_LANGUAGES, document_translator
    from counsel_app.i18n.names import native_language_name

    fonts.register_fonts()  # raises when a font file is missing or unreadable
    scripts = set()
    for lang in DOCUMENT_LANGUAGES:
        home = fonts.language_family(lang)
        text = " ".join((native_language_name(lang),
                         document_translator(lang).gettext("Individual reintegration plan")))
        missing = fonts.missing_characters(text)
        if missing:
            raise RuntimeError(f"no bundled font shows {''.join(missing)!r} ({lang})")
        used = {fonts.family_for(ch, home, home) for ch in text if not ch.isspace()}
        if home is not fonts.LATIN and home not in used:
            raise RuntimeError(f"the {home.key} font does not show the {lang} text {text!r}")
        scripts |= {f.key for f in used if f is not None}
    return (f"{len(fonts.FAMILIES)} font families load; {len(DOCUMENT_LANGUAGES)} document "
            f"languages covered ({', '.join(sorted(scripts))})")


def check_database() -> str:
    """A temporary database: migrate, set up a key, store and read back a case."""
    from counsel_app.context import AppContext
    from counsel_app.demo import sample_case
    from counsel_app.storage import keys, migrate
    from counsel_app.storage.db import Database

    with tempfile.TemporaryDirectory(prefix="counsel-selfcheck-") as folder:
        db = Database(f"sqlite:///{Path(folder) / 'check.sqlite'}")
        try:
            migrate.upgrade(db)
            vault = keys.initialise(db, "selfcheck", "self-check password")
            ctx = AppContext(db, vault, "selfcheck")
            case = ctx.cases.create(sample_case())
            again = ctx.cases.get(case.id)
            if again.person != case.person:
                raise RuntimeError("the case read back differs from the one stored")
        finally:
            db.dispose()
    return "database round trip (SQLite, migrations, encryption)"


def check_plan_pdf() -> str:
    """Print the sample reintegration plan in English, Arabic and Tigrinya: each is a PDF of
    at least one page with the fonts embedded."""
    import re

    from counsel_app.documents.plan_pdf import PlanDocument, render_plan
    from counsel_app.plan.samples import sample_plan, sample_text

    pages = []
    for lang in PLAN_CHECK_LANGUAGES:
        doc = PlanDocument(plan=sample_plan("AVRR-2026-000001", lang),
                           person_name="Sample person", is_sample=True,
                           country=sample_text(lang)["country"],
                           organisation="Self-check (sample)")
        data = render_plan(doc, lang)
        count = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
        if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
            raise RuntimeError(f"the {lang} plan is not a complete PDF")
        if count < 1:
            raise RuntimeError(f"the {lang} plan has no pages")
        if b"/FontFile2" not in data:
            raise RuntimeError(f"the {lang} plan has no embedded font")
        pages.append(f"{lang} {count} p.")
    return "plan PDF prints (" + ", ".join(pages) + ")"


def check_libraries() -> str:
    """The compiled libraries the app loads only on first use work in this installation
    (a build can carry a library that fails only when loaded)."""
    import io

    import argon2.low_level
    import numpy as np
    import openpyxl
    import psycopg
    import pypdfium2
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from PIL import Image
    from reportlab.pdfgen.canvas import Canvas

    from country_info.qr import qr_png
    from counsel_app.paths import resources_dir

    values = np.arange(100_000, dtype=np.int64) % 97
    if int(values.sum()) != sum(i % 97 for i in range(100_000)) or \
            int(np.argsort(-values, kind="stable")[0]) != 96:
        raise RuntimeError("numpy computes wrong results")
    qr = Image.open(io.BytesIO(qr_png("AVRR-2026-000001")))
    if qr.size[0] < 21:
        raise RuntimeError("the QR code image is too small")
    workbook = openpyxl.load_workbook(
        resources_dir() / "opportunities" / "sample_opportunities.xlsx", read_only=True)
    rows = sum(1 for _ in workbook.worksheets[0].iter_rows())
    workbook.close()
    if rows < 2:
        raise RuntimeError("the sample opportunities workbook reads empty")
    libpq = psycopg.pq.version()  # loads libpq
    key = AESGCM.generate_key(bit_length=256)
    if AESGCM(key).decrypt(b"0" * 12, AESGCM(key).encrypt(b"0" * 12, b"x", None), None) != b"x":
        raise RuntimeError("AES-GCM round trip failed")
    argon2.low_level.hash_secret_raw(b"pw", b"saltsaltsalt", 1, 8, 1, 16,
                                     argon2.low_level.Type.ID)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "self-check")
    canvas.save()
    pdf = pypdfium2.PdfDocument(buffer.getvalue())
    pages = len(pdf)
    pdf.close()
    if pages != 1:
        raise RuntimeError("pdfium did not read a one-page PDF")
    return (f"libraries load: numpy, Pillow + QR code, openpyxl ({rows} rows), "
            f"libpq {libpq}, AES-GCM, Argon2, pdfium")


def run_checks(checks: Sequence[Callable[[], str]], out: Callable[[str], None] = print) -> int:
    """Run ``checks`` in order; print one line each; return the number of failures."""
    os.environ.setdefault("COUNSEL_APP_FAST_KDF", "1")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="counsel-selfcheck-data-") as data:
        previous = os.environ.get("COUNSEL_APP_DATA_DIR")
        os.environ["COUNSEL_APP_DATA_DIR"] = data
        try:
            for check in checks:
                start = time.perf_counter()
                try:
                    what = check()
                    out(f"ok    {what} ({(time.perf_counter() - start) * 1000:.0f} ms)")
                except Exception as exc:  # noqa: BLE001 - a failed check is reported, not raised
                    failures += 1
                    out(f"FAIL  {check.__name__}: {type(exc).__name__}: {exc}")
        finally:
            if previous is None:
                os.environ.pop("COUNSEL_APP_DATA_DIR", None)
            else:
                os.environ["COUNSEL_APP_DATA_DIR"] = previous
    out(_("All checks passed.") if not failures else
        ngettext("{count} check failed.", "{count} checks failed.", failures).format(
            count=failures))
    return failures
