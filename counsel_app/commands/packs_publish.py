"""``counsel-app packs keygen | export-key | template | to-sheet | to-folder | check | sign |
bump``: the publisher's toolkit, for an office that writes country information in a
spreadsheet or in a folder of Markdown files.

The rules live in ``country_info.publish``; this module reads arguments and prints.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from counsel_app.errors import UsageError, UserError
from counsel_app.i18n import _, ngettext

#: the passphrase of the publisher's private key, for scripts (never an argument: it would
#: show in the process list)
PASSPHRASE_ENV = "COUNSEL_APP_PACK_PASSPHRASE"


def add_commands(sub) -> None:
    keygen = sub.add_parser("keygen", help=_("publishers: make a key pair to sign packs with"),
                            description=_("Make a publisher's key pair: the private key, encrypted with a "
                                          "passphrase, stays with the office; the public key goes to stations."))
    keygen.add_argument("--publisher", required=True, metavar="ID", help=_("publisher id, e.g. my-ngo"))
    keygen.add_argument("--name", required=True, metavar="NAME", help=_("the publisher's name as stations see it"))
    keygen.add_argument("--out", required=True, metavar="DIR", help=_("folder for the two key files"))
    keygen.set_defaults(func=cmd_keygen)

    export = sub.add_parser("export-key", help=_("publishers: the public key with its fingerprint "
                                                 "(text and QR code) for stations"))
    export.add_argument("key", metavar="PUBLIC_KEY", help=_("the .public-key.json file made by keygen"))
    export.add_argument("--out", required=True, metavar="DIR", help=_("folder to write the files to"))
    export.set_defaults(func=cmd_export_key)

    template = sub.add_parser("template", help=_("publishers: write an empty pack spreadsheet (or folder) to fill"))
    template.add_argument("--out", required=True, metavar="FILE",
                          help=_("the .xlsx or .csv file to write, or a new folder (a pack as Markdown files)"))
    template.add_argument("--country", default="IQ", metavar="CODE", help=_("ISO 3166 code, e.g. GN"))
    template.add_argument("--langs", default="en,fr,ar", metavar="CODES",
                          help=_("languages with title and text columns, separated by commas"))
    template.set_defaults(func=cmd_template)

    to_sheet = sub.add_parser("to-sheet", help=_("publishers: write a pack file (or folder) as a spreadsheet to edit"))
    to_sheet.add_argument("file", metavar="PACKFILE")
    to_sheet.add_argument("--out", required=True, metavar="FILE", help=_("the .xlsx or .csv file to write"))
    to_sheet.set_defaults(func=cmd_to_sheet)

    to_folder = sub.add_parser("to-folder", help=_("publishers: write a pack file or spreadsheet as a folder "
                                                   "of Markdown files to edit"))
    to_folder.add_argument("file", metavar="PACKFILE", help=_("a .json pack, or an .xlsx or .csv sheet"))
    to_folder.add_argument("--out", required=True, metavar="DIR", help=_("a new (or empty) folder"))
    to_folder.set_defaults(func=cmd_to_folder)

    check = sub.add_parser("check", help=_("publishers: check a pack spreadsheet (or folder), row by row"))
    check.add_argument("file", metavar="SHEET", help=_("the .xlsx or .csv file, the pack's folder (or a .json pack)"))
    check.set_defaults(func=cmd_check)

    sign = sub.add_parser("sign", help=_("publishers: check a pack spreadsheet (or folder) and sign it"))
    sign.add_argument("file", metavar="SHEET", help=_("the .xlsx or .csv file, the pack's folder (or a .json pack)"))
    sign.add_argument("--key", required=True, metavar="PRIVATE_KEY", help=_("the .private-key.pem file"))
    sign.add_argument("--out", required=True, metavar="FILE", help=_("the signed pack to write (.pack.json)"))
    sign.set_defaults(func=cmd_sign)

    bump = sub.add_parser("bump", help=_("publishers: raise a pack spreadsheet's version and date it today"))
    bump.add_argument("file", metavar="SHEET", help=_("the .xlsx or .csv file, or the pack's folder"))
    bump.set_defaults(func=cmd_bump)


def _existing(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_file():
        raise UsageError(_("packs: “{path}” is not a file.").format(path=value))
    return path


def _source(value: str) -> Path:
    """A pack file, a sheet or a pack folder (a folder holding pack.md)."""
    from country_info.pack_folder import PACK_FILE

    path = Path(value).expanduser()
    if path.is_dir():
        if not (path / PACK_FILE).is_file():
            raise UsageError(_("packs: the folder “{path}” has no {file}; it is not a pack folder.").format(
                path=value, file=PACK_FILE))
        return path
    return _existing(value)


def _new_folder(value: str) -> Path:
    path = Path(value).expanduser()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UsageError(_("--out: “{path}” is not a new or empty folder.").format(path=value))
    if not path.parent.is_dir():
        raise UsageError(_("--out: the folder “{path}” does not exist.").format(path=path.parent))
    return path


def _folder(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_dir():
        raise UsageError(_("--out: the folder “{path}” does not exist.").format(path=value))
    return path


def _out_file(value: str, suffixes: tuple[str, ...]) -> Path:
    path = Path(value).expanduser()
    if path.is_dir():
        raise UsageError(_("--out: “{path}” is a folder; give a file name.").format(path=path))
    if not path.parent.is_dir():
        raise UsageError(_("--out: the folder “{path}” does not exist.").format(path=path.parent))
    if not path.name.lower().endswith(suffixes):
        raise UsageError(_("--out: the file name must end with {suffixes}.").format(
            suffixes=" / ".join(suffixes)))
    return path


def _passphrase(twice: bool) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UsageError(_("the key's passphrase is asked at the terminal (or set {env}).").format(
            env=PASSPHRASE_ENV))
    first = getpass.getpass(_("Passphrase of the private key: "))
    if twice and getpass.getpass(_("The same passphrase again: ")) != first:
        raise UserError(_("The two passphrases differ; nothing was written."))
    return first


def cmd_keygen(args: argparse.Namespace) -> int:
    from country_info.publish import check_passphrase, create_key, fingerprint, spoken

    folder = _folder(args.out)
    passphrase = _passphrase(twice=True)
    check_passphrase(passphrase)
    private_path, public_path, key = create_key(args.publisher, args.name, passphrase, folder)
    print(_("Private key: {path} (keep it, and its passphrase, safe: whoever has both can sign "
            "packs in your name).").format(path=private_path))
    print(_("Public key: {path} (give it to stations).").format(path=public_path))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=spoken(fingerprint(key))))
    return 0


def cmd_export_key(args: argparse.Namespace) -> int:
    from country_info.publish import export_public_key, fingerprint, read_public_key, spoken

    key = read_public_key(_existing(args.key))
    for path in export_public_key(key, _folder(args.out)):
        print(_("Wrote {path}").format(path=path))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=spoken(fingerprint(key))))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from country_info.publish import LANGUAGE, write_template
    from country_info.validate import known_country

    as_folder = not Path(args.out).suffix
    out = _new_folder(args.out) if as_folder else _out_file(args.out, (".xlsx", ".csv"))
    country = args.country.upper()
    if not known_country(country):
        raise UsageError(_("--country: unknown country code “{code}” (use ISO 3166 codes such as GN, IQ).")
                         .format(code=args.country))
    langs = tuple(code.strip() for code in args.langs.split(",") if code.strip())
    bad = [code for code in langs if not LANGUAGE.match(code)]
    if not langs or bad:
        raise UsageError(_("--langs: “{lang}” is not a language code (en, fr, ar, fa_AF ...).").format(
            lang=(bad or [args.langs])[0]))
    if as_folder:
        from country_info.pack_folder import write_template_folder

        write_template_folder(out, country=country, languages=langs)
    else:
        write_template(out, country=country, languages=langs)
    print(_("Wrote {path}").format(path=out))
    return 0


def cmd_to_sheet(args: argparse.Namespace) -> int:
    from country_info.publish import read_pack_json, write_sheet

    source = _source(args.file)
    pack = read_pack_json(source) if source.is_file() and source.suffix.lower() == ".json" else _checked(source)
    out = _out_file(args.out, (".xlsx", ".csv"))
    write_sheet(pack, out)
    _wrote(out, pack)
    return 0


def cmd_to_folder(args: argparse.Namespace) -> int:
    from country_info.pack_folder import write_folder

    source = _existing(args.file)
    out = _new_folder(args.out)
    pack = _checked(source)
    write_folder(pack, out)
    _wrote(out, pack)
    return 0


def _wrote(out: Path, pack: dict) -> None:
    count = _item_count(pack)
    print(ngettext("Wrote {path} ({count} item).", "Wrote {path} ({count} items).",
                   count).format(path=out, count=count))


def _item_count(pack: dict) -> int:
    return sum(len(s["items"]) for s in pack["sections"].values())


def _checked(path: Path):
    from country_info.pack_folder import load_source

    result = load_source(path)
    if not result.ok:
        for problem in result.problems:
            print(f"{path.name}: {problem}", file=sys.stderr)
        raise UserError(ngettext("{count} problem in {file}.", "{count} problems in {file}.",
                                 len(result.problems)).format(
            count=len(result.problems), file=path.name))
    return result.pack


def cmd_check(args: argparse.Namespace) -> int:
    path = _source(args.file)
    pack = _checked(path)
    count = _item_count(pack)
    print(ngettext("{file}: no problems; pack {pack_id} version {version} for {country}, "
                   "{count} item.",
                   "{file}: no problems; pack {pack_id} version {version} for {country}, "
                   "{count} items.", count).format(
        file=path.name, pack_id=pack["pack_id"], version=pack.get("version", 1), country=pack["country"],
        count=count))
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    from country_info.files import write_atomically
    from country_info.publish import fingerprint, public_key_of, read_private_key, sign_with, spoken
    from country_info.signing import open_envelope

    path = _source(args.file)
    key_path = _existing(args.key)
    out = _out_file(args.out, (".json",))
    pack = _checked(path)
    private = read_private_key(key_path, _passphrase(twice=False))
    key = public_key_of(private, pack["publisher"]["id"], pack["publisher"]["name"])
    _same_publisher(key, key_path)
    envelope = sign_with(pack, private)
    open_envelope(envelope, out.name, keys={key.key_id: key})  # the signature verifies
    import json

    write_atomically(out, json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                     private=False)
    print(_("Signed pack {pack_id} version {version} for {country}: {path}").format(
        pack_id=pack["pack_id"], version=pack.get("version", 1), country=pack["country"], path=out))
    print(_("Signed with key {key} (fingerprint {fingerprint}).").format(
        key=key.key_id, fingerprint=spoken(fingerprint(key))))
    return 0


def _same_publisher(key, key_path: Path) -> None:
    """Refuse to sign for another publisher than the key was made for (stations would refuse
    the pack), when the key's public file lies beside it."""
    from country_info.errors import PackError
    from country_info.publish import PUBLIC_SUFFIX, read_public_key

    for path in key_path.parent.glob(f"*{PUBLIC_SUFFIX}"):
        try:
            public = read_public_key(path)
        except PackError:
            continue
        if public.key_id == key.key_id and public.publisher_id != key.publisher_id:
            raise UserError(_("This key was made for publisher “{signer}”, but the sheet's publisher_id "
                              "is “{publisher}”; stations would refuse the pack.").format(
                signer=public.publisher_id, publisher=key.publisher_id))


def cmd_bump(args: argparse.Namespace) -> int:
    from country_info.publish import bump_sheet

    path = _source(args.file)
    if path.is_dir():
        from country_info.pack_folder import bump_folder

        version, issued = bump_folder(path)
    elif path.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(_("packs bump: “{name}” is not a pack spreadsheet (.xlsx or .csv) or folder.").format(
            name=path.name))
    else:
        version, issued = bump_sheet(path)
    print(_("{file}: version {version}, issued {issued}.").format(file=path.name, version=version, issued=issued))
    return 0
