"""Tools > Country information packs: an administrator trusts a publisher after checking
the fingerprint read over the phone, then imports its pack; other roles do not see it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from counsel_app.context import unlock
from counsel_app.security.accounts import add_user
from counsel_app.ui import messages
from country_info.library import Library
from country_info.publish import create_key, fingerprint, sign_with, spoken, read_private_key
from tests.ui.conftest import answers  # noqa: F401  (fixture)

PASS = "a passphrase long enough"


def _window(qtbot, ctx):
    from counsel_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def published(tmp_path):
    """A country office's key and a pack signed with it (as `packs keygen` and `packs sign` make)."""
    from country_info.library import sample_pack_files
    from country_info.publish import read_pack_json

    private, public, key = create_key("erbil-desk", "Return desk, Erbil", PASS, tmp_path)
    pack = read_pack_json(sample_pack_files()[0])
    pack.update(sample=False, pack_id="erbil-desk-pack", version=3,
                publisher={"id": "erbil-desk", "name": "Return desk, Erbil"})
    signed = tmp_path / "erbil.pack.json"
    import json

    signed.write_text(json.dumps(sign_with(pack, read_private_key(private, PASS))), "utf-8")
    return public, signed, key


def _open(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def _trust_dialog_typing(monkeypatch, qtbot, text):
    from counsel_app.ui import country_packs_dialog as module

    def fake_exec(dialog):
        dialog.show()
        qtbot.keyClicks(dialog.fingerprint, text)
        dialog.ok_button.click()
        seen.append((dialog.error.text(), dialog.result()))
        return dialog.result()

    seen: list = []
    monkeypatch.setattr(module.TrustPublisherDialog, "exec", fake_exec)
    return seen


def test_administrator_trusts_with_the_fingerprint_then_imports(qtbot, app_ctx, answers, monkeypatch,
                                                                 published, tmp_path):
    public, signed, key = published
    window = _window(qtbot, app_ctx)
    library = Library(user_dir=tmp_path / "packs", index_path=":memory:")
    from counsel_app.ui import country_packs_dialog as module

    monkeypatch.setattr("counsel_app.ui.steps.information.shared_library", lambda: library)
    window.actions_by_id["tools.country_packs"].trigger()
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, module.CountryPacksDialog) and w.isVisible()]
    assert dialogs, "the country packs dialog did not open"
    dialog = dialogs[0]
    assert dialog.packs.item(0).text() == "No curated packs imported."
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)

    # an unknown publisher's pack is refused, in one sentence on the dialog
    _open(monkeypatch, signed)
    dialog.import_pack()
    assert "does not trust" in dialog.error.text()

    # the key: a wrong fingerprint trusts nothing and says which one the file has
    _open(monkeypatch, public)
    seen = _trust_dialog_typing(monkeypatch, qtbot, "1234 5678")
    dialog.trust_publisher()
    assert seen[-1][1] != QDialog.Accepted and spoken(fingerprint(key)) in seen[-1][0]
    assert "erbil-desk" not in "\n".join(dialog.publishers.item(i).text()
                                         for i in range(dialog.publishers.count()))
    seen = _trust_dialog_typing(monkeypatch, qtbot, spoken(fingerprint(key)).lower())
    dialog.trust_publisher()
    assert seen[-1] == ("", QDialog.Accepted)
    publishers = [dialog.publishers.item(i).text() for i in range(dialog.publishers.count())]
    assert any("Return desk, Erbil (erbil-desk)" in p and spoken(fingerprint(key)) in p for p in publishers)

    # now the pack imports, shown with its version and publisher
    _open(monkeypatch, signed)
    dialog.import_pack()
    assert dialog.error.text() == ""
    assert "verified: erbil-desk-pack" in dialog.packs.item(0).text()
    assert "version 3" in dialog.packs.item(0).text()
    from counsel_app.security import audit

    assert [e.detail for e in audit.events(app_ctx.db, action="trust")] == [
        f"country pack publisher erbil-desk key {key.key_id}"]
    assert len(audit.events(app_ctx.db, action="import")) == 1
    dialog.close()


def test_a_counsellor_has_no_pack_tools(qtbot, app_ctx):
    add_user(app_ctx, "cora", "counsellor", "a long enough password")
    cora = unlock(app_ctx.db, "cora", "a long enough password")
    window = _window(qtbot, cora)
    assert "tools.country_packs" not in window.actions_by_id
    from counsel_app.errors import UserError
    from counsel_app.services.country_packs import trust_publisher

    with pytest.raises(UserError):
        trust_publisher(cora, Path("/nonexistent.json"), "")
