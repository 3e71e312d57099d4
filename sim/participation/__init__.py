"""Residents rate published scenario comparisons: files, storage, limits, aggregates and export (no Streamlit)."""
