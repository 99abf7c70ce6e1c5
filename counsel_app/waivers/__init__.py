"""Waivers: an open item a supervisor lets pass, with a written reason (Qt-free).

A rule that asks for something to be done before a case moves on (a required next step of
the vulnerability screening, an item of the travel checklist...) may let a supervisor waive
it instead: who, with which role, why, and when are recorded, and the audit trail says so.
See :mod:`counsel_app.waivers.service` for the API and ``docs/architecture.md``.
"""
