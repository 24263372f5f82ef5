"""Monitoring: observations in, the progress of every target out — vintages, plausibility,
completion tables, and figures shown in the plan's own unit."""
