"""Closed vocabularies of the opportunities area.

* :data:`ISCO_GROUPS`: ISCO-08 (International Standard Classification of Occupations,
  ILO 2008) major groups (1 digit) and sub-major groups (2 digits), with their titles in
  English (ISCO-08), French (CITP-08) and Spanish (CIUO-08), the languages the ILO publishes
  the classification in. The ILO publishes no Arabic edition: the Arabic titles here are the
  project's own translation (``ISCO_ARABIC_IS_OFFICIAL = False``), to be reviewed by a
  native speaker. No code outside the ILO's structure is listed; unit groups (4 digits) are
  reduced to their sub-major group.
* :class:`IscedLevel`: ISCED 2011 levels of educational attainment (UNESCO), 0 to 8.
* :class:`OpportunityKind`, :class:`PayType`, :class:`FeasibilityRating`.
* Helpers to check and name countries, ISO 3166-2 subdivisions (pycountry), languages
  (Babel/CLDR) and currencies.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import lru_cache

from counsel_app.i18n import N_, interface_language

# -- ISCO-08 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IscoGroup:
    code: str  # "7" (major group) or "72" (sub-major group)
    en: str
    fr: str
    es: str
    ar: str

    @property
    def major(self) -> str:
        return self.code[0]

    def name(self, lang: str | None = None) -> str:
        lang = (lang or interface_language()).replace("-", "_").split("_")[0]
        return getattr(self, lang, None) or self.en


#: The Arabic titles are the project's translation, not an ILO text.
ISCO_ARABIC_IS_OFFICIAL = False

_ISCO_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("1", "Managers", "Directeurs, cadres de direction et gérants", "Directores y gerentes",
     "المديرون"),
    ("11", "Chief executives, senior officials and legislators",
     "Directeurs généraux, cadres supérieurs et membres de l'exécutif et des corps législatifs",
     "Directores ejecutivos, personal directivo de la administración pública y miembros del "
     "poder ejecutivo y de los cuerpos legislativos",
     "الرؤساء التنفيذيون وكبار المسؤولين والمشرعون"),
    ("12", "Administrative and commercial managers",
     "Directeurs de services administratifs et commerciaux",
     "Directores administradores y comerciales", "المديرون الإداريون والتجاريون"),
    ("13", "Production and specialised services managers",
     "Directeurs et cadres de direction, production et services spécialisés",
     "Directores y gerentes de producción y operaciones", "مديرو الإنتاج والخدمات المتخصصة"),
    ("14", "Hospitality, retail and other services managers",
     "Directeurs et gérants de l'hôtellerie, la restauration, le commerce et autres services",
     "Gerentes de hoteles, restaurantes, comercios y otros servicios",
     "مديرو الضيافة والتجزئة والخدمات الأخرى"),
    ("2", "Professionals", "Professions intellectuelles et scientifiques",
     "Profesionales científicos e intelectuales", "الاختصاصيون"),
    ("21", "Science and engineering professionals", "Spécialistes des sciences techniques",
     "Profesionales de las ciencias y de la ingeniería", "الاختصاصيون في العلوم والهندسة"),
    ("22", "Health professionals", "Spécialistes de la santé", "Profesionales de la salud",
     "الاختصاصيون في الصحة"),
    ("23", "Teaching professionals", "Spécialistes de l'enseignement",
     "Profesionales de la enseñanza", "الاختصاصيون في التعليم"),
    ("24", "Business and administration professionals",
     "Spécialistes en administration d'entreprises",
     "Especialistas en organización de la administración pública y de empresas",
     "الاختصاصيون في الأعمال والإدارة"),
    ("25", "Information and communications technology professionals",
     "Spécialistes des technologies de l'information et des communications",
     "Profesionales de tecnología de la información y las comunicaciones",
     "الاختصاصيون في تكنولوجيا المعلومات والاتصالات"),
    ("26", "Legal, social and cultural professionals",
     "Spécialistes de la justice, des sciences sociales et de la culture",
     "Profesionales en derecho, en ciencias sociales y culturales",
     "الاختصاصيون في القانون والشؤون الاجتماعية والثقافية"),
    ("3", "Technicians and associate professionals", "Professions intermédiaires",
     "Técnicos y profesionales de nivel medio", "الفنيون والاختصاصيون المساعدون"),
    ("31", "Science and engineering associate professionals",
     "Professions intermédiaires des sciences et techniques",
     "Profesionales de las ciencias y la ingeniería de nivel medio",
     "الاختصاصيون المساعدون في العلوم والهندسة"),
    ("32", "Health associate professionals", "Professions intermédiaires de la santé",
     "Profesionales de nivel medio de la salud", "الاختصاصيون المساعدون في الصحة"),
    ("33", "Business and administration associate professionals",
     "Professions intermédiaires, finance et administration",
     "Profesionales de nivel medio en operaciones financieras y administrativas",
     "الاختصاصيون المساعدون في الأعمال والإدارة"),
    ("34", "Legal, social, cultural and related associate professionals",
     "Professions intermédiaires des services juridiques, des services sociaux et assimilés",
     "Profesionales de nivel medio de servicios jurídicos, sociales, culturales y afines",
     "الاختصاصيون المساعدون في الشؤون القانونية والاجتماعية والثقافية وما يتصل بها"),
    ("35", "Information and communications technicians",
     "Techniciens de l'information et des communications",
     "Técnicos de la tecnología de la información y las comunicaciones",
     "فنيو تكنولوجيا المعلومات والاتصالات"),
    ("4", "Clerical support workers", "Employés de type administratif",
     "Personal de apoyo administrativo", "العاملون في الدعم المكتبي"),
    ("41", "General and keyboard clerks",
     "Employés de bureau, fonctions générales et employés de saisie", "Oficinistas",
     "الكتبة العامون ومشغلو لوحات المفاتيح"),
    ("42", "Customer services clerks", "Employés de réception, guichetiers et assimilés",
     "Empleados en trato directo con el público", "كتبة خدمة العملاء"),
    ("43", "Numerical and material recording clerks",
     "Employés des services comptables et d'approvisionnement",
     "Empleados contables y encargados del registro de materiales",
     "كتبة تسجيل البيانات الرقمية والمواد"),
    ("44", "Other clerical support workers", "Autres employés de type administratif",
     "Otro personal de apoyo administrativo", "عاملون آخرون في الدعم المكتبي"),
    ("5", "Service and sales workers",
     "Personnel des services directs aux particuliers, commerçants et vendeurs",
     "Trabajadores de los servicios y vendedores de comercios y mercados",
     "العاملون في الخدمات والمبيعات"),
    ("51", "Personal service workers", "Personnel des services directs aux particuliers",
     "Trabajadores de los servicios personales", "العاملون في الخدمات الشخصية"),
    ("52", "Sales workers", "Commerçants et vendeurs", "Vendedores", "العاملون في المبيعات"),
    ("53", "Personal care workers", "Personnel soignant",
     "Trabajadores de los cuidados personales", "العاملون في الرعاية الشخصية"),
    ("54", "Protective services workers",
     "Personnel des services de protection et de sécurité",
     "Personal de los servicios de protección", "العاملون في خدمات الحماية"),
    ("6", "Skilled agricultural, forestry and fishery workers",
     "Agriculteurs et ouvriers qualifiés de l'agriculture, de la sylviculture et de la pêche",
     "Agricultores y trabajadores calificados agropecuarios, forestales y pesqueros",
     "العمال المهرة في الزراعة والحراجة وصيد الأسماك"),
    ("61", "Market-oriented skilled agricultural workers",
     "Agriculteurs et ouvriers qualifiés, agriculture commerciale",
     "Agricultores y trabajadores calificados de explotaciones agropecuarias con destino al "
     "mercado",
     "العمال الزراعيون المهرة الموجَّه إنتاجهم إلى السوق"),
    ("62", "Market-oriented skilled forestry, fishery and hunting workers",
     "Professions commerciales qualifiées de la sylviculture, de la pêche et de la chasse",
     "Trabajadores forestales calificados, pescadores y cazadores",
     "العمال المهرة في الحراجة وصيد الأسماك والصيد البري الموجَّه إنتاجهم إلى السوق"),
    ("63", "Subsistence farmers, fishers, hunters and gatherers",
     "Agriculteurs, pêcheurs, chasseurs et cueilleurs de subsistance",
     "Trabajadores agropecuarios, pescadores, cazadores y recolectores de subsistencia",
     "المزارعون وصيادو الأسماك والصيادون وجامعو الثمار لأغراض الكفاف"),
    ("7", "Craft and related trades workers",
     "Métiers qualifiés de l'industrie et de l'artisanat",
     "Oficiales, operarios y artesanos de artes mecánicas y de otros oficios",
     "العاملون في الحرف والمهن المرتبطة بها"),
    ("71", "Building and related trades workers, excluding electricians",
     "Métiers qualifiés du bâtiment et assimilés, sauf électriciens",
     "Oficiales y operarios de la construcción excluyendo electricistas",
     "العاملون في البناء والحرف المرتبطة به، باستثناء الكهربائيين"),
    ("72", "Metal, machinery and related trades workers",
     "Métiers qualifiés de la métallurgie, de la construction mécanique et assimilés",
     "Oficiales y operarios de la metalurgia, la construcción mecánica y afines",
     "العاملون في المعادن والآلات والحرف المرتبطة بها"),
    ("73", "Handicraft and printing workers", "Métiers de l'artisanat et de l'imprimerie",
     "Artesanos y operarios de las artes gráficas", "العاملون في الحرف اليدوية والطباعة"),
    ("74", "Electrical and electronic trades workers",
     "Métiers de l'électricité et de l'électrotechnique",
     "Trabajadores especializados en electricidad y la electrotecnología",
     "العاملون في الحرف الكهربائية والإلكترونية"),
    ("75", "Food processing, wood working, garment and other craft and related trades workers",
     "Métiers de l'alimentation, du travail sur bois, de l'habillement et autres métiers "
     "qualifiés de l'industrie et de l'artisanat",
     "Operarios y oficiales de procesamiento de alimentos, de la confección, ebanistas, "
     "otros artesanos y afines",
     "العاملون في تجهيز الأغذية والنجارة والملابس والحرف الأخرى المرتبطة بها"),
    ("8", "Plant and machine operators, and assemblers",
     "Conducteurs d'installations et de machines, et ouvriers de l'assemblage",
     "Operadores de instalaciones y máquinas y ensambladores",
     "مشغلو المنشآت والآلات وعمال التجميع"),
    ("81", "Stationary plant and machine operators",
     "Conducteurs de machines et d'installations fixes",
     "Operadores de instalaciones fijas y máquinas", "مشغلو المنشآت والآلات الثابتة"),
    ("82", "Assemblers", "Ouvriers de l'assemblage", "Ensambladores", "عمال التجميع"),
    ("83", "Drivers and mobile plant operators",
     "Conducteurs de véhicules et d'engins lourds de levage et de manœuvre",
     "Conductores de vehículos y operadores de equipos pesados móviles",
     "السائقون ومشغلو المعدات المتنقلة"),
    ("9", "Elementary occupations", "Professions élémentaires", "Ocupaciones elementales",
     "المهن الأولية"),
    ("91", "Cleaners and helpers", "Aides de ménage", "Limpiadores y asistentes",
     "عمال النظافة والمساعدون"),
    ("92", "Agricultural, forestry and fishery labourers",
     "Manœuvres de l'agriculture, de la pêche et de la sylviculture",
     "Peones agropecuarios, pesqueros y forestales",
     "العمال في الزراعة والحراجة وصيد الأسماك"),
    ("93", "Labourers in mining, construction, manufacturing and transport",
     "Manœuvres des mines, du bâtiment et des travaux publics, des industries "
     "manufacturières et des transports",
     "Peones de la minería, la construcción, la industria manufacturera y el transporte",
     "العمال في التعدين والبناء والصناعة التحويلية والنقل"),
    ("94", "Food preparation assistants", "Assistants de fabrication de l'alimentation",
     "Ayudantes de preparación de alimentos", "مساعدو إعداد الطعام"),
    ("95", "Street and related sales and service workers",
     "Vendeurs ambulants et autres travailleurs des petits métiers des rues et assimilés",
     "Vendedores ambulantes de servicios y afines",
     "العاملون في البيع والخدمات في الشوارع وما يتصل بها"),
    ("96", "Refuse workers and other elementary workers",
     "Éboueurs et autres travailleurs non qualifiés",
     "Recolectores de desechos y otras ocupaciones elementales",
     "عمال جمع النفايات وعاملون آخرون في المهن الأولية"),
    ("0", "Armed forces occupations", "Professions militaires", "Ocupaciones militares",
     "مهن القوات المسلحة"),
    ("01", "Commissioned armed forces officers", "Officiers des forces armées",
     "Oficiales de las fuerzas armadas", "ضباط القوات المسلحة"),
    ("02", "Non-commissioned armed forces officers", "Sous-officiers des forces armées",
     "Suboficiales de las fuerzas armadas", "ضباط الصف في القوات المسلحة"),
    ("03", "Armed forces occupations, other ranks", "Autres membres des forces armées",
     "Otros miembros de las fuerzas armadas", "مهن القوات المسلحة، الرتب الأخرى"),
)

#: code -> group, for the 10 major and 43 sub-major groups of ISCO-08.
ISCO_GROUPS: dict[str, IscoGroup] = {row[0]: IscoGroup(*row) for row in _ISCO_ROWS}


@lru_cache(maxsize=4096)
def isco_sector(code: str) -> str | None:
    """The sector code (major or sub-major group) a user-given ISCO code stands for.

    "7" and "72" stand for themselves; a unit or minor group ("7212", "721") for its
    sub-major group ("72") when that exists. ``None`` when the code is not ISCO-08.
    """
    code = (code or "").strip()
    if code.endswith(".0"):  # a number cell read as float
        code = code[:-2]
    if not code.isdigit() or not 1 <= len(code) <= 4:
        return None
    key = code if len(code) <= 2 else code[:2]
    return key if key in ISCO_GROUPS else None


# -- ISCED 2011 ---------------------------------------------------------------------------


class IscedLevel(IntEnum):
    """ISCED 2011 levels of educational attainment."""

    LESS_THAN_PRIMARY = 0
    PRIMARY = 1
    LOWER_SECONDARY = 2
    UPPER_SECONDARY = 3
    POST_SECONDARY_NON_TERTIARY = 4
    SHORT_CYCLE_TERTIARY = 5
    BACHELOR = 6
    MASTER = 7
    DOCTORAL = 8

    @property
    def label(self) -> str:
        return ISCED_LABELS[self]


ISCED_LABELS: dict[IscedLevel, str] = {
    IscedLevel.LESS_THAN_PRIMARY: N_("Less than primary education (ISCED 0)"),
    IscedLevel.PRIMARY: N_("Primary education (ISCED 1)"),
    IscedLevel.LOWER_SECONDARY: N_("Lower secondary education (ISCED 2)"),
    IscedLevel.UPPER_SECONDARY: N_("Upper secondary education (ISCED 3)"),
    IscedLevel.POST_SECONDARY_NON_TERTIARY: N_("Post-secondary non-tertiary education (ISCED 4)"),
    IscedLevel.SHORT_CYCLE_TERTIARY: N_("Short-cycle tertiary education (ISCED 5)"),
    IscedLevel.BACHELOR: N_("Bachelor's or equivalent level (ISCED 6)"),
    IscedLevel.MASTER: N_("Master's or equivalent level (ISCED 7)"),
    IscedLevel.DOCTORAL: N_("Doctoral or equivalent level (ISCED 8)"),
}


# -- kinds, pay, feasibility ----------------------------------------------------------------


class OpportunityKind(StrEnum):
    JOB = "job"
    TRAINING = "training"
    APPRENTICESHIP = "apprenticeship"
    STARTUP = "startup"
    PLACEMENT = "placement"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[OpportunityKind, str] = {
    OpportunityKind.JOB: N_("Job offer"),
    OpportunityKind.TRAINING: N_("Vocational training"),
    OpportunityKind.APPRENTICESHIP: N_("Apprenticeship"),
    OpportunityKind.STARTUP: N_("Business start-up support"),
    OpportunityKind.PLACEMENT: N_("Placement service"),
}

#: Words a spreadsheet may use for each kind (compared case- and accent-insensitively).
KIND_ALIASES: dict[str, OpportunityKind] = {}
for _kind, _words in {
    OpportunityKind.JOB: ("job", "job offer", "offre d'emploi", "emploi", "oferta de empleo",
                          "empleo"),
    OpportunityKind.TRAINING: ("training", "vocational training", "formation",
                               "formation professionnelle", "formacion profesional",
                               "formacion"),
    OpportunityKind.APPRENTICESHIP: ("apprenticeship", "apprentissage", "aprendizaje"),
    OpportunityKind.STARTUP: ("startup", "start-up", "business start-up support",
                              "start-up support", "creation d'entreprise",
                              "appui a la creation d'entreprise", "emprendimiento"),
    OpportunityKind.PLACEMENT: ("placement", "placement service", "service de placement",
                                "servicio de colocacion", "colocacion"),
}.items():
    for _word in _words:
        KIND_ALIASES[_word] = _kind


class PayType(StrEnum):
    """Whether the amount is paid by the person (fee) or to them (stipend, salary)."""

    FEE = "fee"
    STIPEND = "stipend"
    SALARY = "salary"

    @property
    def label(self) -> str:
        return PAY_LABELS[self]


PAY_LABELS: dict[PayType, str] = {
    PayType.FEE: N_("Cost to the participant"),
    PayType.STIPEND: N_("Stipend paid to the participant"),
    PayType.SALARY: N_("Salary"),
}

PAY_ALIASES: dict[str, PayType] = {
    "fee": PayType.FEE, "cost": PayType.FEE, "cout": PayType.FEE, "frais": PayType.FEE,
    "costo": PayType.FEE,
    "stipend": PayType.STIPEND, "allowance": PayType.STIPEND, "bourse": PayType.STIPEND,
    "indemnite": PayType.STIPEND, "beca": PayType.STIPEND,
    "salary": PayType.SALARY, "wage": PayType.SALARY, "salaire": PayType.SALARY,
    "salario": PayType.SALARY,
}


class FeasibilityRating(StrEnum):
    NOT_ASSESSED = "not_assessed"
    FEASIBLE = "feasible"
    WITH_SUPPORT = "with_support"
    DIFFICULT = "difficult"
    NOT_FEASIBLE = "not_feasible"

    @property
    def label(self) -> str:
        return FEASIBILITY_LABELS[self]


FEASIBILITY_LABELS: dict[FeasibilityRating, str] = {
    FeasibilityRating.NOT_ASSESSED: N_("Not assessed yet"),
    FeasibilityRating.FEASIBLE: N_("Feasible"),
    FeasibilityRating.WITH_SUPPORT: N_("Feasible with support"),
    FeasibilityRating.DIFFICULT: N_("Difficult"),
    FeasibilityRating.NOT_FEASIBLE: N_("Not feasible"),
}


# -- countries, subdivisions, languages, currencies -----------------------------------------


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` with single spaces."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = _COMBINING.sub("", decomposed)
    return " ".join(stripped.replace("’", "'").split())


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=None)
def subdivisions(country: str) -> dict[str, str]:
    """ISO 3166-2 code -> name of every subdivision of ``country`` (pycountry)."""
    import pycountry

    found = pycountry.subdivisions.get(country_code=country) or []
    # pycountry returns a set (its order changes from run to run): top-level subdivisions
    # first, then by code, so a name shared by a region and one of its parts (Nzérékoré:
    # GN-N and GN-NZ) always resolves to the region
    found = sorted(found, key=lambda s: (getattr(s, "parent_code", None) is not None, s.code))
    return {s.code: s.name for s in found}


@lru_cache(maxsize=None)
def _subdivision_by_name(country: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, name in subdivisions(country).items():  # in the order above
        out.setdefault(fold(name), code)
    return out


@lru_cache(maxsize=8192)
def resolve_region(country: str, value: str) -> str | None:
    """The ISO 3166-2 code for ``value`` (a code like "SN-DK" or an exact name like
    "Dakar") within ``country``; ``None`` when it is not one of that country's."""
    value = value.strip()
    if not value:
        return None
    codes = subdivisions(country)
    upper = value.upper()
    if upper in codes:
        return upper
    if f"{country}-{upper}" in codes:
        return f"{country}-{upper}"
    return _subdivision_by_name(country).get(fold(value))


