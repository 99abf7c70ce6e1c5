from counsel_app.domain.case import Case, Person


def test_main_window_opens_a_case_and_walks_every_step(qtbot, app_ctx, answers):
    from counsel_app.ui.main_window import MainWindow

    app_ctx.cases.create(Case(person=Person(name_latin="Fatou Diallo"), return_country="GN"))
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.case_list.model.rowCount() == 1
    window.open_case(window.case_list.model.summary(0).id)
    for _ in range(10):
        window.wizard.go_next()
    assert window.wizard.current_key() == "handover"
    window.show_case_list()
