"""The Kring sync server: relays opaque changesets between a community's devices."""

from app import __version__ as __version__  # one version for the app, the server and the packages
