"""The language a typed text is marked with on the person's papers: the interface's when a
counsellor types it, what was recorded when it was saved, and nothing when not known."""

import pytest

from counsel_app.i18n import (
    interface_language,
    set_interface_language,
    typed_language,
    writing_language,
)


@pytest.fixture
def french():
    before = interface_language()
    set_interface_language("fr")
    yield
    set_interface_language(before)


def test_a_counsellor_types_in_the_interface_language(french):
    assert writing_language() == "fr"


def test_the_recorded_language_wins_over_the_interface(french):
    assert typed_language("ar") == "ar"
    assert typed_language("") == ""  # recorded as not known: no "written in" mark


def test_a_text_saved_before_languages_were_recorded_takes_the_interface(french):
    assert typed_language(None) == "fr"
