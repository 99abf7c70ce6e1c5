"""Self-check of the country information (``counsel-app --self-check``)."""

from __future__ import annotations


def check_country_packs() -> str:
    """Every bundled base pack matches its checksum, the signed samples verify against the
    bundled sample key, the schema loads and search answers in Latin and Arabic script."""
    from country_info.library import Library, sample_pack_files

    lib = Library(index_path=":memory:")
    packs = lib.load_all()
    samples = sample_pack_files()
    for path in samples:
        info = lib.verify_file(path)
        if not (info.verified and info.sample):
            raise RuntimeError(f"{path.name} did not verify as a signed sample pack")
    if not lib.search("Conakry") or not lib.search("العراق"):
        raise RuntimeError("search over the bundled packs found nothing")
    lib.close()
    return f"{packs} country packs load, {len(samples)} signed sample packs verify, search works"
