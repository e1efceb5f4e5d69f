"""The public test kit: Hypothesis strategies, contract suites every adapter must pass."""
