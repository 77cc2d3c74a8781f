"""Printable handouts (reportlab, no Qt): agenda, sign-in sheet, minutes, badges, directory."""
