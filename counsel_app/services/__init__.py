"""Qt-free services that span areas (status changes with their preconditions)."""
