"""Free, prior and informed consent: granular, versioned, withdrawable, tamper-evident.

Qt-free. What other areas use (see ``docs/consent.md``):

* ``load_state(ctx, reference)`` → :class:`ConsentState` with ``allows(purpose,
  recipient)``, ``sharable_sections(recipient)``, ``require(purpose, recipient)``;
* ``filter_for_recipient(bundle, state, recipient)`` on every bundle that leaves;
* ``on_withdrawal(listener)`` to hear about withdrawals (flag pending handovers);
* ``record``, ``withdraw``, ``verify``, ``mark_consented`` / ``record_and_mark_consented``;
* ``consent_form_data(ctx, reference, lang, ...)`` for the printable form.
"""

# The names below are loaded on first use (PEP 562): importing ``counsel_app.consent.purposes``
# (the command line's choices) must not pull in the service and the database layer.
_EXPORTS = {
    "purposes": ("DataCategory", "EventKind", "Method", "Purpose", "Signer"),
    "rules": (
        "Capacity", "Choice", "Circumstances", "ConsentBlocked", "ConsentEvent",
        "ConsentRequired", "ConsentState", "Guardian", "InterpreterInfo", "blocking_reasons",
        "filter_for_recipient", "withheld_categories"),
    "service": (
        "WITHDRAWAL_LISTENERS", "Withdrawal", "asks_confidential", "capacity_note",
        "consented_blockers", "events", "in_force_summary", "integrity_note", "load_state",
        "mark_consented", "nothing_to_record", "on_withdrawal", "record", "record_and_mark_consented",
        "record_and_report", "recording_blockers", "standing_lines", "text_for",
        "withdrawal_question", "write_text_version", "verify", "withdraw"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if module == "purposes":
        from counsel_app.consent import purposes as source
    elif module == "rules":
        from counsel_app.consent import rules as source
    else:
        from counsel_app.consent import service as source
    value = getattr(source, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULE_OF))
