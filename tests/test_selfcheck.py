"""``counsel-app --self-check``: every check passes on a whole app, and a missing piece
(font, locale data, a broken print) fails its check, prints one line and exits non-zero."""

from __future__ import annotations

import pytest

from counsel_app import areas, selfcheck
from counsel_app.cli import main


def test_self_check_passes_and_prints_one_line_per_check(capsys, qapp):
    assert main(["--self-check"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(areas.checks()) + 1
    assert all(line.startswith("ok    ") for line in lines[:-1]), lines
    assert lines[-1] == "All checks passed."
    text = "\n".join(lines)
    for expected in ("areas plug in", "translation catalogs", "locale data", "font families", "database round trip",
                     "country packs", "plan PDF prints (en", "libraries load: numpy",
                     "desktop window opens", "10 session steps built on a sample case",
                         "itinerary places"):
        assert expected in text


def test_a_failing_check_is_reported_and_the_exit_code_is_not_zero(monkeypatch, capsys):
    from counsel_app.documents import plan_pdf

    monkeypatch.setattr(plan_pdf, "render_plan", lambda doc, lang, **kw: b"%PDF-1.4\n%%EOF\n")
    monkeypatch.setattr(areas, "checks", lambda: (selfcheck.check_catalogs,
                                                  selfcheck.check_plan_pdf))
    assert main(["--self-check"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("ok    ")
    assert lines[1] == "FAIL  check_plan_pdf: RuntimeError: the en plan has no pages"
    assert lines[2] == "1 check failed."
    assert main(["--lang", "fr", "--self-check"]) == 1
    assert capsys.readouterr().out.strip().splitlines()[2] == "1 vérification en échec."


def test_font_check_fails_for_a_document_language_no_font_shows(monkeypatch):
    import counsel_app.i18n as i18n

    monkeypatch.setattr(i18n, "DOCUMENT_LANGUAGES", (*i18n.DOCUMENT_LANGUAGES, "hi"))
    with pytest.raises(RuntimeError, match=r"no bundled font shows .*\(hi\)"):
        selfcheck.check_fonts()


def test_font_check_fails_when_a_font_file_is_missing(monkeypatch, tmp_path):
    from counsel_app.documents import fonts
    from counsel_app.errors import UserError

    monkeypatch.setattr(fonts, "_registered", False)
    monkeypatch.setattr(fonts, "fonts_dir", lambda: tmp_path)
    with pytest.raises(UserError, match="NotoSans-Regular.ttf is missing"):
        selfcheck.check_fonts()


def test_locale_check_fails_without_cldr_data_for_a_language(monkeypatch):
    import counsel_app.i18n as i18n

    monkeypatch.setattr(i18n, "DOCUMENT_LANGUAGES", (*i18n.DOCUMENT_LANGUAGES, "xx"))
    with pytest.raises(Exception, match="xx"):
        selfcheck.check_locale_data()
