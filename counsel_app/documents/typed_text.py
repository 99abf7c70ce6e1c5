"""A text the counsellor typed, on a page the returnee reads: in the page's language where
someone (the counsellor, the interpreter) wrote the same words in it, else as typed with a
translated note naming the language it is in. Never machine-translated.

One rule for every document that prints typed text beside the person's language (the plan,
its easy-read page, the travel sheet): the words in the person's language live in a
:class:`counsel_app.plan.model.ReturneeTexts` (typed text -> the same text in one
language) next to the language the counsellor typed in (``text_language``).
"""

from __future__ import annotations

from counsel_app.documents.base import Span, clean
from counsel_app.documents.text import format_spans
from counsel_app.i18n import D_
from counsel_app.i18n.names import language_name

#: after a text the counsellor typed in another language than the page's, naming it
WRITTEN_IN = D_("(written in {language})")


def typed_spans(text: str, returnee, text_language: str, lang, *, bold: bool = False
                ) -> list[Span]:
    """``text`` for a page in ``lang`` (a writer's document language): the words written
    in that language (``returnee.get(text, lang.code)``), else ``text`` with a note naming
    ``text_language`` when it is another language than the page's. The text is isolated,
    so its full stop and brackets stay with it."""
    text = (text or "").strip()
    if not text:
        return []
    own = returnee.get(text, lang.code) if returnee is not None else ""
    if own:
        return [Span(clean(own), bold=bold, isolate="auto")]
    spans = [Span(clean(text), bold=bold, isolate="auto")]
    if text_language and text_language != lang.code:
        spans += [Span(" "), *format_spans(
            lang(WRITTEN_IN), language=language_name(text_language, lang.code,
                                                     capitalised=False))]
    return spans
