"""Data protection: accounts and roles, the audit trail, retention and erasure, subject
access, backups and the inactivity policy. Qt-free; its screens live in ``counsel_app/ui/``.

Importing this package registers the audit trail as a listener of ``AppContext.audit``.
"""

from __future__ import annotations

from counsel_app.security import audit as _audit  # noqa: F401  (registers the listener)
