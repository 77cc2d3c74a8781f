"""Qt item models over domain values; they hold no widgets."""
