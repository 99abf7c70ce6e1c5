"""The separator between the values of a list on a document (``list_separator``): the
language's own comma, checked against CLDR's list data where CLDR has a plain one."""

from __future__ import annotations

import re

import pytest
from babel import Locale

from counsel_app.documents.bidi import FSI, LRI, PDI, RLI, strip_controls, value_list
from counsel_app.i18n import DOCUMENT_LANGUAGES
from counsel_app.i18n.formatting import list_separator

#: CLDR has no plain comma list for these: Arabic puts "و" between every two values in each
#: style ("A وB وC"), Central Kurdish has no list data of its own (root's ", ")
NOT_IN_CLDR = {"ar": "\u060c ", "ckb": "\u060c "}


@pytest.mark.parametrize("lang", DOCUMENT_LANGUAGES)
def test_each_document_language_separates_values_as_cldr_does(lang):
    if lang in NOT_IN_CLDR:
        assert list_separator(lang) == NOT_IN_CLDR[lang]
        return
    middle = Locale.parse(lang).list_patterns["standard"]["middle"]
    cldr = strip_controls(middle.replace("{0}", "").replace("{1}", ""))
    assert not re.search(r"\w", cldr), cldr  # a plain separator, not a conjunction
    assert list_separator(lang) == cldr


def test_a_list_in_arabic_script_reads_right_to_left_with_each_value_isolated():
    assert [list_separator(x) for x in ("ar", "fa_AF", "ps", "ur", "ckb", "ar_IQ")] \
        == ["\u060c "] * 6
    assert [list_separator(x) for x in ("am", "ti")] == ["\u1363 "] * 2
    assert [list_separator(x) for x in ("en", "fr", "ru", "bn", "hy")] == [", "] * 5
    assert value_list(["INT-07", "الفولانية", ""], "ar") \
        == f"{RLI}{FSI}INT-07{PDI}\u060c {FSI}الفولانية{PDI}{PDI}"
    assert value_list(["ليلى", "عمر"], "en") == f"{LRI}{FSI}ليلى{PDI}, {FSI}عمر{PDI}{PDI}"
    assert value_list(["Guinea"], "ar") == f"{FSI}Guinea{PDI}"
    assert value_list(["", None], "fr") == ""
