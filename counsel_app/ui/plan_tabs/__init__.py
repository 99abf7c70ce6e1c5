"""The plan step's tabs, one module each (layout and signal wiring only)."""
