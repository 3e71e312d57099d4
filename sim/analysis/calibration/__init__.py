"""Calibration: fitting ESTIMATE parameters to documented targets with SciPy, with provenance."""
