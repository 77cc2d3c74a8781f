"""Timings of Kring's store and services at full demo scale (`python -m benchmarks`)."""
