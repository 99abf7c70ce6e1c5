"""Data protection: accounts and roles, the signed-in context, the audit trail, retention
and erasure, subject access, backups and the inactivity policy. Qt-free; its screens live
in ``counsel_app/ui/``. ``AppContext.audit`` writes to the trail (:func:`audit.record`).
"""
