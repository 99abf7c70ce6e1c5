"""Performance benchmarks (``python -m benchmarks``). They print figures; they are not tests."""
