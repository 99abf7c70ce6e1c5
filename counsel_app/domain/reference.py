"""Case references such as ``AVRR-2026-000123``."""

from __future__ import annotations

import re

from counsel_app.errors import ValidationError
from counsel_app.i18n import _

PREFIX = "AVRR"
_PATTERN = re.compile(r"^AVRR-(\d{4})-(\d{6})$")


def format_reference(year: int, number: int) -> str:
    if not 1 <= number <= 999_999:
        raise ValueError(f"case number out of range: {number}")
    return f"{PREFIX}-{year:04d}-{number:06d}"


def parse_reference(text: str) -> tuple[int, int]:
    """Return ``(year, number)``; raise :class:`ValidationError` for anything else."""
    match = _PATTERN.match(text.strip().upper())
    if not match:
        raise ValidationError(
            _("“{text}” is not a case reference (expected e.g. AVRR-2026-000123).").format(
                text=text
            ),
            field="reference",
        )
    return int(match.group(1)), int(match.group(2))


def is_reference(text: str) -> bool:
    return bool(_PATTERN.match(text.strip().upper()))


def check_number(reference: str) -> int:
    """Two check digits for a reference (ISO 7064 MOD 97-10 over its year and number, as
    IBANs use): a form typed on a phone asks for both, so a mistyped reference, a swapped
    pair of digits included, is caught instead of recording a visit in someone else's case."""
    year, number = parse_reference(reference)
    return 98 - (int(f"{year:04d}{number:06d}") * 100) % 97
