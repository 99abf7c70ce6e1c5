"""Catalog maintenance: extract the ``.pot``, update ``.po`` files, compile ``.mo``.

    python -m counsel_app.i18n.catalogs extract   # scan the sources into translations/counsel_app.pot
    python -m counsel_app.i18n.catalogs update    # merge the .pot into every .po
    python -m counsel_app.i18n.catalogs compile   # .po -> .mo (the build and the test command)
    python -m counsel_app.i18n.catalogs stats     # how complete each catalog is
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from counsel_app.i18n import DOCUMENTS_DOMAIN, DOMAIN, compile_po_bytes
from counsel_app.paths import bundle_root, translations_dir

#: keywords per gettext domain: the interface, and documents (printed in many languages)
KEYWORDS = {
    DOMAIN: {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)},
    DOCUMENTS_DOMAIN: {"D_": None, "Dn_": (1, 2)},
}
SOURCE_DIRS = ("counsel_app", "country_info")


def pot_path(domain: str = DOMAIN) -> Path:
    return translations_dir() / f"{domain}.pot"


def po_files(domain: str | None = None) -> list[Path]:
    domains = [domain] if domain else list(KEYWORDS)
    return sorted(p for d in domains for p in translations_dir().glob(f"*/LC_MESSAGES/{d}.po"))


def extract() -> dict[str, Catalog]:
    """Write one ``.pot`` per domain; return the catalogs."""
    out = {}
    root = bundle_root()
    for domain, keywords in KEYWORDS.items():
        catalog = Catalog(project="counsel-app", msgid_bugs_address="", charset="utf-8",
                          creation_date=datetime(2026, 1, 1, tzinfo=timezone.utc))
        for folder in SOURCE_DIRS:
            for filename, lineno, message, comments, context in extract_from_dir(
                root / folder, method_map=[("**.py", "python")], keywords=keywords,
                comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
            ):
                catalog.add(message, None, [(f"{folder}/{filename}", lineno)],
                            auto_comments=comments, context=context)
        pot_path(domain).parent.mkdir(parents=True, exist_ok=True)
        with pot_path(domain).open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, omit_header=False)
        out[domain] = catalog
    return out


def update() -> None:
    for domain in KEYWORDS:
        _update_domain(domain)


def _update_domain(domain: str) -> None:
    with pot_path(domain).open("rb") as handle:
        template = read_po(handle)
    for po in po_files(domain):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=True)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, ignore_obsolete=True)


def compile_all() -> list[Path]:
    written = []
    for po in po_files():
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po_bytes(po))
        written.append(mo)
    return written


def stats() -> dict[str, tuple[int, int]]:
    """``{"lang/domain": (translated, total)}``."""
    out = {}
    for po in po_files():
        with po.open("rb") as handle:
            catalog = read_po(handle)
        messages = [m for m in catalog if m.id]
        done = [m for m in messages if m.string and (not isinstance(m.string, tuple) or all(m.string))
                and not m.fuzzy]
        out[f"{po.parent.parent.name}/{po.stem}"] = (len(done), len(messages))
    return out


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("extract", "update", "compile", "stats"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "extract":
        for domain, catalog in extract().items():
            print(f"{len(catalog)} messages -> {pot_path(domain)}")
    elif argv[0] == "update":
        update()
    elif argv[0] == "compile":
        written = compile_all()
        print(f"compiled {len(written)} catalogs")
    else:
        for lang, (done, total) in stats().items():
            print(f"{lang:24} {done:5}/{total:<5} {100 * done // max(total, 1):3}%")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
