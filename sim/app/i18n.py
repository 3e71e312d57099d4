"""Labels of the app in German and English."""

from sim.io.schema_types import WEEKDAYS

LANGUAGES = ("de", "en")

TEXT: dict[str, dict[str, str]] = {
    "title": {"de": "IKZ-Sim – interkommunale Zusammenarbeit", "en": "IKZ-Sim – inter-municipal cooperation"},
    "language": {"de": "Sprache", "en": "Language"},
    "region": {"de": "Region", "en": "Region"},
    "scenarios": {"de": "Szenarien (das erste ist der Vergleich)", "en": "Scenarios (the first is the reference)"},
    "edit": {"de": "Szenario anpassen", "en": "Adjust scenario"},
    "parameters": {"de": "Parameter", "en": "Parameters"},
    "desks": {"de": "Schalter", "en": "Desks"},
    "hours": {"de": "Öffnungszeiten", "en": "Opening hours"},
    "hours_help": {
        "de": "z. B. 08:00-12:30, 14:00-16:00; leer = geschlossen",
        "en": "e.g. 08:00-12:30, 14:00-16:00; empty = closed",
    },
    "online": {"de": "Online-Anteil", "en": "Online share"},
    "timetable": {"de": "Fahrplan mobiles Bürgerbüro", "en": "Mobile office timetable"},
    "agreements": {"de": "Vereinbarungen", "en": "Agreements"},
    "members": {"de": "Mitglieder", "en": "Members"},
    "new_agreement": {"de": "Neue Vereinbarung (gegenseitiger Zugang)", "en": "New agreement (mutual access)"},
    "services": {"de": "Leistungen", "en": "Services"},
    "cost_key": {"de": "Kostenschlüssel", "en": "Cost key"},
    "days": {"de": "Tage", "en": "Days"},
    "seed": {"de": "Zufallsstartwert (Seed)", "en": "Seed"},
    "replications": {"de": "Wiederholungen", "en": "Replications"},
    "run": {"de": "Simulation starten", "en": "Run"},
    "running": {"de": "Simulation läuft …", "en": "Simulating …"},
    "queue_position": {
        "de": "Position in der Warteschlange: {position} – andere Simulationen laufen gerade, bitte warten.",
        "en": "Position in queue: {position} – other simulations are running, please wait.",
    },
    "queue_full": {
        "de": "Der Server ist gerade ausgelastet (zu viele wartende Simulationen). Bitte gleich noch einmal starten.",
        "en": "The server is busy (too many simulations waiting). Please try again shortly.",
    },
    "too_many_requests": {
        "de": (
            "Dieser Lauf ist zu groß: geschätzt {estimate} Anliegen (über alle Szenarien, Tage und Wiederholungen), "
            "erlaubt sind {cap}. Bitte weniger Tage, Wiederholungen oder Szenarien wählen."
        ),
        "en": (
            "This run is too large: an estimated {estimate} requests (over all scenarios, days and replications), "
            "the limit is {cap}. Please choose fewer days, replications or scenarios."
        ),
    },
    "too_much_memory": {
        "de": (
            "Dieser Lauf ist zu groß: ein Szenario bräuchte geschätzt {estimate} GB Arbeitsspeicher, "
            "erlaubt sind {cap} GB. Bitte weniger Tage wählen oder das Szenario verkleinern."
        ),
        "en": (
            "This run is too large: one scenario would need an estimated {estimate} GB of memory, "
            "the limit is {cap} GB. Please choose fewer days or a smaller scenario."
        ),
    },
    "workload_estimate": {
        "de": (
            "Aufwand (vorab geschätzt): Läufe: {runs}, Anliegen: {requests}, Arbeitsspeicher je Lauf: bis zu "
            "{memory}, Rechenzeit: {duration}."
        ),
        "en": (
            "Cost (estimated beforehand): runs: {runs}, requests: {requests}, memory per run: up to {memory}, "
            "computing time: {duration}."
        ),
    },
    "about_seconds": {"de": "etwa {seconds} s", "en": "about {seconds} s"},
    "about_minutes": {"de": "etwa {minutes} min", "en": "about {minutes} min"},
    "worker_died": {
        "de": "Ein Rechenprozess ist unerwartet beendet worden (z. B. Speichermangel); bitte erneut starten.",
        "en": "A worker process ended unexpectedly (e.g. out of memory); please run again.",
    },
    "run_timed_out": {
        "de": (
            "Die Simulation hat länger als {minutes} Minuten gedauert und wurde abgebrochen. "
            "Bitte weniger Tage, Wiederholungen oder Szenarien wählen."
        ),
        "en": (
            "The simulation took longer than {minutes} minutes and was stopped. "
            "Please choose fewer days, replications or scenarios."
        ),
    },
    "run_failed": {"de": "Die Simulation ist fehlgeschlagen:", "en": "The simulation failed:"},
    "url_dropped": {
        "de": (
            "Ein Teil des Links war ungültig und wurde ignoriert (z. B. der Parameter »ov«). "
            "Dateipfade aus einem Link werden nie geöffnet."
        ),
        "en": (
            "Part of the link was not valid and was ignored (e.g. the 'ov' parameter). "
            "File paths in a link are never opened."
        ),
    },
    "upload_too_large": {
        "de": "Die Datei ist größer als {limit} kB; ein Szenario nennt nur seine Unterschiede.",
        "en": "The file is larger than {limit} kB; a scenario states only its differences.",
    },
    "unreadable": {"de": "Die Eingabe konnte nicht gelesen werden:", "en": "The input could not be read:"},
    "results": {"de": "Ergebnisse", "en": "Results"},
    "editor": {"de": "Szenario-Editor", "en": "Scenario editor"},
    "press_run": {"de": "Szenarien wählen und »Simulation starten« drücken.", "en": "Choose scenarios and press Run."},
    "travel": {"de": "Anfahrt (Min., Mittel)", "en": "Travel (min, mean)"},
    "wait": {"de": "Wartezeit (Min., Mittel)", "en": "Wait (min, mean)"},
    "unserved": {"de": "Unerledigt", "en": "Unserved"},
    "cost_per_capita": {"de": "Kosten je Einw. (EUR)", "en": "Cost per capita (EUR)"},
    "co2": {"de": "CO2 (t)", "en": "CO2 (t)"},
    "cross_border": {"de": "Anteil über die Grenze", "en": "Cross-border share"},
    "by_municipality": {"de": "Nach Kommune", "en": "By municipality"},
    "map": {"de": "Karte", "en": "Map"},
    "map_colour": {"de": "Farbe der Ortsteile", "en": "Colour districts by"},
    "difference": {"de": "Differenz zum Vergleich", "en": "Difference to reference"},
    "map_scenario": {"de": "Szenario auf der Karte", "en": "Scenario on the map"},
    "charts": {"de": "Diagramme", "en": "Charts"},
    "daily_waits": {"de": "Tägliche Wartezeit je Servicestelle", "en": "Daily wait per service point"},
    "travel_distribution": {"de": "Verteilung der Anfahrtszeit", "en": "Travel-time distribution"},
    "costs_by_payer": {"de": "Kosten nach Zahler", "en": "Costs by who pays"},
    "downloads": {"de": "Downloads", "en": "Downloads"},
    "explain": {"de": "Wie das Modell funktioniert", "en": "How the model works"},
    "upload": {"de": "Szenario-Datei hochladen (YAML)", "en": "Upload a scenario file (YAML)"},
    "edit_yaml": {"de": "Oder hier bearbeiten", "en": "Or edit here"},
    "validate": {"de": "Prüfen", "en": "Validate"},
    "valid": {
        "de": "Gültig – wird beim nächsten Lauf mit verglichen.",
        "en": "Valid – it joins the comparison on the next run.",
    },
    "invalid": {"de": "Die Datei hat Fehler:", "en": "The file has errors:"},
    "override_error": {"de": "Die Anpassungen sind ungültig:", "en": "The adjustments are not valid:"},
    "municipality": {"de": "Kommune", "en": "Municipality"},
    "scenario": {"de": "Szenario", "en": "Scenario"},
    "requests": {"de": "Anliegen", "en": "Requests"},
    "cost_before": {"de": "Kosten vor Teilung (EUR)", "en": "Cost before sharing (EUR)"},
    "cost_paid": {"de": "Kosten nach Teilung (EUR)", "en": "Cost after sharing (EUR)"},
    "health_insurance": {"de": "Krankenkassen", "en": "Health insurance"},
    "explain_text": {
        "de": (
            "Jede Einwohnerin und jeder Einwohner von Lemgo und Kalletal ist ein eigener Agent. Über das Jahr "
            "entstehen Anliegen (Bürgerbüro, Hausarzt, Bücherei). Wer kann, erledigt sie online; wer in einem "
            "Dorf wohnt, das das mobile Bürgerbüro bald besucht, wartet darauf; alle anderen wählen eine "
            "Servicestelle, die sie nutzen dürfen, und ein Verkehrsmittel – nach Fahrzeit, erwarteter Wartezeit "
            "und Gewohnheit (Logit-Modell). Vor Ort wird an echten Schaltern mit Öffnungszeiten gewartet; wer "
            "bis Schluss nicht drankommt, kommt am nächsten Öffnungstag wieder. Aus Erfahrung und Mundpropaganda "
            "lernen die Menschen, wo es schnell geht. Kosten tragen die Kommunen; Vereinbarungen teilen sie nach "
            "einem Schlüssel. Alle Szenarien sehen dieselben Anliegen am selben Tag (gemeinsame Zufallszahlen), "
            "Unterschiede kommen also von der Politik, nicht vom Zufall."
        ),
        "en": (
            "Every resident of Lemgo and Kalletal is an agent. Over the year they develop needs (citizen "
            "office, GP, library). Those who can go online; those whose village the mobile office visits soon "
            "wait for it; everyone else picks a service point they may use and a way to get there, weighing "
            "travel time, expected waiting and habit (a logit model). They queue at real desks with real "
            "opening hours; whoever is not served by closing time comes back on the next open day. From their "
            "own visits and word of mouth people learn where service is quick. Municipalities pay; agreements "
            "split the cost by a key. Every scenario sees the same needs on the same days (common random "
            "numbers), so differences come from the policy, not from chance."
        ),
    },
    "stale": {
        "de": "Die Ergebnisse sind veraltet: Einstellungen wurden geändert. Bitte »Simulation starten« drücken.",
        "en": "The results are out of date: settings have changed. Please press Run.",
    },
    "who_gains": {"de": "Wer gewinnt, wer zahlt", "en": "Who gains, who pays"},
    "gains_reference": {"de": "Verglichen mit »{reference}«:", "en": "Compared with '{reference}':"},
    "gains_sentence": {
        "de": "**{scenario}:** {costs}. Anfahrt und Wartezeit je Anliegen: {times}.",
        "en": "**{scenario}:** {costs}. Travel and wait per request: {times}.",
    },
    "pays_more": {"de": "{municipality} zahlt {amount} mehr", "en": "{municipality} pays {amount} more"},
    "pays_less": {"de": "{municipality} zahlt {amount} weniger", "en": "{municipality} pays {amount} less"},
    "pays_same": {"de": "{municipality} zahlt gleich viel", "en": "{municipality} pays the same"},
    "per_year": {"de": "je Jahr", "en": "a year"},
    "days_short": {"de": "{days} Tage", "en": "{days} days"},
    "per_year_note": {
        "de": "Kosten und CO2 je Jahr, hochgerechnet aus {days} simulierten Tagen.",
        "en": "Costs and CO2 per year, annualised from {days} simulated days.",
    },
    "for_days": {"de": "für {days} simulierte Tage", "en": "for the {days} simulated days"},
    "for_days_note": {
        "de": "Kosten und CO2 gelten für die {days} simulierten Tage, nicht für ein Jahr.",
        "en": "Costs and CO2 are for the {days} simulated days, not for a year.",
    },
    "against": {"de": "ggü. {name}", "en": "vs {name}"},
    "variant_of": {"de": "Variante von »{name}«", "en": "Variant of '{name}'"},
    "variant_name": {"de": "Name der Variante (optional)", "en": "Name of the variant (optional)"},
    "variant_save": {"de": "Variante als Szenario-Datei (YAML)", "en": "Variant as a scenario file (YAML)"},
    "variant_link": {
        "de": "Der Link in der Adresszeile enthält die Variante; so lässt sie sich teilen.",
        "en": "The link in the address bar holds the variant, so it can be shared.",
    },
    "variant_changes": {"de": "Änderungen", "en": "Changes"},
    "reference_mark": {"de": "Vergleich", "en": "reference"},
    "scenario_descriptions": {"de": "Was die Szenarien bedeuten", "en": "What the scenarios mean"},
    "table_note": {
        "de": "Jede Zeile: die Einwohnerinnen und Einwohner einer Kommune in einem Szenario.",
        "en": "Each row: the residents of one municipality in one scenario.",
    },
    "day": {"de": "Tag", "en": "Day"},
    "weekday": {"de": "Wochentag", "en": "Weekday"},
    "district": {"de": "Ortsteil", "en": "Ortsteil (district)"},
    "mean_wait_axis": {"de": "Mittlere Wartezeit (min)", "en": "Mean wait (min)"},
    "service": {"de": "Leistung", "en": "Service"},
    "all_points": {"de": "Alle Servicestellen", "en": "All service points"},
    "place": {"de": "Ort", "en": "Place"},
    "warmup_note": {
        "de": (
            "Spitzen in den ersten Wochen: Zu Beginn erwarten alle dieselbe Wartezeit ({minutes} min) überall "
            "und gehen deshalb oft zur nächstgelegenen Stelle; erst mit eigener Erfahrung und Mundpropaganda "
            "verteilen sie sich. Diese Einschwingphase gehört zum Modell, nicht zur Wirklichkeit."
        ),
        "en": (
            "Spikes in the first weeks: at first everyone expects the same wait ({minutes} min) everywhere and "
            "so often goes to the nearest place; only with their own experience and word of mouth do they "
            "spread out. This warm-up belongs to the model, not to reality."
        ),
    },
    "warmup_excluded": {
        "de": "Die ersten {days} Tage (grau) sind Einschwingzeit und zählen nicht zu den Kennzahlen.",
        "en": "The first {days} days (grey) are warm-up and do not count towards the key figures.",
    },
    "travel_from_axis": {"de": "Anfahrt (min, Klassen zu 5 min)", "en": "Travel (min, 5-minute bins)"},
    "trips_axis": {"de": "Wege", "en": "Trips"},
    "age_group": {"de": "Altersgruppe", "en": "Age group"},
    "payer": {"de": "Zahler", "en": "Payer"},
    "cost_axis": {"de": "Kosten (EUR, {period})", "en": "Cost (EUR, {period})"},
    "cost_payers_note": {
        "de": "Nur wer zahlt, erscheint. Die Hausarztpraxen zahlen die Krankenkassen, nicht die Kommunen.",
        "en": "Only those who pay are shown. Statutory health insurance, not the municipalities, pays the GPs.",
    },
    "report": {"de": "Bericht", "en": "Report"},
    "report_download": {"de": "Bericht herunterladen (HTML, eine Seite)", "en": "Download the report (HTML, one page)"},
    "report_help": {
        "de": (
            "Eine Seite für den Rat: Szenarien, Kennzahlen, Karte, Diagramm, Annahmen und Quellen. "
            "Im Browser gedruckt ergibt sie ein PDF."
        ),
        "en": (
            "One page for the council: scenarios, key figures, map, chart, assumptions and sources. "
            "Print it from the browser for a PDF."
        ),
    },
    "map_layer": {"de": "Ortsteile einfärben nach", "en": "Colour the Ortsteile by"},
    "map_arcs": {"de": "Wege über die Gemeindegrenze zeigen", "en": "Show trips across the municipal border"},
    "map_arcs_count": {
        "de": "die {shown} größten von {total} Verbindungen, Breite nach Zahl der Wege",
        "en": "the {shown} largest of {total} connections, width by number of trips",
    },
    "map_background": {"de": "Hintergrundkarte", "en": "Background map"},
    "map_method": {
        "de": (
            "Grenzen genähert: Voronoi-Zellen der Ortsteile (jeder Punkt gehört zum nächsten Ortsteil-Mittelpunkt), "
            "begrenzt auf die Hülle der Ortsteile jeder Kommune. Keine amtlichen Grenzen."
        ),
        "en": (
            "Borders approximated: Voronoi cells of the Ortsteile (each point belongs to the nearest Ortsteil "
            "centre), limited to the hull of each municipality's Ortsteile. Not official boundaries."
        ),
    },
    "map_tiles_note": {
        "de": "Hintergrund: © OpenStreetMap-Mitwirkende, © CARTO (lädt Ihr Browser; ohne Internet bleibt er leer).",
        "en": "Background: © OpenStreetMap contributors, © CARTO (loaded by your browser; blank without internet).",
    },
    "legend_points": {"de": "Servicestelle (Größe: Besuche)", "en": "Service point (size: visits)"},
    "legend_difference": {
        "de": "blau: besser als »{reference}«, rot: schlechter",
        "en": "blue: better than '{reference}', red: worse",
    },
    "tooltip_district": {
        "de": "{district} ({municipality}): {population} Einwohner. {metric}: {value}.",
        "en": "{district} ({municipality}): {population} residents. {metric}: {value}.",
    },
    "tooltip_point": {
        "de": "{point}: {visits} Besuche, Auslastung {utilisation} %, mittlere Wartezeit {wait} min.",
        "en": "{point}: {visits} visits, {utilisation} % busy, mean wait {wait} min.",
    },
    "tooltip_flow": {
        "de": "{trips} Wege von {district} zu {point} (über die Gemeindegrenze).",
        "en": "{trips} trips from {district} to {point} (across the municipal border).",
    },
    "tooltip_municipality": {"de": "Gemeinde {municipality}", "en": "Municipality {municipality}"},
    "adjust_in": {"de": "Servicestellen anpassen in", "en": "Adjust the service points of"},
    "key_figure": {"de": "Kennzahl", "en": "Key figure"},
    "ci_low": {"de": "95-%-Intervall von", "en": "95 % interval from"},
    "ci_high": {"de": "95-%-Intervall bis", "en": "95 % interval to"},
    "verdict": {"de": "Befund", "en": "Reading"},
    "other_payers": {"de": "{count} weitere Kommunen", "en": "{count} more municipalities"},
    "year": {"de": "Jahr", "en": "Year"},
    "residents": {"de": "Einwohner", "en": "Residents"},
    "model_doc": {
        "de": "Vollständige Modellbeschreibung (ODD): docs/MODEL.md",
        "en": "Full model description (ODD): docs/MODEL.md",
    },
}


