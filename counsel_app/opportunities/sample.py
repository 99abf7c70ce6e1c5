"""The shipped sample set: fictional opportunities for frequent countries of return.

Every row is marked ``sample = yes`` and its provider's name starts with "SAMPLE —";
providers, contacts and addresses are invented and say so. Regions are real ISO 3166-2
codes (checked against pycountry by the tests). Regenerate the shipped files with
``python -m counsel_app.opportunities.sample`` after changing this list.
"""

from __future__ import annotations

from pathlib import Path

from counsel_app.opportunities.importer import COLUMN_NAMES

SOURCE = "counsel-app sample set (fictional data for training and demonstration)"
SOURCE_DATE = "2026-11-01"
CONTACT = "sample only: no real contact"
ADDRESS = "fictional address"

# (country, region, town, kind, isco, isced, languages, title_en, title_fr, title_ar,
#  start, end, deadline, pay_type, amount, currency, places)
_ROWS: tuple[tuple, ...] = (
    ("GN", "GN-C", "Conakry", "training", "72", "1", "fr", "Welding and metalwork course",
     "Formation en soudure et métallerie", "", "2027-02-01", "2027-07-31", "2027-01-15",
     "stipend", "300000", "GNF", "15"),
    ("GN", "GN-K", "Kankan", "apprenticeship", "74", "1", "fr|man", "Apprentice electrician",
     "Apprenti électricien", "", "2027-03-01", "2028-02-28", "2027-02-15", "", "", "", "6"),
    ("GN", "GN-C", "Conakry", "placement", "", "", "fr", "Job placement desk for returnees",
     "Guichet de placement pour personnes de retour", "", "", "", "", "", "", "", ""),
    ("GN", "GN-N", "Nzérékoré", "startup", "61", "", "fr", "Support to start a farming business",
     "Appui à la création d'une activité agricole", "", "", "", "2027-04-30", "", "", "", "20"),
    ("GN", "GN-D", "Kindia", "job", "83", "2", "fr", "Delivery driver (motorbike)",
     "Livreur à moto", "", "", "", "2025-06-30", "salary", "1500000", "GNF", "3"),
    ("ML", "ML-BKO", "Bamako", "training", "75", "1", "fr|bm", "Tailoring and garment making",
     "Couture et confection", "", "2027-01-10", "2027-06-30", "2026-12-20", "fee", "25000",
     "XOF", "20"),
    ("ML", "ML-3", "Sikasso", "startup", "61", "", "fr|bm", "Market-gardening start-up support",
     "Appui au démarrage du maraîchage", "", "", "", "", "", "", "", "30"),
    ("ML", "ML-BKO", "Bamako", "job", "52", "2", "fr", "Shop assistant", "Vendeur en boutique",
     "", "", "", "2027-01-31", "salary", "60000", "XOF", "2"),
    ("ML", "ML-2", "Koulikoro", "apprenticeship", "71", "", "bm", "Apprentice mason",
     "Apprenti maçon", "", "2027-02-01", "2027-12-31", "", "", "", "", "8"),
    ("ML", "ML-4", "Ségou", "placement", "", "", "fr|bm", "Employment counselling office",
     "Bureau de conseil pour l'emploi", "", "", "", "", "", "", "", ""),
    ("SN", "SN-DK", "Dakar", "training", "72", "2", "fr|wo", "Motor mechanics training",
     "Formation en mécanique automobile", "", "2027-01-15", "2027-09-30", "2027-01-05",
     "stipend", "20000", "XOF", "12"),
    ("SN", "SN-TH", "Thiès", "job", "71", "1", "wo", "Construction worker", "Ouvrier du bâtiment",
     "", "", "", "2027-02-28", "salary", "90000", "XOF", "10"),
    ("SN", "SN-SL", "Saint-Louis", "startup", "62", "", "fr|wo", "Fish processing micro-business",
     "Micro-entreprise de transformation du poisson", "", "", "", "", "", "", "", "15"),
    ("SN", "SN-DK", "Dakar", "training", "25", "3", "fr", "Basic computer and phone repair",
     "Initiation à la réparation d'ordinateurs et de téléphones", "", "2025-03-01",
     "2025-08-31", "2025-02-15", "fee", "15000", "XOF", "20"),
    ("SN", "SN-ZG", "Ziguinchor", "apprenticeship", "75", "", "fr|wo", "Apprentice carpenter",
     "Apprenti menuisier", "", "2027-03-01", "2028-02-29", "", "", "", "", "5"),
    ("NG", "NG-ED", "Benin City", "training", "51", "2", "en", "Hairdressing and beauty course",
     "", "", "2027-02-01", "2027-05-31", "2027-01-20", "stipend", "30000", "NGN", "25"),
    ("NG", "NG-LA", "Lagos", "job", "83", "2", "en|yo", "Warehouse forklift operator", "", "",
     "", "", "2027-01-31", "salary", "120000", "NGN", "4"),
    ("NG", "NG-ED", "Benin City", "startup", "52", "", "en", "Small retail business grant "
     "coaching", "", "", "", "", "", "", "", "", "40"),
    ("NG", "NG-KN", "Kano", "apprenticeship", "72", "", "ha|en", "Apprentice welder", "", "",
     "2027-02-15", "2027-12-15", "", "", "", "", "6"),
    ("NG", "NG-FC", "Abuja", "placement", "", "", "en", "Job-seeker registration and referral",
     "", "", "", "", "", "", "", "", ""),
    ("IQ", "IQ-NI", "Mosul", "training", "71", "1", "ar", "Plumbing course", "",
     "دورة في السباكة", "2027-02-01", "2027-04-30", "2027-01-20", "stipend", "150000", "IQD",
     "15"),
    ("IQ", "IQ-KR", "Erbil", "job", "94", "", "ckb|ar", "Kitchen assistant", "", "مساعد مطبخ",
     "", "", "2027-01-31", "salary", "450000", "IQD", "3"),
    ("IQ", "IQ-BG", "Baghdad", "startup", "", "", "ar", "Micro-business start-up coaching", "",
     "إرشاد لبدء مشروع صغير", "", "", "", "", "", "", "25"),
    ("IQ", "IQ-BA", "Basra", "training", "74", "2", "ar", "Solar panel installation course", "",
     "دورة في تركيب الألواح الشمسية", "2027-03-01", "2027-06-30", "2027-02-15", "", "", "",
     "12"),
    ("IQ", "IQ-BG", "Baghdad", "placement", "", "", "ar|en", "Employment referral desk", "",
     "مكتب الإحالة إلى العمل", "", "", "", "", "", "", ""),
    ("AF", "AF-KAB", "Kabul", "training", "75", "", "fa|ps", "Carpet weaving workshop", "", "",
     "2027-02-01", "2027-07-31", "2027-01-25", "stipend", "3000", "AFN", "20"),
    ("AF", "AF-HER", "Herat", "startup", "61", "", "fa", "Livestock and dairy start-up support",
     "", "", "", "", "", "", "", "", "15"),
    ("AF", "AF-BAL", "Mazar-i-Sharif", "apprenticeship", "72", "", "fa|uz", "Apprentice car "
     "mechanic", "", "", "2027-03-01", "2028-02-29", "", "", "", "", "4"),
    ("AF", "AF-NAN", "Jalalabad", "job", "93", "", "ps", "Construction labourer", "", "", "",
     "", "2027-01-31", "salary", "9000", "AFN", "10"),
    ("ET", "ET-AA", "Addis Ababa", "training", "51", "2", "am", "Hotel and catering course",
     "", "", "2027-02-01", "2027-06-30", "2027-01-20", "fee", "1500", "ETB", "30"),
    ("ET", "ET-OR", "Adama", "startup", "75", "", "om|am", "Leather goods micro-business support",
     "", "", "", "", "", "", "", "", "12"),
    ("ET", "ET-AM", "Bahir Dar", "apprenticeship", "74", "2", "am", "Apprentice electrician", "",
     "", "2027-02-15", "2028-01-31", "2027-02-01", "", "", "", "6"),
    ("ET", "ET-AA", "Addis Ababa", "placement", "", "", "am|en", "Public employment office "
     "registration", "", "", "", "", "", "", "", "", ""),
    ("ET", "ET-TI", "Mekelle", "job", "83", "2", "ti|am", "Minibus driver", "", "", "", "",
     "2025-12-31", "salary", "6000", "ETB", "2"),
    ("GE", "GE-TB", "Tbilisi", "training", "25", "3", "ka", "Web development bootcamp", "", "",
     "2027-02-01", "2027-05-31", "2027-01-15", "fee", "0", "GEL", "25"),
    ("GE", "GE-IM", "Kutaisi", "startup", "61", "", "ka", "Greenhouse farming start-up grant "
     "coaching", "", "", "", "", "", "", "", "", "20"),
    ("GE", "GE-AJ", "Batumi", "job", "51", "2", "ka|en|ru", "Hotel housekeeping staff", "", "",
     "", "", "2027-03-31", "salary", "900", "GEL", "8"),
    ("GE", "GE-KK", "Rustavi", "apprenticeship", "72", "2", "ka", "Apprentice welder", "", "",
     "2027-02-01", "2027-11-30", "", "", "", "", "5"),
    ("GE", "GE-TB", "Tbilisi", "placement", "", "", "ka|ru", "Job-seeker placement service", "",
     "", "", "", "", "", "", "", ""),
)

