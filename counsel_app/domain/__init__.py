"""The domain: plain Python objects and rules, no Qt and no SQL."""
