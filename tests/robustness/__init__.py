"""Robustness tests: hostile and broken input, crash safety, injection, fuzzing (issue 5)."""
