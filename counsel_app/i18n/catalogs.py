"""Catalog maintenance: extract the ``.pot``, update ``.po`` files, compile ``.mo``, check.

    python -m counsel_app.i18n.catalogs extract   # scan the sources into translations/<domain>.pot
    python -m counsel_app.i18n.catalogs update    # create missing .po (per languages.json), merge the .pot into every .po
    python -m counsel_app.i18n.catalogs compile   # .po -> .mo (the build and the test command)
    python -m counsel_app.i18n.catalogs stats     # how complete each catalog is, against its declared state
    python -m counsel_app.i18n.catalogs check     # placeholders, declared-complete catalogs, parse/compile (exit 1 on a problem)
    python -m counsel_app.i18n.catalogs todo LANG [DOMAIN]   # the untranslated messages of one catalog

The workflow is in ``docs/translations.md``.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from counsel_app.i18n import DOCUMENTS_DOMAIN, DOMAIN, SOURCE_LANGUAGE, compile_po_bytes
from counsel_app.paths import bundle_root, translations_dir
from country_info.files import replacing, write_atomically

#: keywords per gettext domain: the interface, and documents (printed in many languages)
KEYWORDS = {
    DOMAIN: {"_": None, "N_": None, "Nn_": (1, 2), "ngettext": (1, 2),
             "pgettext": ((1, "c"), 2)},
    DOCUMENTS_DOMAIN: {"D_": None, "Dn_": (1, 2)},
}
SOURCE_DIRS = ("counsel_app", "country_info")
#: a named or positional brace placeholder; ``{{`` and ``}}`` are literal braces
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def pot_path(domain: str = DOMAIN) -> Path:
    return translations_dir() / f"{domain}.pot"


def po_path(lang: str, domain: str) -> Path:
    return translations_dir() / lang / "LC_MESSAGES" / f"{domain}.po"


def po_files(domain: str | None = None) -> list[Path]:
    domains = [domain] if domain else list(KEYWORDS)
    return sorted(p for d in domains for p in translations_dir().glob(f"*/LC_MESSAGES/{d}.po"))


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        if path.suffix == ".pot":
            return read_po(handle)
        return read_po(handle, locale=path.parent.parent.name)


def extract() -> dict[str, Catalog]:
    """Write one ``.pot`` per domain; return the catalogs."""
    out = {}
    root = bundle_root()
    for domain, keywords in KEYWORDS.items():
        catalog = Catalog(project="counsel-app", msgid_bugs_address="", charset="utf-8",
                          creation_date=datetime(2026, 1, 1, tzinfo=timezone.utc))
        for folder in SOURCE_DIRS:
            if not (root / folder).is_dir():
                continue
            for filename, lineno, message, comments, context in extract_from_dir(
                root / folder, method_map=[("**.py", "python")], keywords=keywords,
                comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
            ):
                catalog.add(message, None, [(f"{folder}/{filename}", lineno)],
                            auto_comments=comments, context=context)
        pot_path(domain).parent.mkdir(parents=True, exist_ok=True)
        with replacing(pot_path(domain), private=False) as tmp, tmp.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, include_lineno=False,
                     omit_header=False)
        out[domain] = catalog
    return out


def planned_catalogs() -> list[tuple[str, str]]:
    """``(lang, domain)`` of every catalog the manifest asks for (English has none)."""
    from counsel_app.i18n.languages import manifest

    out = []
    for info in manifest().values():
        for domain, state in info.catalogs.items():
            if info.code != SOURCE_LANGUAGE and state != "source":
                out.append((info.code, domain))
    return out


def init_missing() -> list[Path]:
    """Create an empty ``.po`` for every catalog the manifest lists and that is missing."""
    created = []
    for lang, domain in planned_catalogs():
        path = po_path(lang, domain)
        if path.exists():
            continue
        template = read_catalog(pot_path(domain))
        catalog = Catalog(locale=lang, project="counsel-app", charset="utf-8",
                          creation_date=template.creation_date, domain=domain,
                          fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path, private=False) as tmp, tmp.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, include_lineno=False,
                     ignore_obsolete=True)
        created.append(path)
    return created


def update() -> list[Path]:
    """Create missing catalogs, then merge each ``.pot`` into its ``.po`` files. New
    strings arrive untranslated (never fuzzy-guessed); removed ones are dropped."""
    created = init_missing()
    for domain in KEYWORDS:
        _update_domain(domain)
    return created


def _update_domain(domain: str) -> None:
    template = read_catalog(pot_path(domain))
    for po in po_files(domain):
        catalog = read_catalog(po)
        catalog.update(template, no_fuzzy_matching=True)
        with replacing(po, private=False) as tmp, tmp.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, include_lineno=False,
                     ignore_obsolete=True)


def compile_all() -> list[Path]:
    written = []
    for po in po_files():
        mo = po.with_suffix(".mo")
        write_atomically(mo, compile_po_bytes(po), private=False)
        written.append(mo)
    return written


def stats() -> dict[str, tuple[int, int]]:
    """``{"lang/domain": (translated, total)}``."""
    from counsel_app.i18n.languages import is_translated

    out = {}
    for po in po_files():
        messages = [m for m in read_catalog(po) if m.id]
        done = [m for m in messages if is_translated(m)]
        out[f"{po.parent.parent.name}/{po.stem}"] = (len(done), len(messages))
    return out


def placeholders(text: str) -> set[str]:
    """The brace placeholders of ``text`` (``{name}``, ``{count:d}`` -> ``count``)."""
    names = set()
    for match in _PLACEHOLDER.finditer(text or ""):
        if match.group(1) is not None:
            names.add(re.split(r"[:!]", match.group(1), maxsplit=1)[0])
    return names


def placeholder_problems(po: Path) -> list[str]:
    """Translations whose placeholders differ from their source's (every plural form must
    carry exactly the placeholders of the singular and plural source together)."""
    problems = []
    for message in read_catalog(po):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = (message.string if isinstance(message.string, (tuple, list))
                   else (message.string,))
        expected = set().union(*(placeholders(i) for i in ids))
        for index, translated in enumerate(strings):
            if not translated:
                continue
            found = placeholders(translated)
            if found != expected:
                form = f" (plural form {index})" if len(strings) > 1 else ""
                problems.append(
                    f"{po.relative_to(translations_dir())}:{message.lineno}: {ids[0]!r}{form}: "
                    f"placeholders {sorted(found)} instead of {sorted(expected)}")
    return problems


def check() -> list[str]:
    """Every problem a release must not have, one line each (empty list: all good)."""
    from counsel_app.i18n.languages import COMPLETE, COMPLETE_REVIEWED, manifest

    problems: list[str] = []
    for lang, domain in planned_catalogs():
        if not po_path(lang, domain).exists():
            problems.append(f"{lang}/{domain}: listed in languages.json but "
                            f"{po_path(lang, domain)} is missing (run `update`)")
    counts = stats()
    for po in po_files():
        try:
            compile_po_bytes(po)
        except Exception as exc:  # noqa: BLE001 - report every unreadable catalog
            problems.append(f"{po}: does not parse or compile: {exc}")
            continue
        problems += placeholder_problems(po)
    for info in manifest().values():
        for domain, state in info.catalogs.items():
            if state == COMPLETE_REVIEWED and not info.reviewed_by:
                problems.append(f"{info.code}/{domain}: complete-reviewed without reviewed_by")
            if state in (COMPLETE, COMPLETE_REVIEWED):
                done, total = counts.get(f"{info.code}/{domain}", (0, -1))
                if done != total:
                    problems.append(f"{info.code}/{domain}: declared {state} but only "
                                    f"{done}/{total} strings are translated")
    return problems


def todo(lang: str, domain: str = DOCUMENTS_DOMAIN) -> list[str]:
    from counsel_app.i18n.languages import is_translated

    return [m.id if isinstance(m.id, str) else " | ".join(m.id)
            for m in read_catalog(po_path(lang, domain)) if m.id and not is_translated(m)]


def main(argv: list[str]) -> int:
    commands = ("extract", "update", "compile", "stats", "check", "todo")
    if not argv or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "extract":
        for domain, catalog in extract().items():
            print(f"{len(catalog)} messages -> {pot_path(domain)}")
    elif argv[0] == "update":
        for path in update():
            print(f"created {path}")
        print(f"updated {len(po_files())} catalogs")
    elif argv[0] == "compile":
        written = compile_all()
        print(f"compiled {len(written)} catalogs")
    elif argv[0] == "check":
        problems = check()
        for line in problems:
            print(line)
        print(f"{len(problems)} problem(s)")
        return 1 if problems else 0
    elif argv[0] == "todo":
        if len(argv) < 2:
            print("usage: todo LANG [DOMAIN]", file=sys.stderr)
            return 2
        for message in todo(argv[1], argv[2] if len(argv) > 2 else DOCUMENTS_DOMAIN):
            print(message)
    else:
        from counsel_app.i18n.languages import manifest

        info = manifest()
        for key, (done, total) in stats().items():
            lang, domain = key.split("/")
            declared = info[lang].catalogs.get(domain, "?") if lang in info else "not in manifest"
            print(f"{key:24} {done:5}/{total:<5} {100 * done // max(total, 1):3}%  "
                  f"declared: {declared}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
