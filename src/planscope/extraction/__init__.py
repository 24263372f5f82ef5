"""Extraction: document facts, numbers and units, targets and reported actuals, bulletins' headline facts."""
