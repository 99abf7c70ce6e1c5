"""The screening screen shows which flags are strictly confidential at this centre, and the
consent screen asks consent (7) only for a case that has one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox

from counsel_app.domain.case import Case, Person
from counsel_app.domain.enums import CaseStatus
from counsel_app.session.confidentiality import mark_flags
from tests.workflow_helpers import advance


def test_the_mark_on_the_screening_and_consent_seven(qtbot, app_ctx, answers):
    from counsel_app.ui.main_window import MainWindow

    mark_flags(app_ctx, ["psychosocial"])  # the centre adds one to the three always marked
    case = app_ctx.cases.create(Case(person=Person(name_latin="Awa Diallo",
                                                   date_of_birth=date(1988, 3, 1)),
                                     return_country="GN", counsellor=app_ctx.user))
    case = advance(app_ctx, case, CaseStatus.COUNSELLING)
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    window.wizard.go_to("consent")
    consent = window.wizard.widgets["consent"]
    seven = consent.findChild(QGroupBox, "consent_item_share_confidential_0")
    assert seven is not None and not seven.isVisible()  # nothing confidential yet

    window.wizard.go_to("screening")
    step = window.wizard.widgets["screening"]
    for flag in ("trafficking", "gbv", "sogi", "psychosocial"):
        assert "(strictly confidential)" in step.flag_boxes[flag].text(), flag
    assert "strictly confidential" not in step.flag_boxes["health"].text()
    assert not step.confidential.isVisible()
    box = step.flag_boxes["psychosocial"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_Space)
    assert box.isChecked()
    assert step.confidential.isVisible()
    assert "consent 7" in step.confidential.text()

    window.wizard.go_to("consent")
    assert seven.isVisible()
    assert "(7)" in seven.title()
