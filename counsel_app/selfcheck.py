"""``counsel-app --self-check``: prove an installed or built app is whole.

Each check is a function returning a one-line description of what it verified, or raising
an exception saying what is wrong. One line is printed per check; the exit code is non-zero
when any check fails. Checks run with a temporary data folder and never touch the user's.
"""

from __future__ import annotations

import importlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from counsel_app.i18n import _

#: "module:function" names of the checks, in order.
CHECKS: list[str] = [
    "counsel_app.selfcheck:check_catalogs",
    "counsel_app.selfcheck:check_database",
    "country_info.selfcheck:check_country_packs",
]


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


def run_checks(names: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    """Run the checks; print one line each; return the number of failures."""
    os.environ.setdefault("COUNSEL_APP_FAST_KDF", "1")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="counsel-selfcheck-data-") as data:
        previous = os.environ.get("COUNSEL_APP_DATA_DIR")
        os.environ["COUNSEL_APP_DATA_DIR"] = data
        try:
            for name in names or CHECKS:
                module, func = name.split(":")
                start = time.perf_counter()
                try:
                    what = getattr(importlib.import_module(module), func)()
                    out(f"ok    {what} ({(time.perf_counter() - start) * 1000:.0f} ms)")
                except Exception as exc:  # noqa: BLE001 - a failed check is reported, not raised
                    failures += 1
                    out(f"FAIL  {func}: {type(exc).__name__}: {exc}")
        finally:
            if previous is None:
                os.environ.pop("COUNSEL_APP_DATA_DIR", None)
            else:
                os.environ["COUNSEL_APP_DATA_DIR"] = previous
    out(_("All checks passed.") if not failures else
        _("{count} check(s) failed.").format(count=failures))
    return failures
