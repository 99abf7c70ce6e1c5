"""Free, prior and informed consent: granular, versioned, withdrawable, tamper-evident.

Qt-free. What other areas use (see ``docs/consent.md``):

* ``load_state(ctx, reference)`` → :class:`ConsentState` with ``allows(purpose,
  recipient)``, ``sharable_sections(recipient)``, ``require(purpose, recipient)``;
* ``filter_for_recipient(bundle, state, recipient)`` on every bundle that leaves;
* ``on_withdrawal(listener)`` to hear about withdrawals (flag pending handovers);
* ``record``, ``withdraw``, ``verify``, ``mark_consented`` / ``record_and_mark_consented``;
* ``consent_form_data(ctx, reference, lang, ...)`` for the printable form.
"""

from counsel_app.consent.purposes import DataCategory, EventKind, Method, Purpose, Signer
from counsel_app.consent.rules import (
    Capacity,
    Choice,
    Circumstances,
    ConsentBlocked,
    ConsentEvent,
    ConsentRequired,
    ConsentState,
    Guardian,
    InterpreterInfo,
    blocking_reasons,
    filter_for_recipient,
    withheld_categories,
)
from counsel_app.consent.service import (
    WITHDRAWAL_LISTENERS,
    Withdrawal,
    consented_blockers,
    events,
    load_state,
    mark_consented,
    on_withdrawal,
    record,
    record_and_mark_consented,
    text_for,
    write_text_version,
    verify,
    withdraw,
)

__all__ = [
    "Capacity", "Choice", "Circumstances", "ConsentBlocked", "ConsentEvent",
    "ConsentRequired", "ConsentState", "DataCategory", "EventKind", "Guardian",
    "InterpreterInfo", "Method", "Purpose", "Signer", "WITHDRAWAL_LISTENERS", "Withdrawal",
    "blocking_reasons", "consented_blockers", "events", "filter_for_recipient", "load_state",
    "mark_consented", "on_withdrawal", "record", "record_and_mark_consented", "text_for", "write_text_version",
    "verify", "withdraw", "withheld_categories",
]
