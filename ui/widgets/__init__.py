"""Widgets used by more than one page or by the main window."""
