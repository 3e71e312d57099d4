"""The scenario editor tab: upload or type a scenario; validation messages in the user's language."""

import streamlit as st

from sim.app.i18n import label
from sim.app.messages import describe
from sim.app.views.state import SCENARIO_ROOT
from sim.errors import InputError
from sim.io.config import MAX_UPLOAD_BYTES, load_scenario_text

# Streamlit writes the uploader's own hints in English; they are hidden and the page says them in its language.
UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{browse}"; font-size: 0.9rem; }}
</style>"""
BROWSE = {"de": "Datei auswählen", "en": "Choose a file"}
UPLOAD_HINT = {
    "de": "Datei hierher ziehen oder auswählen: eine Szenario-Datei (YAML), höchstens 100 kB.",
    "en": "Drag a file here or choose one: a scenario file (YAML), at most 100 kB.",
}


def editor(lang: str) -> None:
    """Upload or edit a scenario; show validation messages inline, naming file, line and key."""
    region = st.session_state.region
    st.markdown(UPLOADER_CSS.format(browse=BROWSE.get(lang, BROWSE["en"])), unsafe_allow_html=True)
    upload = st.file_uploader(label("upload", lang), type=["yaml", "yml"], key="upload", max_upload_size=1)
    st.caption(UPLOAD_HINT.get(lang, UPLOAD_HINT["en"]))
    # A keyed text area keeps its text when its default changes, so a new upload is written into its state.
    if "yaml_text" not in st.session_state:
        st.session_state.yaml_text = "extends: baseline.yaml\nname: my scenario\n"
    if upload is not None and st.session_state.get("upload_id") != upload.file_id:
        st.session_state.upload_id = upload.file_id
        if upload.size > MAX_UPLOAD_BYTES:
            st.error(label("upload_too_large", lang, limit=MAX_UPLOAD_BYTES // 1000))
        else:
            st.session_state.yaml_text = upload.getvalue().decode("utf-8", errors="replace")
    text = st.text_area(label("edit_yaml", lang), height=260, key="yaml_text")
    name = upload.name if upload else "my_scenario.yaml"
    if st.button(label("validate", lang), key="validate"):
        st.session_state.uploaded = None
        try:
            # The same confinement as a file upload: no path may leave scenarios/.
            scenario = load_scenario_text(text, name, SCENARIO_ROOT / region, SCENARIO_ROOT)
        except InputError as error:
            st.error(label("invalid", lang) + "\n\n" + "\n\n".join(describe(error, lang)))
        except (RecursionError, MemoryError, ValueError, TypeError) as error:
            # Bad input must stay a message next to the editor, whatever the parser made of it.
            st.error(f"{label('unreadable', lang)} {type(error).__name__}")
        else:
            st.session_state.uploaded = scenario
            st.success(label("valid", lang))
