"""Tools > Country information packs: a signed pack that carries partners puts them in the
partner directory when an administrator imports it, and the message after the import says
so (issue 20 item 3, the GUI door)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QApplication, QFileDialog

from counsel_app.partners.service import PartnerDirectory
from counsel_app.services import country_packs
from counsel_app.ui import messages
from country_info.library import Library, sample_pack_files
from country_info.publish import create_key, read_pack_json, read_private_key, sign_with
from tests.ui.conftest import answers  # noqa: F401  (fixture)

PASS = "a passphrase long enough"


def test_a_packs_partners_join_the_directory_from_the_dialog(qtbot, app_ctx, answers,  # noqa: F811
                                                             monkeypatch, tmp_path):
    from counsel_app.ui import country_packs_dialog as module
    from counsel_app.ui.main_window import MainWindow

    private, public, _key = create_key("ngo-desk", "Reintegration NGO", PASS, tmp_path)
    pack = read_pack_json(sample_pack_files()[0])
    pack.update(sample=False, pack_id="ngo-desk-pack", version=1,
                publisher={"id": "ngo-desk", "name": "Reintegration NGO"},
                partners=[{"name": "Tailors' Cooperative", "type": "employer",
                           "services": ["apprenticeships", "sewing work"],
                           "hours": "Mon-Sat 8-18", "procedure": "Call first."}])
    signed = tmp_path / "ngo.pack.json"
    signed.write_text(json.dumps(sign_with(pack, read_private_key(private, PASS))), "utf-8")
    country_packs.trust_publisher(app_ctx, public, None)  # the administrator, audited

    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    library = Library(user_dir=tmp_path / "packs", index_path=":memory:")
    monkeypatch.setattr("counsel_app.ui.steps.information.shared_library", lambda: library)
    window.actions_by_id["tools.country_packs"].trigger()
    [dialog] = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, module.CountryPacksDialog) and w.isVisible()]
    shown: list[str] = []
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    monkeypatch.setattr(module.messages, "info", lambda parent, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(signed), "")))
    directory = PartnerDirectory(app_ctx.db)
    assert directory.search(country=pack["country"], text="Tailors") == []

    dialog.import_pack()
    assert dialog.error.text() == ""
    assert "Imported" in shown[-1] and "partners of pack ngo-desk-pack: 1 new" in shown[-1]
    [partner] = directory.search(country=pack["country"], text="Tailors")
    assert partner.source == "pack ngo-desk-pack edition 1, publisher Reintegration NGO"
    assert partner.hours == "Mon-Sat 8-18" and not partner.is_sample
    from counsel_app.security import audit

    assert [e.detail for e in audit.events(app_ctx.db, action="partners.import")] == [
        "pack ngo-desk-pack: +1 ~0 -0"]
    dialog.close()