def region_name(code: str) -> str:
    if not code:
        return ""
    return subdivisions(code[:2]).get(code, code)


def country_name(code: str, lang: str | None = None) -> str:
    from babel import Locale

    try:
        return Locale.parse(lang or interface_language()).territories.get(code, code)
    except (ValueError, TypeError):
        return code


@lru_cache(maxsize=1)
def _language_lookup() -> dict[str, str]:
    """Codes and their names (English, French, Spanish) -> normalised code."""
    from babel import Locale

    out: dict[str, str] = {}
    for ui in ("es", "fr", "en"):
        for code, name in Locale(ui).languages.items():
            out[fold(name)] = code
    for code in Locale("en").languages:
        out[fold(code)] = code
    return out


@lru_cache(maxsize=4096)
def resolve_language(value: str) -> str | None:
    """A language code (CLDR) for a code or a language name in en/fr/es, else ``None``."""
    key = fold(value.strip().replace("-", "_"))
    if not key:
        return None
    found = _language_lookup().get(key)
    if found:
        return found
    parts = key.split("_")
    if len(parts) == 2 and _language_lookup().get(parts[0]) == parts[0]:
        territory = parts[1].upper()
        if territory in country_codes():
            return f"{parts[0]}_{territory}"
    return None


def language_name(code: str, lang: str | None = None) -> str:
    from babel import Locale

    try:
        locale = Locale.parse(lang or interface_language())
    except (ValueError, TypeError):
        return code
    name = locale.languages.get(code) or locale.languages.get(code.split("_")[0])
    return name or code


