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
    #: the language the notes were typed in ("": not known; NULL: saved before it was
    #: recorded); each typed cell of the feasibility grid keeps its own, in its line
    #: (``text_languages``; ``text_language`` in a line saved before, for all its cells)
    notes_language: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


#: the survey form's drafts in ``followup_visits``: a new visit as typed, and a recorded visit
#: opened to change it, as typed (:mod:`counsel_app.followup.office`); never counted as visits
DRAFT_KINDS = ("draft", "draft_edit")


class FollowupVisitRow(Base):
    """One Reintegration Sustainability Survey: the baseline or a follow-up visit."""

    __tablename__ = "followup_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    #: baseline | followup, or one of :data:`DRAFT_KINDS` (the survey form's drafts)
    kind: Mapped[str] = mapped_column(String(12))
    visit_date: Mapped[date] = mapped_column(Date)
    #: indicator -> score 1..5 (encrypted JSON, aad ``followup_visits:<case_id>:<uid>:scores``)
    scores_enc: Mapped[bytes] = mapped_column(LargeBinary)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(128), default="")
    #: home | phone | office (the baseline has none)
    visit_type: Mapped[str] = mapped_column(String(10), default="")
    #: people present, the note and the language it was typed in (``note_language``)
    #: (encrypted JSON, aad ``followup_visits:<case_id>:<uid>:details``)
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
    #: the languages the note and the outcome were typed in ("": not known; NULL: saved
    #: before they were recorded)
    note_language: Mapped[str | None] = mapped_column(String(16))
    outcome_language: Mapped[str | None] = mapped_column(String(16))


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


class CommunityProjectRow(Base):
    """A community project or a structural action for a place, not a person: a
    cooperative, a training centre's new course, a local authority's reception desk. The
    cases it serves are linked to it (:class:`CommunityProjectCaseRow`).

    Clear columns: kind, place, dates, state (what the programme report counts). Title and
    description (encrypted JSON, aad ``community_projects:<uid>``, with the languages they
    were typed in, ``title_language`` and ``description_language``): staff type them and
    may, against the advice on screen, write a name there."""

    __tablename__ = "community_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # community | structural
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str] = mapped_column(String(10), default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    data_enc: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(128), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CommunityProjectCaseRow(Base):
    """A case a community project or structural action serves."""

    __tablename__ = "community_project_cases"
    __table_args__ = (
        UniqueConstraint("project_id", "case_id", name="uq_community_project_cases_project_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("community_projects.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    linked_by: Mapped[str] = mapped_column(String(128), default="")
