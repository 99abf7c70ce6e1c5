"""Write the signed SAMPLE curated packs shipped in country_info/packs/curated/.

    .venv/bin/python -m tests.country_info.make_sample_packs

The sample publisher's private key lives here, in tests/country_info/keys/, and nowhere
the program reads at run time: the program only ships the public key
(resources/publisher_keys/sample-publisher.json, marked ``"sample": true``). Anyone with a
clone can re-sign the samples; that is fine for a sample and exactly why no real pack may
ever be signed with this key. Ed25519 signatures are deterministic, so running this again
reproduces the committed files byte for byte (a test checks it).

The content is illustrative on purpose: "Sample organisation", placeholder phone numbers
and addresses, no facts about the countries.
"""

from __future__ import annotations

import json
from pathlib import Path

from country_info.signing import key_from_record, load_private_key, sign_pack

ROOT = Path(__file__).resolve().parents[2]
KEY_FILE = Path(__file__).resolve().parent / "keys" / "sample-publisher.pem"
PUBLIC_KEY_FILE = ROOT / "resources" / "publisher_keys" / "sample-publisher.json"
OUT_DIR = ROOT / "country_info" / "packs" / "curated"

PUBLISHER = {"id": "sample-publisher", "name": "Sample publisher (illustrative, not a real organisation)"}
SOURCE = {"title": "Sample country sheet (illustrative)", "publisher": "Sample organisation"}
LICENCE = "CC0-1.0 (sample text)"

NOTES = {
    "en": "SAMPLE pack: illustrative content showing the format. It contains no real information "
          "about this country; do not give it to anyone as advice.",
    "fr": "Paquet d'EXEMPLE : contenu illustratif qui montre le format. Il ne contient aucune "
          "information réelle sur ce pays ; ne le remettez à personne comme conseil.",
    "ar": "حزمة نموذجية: محتوى توضيحي يبيّن الشكل فقط. لا تحتوي على أي معلومات حقيقية عن هذا البلد؛ "
          "لا تقدّمها لأحد على أنها نصيحة.",
}


def _item(item_id, title, text, date, source_language="en", organisation=None, regions=None):
    out = {"id": item_id, "title": title, "text": text, "source": dict(SOURCE), "date": date,
           "source_language": source_language, "licence": LICENCE, "tags": ["sample"]}
    if organisation:
        out["organisation"] = organisation
    if regions:
        out["regions"] = list(regions)
    return out


def _organisation(city: str, city_fr: str | None = None, city_ar: str | None = None) -> dict:
    name = {"en": "Sample organisation – reception desk (illustrative)",
            "fr": "Organisation d'exemple – accueil (illustratif)",
            "ar": "منظمة نموذجية – مكتب الاستقبال (توضيحي)"}
    address = {"en": f"1 Sample Street, {city} (placeholder address)",
               "fr": f"1 rue de l'Exemple, {city_fr or city} (adresse fictive)",
               "ar": f"1 شارع النموذج، {city_ar or city} (عنوان افتراضي)"}
    hours = {"en": "Monday to Thursday, 09:00–13:00 (sample hours)",
             "fr": "Du lundi au jeudi, 9 h – 13 h (horaires d'exemple)",
             "ar": "من الاثنين إلى الخميس، 09:00–13:00 (مواعيد نموذجية)"}
    services = {"en": "Reception on arrival, referral to partners, help with a reintegration plan (sample list).",
                "fr": "Accueil à l'arrivée, orientation vers des partenaires, aide au plan de réintégration "
                      "(liste d'exemple).",
                "ar": "الاستقبال عند الوصول، والإحالة إلى الشركاء، والمساعدة في خطة إعادة الإدماج (قائمة نموذجية)."}
    return {"name": name, "address": address, "phone": ["+000 00 00 00 00"],
            "email": ["sample@example.org"], "website": "https://example.org/sample",
            "opening_hours": hours, "services": services}