def same_language(a: str, b: str) -> bool:
    """Whether two language codes name the same language (``fa_AF`` speaks ``fa``)."""
    return a == b or a.split("_")[0] == b.split("_")[0]


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


# -- the skills profile's vocabularies --------------------------------------------------------

#: How well the person speaks a language (their own words, not a test result).
LANGUAGE_LEVELS: dict[str, str] = {
    "basic": N_("a little"),
    "good": N_("well"),
    "fluent": N_("fluently"),
    "native": N_("first language"),
}

#: What may limit what the person can take up.
CONSTRAINT_KINDS: dict[str, str] = {
    "childcare": N_("Childcare"),
    "disability": N_("Disability"),
    "health": N_("Health"),
    "place": N_("Cannot move away from the place of return"),
}

#: The three kinds of wish the profile records, and the kinds of opportunity each covers.
WISH_KINDS: dict[OpportunityKind, tuple[OpportunityKind, ...]] = {
    OpportunityKind.JOB: (OpportunityKind.JOB, OpportunityKind.PLACEMENT),
    OpportunityKind.TRAINING: (OpportunityKind.TRAINING, OpportunityKind.APPRENTICESHIP),
    OpportunityKind.STARTUP: (OpportunityKind.STARTUP,),
}

WISH_LABELS: dict[OpportunityKind, str] = {
    OpportunityKind.JOB: N_("Work"),
    OpportunityKind.TRAINING: N_("Training"),
    OpportunityKind.STARTUP: N_("Own business"),
}


