"""The ``waivers`` table: one row per waiver given (and, once revoked, when and by whom).

Clear columns hold what a rule needs without the key (the case, the item's key, who, role,
when); the written reasons are personal data and encrypted
(``aad = "waivers:<reference>:<uid>:<column>"``). Rows are never deleted while the case
exists: a revoked waiver stays as history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from counsel_app.storage.models import Base


class WaiverRow(Base):
    __tablename__ = "waivers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(96))
    waived_by: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(32))
    waived_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason_enc: Mapped[bytes] = mapped_column(LargeBinary)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_by: Mapped[str] = mapped_column(String(128), default="")
    revoke_reason_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    #: the languages the reasons were typed in ("": not known; NULL: saved before they
    #: were recorded)
    reason_language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    revoke_reason_language: Mapped[str | None] = mapped_column(String(16), nullable=True)


def waiver_aad(reference: str, uid: str, column: str) -> str:
    return f"waivers:{reference}:{uid}:{column}"
