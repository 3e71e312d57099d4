"""What the Streamlit app needs besides widgets: tables, labels, overrides, the run queue, workload caps."""