_PROVIDER_NOUN = {
    "training": "Training Centre", "apprenticeship": "Apprenticeship Scheme",
    "startup": "Business Support Unit", "placement": "Placement Office", "job": "Employer",
}


def sample_rows() -> list[dict[str, str]]:
    """The sample set as rows keyed by the template's column names."""
    rows = []
    for number, r in enumerate(_ROWS, start=1):
        (country, region, town, kind, isco, isced, languages, title_en, title_fr, title_ar,
         start, end, deadline, pay_type, amount, currency, places) = r
        row = {name: "" for name in COLUMN_NAMES}
        row.update(
            kind=kind, title_en=title_en, title_fr=title_fr, title_ar=title_ar,
            description_en="SAMPLE: fictional offer for training and demonstration only.",
            description_fr="EXEMPLE : offre fictive, pour la formation et la démonstration."
            if title_fr else "",
            country=country, region=region, town=town, sector_isco=isco,
            education_min_isced=isced, languages=languages,
            provider_name=f"SAMPLE — Fictional {_PROVIDER_NOUN[kind]} ({town})",
            provider_contact=CONTACT, provider_address=ADDRESS,
            provider_reference=f"SAMPLE-{country}-{number:03d}",
            start_date=start, end_date=end, application_deadline=deadline,
            pay_type=pay_type, amount=amount, currency=currency, places=places,
            source=SOURCE, source_date=SOURCE_DATE, sample="yes",
        )
        rows.append(row)
    return rows


def write_sample_set(folder: Path) -> list[Path]:
    """Write ``sample_opportunities.csv`` (UTF-8 with BOM) and ``.xlsx`` into ``folder``."""
    from openpyxl import Workbook

    from country_info.csvfile import write_csv
    from country_info.files import replacing

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = sample_rows()
    csv_path = folder / "sample_opportunities.csv"
    write_csv(csv_path, [list(COLUMN_NAMES)] + [[row[name] for name in COLUMN_NAMES]
                                                for row in rows], private=False)
    xlsx_path = folder / "sample_opportunities.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "opportunities"
    sheet.append(list(COLUMN_NAMES))
    for row in rows:
        sheet.append([row[name] for name in COLUMN_NAMES])
    with replacing(xlsx_path, private=False) as tmp:
        workbook.save(tmp)
    return [csv_path, xlsx_path]


if __name__ == "__main__":  # pragma: no cover - maintenance helper
    from counsel_app.paths import resources_dir

    for written in write_sample_set(resources_dir() / "opportunities"):
        print(written)
