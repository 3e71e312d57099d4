"""German and English texts of the participation mode ("Beteiligung") and its moderation view."""

from sim.app.i18n import register_labels

LABELS: dict[str, dict[str, str]] = {
    "participation": {"de": "Beteiligung", "en": "Participation"},
    "pt_choose": {"de": "Veröffentlichter Vergleich", "en": "Published comparison"},
    "pt_none": {
        "de": "Noch ist kein Vergleich veröffentlicht (Dateien in data/participation/, siehe docs/PARTICIPATION.md).",
        "en": "No comparison is published yet (files in data/participation/, see docs/PARTICIPATION.md).",
    },
    "pt_link": {
        "de": "Link für Bürgerinnen und Bürger (ohne Expertenansicht): {link}",
        "en": "Link for residents (without the expert controls): {link}",
    },
    "pt_by": {"de": "Veröffentlicht von {organiser}", "en": "Published by {organiser}"},
    "pt_period": {"de": "Bewertungen vom {opens} bis {closes}.", "en": "Ratings from {opens} to {closes}."},
    "pt_not_binding": {
        "de": "Das Ergebnis ist ein Meinungsbild und bindet den Rat nicht; es fließt in die Beratung ein.",
        "en": "The result is a picture of opinion; it does not bind the council but informs its debate.",
    },
    "pt_binding": {
        "de": "Das Ergebnis wird dem Rat als Empfehlung vorgelegt.",
        "en": "The result goes to the council as a recommendation.",
    },
    "pt_closed": {
        "de": "Die Beteiligung ist nicht geöffnet (vom {opens} bis {closes}); die Ergebnisse bleiben sichtbar.",
        "en": "Participation is not open (from {opens} to {closes}); the results stay visible.",
    },
    "pt_privacy_title": {"de": "Was gespeichert wird", "en": "What is stored"},
    "pt_privacy": {
        "de": (
            "Gespeichert werden nur Ihre Punkte je Frage, Ihr Kommentar und, wenn Sie es angeben, Ihr Ortsteil und "
            "Ihre Altersgruppe, dazu der Tag (keine Uhrzeit). Kein Name, keine E-Mail, keine IP-Adresse und keine "
            "Cookies über diese Sitzung hinaus. Damit eine zweite Bewertung die erste ersetzt, merkt sich der Server "
            "eine Zufallszahl dieser Sitzung (nur als Prüfsumme). Alles wird {days} Tage nach dem Ende der Beteiligung "
            "gelöscht. Kommentare sind öffentlich sichtbar; die Moderation kann sie ausblenden."
        ),
        "en": (
            "Only your points per question, your comment and, if you give them, your Ortsteil and age group are "
            "stored, with the day (no time). No name, no e-mail, no IP address and no cookies beyond this session. So "
            "that a second rating replaces the first, the server keeps a random number of this session (as a hash "
            "only). Everything is deleted {days} days after participation closes. Comments are public; the "
            "moderators can hide them."
        ),
    },
    "pt_about_you": {"de": "Über Sie (freiwillig)", "en": "About you (optional)"},
    "pt_no_answer": {"de": "keine Angabe", "en": "rather not say"},
    "pt_age_group": {"de": "Altersgruppe", "en": "Age group"},
    "pt_scenarios": {"de": "Die Szenarien", "en": "The scenarios"},
    "pt_model_says": {"de": "Was das Modell vorhersagt", "en": "What the model predicts"},
    "pt_reference": {"de": "Vergleichsgrundlage", "en": "reference"},
    "pt_rate": {"de": "Ihre Bewertung", "en": "Your rating"},
    "pt_scale": {"de": "1 = gar nicht gut, 5 = sehr gut", "en": "1 = not good at all, 5 = very good"},
    "pt_comment": {
        "de": "Kommentar (freiwillig, höchstens {cap} Zeichen)",
        "en": "Comment (optional, {cap} characters at most)",
    },
    "pt_save": {"de": "Bewertung speichern", "en": "Save rating"},
    "pt_saved": {"de": "Danke! Ihre Bewertung ist gespeichert.", "en": "Thank you! Your rating is saved."},
    "pt_replaced": {
        "de": "Danke! Ihre Bewertung ersetzt Ihre frühere Bewertung dieses Szenarios.",
        "en": "Thank you! Your rating replaces your earlier rating of this scenario.",
    },
    "pt_rated": {"de": "bewertet", "en": "rated"},
    "refused_missing_score": {
        "de": "Bitte beantworten Sie jede Frage ({count} fehlen noch).",
        "en": "Please answer every question ({count} still missing).",
    },
    "refused_comment_too_long": {
        "de": "Ihr Kommentar hat {length} Zeichen; erlaubt sind {cap}. Bitte kürzen Sie ihn – Ihr Text bleibt stehen.",
        "en": "Your comment has {length} characters; {cap} are allowed. Please shorten it – your text is kept.",
    },
    "refused_bad_score": {"de": "Punkte gehen von {low} bis {high}.", "en": "Points go from {low} to {high}."},
    "refused_unknown_criterion": {"de": "Unbekannte Frage: {criterion}.", "en": "Unknown question: {criterion}."},
    "refused_unknown_scenario": {"de": "Unbekanntes Szenario.", "en": "Unknown scenario."},
    "refused_unknown_district": {"de": "Unbekannter Ortsteil.", "en": "Unknown Ortsteil."},
    "refused_unknown_age_group": {"de": "Unbekannte Altersgruppe.", "en": "Unknown age group."},
    "refused_closed": {"de": "Die Beteiligung ist nicht geöffnet.", "en": "Participation is not open."},
    "pt_too_fast": {
        "de": "Bitte etwas langsamer: Sie können in {seconds} Sekunden wieder speichern.",
        "en": "A little slower, please: you can save again in {seconds} seconds.",
    },
    "pt_store_down": {
        "de": "Bewertungen sind gerade nicht möglich, die Datenbank ist nicht erreichbar: {reason}",
        "en": "Ratings are not possible right now, the database cannot be reached: {reason}",
    },
    "pt_model_missing": {
        "de": "Die Modellergebnisse sind gerade nicht verfügbar; Sie können trotzdem bewerten.",
        "en": "The model's results are not available right now; you can still rate.",
    },
    "pt_preferences": {
        "de": "Was die Bürgerinnen und Bürger bevorzugen – neben dem, was das Modell vorhersagt",
        "en": "What residents prefer – beside what the model predicts",
    },
    "pt_ratings": {"de": "Bewertungen", "en": "Ratings"},
    "pt_mean": {"de": "{criterion}: Bürger Ø (1–5)", "en": "{criterion}: residents' mean (1–5)"},
    "pt_model_column": {"de": "{criterion}: Modell – {kpi}", "en": "{criterion}: model – {kpi}"},
    "pt_overall": {"de": "Gesamt Ø (1–5)", "en": "Overall mean (1–5)"},
    "pt_ranking": {
        "de": "Reihenfolge nach Bewertung der Bürgerinnen und Bürger: {order}.",
        "en": "Order by residents' ratings: {order}.",
    },
    "pt_no_ratings": {"de": "Noch keine Bewertungen.", "en": "No ratings yet."},
    "pt_map": {"de": "Bewertungen nach Ortsteil", "en": "Ratings by Ortsteil"},
    "pt_map_scenario": {"de": "Szenario auf der Karte", "en": "Scenario on the map"},
    "pt_map_criterion": {"de": "Frage", "en": "Question"},
    "pt_all_criteria": {"de": "alle Fragen (Mittel)", "en": "all questions (mean)"},
    "pt_map_note": {
        "de": "Ortsteile mit weniger als {min_group} Bewertungen bleiben grau ({withheld} Bewertungen), damit "
        "niemand einzeln erkennbar ist; sie zählen in der Tabelle oben mit.",
        "en": "Ortsteile with fewer than {min_group} ratings stay grey ({withheld} ratings), so that nobody can "
        "be singled out; they count in the table above.",
    },  # fmt: skip
    "pt_tooltip": {
        "de": "<b>{district}</b><br/>Bürger Ø {mean} von 5 ({count} Bewertungen){model}",
        "en": "<b>{district}</b><br/>Residents' mean {mean} of 5 ({count} ratings){model}",
    },
    "pt_tooltip_few": {
        "de": "<b>{district}</b><br/>Zu wenige Bewertungen zum Zeigen",
        "en": "<b>{district}</b><br/>Too few ratings to show",
    },
    "pt_tooltip_model": {"de": "<br/>Modell: {kpi} {value}", "en": "<br/>Model: {kpi} {value}"},
    "pt_legend": {"de": "Bürger Ø (1–5)", "en": "Residents' mean (1–5)"},
    "pt_comments": {"de": "Kommentare", "en": "Comments"},
    "pt_no_comments": {"de": "Noch keine Kommentare.", "en": "No comments yet."},
    "pt_moderation": {"de": "Moderation", "en": "Moderation"},
    "pt_password": {"de": "Passwort der Moderation", "en": "Moderator password"},
    "pt_login": {"de": "Anmelden", "en": "Sign in"},
    "pt_logout": {"de": "Abmelden", "en": "Sign out"},
    "pt_wrong_password": {"de": "Das Passwort ist falsch.", "en": "The password is wrong."},
    "pt_no_moderation": {
        "de": "Die Moderation ist nicht eingerichtet: IKZ_MODERATOR_PASSWORD_HASH ist nicht gesetzt.",
        "en": "Moderation is not set up: IKZ_MODERATOR_PASSWORD_HASH is not set.",
    },
    "pt_bad_hash": {
        "de": "Die Moderation ist falsch eingerichtet: {reason}",
        "en": "Moderation is misconfigured: {reason}",
    },
    "pt_hidden": {"de": "ausgeblendet", "en": "hidden"},
    "pt_hide": {"de": "Ausblenden", "en": "Hide"},
    "pt_show": {"de": "Wieder zeigen", "en": "Show again"},
    "pt_export": {"de": "Alle Bewertungen als CSV herunterladen", "en": "Download all ratings as CSV"},
    "pt_moderation_note": {
        "de": "{count} Bewertungen gespeichert ({backend}); Löschung am {day}.",
        "en": "{count} ratings stored ({backend}); deleted on {day}.",
    },
}

register_labels(LABELS)
