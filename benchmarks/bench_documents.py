"""Documents: a full four-page bilingual plan (Arabic with French) and the easy-read page.

Target (issue 9): a full four-page bilingual plan renders in under 300 ms (median).
"Cold" clears the shaping cache before every render (nothing shaped before, as for the
first plan printed after start-up); "warm" keeps it (later prints in the same session).
"""

from __future__ import annotations

import io

from benchmarks.harness import peak_python_memory_mb, time_calls

TARGET_MS = 300.0


def run(report) -> None:
    import pypdf

    from counsel_app.documents.easy_read import render_easy_read
    from counsel_app.documents.plan_pdf import PlanDocument, render_plan
    from counsel_app.documents.text import shape
    from counsel_app.plan.samples import sample_plan, sample_text

    t = sample_text("ar")
    doc = PlanDocument(sample_plan("AVRR-2026-000123", "ar"), person_name=t["name"],
                       country=t["country"], counsellor="Counsellor A",
                       organisation="Reception centre (sample)", is_sample=True)
    pdf = render_plan(doc, "ar", second_lang="fr")  # also warms fonts and catalogs
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    name = f"bilingual plan ar+fr, {pages} pages"

    def cold():
        shape.cache_clear()
        render_plan(doc, "ar", second_lang="fr")

    timing = time_calls(cold, repeat=15, warmup=1)
    report.add("documents", f"{name}, cold", median_ms=timing.median, p95_ms=timing.p95,
               memory_mb=peak_python_memory_mb(cold), target=f"< {TARGET_MS:.0f} ms",
               met=timing.median < TARGET_MS)
    timing = time_calls(lambda: render_plan(doc, "ar", second_lang="fr"), repeat=15)
    report.add("documents", f"{name}, warm", median_ms=timing.median, p95_ms=timing.p95,
               target=f"< {TARGET_MS:.0f} ms", met=timing.median < TARGET_MS)
    doc_fr = PlanDocument(sample_plan("AVRR-2026-000123", "fr"), person_name="Aïssatou Barry",
                          country="GN", is_sample=True)
    timing = time_calls(lambda: render_plan(doc_fr, "fr"), repeat=15)
    report.add("documents", "plan fr (Latin only), warm", median_ms=timing.median,
               p95_ms=timing.p95, baseline="", target="")
    timing = time_calls(lambda: render_easy_read(doc, "ar"), repeat=15)
    report.add("documents", "easy-read page ar, warm", median_ms=timing.median,
               p95_ms=timing.p95)
