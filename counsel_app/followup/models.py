"""Tables of post-arrival work: arrival and closure, follow-up visits, plan action progress.

Scores and notes are personal data (they describe one person's well-being): encrypted with
the database's data key. Clear columns: case id, dates, kinds, statuses.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from counsel_app.storage.models import Base


class FollowupCaseRow(Base):
    """The post-arrival state of one case."""

    __tablename__ = "followup_cases"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    arrival_date: Mapped[date | None] = mapped_column(Date)
    reception_done: Mapped[bool] = mapped_column(Boolean, default=False)
    plan_refined_on: Mapped[date | None] = mapped_column(Date)
    #: feasibility grid rows (encrypted JSON, aad ``followup_cases:<case_id>:feasibility``)
    feasibility_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closure_reason: Mapped[str | None] = mapped_column(String(30))
    notes_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FollowupVisitRow(Base):
    """One Reintegration Sustainability Survey: the baseline or a follow-up visit."""

    __tablename__ = "followup_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # baseline | followup
    visit_date: Mapped[date] = mapped_column(Date)
    #: indicator -> score 1..5 (encrypted JSON, aad ``followup_visits:<case_id>:<uid>:scores``)
    scores_enc: Mapped[bytes] = mapped_column(LargeBinary)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(128), default="")
    #: home | phone | office (the baseline has none)
    visit_type: Mapped[str] = mapped_column(String(10), default="")
    #: people present and the note (encrypted JSON, aad ``followup_visits:<case_id>:<uid>:details``)
    details_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: a deleted visit is kept (with its history) but no longer counted
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ActionProgressRow(Base):
    """Progress of one plan action after arrival."""

    __tablename__ = "followup_action_progress"
    __table_args__ = (
        UniqueConstraint("case_id", "action_key", name="uq_followup_action_progress_case_action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    action_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    note_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action_date: Mapped[date | None] = mapped_column(Date)
    #: what came of it (encrypted, aad ``followup_action_progress:<case_id>:<key>:outcome``)
    outcome_enc: Mapped[bytes | None] = mapped_column(LargeBinary)


class FollowupHistoryRow(Base):
    """What a change replaced: an arrival date, a visit edited or deleted, an action's
    status, note, date or outcome. ``before_enc`` is the earlier state (encrypted JSON,
    aad ``followup_history:<case_id>:<uid>``)."""

    __tablename__ = "followup_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(80))  # arrival | visit:<uid> | action:<key>
    change: Mapped[str] = mapped_column(String(12))  # changed | deleted
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str] = mapped_column(String(128), default="")
    before_enc: Mapped[bytes] = mapped_column(LargeBinary)