def wish_kind(kind: OpportunityKind | None) -> OpportunityKind | None:
    """The wish (work, training, business) an opportunity kind belongs to."""
    for wish, kinds in WISH_KINDS.items():
        if kind in kinds:
            return wish
    return None


#: Everyday words for common trades, to find their ISCO-08 code when searching. These are
#: the project's search aids (not ILO titles): each leads to an ILO unit group code, shown
#: with the ILO's title of its sub-major group. Written as the words are spelt (accents
#: included): the search folds them, the hit shows and keeps them as written.
ISCO_SEARCH_AIDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("7531", ("tailor", "dressmaker", "seamstress", "couturier", "couturière", "tailleur",
              "sastre", "modista", "costurera", "خياط", "خياطة")),
    ("7533", ("sewing", "embroidery", "sewing machine", "couture", "broderie", "costura",
              "bordado", "تطريز")),
    ("7212", ("welder", "welding", "soudeur", "soudure", "soldador", "soldadura", "لحام")),
    ("5141", ("hairdresser", "barber", "coiffeur", "coiffeuse", "barbier", "peluquero",
              "peluquera", "barbero", "حلاق", "مصفف شعر")),
    ("7112", ("mason", "bricklayer", "maçon", "albañil", "بناء")),
    ("7115", ("carpenter", "joiner", "menuisier", "charpentier", "carpintero", "نجار")),
    ("7126", ("plumber", "plombier", "fontanero", "plomero", "سباك")),
    ("7411", ("electrician", "électricien", "electricista", "كهربائي")),
    ("7231", ("mechanic", "car mechanic", "mécanicien", "mecánico", "ميكانيكي")),
    ("5120", ("cook", "chef", "cuisinier", "cuisinière", "cocinero", "cocinera", "طباخ")),
    ("8322", ("driver", "taxi driver", "chauffeur", "conducteur", "conductor", "chófer",
              "سائق")),
    ("6111", ("farmer", "agriculteur", "cultivateur", "agricultor", "campesino", "مزارع")),
)


