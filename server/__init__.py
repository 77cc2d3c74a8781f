"""The Kring sync server: relays opaque changesets between a community's devices."""

__version__ = "0.1.0"