def register_labels(labels: dict[str, dict[str, str]]) -> None:
    """Add a view's own labels (German and English) to the table; a key may not be given two texts."""
    for key, texts in labels.items():
        if set(texts) != set(LANGUAGES):
            raise ValueError(f"label {key!r} needs exactly {LANGUAGES}")
        if TEXT.get(key, texts) != texts:
            raise ValueError(f"label {key!r} is already defined with another text")
        TEXT[key] = texts


def label(key: str, language: str, **values: object) -> str:
    """Return the label in the language (English if the language is unknown), with {placeholders} filled in."""
    entry = TEXT[key]
    text = entry.get(language, entry["en"])
    return text.format(**values) if values else text


def number(value: float, language: str, decimals: int = 0) -> str:
    """Return a number with thousands separators as the language writes them (12.345,6 or 12,345.6)."""
    text = f"{value:,.{decimals}f}"
    if language == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


WEEKDAY_NAMES = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
COST_KEYS = {
    "population": {"de": "nach Einwohnerzahl", "en": "by population"},
    "usage": {"de": "nach Nutzung", "en": "by usage"},
    "equal": {"de": "zu gleichen Teilen", "en": "in equal parts"},
    "fixed": {"de": "feste Anteile", "en": "fixed shares"},
    "base_plus_usage": {"de": "Sockelbetrag plus Nutzung", "en": "base amount plus usage"},
    "equal_capped": {"de": "zu gleichen Teilen bis zu einer Obergrenze", "en": "equal shares up to a cap"},
    "shapley": {"de": "Shapley-Wert", "en": "Shapley value"},
    "nucleolus": {"de": "Nukleolus", "en": "nucleolus"},
}
AGE_GROUPS = {
    "0-17": {"de": "0–17 Jahre", "en": "0–17 years"},
    "18-64": {"de": "18–64 Jahre", "en": "18–64 years"},
    "65+": {"de": "65 Jahre und älter", "en": "65 and older"},
}


def weekday_name(weekday: str, language: str) -> str:
    """Return a weekday ('mon' .. 'sun') as the language writes it."""
    names = WEEKDAY_NAMES.get(language, WEEKDAY_NAMES["en"])
    return names[WEEKDAYS.index(weekday)] if weekday in WEEKDAYS else weekday


def word(table: dict[str, dict[str, str]], key: str, language: str) -> str:
    """Return a word from one of the tables above in the language (the key itself if it is not there)."""
    entry = table.get(key)
    return entry.get(language, entry["en"]) if entry else key