@dataclass(frozen=True)
class IscoHit:
    code: str  # as precise as found ("7531", "75", "7")
    label: str  # what matched, in the reader's language
    group: str  # the ILO title of its sub-major (or major) group


def search_isco(text: str, lang: str | None = None, limit: int = 12) -> list[IscoHit]:
    """ISCO-08 codes for ``text``: a code ("75", "7531"), words of an ILO group title in
    English, French, Spanish or Arabic, or an everyday trade word (``ISCO_SEARCH_AIDS``).
    Titles are given in ``lang`` (the interface language by default)."""
    lang = lang or interface_language()
    key = fold(text)
    if not key:
        return []
    hits: list[IscoHit] = []
    seen: set[str] = set()

    def add(code: str, label: str) -> None:
        sector = isco_sector(code)
        if sector is None or code in seen:
            return
        seen.add(code)
        hits.append(IscoHit(code, label, ISCO_GROUPS[sector].name(lang)))

    if key.isdigit():
        if isco_sector(key):
            add(key, ISCO_GROUPS[isco_sector(key)].name(lang))
        for code, group in ISCO_GROUPS.items():
            if code.startswith(key):
                add(code, group.name(lang))
        return hits[:limit]
    for code, words in ISCO_SEARCH_AIDS:
        for word in words:
            if fold(word).startswith(key) or (len(key) >= 4 and key in fold(word)):
                add(code, word)
                break
    for code, group in ISCO_GROUPS.items():
        names = (group.en, group.fr, group.es, group.ar)
        if any(key in fold(name) for name in names):
            add(code, group.name(lang))
    return hits[:limit]
