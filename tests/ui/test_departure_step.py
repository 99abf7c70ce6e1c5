"""The Departure step as counsellors on both sides use it (pytest-qt, offscreen): a child
with a health need goes through documents, clearance, escort, itinerary, reception
confirmation by the office and departure; bad input is refused with one sentence naming
the field, and the departure stays refused while the child's escort is missing."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
)

from counsel_app.domain.enums import CaseStatus
from counsel_app.i18n.dates import show_date
from counsel_app.handover.package import export_handover, import_package
from counsel_app.travel.service import TravelService
from tests.handover.helpers import pair
from tests.travel.helpers import child_case
from tests.ui.conftest import _sync_tasks, answers  # noqa: F401  (fixtures)

TODAY = date.today()


def make_step(qtbot, ctx, case):
    from counsel_app.ui.departure_step import DepartureStep
    from counsel_app.ui.session_steps import StepServices

    holder = SimpleNamespace(ctx=ctx, case=case, record=None, store=None)
    step = DepartureStep(StepServices(ctx, holder, changed=lambda part: None,
                                      save_now=lambda: None))
    qtbot.addWidget(step)
    step.show()
    return step, holder


def type_into(qtbot, step, name, text):
    edit = step.findChild(QLineEdit, name)
    assert edit is not None, name
    edit.clear()
    qtbot.keyClicks(edit, text)


def choose(step, name, data):
    combo = step.findChild(QComboBox, name)
    assert combo is not None, name
    combo.setCurrentIndex(combo.findData(data))


def click(qtbot, step, name):
    button = step.findChild(QAbstractButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.LeftButton)


def checklist_text(step) -> str:
    widget = step.findChild(QListWidget, "travel_checklist")
    return "\n".join(widget.item(i).text() for i in range(widget.count()))


def error_text(step) -> str:
    label = step.findChild(QLabel, "travel_error")
    return label.text() if label.isVisible() else ""


def test_a_child_with_a_health_need_is_prepared_confirmed_and_departs(qtbot, tmp_path,
                                                                       monkeypatch, answers):
    sender, office = pair(tmp_path)
    office_fp = office.keys.station().fingerprint
    case = child_case(sender.ctx, office_fp, office.name, until=CaseStatus.CONSENTED)
    step, holder = make_step(qtbot, sender.ctx, case)
    assert "○  Decision on a medical escort taken" in checklist_text(step)

    # documents: a laissez-passer, issued, valid beyond the journey
    click(qtbot, step, "travel_documents_add")
    choose(step, "travel_documents_0_kind", "laissez_passer")
    choose(step, "travel_documents_0_status", "issued")
    type_into(qtbot, step, "travel_documents_0_consulate", "Consulate of Guinea, Tunis")
    type_into(qtbot, step, "travel_documents_0_issued_on", (TODAY - timedelta(days=2)).isoformat())
    type_into(qtbot, step, "travel_documents_0_expires_on",
              (TODAY + timedelta(days=90)).isoformat())
    # fitness to travel and the escort
    choose(step, "travel_clearance", "fit")
    type_into(qtbot, step, "travel_clearance_date", (TODAY - timedelta(days=1)).isoformat())
    choose(step, "travel_escort", "medical")
    type_into(qtbot, step, "travel_escort_reason", "asthma on long flights")
    type_into(qtbot, step, "travel_escort_name", "Dr Aminata Medic-Test")
    # the route: Tunis -> Istanbul -> Conakry today, with help at Istanbul
    type_into(qtbot, step, "travel_departure_date", TODAY.isoformat())
    for row, (origin, destination, leaves, arrives) in enumerate((
            ("TUN", "IST", "07:30", "11:05"), ("IST", "CKY", "13:40", "18:55"))):
        click(qtbot, step, "travel_legs_add")
        type_into(qtbot, step, f"travel_legs_{row}_origin", origin)
        type_into(qtbot, step, f"travel_legs_{row}_destination", destination)
        type_into(qtbot, step, f"travel_legs_{row}_departs", f"{TODAY.isoformat()} {leaves}")
        type_into(qtbot, step, f"travel_legs_{row}_arrives", f"{TODAY.isoformat()} {arrives}")
    click(qtbot, step, "travel_transits_add")
    type_into(qtbot, step, "travel_transits_0_place", "IST")
    type_into(qtbot, step, "travel_transits_0_help", "Transit desk at the gate")
    # the reception asked of the office
    type_into(qtbot, step, "travel_met_by", "Reception office staff")
    type_into(qtbot, step, "travel_arrival_point", "Conakry airport, arrivals hall")

    # a bad input first: the legs do not connect; one sentence names the field, nothing saved
    type_into(qtbot, step, "travel_legs_1_origin", "ABJ")
    click(qtbot, step, "travel_save")
    assert "do not connect" in error_text(step) and "leg 1 arrives in Istanbul" in \
        error_text(step)
    assert TravelService(sender.ctx).record(case).version == 0  # nothing saved
    type_into(qtbot, step, "travel_legs_1_origin", "IST")
    click(qtbot, step, "travel_save")
    assert error_text(step) == ""
    text = checklist_text(step)
    assert "✓  Decision on a medical escort taken" in text
    assert "✓  Fitness to travel assessed" in text
    assert "○  An adult accompanies the child throughout the journey" in text
    button = step.findChild(QAbstractButton, "travel_depart")
    assert not button.isEnabled()  # not handed over yet

    # the clearance and the escort decision answer the screening: the plan may be ready now
    from counsel_app.plan.service import PlanService

    holder.case = PlanService(sender.ctx).mark_ready(case.reference)

    # the handover carries the request; the office answers it in its own Departure step
    export_handover(sender.ctx, case.reference, office_fp, tmp_path / "h.cahp",
                    receipt_pdf=False)
    received = import_package(office.ctx, tmp_path / "h.cahp")
    office_step, _holder = make_step(qtbot, office.ctx,
                                     office.ctx.cases.get_by_reference(received.local_reference))
    request = office_step.findChild(QLabel, "travel_request")
    assert "IST → CKY" in request.text() and "Reception office staff" in request.text()
    choose(office_step, "travel_answer", "confirmed")
    type_into(qtbot, office_step, "travel_answer_contact", "Mr Camara-Test")
    type_into(qtbot, office_step, "travel_answer_phone", "+224 620 55 55 55")
    click(qtbot, office_step, "travel_record_answer")
    ack = tmp_path / "ack.cahp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(ack), ""))
    click(qtbot, office_step, "travel_write_ack")
    assert ack.exists()
    import_package(sender.ctx, ack)

    # back at the sending station: confirmed, but the child's escort is still missing
    step.entered()
    text = checklist_text(step)
    assert "✓  Reception confirmed by the office" in text
    assert "○  An adult accompanies the child throughout the journey" in text
    assert not step.findChild(QAbstractButton, "travel_depart").isEnabled()
    assert step.findChild(QLabel, "travel_depart_state").text() == "1 item still open."

    type_into(qtbot, step, "travel_adult_name", "Ibrahima Escort-Test")
    choose(step, "travel_adult_role", "escort")
    click(qtbot, step, "travel_save")
    assert error_text(step) == ""
    assert step.findChild(QAbstractButton, "travel_depart").isEnabled()
    # the day of departure emptied: the click says that a date is needed, nothing moves
    field = step.depart_on
    qtbot.keyClick(field.edit, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClick(field.edit, Qt.Key_Backspace)
    click(qtbot, step, "travel_depart")
    assert field.error() == "A date is needed here."
    assert field.message.isVisible()
    assert sender.ctx.cases.get(case.id).status is CaseStatus.HANDED_OVER
    qtbot.keyClicks(field.edit, show_date(TODAY, "en"))  # "Dec 6, 2026"
    click(qtbot, step, "travel_depart")
    assert field.error() == ""
    assert holder.case.status is CaseStatus.DEPARTED
    assert sender.ctx.cases.get(case.id).status is CaseStatus.DEPARTED
    assert "Departed on" in step.findChild(QLabel, "travel_depart_state").text()


def test_travel_reminders_dialog_lists_what_is_overdue(qtbot, sqlite_ctx):
    from counsel_app.travel.model import TravelDocument
    from counsel_app.ui.travel_reminders import RemindersDialog
    from tests.travel.helpers import travel_record

    case = child_case(sqlite_ctx, travel=travel_record())
    record = TravelService(sqlite_ctx).record(case)
    requested = date.today() - timedelta(days=40)
    record.documents = [TravelDocument("person", "passport", "requested", "Consulate",
                                       requested)]
    TravelService(sqlite_ctx).save(case, record)
    dialog = RemindersDialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    items = dialog.findChild(QListWidget, "travel_reminders_list")
    assert items.count() == 1 and case.reference in items.item(0).text()
    # counted from the day the dialog was opened: a run across midnight says "41 days ago"
    assert f"{(date.today() - requested).days} days ago" in items.item(0).text()
