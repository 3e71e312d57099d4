"""The page's parts drawn with Streamlit: state, sidebar, runs, results, map, charts, editor, report download."""
