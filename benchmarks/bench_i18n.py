"""Languages: what a screen or a print pays for translation, names and formatting.

* *load catalog*: compiling the Arabic interface ``.po`` in memory (what a source checkout
  without ``.mo`` pays once per language; the build ships ``.mo``);
* *gettext*: one ``_()`` lookup, against a plain dict lookup as baseline;
* *country list*: all ~250 country names in Dari, sorted with the Unicode Collation
  Algorithm (the combo box of the intake), against Python's plain ``sorted`` as baseline;
* *format*: one date and one amount in ``ar_IQ`` (Eastern Arabic digits), against Babel
  alone (Latin digits) as baseline;
* *print advice*: the warning and bilingual choice for a document language (reads the
  catalog once, then cached).
"""

from __future__ import annotations

import datetime as dt

from benchmarks.harness import time_calls


def run(report) -> None:
    from babel import dates as babel_dates

    from counsel_app.i18n import compile_po_bytes, reload_catalogs, translator
    from counsel_app.i18n import formatting as F
    from counsel_app.i18n import languages as L
    from counsel_app.i18n import names as N
    from counsel_app.i18n.catalogs import po_path

    area = "i18n"
    po = po_path("ar", "counsel_app")
    t = time_calls(lambda: compile_po_bytes(po), repeat=5, warmup=1)
    report.add(area, "compile ar interface .po in memory", median_ms=t.median, p95_ms=t.p95)

    reload_catalogs()
    ar = translator("ar")
    plain = {"Interrupted.": "x"}
    keys = ["Interrupted."] * 10_000
    t = time_calls(lambda: [ar.gettext(k) for k in keys], repeat=10)
    base = time_calls(lambda: [plain.get(k) for k in keys], repeat=10)
    report.add(area, "10,000 gettext lookups", median_ms=t.median, p95_ms=t.p95,
               baseline="dict.get", baseline_ms=base.median)

    N.sort_key("fa_AF")  # load the collation table once (≈0.1 s), as the app does
    t = time_calls(lambda: N.countries("fa_AF"), repeat=10)
    names = [n for _c, n in N.countries("fa_AF")]
    base = time_calls(lambda: sorted(names), repeat=10)
    report.add(area, "all countries in Dari, UCA-sorted", median_ms=t.median, p95_ms=t.p95,
               baseline="sorted()", baseline_ms=base.median, target="< 50 ms",
               met=t.median < 50)

    day = dt.date(2026, 3, 14)
    t = time_calls(lambda: (F.format_date(day, "ar_IQ", "long"),
                            F.format_money(1250.5, "USD", "ar_IQ")), repeat=200)
    base = time_calls(lambda: babel_dates.format_date(day, "long", locale="ar_IQ"), repeat=200)
    report.add(area, "date + amount in ar_IQ (native digits)", median_ms=t.median,
               p95_ms=t.p95, baseline="babel date only", baseline_ms=base.median)

    L.reload_manifest()
    t = time_calls(lambda: L.print_advice("fa_AF", prefer=("fr",)), repeat=50, warmup=1)
    report.add(area, "print advice (cached catalog counts)", median_ms=t.median, p95_ms=t.p95)
