"""Handover to the office in the country of origin: keys, sealed packages, acknowledgements."""
