"""Job and training opportunities at home: import, validation, search and matching.

Qt-free. Entry points: :class:`counsel_app.opportunities.service.OpportunityCatalogue`
(the catalogue: import, template, list) and
:class:`counsel_app.opportunities.service.OpportunityService` (one case: skills profile,
ranked suggestions with reasons, chosen opportunities, feasibility grid, plan data).
See ``docs/opportunities.md``.
"""
