"""Validation messages as the app shows them: in the user's language, naming the field as the user sees it."""

import re
from collections.abc import Callable

from sim.app.i18n import label, weekday_name
from sim.app.names import PlaceNames, service_label
from sim.errors import InputError, InputErrors
from sim.io.schema import ScenarioConfig

# English message patterns of the loader and the schema, and their German wording (\1, \2: the parts kept).
GERMAN: tuple[tuple[str, str], ...] = (
    (r"^unknown key \(check the spelling[^)]*\)", "unbekannter Schlüssel (bitte die Schreibweise prüfen)"),
    (r"did you mean '([^']+)'\??", "meinten Sie »\\1«?"),
    (r"^required key is missing$", "Pflichtangabe fehlt"),
    (r"^Input should be greater than or equal to (\S+)", "Der Wert muss mindestens \\1 sein"),
    (r"^Input should be less than or equal to (\S+)", "Der Wert darf höchstens \\1 sein"),
    (r"^Input should be greater than (\S+)", "Der Wert muss größer als \\1 sein"),
    (r"^Input should be less than (\S+)", "Der Wert muss kleiner als \\1 sein"),
    (r"^Input should be a valid integer[^(]*", "Erwartet wird eine ganze Zahl "),
    (r"^Input should be a valid number[^(]*", "Erwartet wird eine Zahl "),
    (r"^Input should be a valid string[^(]*", "Erwartet wird ein Text "),
    (r"^Input should be a valid list[^(]*", "Erwartet wird eine Liste "),
    (r"^Input should be a valid dictionary[^(]*", "Erwartet wird eine Zuordnung (Schlüssel: Wert) "),
    (r"^Input should be (.+?) \(got", "Erlaubt ist \\1 (eingegeben:"),
    (r"^Value error, ", ""),
    (r"expected opening hours like '08:00-12:30', got (.+)$", "Öffnungszeiten bitte wie 08:00-12:30 angeben, nicht \\1"),  # noqa: E501 - one pattern a line
    (r"'([^']*)' is not a time like 08:30", "»\\1« ist keine Uhrzeit wie 08:30"),
    (r"'([^']*)' is after 24:00", "»\\1« liegt nach 24:00"),
    (r"'([^']*)' closes before it opens", "»\\1« endet, bevor es beginnt"),
    (r"intervals must be in order and must not overlap", "Zeiten müssen der Reihe nach kommen und dürfen sich nicht überschneiden"),  # noqa: E501 - one pattern a line
    (r"'([^']*)' is outside (\S+)/; only shipped files may be named", "»\\1« liegt außerhalb von \\2/; erlaubt sind nur mitgelieferte Dateien"),  # noqa: E501 - one pattern a line
    (r"^broken YAML: ", "fehlerhaftes YAML: "),
    (r"^duplicate key \(first defined on line (\d+)\)", "doppelter Schlüssel (zuerst in Zeile \\1)"),
    (r"base file '([^']*)' not found", "Basisdatei »\\1« nicht gefunden"),
    (r"^cycle in extends: ", "Kreis in extends: "),
    (r"\(got ", "(eingegeben: "),
)  # fmt: skip


def translate(message: str, language: str) -> str:
    """Return a loader or schema message in the language (German by pattern; unknown wording stays English)."""
    if language != "de":
        return message
    for pattern, german in GERMAN:
        message = re.sub(pattern, german, message)
    return message


def _point_field(parts: list[str], config: ScenarioConfig, places: PlaceNames, language: str) -> str | None:
    point = places.point(parts[1], language)
    if len(parts) == 3 and parts[2] == "desks":
        return f"{label('desks', language)} – {point}"
    if len(parts) >= 3 and parts[2] == "opening_hours":
        day = f", {weekday_name(parts[3], language)}" if len(parts) > 3 else ""
        return f"{label('hours', language)} – {point}{day}"
    if len(parts) >= 3 and parts[2] == "timetable":
        return f"{label('timetable', language)} – {point}"
    return None


def field_label(key_path: str, config: ScenarioConfig, places: PlaceNames, language: str) -> str:
    """Return the name of the field as the app's widgets show it (the key path where the app has no widget)."""
    parts = key_path.split(".")
    shown: str | None = None
    if len(parts) >= 3 and parts[0] == "service_points":
        shown = _point_field(parts, config, places, language)
    elif len(parts) == 3 and parts[0] == "services" and parts[2] == "online_share":
        shown = f"{label('online', language)} – {service_label(config, parts[1], language)}"
    elif len(parts) >= 2 and parts[0] == "agreements":
        agreement = config.agreements.get(parts[1])
        name = agreement.name if agreement else label("new_agreement", language)
        field = {"members": label("members", language), "cost_key": label("cost_key", language)}.get(parts[-1], "")
        shown = f"{label('agreements', language)} – {name}" + (f": {field}" if field else "")
    return shown or key_path


def describe(
    error: InputError, language: str, field: Callable[[str], str] | None = None, show_place: bool = True
) -> list[str]:
    """Return one line per problem: where (file and line, if wanted), the field, and the message in the language."""
    problems = error.errors if isinstance(error, InputErrors) else [error]
    lines = []
    for problem in problems:
        where = ""
        if show_place and problem.file:
            where = f"{problem.file.rsplit('/', 1)[-1]}:{problem.line}: " if problem.line else f"{problem.file}: "
        name = field(problem.key_path) if field and problem.key_path else problem.key_path
        text = translate(problem.message, language)
        lines.append(f"{where}{name}: {text}" if name else f"{where}{text}")
    return lines
