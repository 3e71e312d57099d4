"""Analyses above the single-run API: allocation, accessibility, location, comparisons."""
