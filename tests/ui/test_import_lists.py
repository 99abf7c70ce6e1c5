"""Tools > Import partners… / Import opportunities… and the partner directory, driven as a
counsellor does: choose a file, check it (dry run), import it, read the report."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from counsel_app.partners.service import PartnerDirectory
from counsel_app.ui.actions import ACTIONS
from tests.partners.test_partners import good, write




def test_import_partners_from_the_tools_menu(qtbot, app_ctx, tmp_path, monkeypatch):
    from counsel_app.ui.import_lists import ImportListDialog, partners_import

    path = write(tmp_path / "partners.csv", [good(), good("Bad", country="ZZ")])
    dialog = ImportListDialog(partners_import(app_ctx))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.path, str(path))
    qtbot.mouseClick(dialog.dry_run, Qt.LeftButton,
                     pos=QPoint(8, dialog.dry_run.height() // 2))  # on the box
    assert dialog.dry_run.isChecked() and dialog.start.text() == "Check"
    qtbot.mouseClick(dialog.start, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Nothing was imported" in dialog.report.toPlainText(), timeout=5000)
    assert "Row 3, column country" in dialog.report.toPlainText()
    assert PartnerDirectory(app_ctx.db).count() == 0
    dialog.dry_run.setChecked(False)
    qtbot.mouseClick(dialog.start, Qt.LeftButton)
    qtbot.waitUntil(lambda: "1 new, 0 updated, 1 rejected" in dialog.report.toPlainText(),
                    timeout=5000)
    assert not dialog.progress.isVisible()
    assert PartnerDirectory(app_ctx.db).count() == 1
    # a file that cannot be imported: one sentence in the report, no traceback
    dialog.path.setText(str(tmp_path / "missing.csv"))
    qtbot.mouseClick(dialog.start, Qt.LeftButton)
    qtbot.waitUntil(lambda: "does not exist" in dialog.report.toPlainText(), timeout=5000)
    qtbot.mouseClick(dialog.sample, Qt.LeftButton)
    qtbot.waitUntil(lambda: "16 new" in dialog.report.toPlainText(), timeout=5000)


def test_the_menus_offer_the_imports_and_the_directory(qtbot, app_ctx):
    from counsel_app.ui.partner_search import PartnerSearchDialog

    for action_id in ("tools.import_opportunities", "tools.import_partners", "tools.partners"):
        assert ACTIONS[action_id].menu == "tools"
    dialog = PartnerSearchDialog(app_ctx, "ML", "ML-BKO", choosing=True)
    qtbot.addWidget(dialog)
    assert "directory is empty" in dialog.state.text()
    assert "Tools > Import partners" in dialog.state.text()
    PartnerDirectory(app_ctx.db).import_sample_set()
    dialog.refresh()
    assert dialog.list.count() == 2 and not dialog.ok.isEnabled()  # Bamako and Mali-wide
    qtbot.keyClicks(dialog.text, "tailor")
    assert dialog.list.count() == 1
    assert "[SAMPLE]" in dialog.list.item(0).text()
    dialog.list.setCurrentRow(0)
    assert dialog.ok.isEnabled()
    assert dialog.chosen().name == "SAMPLE — Fictional Tailors' Workshop (Bamako)"


def test_an_empty_opportunities_step_says_what_to_do(qtbot, app_ctx):
    from counsel_app.domain.case import Case, Person
    from counsel_app.ui.main_window import MainWindow

    case = app_ctx.cases.create(Case(person=Person(name_latin="T", languages=["fr"]),
                                     return_country="ML", return_region="ML-BKO"))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    window.wizard.go_to("opportunities")
    step = window.wizard.widgets["opportunities"]
    qtbot.waitUntil(lambda: "Tools > Import opportunities" in step.state.text(), timeout=5000)
    QApplication.processEvents()


def test_one_opportunity_is_counted_in_the_singular(qtbot, app_ctx, tmp_path):
    """The Opportunities step says "1 of 1 opportunity", not "1 of 1 opportunities"; in French
    "1 sur 1 opportunité"."""
    from counsel_app.domain.case import Case, Person
    from counsel_app.i18n import set_interface_language
    from counsel_app.opportunities.service import OpportunityService
    from counsel_app.ui.main_window import MainWindow
    from tests.opportunities.helpers import row, write_text

    OpportunityService(app_ctx).import_file(write_text(tmp_path / "ml.csv", [
        row("T1", country="ML", region="ML-BKO", title_en="Tailoring course",
            sector_isco="75", town="Bamako")]))
    case = app_ctx.cases.create(Case(person=Person(name_latin="T", languages=["fr"]),
                                     return_country="ML", return_region="ML-BKO"))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case.id)
    window.wizard.go_to("opportunities")
    step = window.wizard.widgets["opportunities"]
    qtbot.waitUntil(lambda: step.state.text() == "1 of 1 opportunity, best matches first.",
                    timeout=5000)
    set_interface_language("fr")
    step.entered()
    qtbot.waitUntil(
        lambda: step.state.text() == "1 sur 1 opportunité, les plus pertinentes d’abord.",
        timeout=5000)