def sample_pack(country: str, city: str, city_fr: str, city_ar: str, langs: tuple[str, ...],
                region: str, region_name: str) -> dict:
    def only(texts: dict) -> dict:
        return {k: v for k, v in texts.items() if k in langs}

    org = _organisation(city, city_fr, city_ar)
    org = {k: (only(v) if isinstance(v, dict) else v) for k, v in org.items()}
    sections = {
        "services": {"items": [_item(
            "services.sample-reception",
            only({"en": "Sample reception and reintegration office",
                  "fr": "Bureau d'accueil et de réintégration (exemple)",
                  "ar": "مكتب نموذجي للاستقبال وإعادة الإدماج"}),
            only({"en": "SAMPLE entry. A real pack names a real organisation, checked by your office, "
                        "with its address, phone and opening hours.",
                  "fr": "Entrée d'EXEMPLE. Un vrai paquet nomme une vraie organisation, vérifiée par votre "
                        "bureau, avec son adresse, son téléphone et ses horaires.",
                  "ar": "مدخل نموذجي. الحزمة الحقيقية تذكر منظمة حقيقية تحقّق منها مكتبكم، مع عنوانها وهاتفها "
                        "ومواعيد عملها."}),
            "2026-10", organisation=org)]},
        "contacts": {"items": [_item(
            "contacts.sample-hotline",
            only({"en": "Sample hotline", "fr": "Ligne d'écoute (exemple)", "ar": "خط هاتفي نموذجي"}),
            only({"en": "Placeholder number: +000 00 00 00 00 (not a real service).",
                  "fr": "Numéro fictif : +000 00 00 00 00 (ce n'est pas un vrai service).",
                  "ar": "رقم افتراضي: ‎+000 00 00 00 00 (ليست خدمة حقيقية)."}),
            "2026-10")]},
        "documents": {"items": [_item(
            "documents.sample-birth-certificate",
            only({"en": "Birth certificate (sample sheet)",
                  "fr": "Acte de naissance (fiche d'exemple)",
                  "ar": "شهادة الميلاد (ورقة نموذجية)"}),
            only({"en": "SAMPLE text. Here your organisation describes, from checked sources, where and how "
                        "a returnee obtains a copy of a birth certificate, what it costs and how long it takes.",
                  "fr": "Texte d'EXEMPLE. Ici, votre organisation décrit, à partir de sources vérifiées, où et "
                        "comment obtenir une copie d'acte de naissance, son coût et le délai.",
                  "ar": "نص نموذجي. هنا تصف منظمتكم، اعتمادًا على مصادر موثّقة، أين وكيف يحصل العائد على نسخة "
                        "من شهادة الميلاد، وكم تكلّف، وكم تستغرق."}),
            "2025-03")]},
        "health": {"items": [_item(
            "health.sample-clinic-access",
            only({"en": "Access to health care (sample sheet)",
                  "fr": "Accès aux soins (fiche d'exemple)",
                  "ar": "الوصول إلى الرعاية الصحية (ورقة نموذجية)"}),
            only({"en": "SAMPLE text dated March 2025 to show how older information is flagged.",
                  "fr": "Texte d'EXEMPLE daté de mars 2025 pour montrer le signalement des informations anciennes.",
                  "ar": "نص نموذجي مؤرّخ في مارس 2025 لبيان كيفية تمييز المعلومات القديمة."}),
            "2025-03"), _item(
            "health.sample-regional-clinic",
            only({"en": f"Health centre in {region_name} (sample regional sheet)",
                  "fr": f"Centre de santé, {region_name} (fiche régionale d'exemple)",
                  "ar": f"مركز صحي في {region_name} (ورقة إقليمية نموذجية)"}),
            only({"en": "SAMPLE regional entry. It shows how an item about one region is listed first for a "
                        "person returning there, and marked as regional for everyone else.",
                  "fr": "Entrée régionale d'EXEMPLE. Elle montre qu'une information sur une région passe en "
                        "premier pour une personne qui y retourne, et qu'elle est signalée comme régionale "
                        "pour les autres.",
                  "ar": "مدخل إقليمي نموذجي. يبيّن أن المعلومة الخاصة بإقليم واحد تظهر أولًا لمن يعود إليه، "
                        "ويُشار إليها على أنها إقليمية لغيره."}),
            "2026-10", regions=[region])]},
    }
    return {
        "format": "counsel-app-country-pack",
        "schema_version": 1,
        "pack_id": f"sample-{country.lower()}",
        "country": country,
        "kind": "curated",
        "sample": True,
        "publisher": dict(PUBLISHER),
        "issued": "2026-10-15",
        "notes": only(NOTES),
        "sections": sections,
    }


SAMPLES = [
    ("GN", "Conakry", "Conakry", "كوناكري", ("en", "fr"), "GN-KD", "Kindia"),
    ("IQ", "Baghdad", "Bagdad", "بغداد", ("en", "ar", "fr"), "IQ-BA", "Basra"),
    ("ET", "Addis Ababa", "Addis-Abeba", "أديس أبابا", ("en",), "ET-AM", "Amhara"),
]


def signed_samples() -> dict[str, bytes]:
    pem = KEY_FILE.read_bytes()
    out = {}
    for code, city, city_fr, city_ar, langs, region, region_name in SAMPLES:
        envelope = sign_pack(sample_pack(code, city, city_fr, city_ar, langs, region, region_name), pem)
        out[f"sample-{code}.pack.json"] = (json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=True)
                                           + "\n").encode("utf-8")
    return out


def public_key_record() -> bytes:
    from cryptography.hazmat.primitives import serialization

    private = load_private_key(KEY_FILE.read_bytes())
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    import base64

    record = {"format": "counsel-app-publisher-key", "publisher_id": PUBLISHER["id"],
              "name": PUBLISHER["name"], "public_key": base64.b64encode(raw).decode("ascii"), "sample": True}
    record["key_id"] = key_from_record(record, "sample").key_id
    return (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8")


def main() -> None:
    if not KEY_FILE.exists():
        from country_info.signing import generate_key

        pem, _ = generate_key(PUBLISHER["id"], PUBLISHER["name"], sample=True)
        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_bytes(pem)
    PUBLIC_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    PUBLIC_KEY_FILE.write_bytes(public_key_record())
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, blob in signed_samples().items():
        (OUT_DIR / name).write_bytes(blob)
        print(f"wrote {OUT_DIR / name}")


if __name__ == "__main__":
    main()
