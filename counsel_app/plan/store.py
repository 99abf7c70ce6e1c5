"""Storage of plans: one encrypted record per case, with optimistic locking.

The whole plan is personal data (names of contacts, health needs, money), so it is stored
as one encrypted JSON blob bound to its case (``aad = "plans:<reference>:data"``). Clear
columns hold only what lists need without the key: the case, when it was last changed,
and the budget currency.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, select
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from counsel_app.domain.case import utcnow
from counsel_app.errors import ConflictError, NotFound
from counsel_app.i18n import _
from counsel_app.plan.model import ReintegrationPlan, plan_from_data, plan_to_data
from counsel_app.storage.crypto import FieldCipher
from counsel_app.storage.db import Database
from counsel_app.storage.models import Base, CaseRow


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         unique=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(128), default="")
    data_enc: Mapped[bytes] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


def plan_aad(reference: str) -> str:
    return f"plans:{reference}:data"


class PlanConflict(ConflictError):
    """Someone saved the plan since it was opened; carries both versions."""

    def __init__(self, mine: ReintegrationPlan, theirs: ReintegrationPlan):
        super().__init__(
            _("The plan of case {reference} was changed by someone else since you opened it. "
              "Review their version, then keep yours or theirs.").format(
                reference=mine.reference))
        self.mine = mine
        self.theirs = theirs


class PlanRepository:
    def __init__(self, db: Database, cipher: FieldCipher):
        self.db = db
        self.cipher = cipher

    def _case_id(self, session, reference: str) -> int:
        case_id = session.scalar(select(CaseRow.id).where(CaseRow.reference == reference))
        if case_id is None:
            raise NotFound(_("There is no case {reference}.").format(reference=reference))
        return case_id

    def find(self, reference: str) -> ReintegrationPlan | None:
        """The stored plan of case ``reference``, or None if it has none yet."""
        reference = reference.strip().upper()
        with self.db.read_session() as session:
            case_id = self._case_id(session, reference)
            row = session.scalar(select(PlanRow).where(PlanRow.case_id == case_id))
            return self._to_plan(row, reference) if row else None

    def _to_plan(self, row: PlanRow, reference: str) -> ReintegrationPlan:
        data = self.cipher.decrypt_json(row.data_enc, plan_aad(reference))
        return plan_from_data(data, version=row.version)

    def save(self, plan: ReintegrationPlan, *, user: str = "",
             overwrite: bool = False) -> ReintegrationPlan:
        """Store ``plan``; raise :class:`PlanConflict` if it changed since it was read.

        ``plan.version`` 0 means "new": saving it when a plan exists is a conflict too.
        """
        reference = plan.reference.strip().upper()
        plan.reference = reference
        try:
            with self.db.session() as session:
                case_id = self._case_id(session, reference)
                row = session.scalar(select(PlanRow).where(PlanRow.case_id == case_id))
                if row is None:
                    if plan.version and not overwrite:
                        raise NotFound(_("The plan of case {reference} no longer exists.")
                                       .format(reference=reference))
                    row = PlanRow(case_id=case_id)
                    session.add(row)
                elif row.version != plan.version and not overwrite:
                    raise PlanConflict(plan, self._to_plan(row, reference))
                row.data_enc = self.cipher.encrypt_json(plan_to_data(plan), plan_aad(reference))
                row.updated_at = utcnow()
                row.updated_by = user
                session.flush()
                plan.version = row.version
            return plan
        except StaleDataError:
            theirs = self.find(reference)
            raise PlanConflict(plan, theirs) from None

    def delete(self, reference: str) -> None:
        with self.db.session() as session:
            case_id = self._case_id(session, reference.strip().upper())
            row = session.scalar(select(PlanRow).where(PlanRow.case_id == case_id))
            if row is not None:
                session.delete(row)
