"""The counselling session: Qt-free rules and encrypted storage of its steps.

* :mod:`.screening` — vulnerability flags and what each one requires next;
* :mod:`.information` — topics covered with the person, country-pack items shown;
* :mod:`.assessment` — skills and needs across the economic, social and psychosocial
  dimensions with baseline scores (configurable indicators and weights);
* :mod:`.voluntariness` — the three elements and the rule that gates a decision to return;
* :mod:`.record` — the whole session as plain data (JSON in, JSON out);
* :mod:`.store` — encrypted, per-part, autosave-friendly storage with resume position.
"""
