"""The information step: which topics were discussed with the person, and when.

Topics are the *subjects* a counsellor covers (not country facts): the generic list below
comes from return counselling practice; a country pack (``country_info``) can add its own
topics, keyed ``"pack:<item id>"``. Ticking a topic records the time it was covered;
unticking removes it (the counsellor corrects a slip).
"""

from __future__ import annotations

from counsel_app.i18n import N_

#: Counselling topics every session can cover, in a sensible order.
GENERIC_TOPICS: dict[str, str] = {
    "return_process": N_("How assisted return works, step by step"),
    "voluntariness": N_("Return is voluntary; the person may change their mind at any time"),
    "alternatives": N_("Other options (stay procedures, other pathways) and where to ask"),
    "travel_documents": N_("Travel documents and consular assistance"),
    "travel": N_("Travel: route, luggage, escort, arrival"),
    "reintegration_support": N_("Reintegration assistance: what it is and what it is not"),
    "housing": N_("Housing at return"),
    "health_care": N_("Health care and medicines at return"),
    "work_income": N_("Work, income and training at return"),
    "education": N_("Schooling and education"),
    "safety": N_("Safety and security in the place of return"),
    "family_community": N_("Family and community: expectations and support"),
    "data_protection": N_("How personal data is protected and shared only with consent"),
    "complaints": N_("How to complain or give feedback"),
}

PACK_PREFIX = "pack:"


def topic_label(key: str, pack_titles: dict[str, str] | None = None) -> str:
    """Untranslated label of a generic topic, or the title a country pack gave."""
    if key.startswith(PACK_PREFIX):
        return (pack_titles or {}).get(key, key[len(PACK_PREFIX):])
    return GENERIC_TOPICS.get(key, key)
