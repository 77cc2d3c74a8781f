"""Dialogs opened from the pages: print a handout, reconcile the paper after a meeting."""
