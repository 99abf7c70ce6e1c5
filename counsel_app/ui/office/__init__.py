"""The office workspace: the received cases and their work after arrival (see
``docs/followup.md``)."""
