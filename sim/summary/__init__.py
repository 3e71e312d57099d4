"""The key figures of one finished run: summary.json, grouped figures, places, the KPI registry."""
