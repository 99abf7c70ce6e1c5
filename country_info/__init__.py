"""Country-of-origin information: packs, build, signatures, search (no Qt)."""
