"""Sweeps, sensitivity, scenario discovery and calibration: many runs above the single-run API."""
