# ruff: noqa: E501
"""Source tables for the Südwestfalen region: municipalities, town districts, lines and the rules that fill gaps.

Every row carries its source. Values marked ESTIMATE are the analyst's and are flagged `estimate: true`
in the YAML that tools/build_suedwestfalen.py writes. See docs/SUEDWESTFALEN.md for the rules.
"""

# --------------------------------------------------------------------------------------- sources
RADIO_SAUERLAND_2023 = (
    "IT.NRW 30.06.2023 via https://www.radiosauerland.de/artikel/kaum-einwohnerzuwachs-im-hochsauerlandkreis-1780290.html"
)
LOKALPLUS_OE_2023 = (
    "IT.NRW 30.06.2023 via https://www.lokalplus.nrw/kreis-olpe/einwohnerstatistik-lennestadt-schrumpft-olpe-legt-"
    "deutlich-zu-83120"
)
MK_JOURNAL_ZENSUS = "IT.NRW Zensus 2022 (15.05.2022) via https://mk-journal.de/?p=12537"
WP_SI_2019 = (
    "IT.NRW 31.12.2019 via https://app-webview.sparknews.funkemedien.de/nrw-wp/staedte/siegerland/article229338560/"
    "Siegen-Wittgenstein-Einwohnerzahlen-gehen-leicht-zurueck.html and https://www.vmb-siwi.de/kreisverband/"
    "kreis-siegen-wittgenstein/ (de.wikipedia list)"
)
WP_SO_2018 = (
    "IT.NRW 31.12.2018 via https://app-webview.sparknews.funkemedien.de/nrw-wp/staedte/warstein-und-umland/"
    "article226445289/Neuer-Tiefstwert-Stadt-Warstein-schrumpft-immer-weiter.html"
)
FACTS = "/work/shared/data/suedwestfalen_facts.yaml (towns)"
HSK_AREAS = "fr.wikipedia Haut-Sauerland table (areas 2005) via https://de.frwiki.wiki/wiki/Haut-Sauerland"

# Kreis totals used to derive residuals (sourced).
HSK_TOTAL_2023_06 = 261777  # RADIO_SAUERLAND_2023
SO_TOTAL_2018_12 = 301902  # WP_SO_2018
SO_SOURCED_2018 = {"lippstadt": 67901, "soest": 47460, "werl": 30772, "warstein": 24842, "ruethen": 10957,
                   "anroechte": 10275}
# Approximate sizes (analyst's recollection, +-5 %) used ONLY as weights to split the Soest residual.
SO_RESIDUAL_WEIGHTS = {"geseke": 21000, "erwitte": 16000, "bad_sassendorf": 12000, "ense": 12200,
                       "lippetal": 12000, "moehnesee": 11800, "welver": 12200, "wickede": 12400}

# --------------------------------------------------------------------------------------- municipalities
# id: (name, kreis, population or None (derived), population_date, source, lat, lon, area_km2, area_sourced, ags)
# Coordinates of the 53 other municipalities are the analyst's approximate town centres (coord_estimate).
MUNICIPALITIES = {
    # --- Hochsauerlandkreis
    "arnsberg": ("Arnsberg", "HSK", 74300, "2023-06-30", FACTS + "; " + RADIO_SAUERLAND_2023, 51.383, 8.083,
                 193.45, True, "05958004"),
    "bestwig": ("Bestwig", "HSK", 10720, "2023-06-30", RADIO_SAUERLAND_2023, 51.361, 8.401, 69.36, True, None),
    "brilon": ("Brilon", "HSK", 25583, "2023-06-30", RADIO_SAUERLAND_2023, 51.395, 8.567, 228.99, True, None),
    "eslohe": ("Eslohe (Sauerland)", "HSK", 8917, "2023-06-30", RADIO_SAUERLAND_2023, 51.254, 8.167, 113.37, True,
               None),
    "hallenberg": ("Hallenberg", "HSK", None, "2023-06-30", "derived", 51.111, 8.621, 65.36, True, None),
    "marsberg": ("Marsberg", "HSK", 19718, "2023-06-30", RADIO_SAUERLAND_2023, 51.462, 8.846, 182.01, True, None),
    "medebach": ("Medebach", "HSK", 8157, "2023-06-30", RADIO_SAUERLAND_2023, 51.197, 8.707, 126.05, True, None),
    "meschede": ("Meschede", "HSK", 29957, "2023-06-30", RADIO_SAUERLAND_2023, 51.350, 8.284, 218.5, True, None),
    "olsberg": ("Olsberg", "HSK", 14510, "2023-06-30", RADIO_SAUERLAND_2023, 51.356, 8.487, 117.97, True, None),
    "schmallenberg": ("Schmallenberg", "HSK", 24951, "2023-06-30", RADIO_SAUERLAND_2023, 51.155, 8.285, 302.94,
                      True, None),
    "sundern": ("Sundern (Sauerland)", "HSK", 27751, "2023-06-30", RADIO_SAUERLAND_2023, 51.328, 8.003, 192.86, True,
                None),
    "winterberg": ("Winterberg", "HSK", 12674, "2023-06-30", RADIO_SAUERLAND_2023, 51.195, 8.530, 147.96, False,
                   None),
    # --- Kreis Olpe
    "olpe": ("Olpe", "OE", 24961, "2023-12-31", FACTS + " (IT.NRW via de.wikipedia Olpe)", 51.033, 7.850, 85.88,
             True, None),
    "attendorn": ("Attendorn", "OE", 24395, "2023-06-30", LOKALPLUS_OE_2023, 51.127, 7.902, 97.96, False, None),
    "drolshagen": ("Drolshagen", "OE", 11732, "2023-06-30", LOKALPLUS_OE_2023, 51.023, 7.774, 67.01, False, None),
    "finnentrop": ("Finnentrop", "OE", 16877, "2023-06-30", LOKALPLUS_OE_2023, 51.173, 7.974, 104.35, False, None),
    "kirchhundem": ("Kirchhundem", "OE", 11489, "2023-06-30", LOKALPLUS_OE_2023, 51.100, 8.089, 147.6, False, None),
    "lennestadt": ("Lennestadt", "OE", 25279, "2023-06-30", LOKALPLUS_OE_2023, 51.117, 8.067, 128.57, False, None),
    "wenden": ("Wenden", "OE", 19580, "2023-06-30", LOKALPLUS_OE_2023, 50.967, 7.867, 72.6, False, None),
    # --- Märkischer Kreis
    "iserlohn": ("Iserlohn", "MK", 92404, "2023-12-31", FACTS + " (IT.NRW via de.wikipedia Iserlohn)", 51.3811,
                 7.6956, 125.49, True, "05962024"),
    "menden": ("Menden (Sauerland)", "MK", 52177, "2023-12-31", FACTS + " (IT.NRW via de.wikipedia Menden)", 51.433,
               7.800, 86.1, True, None),
    "altena": ("Altena", "MK", 16774, "2022-05-15", MK_JOURNAL_ZENSUS, 51.300, 7.667, 44.38, False, None),
    "balve": ("Balve", "MK", 11283, "2022-05-15", MK_JOURNAL_ZENSUS, 51.331, 7.865, 75.0, False, None),
    "halver": ("Halver", "MK", 16395, "2022-05-15", MK_JOURNAL_ZENSUS, 51.187, 7.502, 76.8, False, None),
    "hemer": ("Hemer", "MK", 34984, "2022-05-15", MK_JOURNAL_ZENSUS, 51.386, 7.771, 67.59, False, None),
    "herscheid": ("Herscheid", "MK", 6881, "2022-05-15", MK_JOURNAL_ZENSUS, 51.179, 7.744, 58.4, False, None),
    "kierspe": ("Kierspe", "MK", 16592, "2022-05-15", MK_JOURNAL_ZENSUS, 51.133, 7.583, 71.6, False, None),
    "luedenscheid": ("Lüdenscheid", "MK", 71733, "2022-05-15", MK_JOURNAL_ZENSUS, 51.219, 7.628, 86.89, False, None),
    "meinerzhagen": ("Meinerzhagen", "MK", 20261, "2022-05-15", MK_JOURNAL_ZENSUS, 51.107, 7.640, 115.2, False,
                     None),
    "nachrodt_wiblingwerde": ("Nachrodt-Wiblingwerde", "MK", 6201, "2022-05-15", MK_JOURNAL_ZENSUS, 51.317, 7.617,
                              24.2, False, None),
    "neuenrade": ("Neuenrade", "MK", 11538, "2022-05-15", MK_JOURNAL_ZENSUS, 51.283, 7.783, 60.0, False, None),
    "plettenberg": ("Plettenberg", "MK", 24665, "2022-05-15", MK_JOURNAL_ZENSUS, 51.210, 7.872, 96.2, False, None),
    "schalksmuehle": ("Schalksmühle", "MK", 10469, "2022-05-15", MK_JOURNAL_ZENSUS, 51.241, 7.521, 37.0, False,
                      None),
    "werdohl": ("Werdohl", "MK", 17854, "2022-05-15", MK_JOURNAL_ZENSUS, 51.260, 7.759, 33.7, False, None),
    # --- Kreis Siegen-Wittgenstein
    "bad_berleburg": ("Bad Berleburg", "SI", 18833, "2023-12-31", FACTS + " (IT.NRW via de.wikipedia Bad Berleburg)",
                      51.0497, 8.400, 275.52, True, None),
    "bad_laasphe": ("Bad Laasphe", "SI", 13504, "2019-12-31", WP_SI_2019, 50.930, 8.417, 136.1, False, None),
    "burbach": ("Burbach", "SI", 14856, "2019-12-31", WP_SI_2019, 50.750, 8.083, 82.2, False, None),
    "erndtebrueck": ("Erndtebrück", "SI", 6934, "2019-12-31", WP_SI_2019, 50.990, 8.255, 70.7, False, None),
    "freudenberg": ("Freudenberg", "SI", 17711, "2019-12-31", WP_SI_2019, 50.897, 7.867, 54.5, False, None),
    "hilchenbach": ("Hilchenbach", "SI", 14801, "2019-12-31", WP_SI_2019, 50.997, 8.110, 80.8, False, None),
    "kreuztal": ("Kreuztal", "SI", 31122, "2019-12-31", WP_SI_2019, 50.962, 7.989, 71.0, False, None),
    "netphen": ("Netphen", "SI", 23081, "2019-12-31", WP_SI_2019, 50.917, 8.100, 120.5, False, None),
    "neunkirchen": ("Neunkirchen", "SI", 13165, "2019-12-31", WP_SI_2019, 50.797, 8.000, 40.5, False, None),
    "siegen": ("Siegen", "SI", 102770, "2019-12-31", WP_SI_2019, 50.874, 8.024, 114.7, False, None),
    "wilnsdorf": ("Wilnsdorf", "SI", 20086, "2019-12-31", WP_SI_2019, 50.818, 8.106, 72.5, False, None),
    # --- Kreis Soest (AGS from the IT.NRW key list quoted in a public script, 0597400x)
    "soest": ("Soest", "SO", 48250, "2023-12-31", FACTS + " (IT.NRW via de.wikipedia Soest)", 51.567, 8.100, 85.81,
              True, "05974040"),
    "lippstadt": ("Lippstadt", "SO", 67901, "2018-12-31", WP_SO_2018, 51.674, 8.344, 113.6, False, "05974028"),
    "werl": ("Werl", "SO", 30772, "2018-12-31", WP_SO_2018, 51.550, 7.914, 76.3, False, "05974052"),
    "warstein": ("Warstein", "SO", 24842, "2018-12-31", WP_SO_2018, 51.446, 8.349, 158.5, False, "05974044"),
    "ruethen": ("Rüthen", "SO", 10957, "2018-12-31", WP_SO_2018, 51.493, 8.433, 157.9, False, "05974036"),
    "anroechte": ("Anröchte", "SO", 10275, "2018-12-31", WP_SO_2018, 51.567, 8.333, 74.9, False, "05974004"),
    "geseke": ("Geseke", "SO", None, "2018-12-31", "derived", 51.640, 8.511, 94.9, False, "05974020"),
    "erwitte": ("Erwitte", "SO", None, "2018-12-31", "derived", 51.613, 8.350, 89.5, False, "05974016"),
    "bad_sassendorf": ("Bad Sassendorf", "SO", None, "2018-12-31", "derived", 51.583, 8.167, 62.5, False,
                       "05974008"),
    "ense": ("Ense", "SO", None, "2018-12-31", "derived", 51.500, 7.967, 51.7, False, "05974012"),
    "lippetal": ("Lippetal", "SO", None, "2018-12-31", "derived", 51.683, 8.117, 125.0, False, "05974024"),
    "moehnesee": ("Möhnesee", "SO", None, "2018-12-31", "derived", 51.497, 8.131, 124.0, False, "05974032"),
    "welver": ("Welver", "SO", None, "2018-12-31", "derived", 51.617, 7.967, 86.6, False, "05974048"),
    "wickede": ("Wickede (Ruhr)", "SO", None, "2018-12-31", "derived", 51.497, 7.867, 25.2, False, "05974056"),
}

SIX_TOWNS = ("arnsberg", "bad_berleburg", "menden", "olpe", "soest", "iserlohn")

# --------------------------------------------------------------------------------------- age structure by Kreis
# 65+ = 0.65 x (60-79 share) + (80+ share): the rule turns IT.NRW's 60-79/80+ groups into the model's 65+ group;
# 0.65 is the ESTIMATED share of 65-79-year-olds among 60-79-year-olds in 2020 (large 60-64 baby-boom cohort).
AGE_SHARES = {
    "HSK": ((0.164, 0.612, 0.224), "IT.NRW 31.12.2020 via WP article402211151 (<12 10.5 %, 12-17 5.9 %, 60-79 22.7 %, "
            "80+ 7.6 %); 65+ = 0.65 x 60-79 + 80+ = 22.4 % (rule ESTIMATE)"),
    "SI": ((0.166, 0.618, 0.216), "IT.NRW 31.12.2020 via https://app-webview.sparknews.funkemedien.de/nrw-wp/lokales/"
           "wittgenstein/article402056517/ (<12 11.1 %, 12-17 5.5 %, 18-59 54.1 %, 60-79 22.1 %, 80+ 7.2 % by "
           "difference); 65+ = 0.65 x 60-79 + 80+ = 21.6 % (rule ESTIMATE)"),
    "OE": ((0.166, 0.631, 0.203), "IT.NRW 31.12.2019 via https://www.wp.de/staedte/kreis-olpe/so-viele-senioren-im-"
           "kreis-olpe-duerfen-bald-ins-impfzentrum-id231285788.html (60-79 21.2 %, 80+ 6.5 %); 65+ = 0.65 x 60-79 + "
           "80+ = 20.3 % (rule ESTIMATE); 0-17 ESTIMATE = Siegen-Wittgenstein's 16.6 %"),
    "MK": ((0.164, 0.617, 0.219), "80+ 7.1 % (IT.NRW 31.12.2019, same WP Olpe article); 60-79 and 0-17 ESTIMATE = "
           "HSK values (22.7 %, 16.4 %); 65+ = 0.65 x 60-79 + 80+ = 21.9 % (rule ESTIMATE)"),
    "SO": ((0.166, 0.620, 0.214), "ESTIMATE: no Kreis Soest age data found; 65+ one point below HSK (a 2015 Kreis "
           "compilation shows Soest 20 % vs HSK 21 % aged over 65), 0-17 as Siegen-Wittgenstein"),
}

KREIS_NAMES = {"HSK": "Hochsauerlandkreis", "OE": "Kreis Olpe", "MK": "Märkischer Kreis",
               "SI": "Kreis Siegen-Wittgenstein", "SO": "Kreis Soest"}

# --------------------------------------------------------------------------------------- districts of the six towns
# id: (name, population or None, kind, lat, lon, source, population_date, coord_sourced)
# population None = unsourced: gets a share of the town's residual by weight (urban quarter 3, village 1).
WIKI = "de.wikipedia"
TOWN_DISTRICTS = {
    "arnsberg": {
        "neheim": ("Neheim", 22980, "urban", 51.4531, 7.9608, "de.wikipedia Neheim (mirror), as in the facts", "2020-12-31", True),
        "huesten": ("Hüsten", 10646, "urban", 51.4283, 7.9914, "https://de.m.wikipedia.org/wiki/H%C3%BCsten", "2020-12-31", True),
        "alt_arnsberg": ("Alt-Arnsberg", 18000, "urban", 51.396, 8.066,
                         "ESTIMATE in the facts (about 18,000; residual of 12 Stadtteile = 33,663)", None, False),
        "oeventrop": ("Oeventrop", 6198, "urban", 51.3917, 8.1353, "https://de.m.wikipedia.org./wiki/Dinschede (Oeventrop)", "2021-12-31", True),
        "herdringen": ("Herdringen", None, "village", 51.425, 7.958, None, None, False),
        "holzen_arnsberg": ("Holzen", None, "village", 51.422, 7.930, None, None, False),
        "vosswinkel": ("Voßwinkel", None, "village", 51.465, 7.885, None, None, False),
        "bachum": ("Bachum", None, "village", 51.447, 7.905, None, None, False),
        "niedereimer": ("Niedereimer", None, "village", 51.421, 8.036, None, None, False),
        "bruchhausen": ("Bruchhausen", None, "village", 51.432, 8.020, None, None, False),
        "mueschede": ("Müschede", None, "village", 51.408, 7.997, None, None, False),
        "wennigloh": ("Wennigloh", None, "village", 51.375, 8.012, None, None, False),
        "rumbeck": ("Rumbeck", None, "village", 51.382, 8.090, None, None, False),
        "uentrop": ("Uentrop", None, "village", 51.378, 8.118, None, None, False),
        "breitenbruch": ("Breitenbruch", None, "village", 51.445, 8.080, None, None, False),
    },
    "bad_berleburg": {
        "berleburg_kernstadt": ("Kernstadt Bad Berleburg", 6500, "urban", 51.049, 8.393, "ESTIMATE in the facts (about 6,500)", None, False),
        "berghausen": ("Berghausen", 1391, "village", 51.0344, 8.350, "https://de.wiki.li/Berghausen_(Bad_Berleburg)", "2021-08-31", True),
        "raumland": ("Raumland", 1300, "village", 51.025, 8.415, "https://digitale-dorfmitte.de/doerfer (rounded)", "ca. 2018", False),
        "arfeld": ("Arfeld", 950, "village", 51.005, 8.460, "https://digitale-dorfmitte.de/doerfer (rounded)", "ca. 2018", False),
        "dotzlar": ("Dotzlar", 800, "village", 51.030, 8.380, "https://digitale-dorfmitte.de/doerfer (rounded)", "ca. 2019", False),
        "elsoff": ("Elsoff", 619, "village", 51.0236, 8.5094, "http://de.wikipedia.org./wiki/Elsoff_(Bad_Berleburg)", "2021-08-31", True),
        "richstein": ("Richstein", 300, "village", 50.980, 8.440, "https://digitale-dorfmitte.de/doerfer (rounded)", "ca. 2019", False),
        "schwarzenau": ("Schwarzenau", None, "village", 51.004, 8.474, None, None, False),
        "aue_wingeshausen": ("Aue-Wingeshausen", None, "village", 51.055, 8.280, None, None, False),
        "girkhausen": ("Girkhausen", None, "village", 51.090, 8.370, None, None, False),
        "wunderthausen": ("Wunderthausen", None, "village", 51.100, 8.480, None, None, False),
        "diedenshausen": ("Diedenshausen", None, "village", 51.090, 8.520, None, None, False),
        "alertshausen": ("Alertshausen", None, "village", 51.035, 8.530, None, None, False),
        "beddelhausen": ("Beddelhausen", None, "village", 50.995, 8.450, None, None, False),
        "hemschlar": ("Hemschlar", None, "village", 51.030, 8.450, None, None, False),
        "sassenhausen": ("Sassenhausen", None, "village", 51.080, 8.430, None, None, False),
        "weidenhausen": ("Weidenhausen", None, "village", 51.050, 8.450, None, None, False),
        "stuenzel": ("Stünzel", None, "village", 51.070, 8.360, None, None, False),
        "rinthe": ("Rinthe", None, "village", 51.030, 8.330, None, None, False),
        "schuellar_wemlighausen": ("Schüllar-Wemlighausen", None, "village", 51.065, 8.430, None, None, False),
        "meckhausen": ("Meckhausen", None, "village", 51.085, 8.300, None, None, False),
    },
    "menden": {
        "menden_mitte": ("Menden-Mitte", 6180, "urban", 51.440, 7.795, "https://www.ich-geh-wandern.de/menden-sauerland-anreise (undated)", None, False),
        "lendringsen": ("Lendringsen", 7399, "urban", 51.4144, 7.8306, "de.m.wikipedia Lendringsen (mirror), as in the facts", "2017-07-01", True),
        "platte_heide": ("Platte Heide", 5880, "urban", 51.450, 7.810, "https://www.ich-geh-wandern.de/menden-sauerland-anreise (undated)", None, False),
        "boesperde": ("Bösperde", 2820, "village", 51.468, 7.760, "https://de.wiki.li/B%C3%B6sperde", "2017-07-01", False),
        "boesperde_holzen": ("Holzen (Bösperde-Holzen)", 2420, "village", 51.475, 7.770, "https://de.wiki.li/B%C3%B6sperde", "2017-07-01", False),
        "halingen": ("Halingen", 1827, "village", 51.4639, 7.7272, "http://de.wikipedia.org./wiki/Halingen_(Menden)", "2017-07-01", True),
        "menden_sued": ("Menden-Süd / Bieberberg", None, "urban", 51.425, 7.795, None, None, False),
        "rauherfeld": ("Rauherfeld", None, "urban", 51.435, 7.815, None, None, False),
        "lahrfeld": ("Lahrfeld", None, "urban", 51.445, 7.785, None, None, False),
        "hueingsen": ("Hüingsen", None, "village", 51.405, 7.815, None, None, False),
        "schwitten": ("Schwitten", None, "village", 51.470, 7.815, None, None, False),
        "barge": ("Barge", None, "village", 51.418, 7.855, None, None, False),
        "oberroedinghausen": ("Oberrödinghausen", None, "village", 51.400, 7.850, None, None, False),
        "wimbern": ("Wimbern / Ostsümmern", None, "village", 51.470, 7.855, None, None, False),
    },
    "olpe": {
        "olpe_kernstadt": ("Kernstadt Olpe", 17000, "urban", 51.029, 7.851, "ESTIMATE in the facts (about 17,000)", None, False),
        "rhode": ("Rhode", 1501, "village", 51.0514, 7.8622, "http://de.wikipedia.org/wiki/Rhode_(Olpe)", "2020-12-31", True),
        "neuenkleusheim": ("Neuenkleusheim", None, "village", 51.060, 7.910, None, None, False),
        "oberveischede": ("Oberveischede", None, "village", 51.074, 7.955, None, None, False),
        "rueblinghausen": ("Rüblinghausen", None, "village", 51.025, 7.830, None, None, False),
        "sondern": ("Sondern", None, "village", 51.050, 7.830, None, None, False),
        "luetringhausen": ("Lütringhausen", None, "village", 51.005, 7.880, None, None, False),
        "altenkleusheim": ("Altenkleusheim", None, "village", 51.050, 7.935, None, None, False),
        "dahl_friedrichsthal": ("Dahl / Friedrichsthal", None, "village", 51.015, 7.885, None, None, False),
        "griesemert": ("Griesemert", None, "village", 51.035, 7.810, None, None, False),
        "thieringhausen": ("Thieringhausen", None, "village", 51.000, 7.820, None, None, False),
        "sassmicke": ("Saßmicke", None, "village", 51.010, 7.900, None, None, False),
    },
    "soest": {
        "soest_kernstadt": ("Kernstadt Soest", 40500, "urban", 51.571, 8.106, "de.wikipedia Soest ('Kernstadt mit mehr als 40.000 Einwohnern'); value ESTIMATE in the facts", None, False),
        "ampen": ("Ampen", 1533, "village", 51.550, 8.050, "https://sagapedia.com/de/Ampen", "2023-01", True),
        "deiringsen": ("Deiringsen", 1331, "village", 51.5356, 8.0792, "http://www.deiringsen.de (wiki copy)", "2008", True),
        "ostoennen": ("Ostönnen", None, "village", 51.566, 8.002, None, None, False),
        "meiningsen": ("Meiningsen", None, "village", 51.585, 8.040, None, None, False),
        "hiddingsen": ("Hiddingsen", None, "village", 51.540, 8.100, None, None, False),
        "muellingsen": ("Müllingsen", None, "village", 51.600, 8.110, None, None, False),
        "thoeningsen": ("Thöningsen", None, "village", 51.538, 8.155, None, None, False),
        "meckingsen": ("Meckingsen", None, "village", 51.600, 8.075, None, None, False),
        "epsingsen": ("Epsingsen", None, "village", 51.545, 8.140, None, None, False),
        "paradiese": ("Paradiese", None, "village", 51.600, 8.150, None, None, False),
    },
    "iserlohn": {
        "letmathe": ("Letmathe", 28000, "urban", 51.368, 7.615,
                     "https://lokaldirekt.de/news/letmathe-und-hennen-sorge-um-die-buergerbueros ('fast 28.000')", "ca. 2024", False),
        "suemmern": ("Sümmern", 6014, "village", 51.4186, 7.7125, "de.wikipedia Sümmern via https://profilbaru.com/de/S%C3%BCmmern", "2023-12-31", True),
        "hennen": ("Hennen", 9850, "village", 51.445, 7.635, "https://www.ich-geh-wandern.de/iserlohn-anreise (older figure, total then ~97,480)", None, False),
        "iserlohn_innenstadt": ("Iserlohn-Innenstadt", None, "urban", 51.376, 7.696, None, None, False),
        "nussberg_wermingsen": ("Nußberg / Wermingsen", None, "urban", 51.368, 7.712, None, None, False),
        "gerlingsen": ("Gerlingsen", None, "urban", 51.386, 7.680, None, None, False),
        "iserlohner_heide": ("Iserlohner Heide", None, "urban", 51.392, 7.720, None, None, False),
        "droescheder_feld": ("Dröscheder Feld / Obergrüne", None, "urban", 51.365, 7.665, None, None, False),
        "kesbern": ("Kesbern", None, "village", 51.320, 7.700, None, None, False),
    },
}

# Schnellbus / rail / bus lines: (name, headway_minutes, speed_kmh, districts, source)
DB = "route and stations: DB/NWL network (general knowledge); headway ESTIMATE (hourly per line)"
LINES = {
    "re57_obere_ruhrtalbahn": ("RE57 Dortmund–Wickede–Neheim-Hüsten–Arnsberg–Oeventrop–Meschede–Bestwig–Olsberg–Brilon/Winterberg",
                               60, 55, ["wickede_zentrum", "vosswinkel", "neheim", "alt_arnsberg", "oeventrop",
                                        "meschede_zentrum", "bestwig_zentrum", "olsberg_zentrum", "brilon_zentrum",
                                        "winterberg_zentrum"], DB),
    "re17_sauerland_express": ("RE17 Hagen–Wickede–Neheim-Hüsten–Arnsberg–Meschede–Bestwig–Marsberg (Kassel)", 60, 55,
                               ["wickede_zentrum", "neheim", "alt_arnsberg", "oeventrop", "meschede_zentrum",
                                "bestwig_zentrum", "marsberg_zentrum"], DB),
    "re16_ruhr_sieg": ("RE16 Ruhr-Sieg-Strecke Hagen–Letmathe–Altena–Werdohl–Plettenberg–Finnentrop–Lennestadt–Kirchhundem–Kreuztal–Siegen",
                       60, 55, ["letmathe", "altena_zentrum", "werdohl_zentrum", "plettenberg_zentrum",
                                "finnentrop_zentrum", "lennestadt_zentrum", "kirchhundem_zentrum", "kreuztal_zentrum",
                                "siegen_zentrum"], DB),
    "rb91_ruhr_sieg": ("RB91 Ruhr-Sieg-Bahn (Hagen–)Letmathe–Altena–Werdohl–Plettenberg–Finnentrop–Lennestadt–Kreuztal–Siegen",
                       60, 45, ["letmathe", "altena_zentrum", "nachrodt_wiblingwerde_zentrum", "werdohl_zentrum",
                                "plettenberg_zentrum", "finnentrop_zentrum", "lennestadt_zentrum",
                                "kirchhundem_zentrum", "kreuztal_zentrum", "siegen_zentrum"], DB),
    "rb92_biggesee_express": ("RB92 Biggesee-Express Finnentrop–Attendorn–Olpe", 60, 45,
                              ["finnentrop_zentrum", "attendorn_zentrum", "olpe_kernstadt"], DB),
    "rb93_rothaarbahn": ("RB93 Rothaarbahn Siegen–Kreuztal–Hilchenbach–Erndtebrück–Raumland–Bad Berleburg", 60, 45,
                         ["siegen_zentrum", "kreuztal_zentrum", "hilchenbach_zentrum", "erndtebrueck_zentrum",
                          "raumland", "berleburg_kernstadt"], DB),
    "rb94_obere_lahntalbahn": ("RB94 Obere Lahntalbahn Erndtebrück–Bad Laasphe (–Marburg)", 60, 45,
                               ["erndtebrueck_zentrum", "bad_laasphe_zentrum"], DB),
    "rb54_hoennetalbahn": ("RB54 Hönnetal-Bahn (Unna–Fröndenberg–)Menden–Lendringsen–Balve–Neuenrade", 60, 45,
                           ["menden_mitte", "lendringsen", "balve_zentrum", "neuenrade_zentrum"], DB),
    "rb53_ardey_bahn": ("RB53 Ardey-Bahn (Dortmund–Schwerte–)Iserlohn; RB91 branch Letmathe–Iserlohn", 60, 40,
                        ["iserlohn_innenstadt", "letmathe"], DB),
    "hellweg_rail": ("RE1/RE11/RB89 Hellweg (Hamm–)Soest–Lippstadt–Geseke (–Paderborn)", 30, 60,
                     ["soest_kernstadt", "lippstadt_zentrum", "geseke_zentrum"],
                     "route: DB/NWL Hellweg corridor (general knowledge); 30-min headway of three lines together ESTIMATE"),
    "rb59_hellweg_bahn": ("RB59 Hellweg-Bahn (Dortmund–Unna–)Werl–Soest", 60, 50, ["werl_zentrum", "soest_kernstadt"], DB),
    "rb52_volmetalbahn": ("RB52 Volmetalbahn (Hagen–)Schalksmühle–Lüdenscheid", 60, 40,
                          ["schalksmuehle_zentrum", "luedenscheid_zentrum"], DB),
    "rb95_siegen_dillenburg": ("RB95 Siegen–Wilnsdorf (Rudersdorf)–Dillenburg", 60, 45,
                               ["siegen_zentrum", "wilnsdorf_zentrum"], DB),
    "rb96_hellertalbahn": ("RB96 Hellertalbahn Neunkirchen–Burbach (Betzdorf–Haiger)", 60, 40,
                           ["neunkirchen_zentrum", "burbach_zentrum"], DB),
    # --- regional buses between the towns (operators RLG, MVG, BRS/VWS, VGWS); all ESTIMATE
    "bus_soest_arnsberg": ("Schnellbus Soest–Möhnesee–Arnsberg (RLG)", 60, 32,
                           ["soest_kernstadt", "moehnesee_zentrum", "alt_arnsberg"],
                           "ESTIMATE: RLG regional/express bus corridor Soest–Möhnesee–Arnsberg; headway and speed ESTIMATE (speed = express bus 32 km/h, parameters.mobility.bus_speed_rural_express of the Lippe facts)"),
    "bus_menden_neheim": ("Bus Menden–Bösperde–Neheim (regional)", 60, 22,
                          ["menden_mitte", "boesperde", "neheim"],
                          "ESTIMATE: regional bus corridor Menden–Neheim along the Ruhr; headway ESTIMATE; speed 22 km/h = rural regular bus (Lippe facts)"),
    "bus_iserlohn_menden": ("Bus Iserlohn–Hemer–Menden (MVG)", 30, 22,
                            ["iserlohn_innenstadt", "iserlohner_heide", "hemer_zentrum", "menden_mitte"],
                            "ESTIMATE: MVG regional bus corridor Iserlohn–Hemer–Menden; 30-min headway ESTIMATE; speed 22 km/h"),
    "bus_iserlohn_suemmern_menden": ("Bus Iserlohn–Sümmern–Menden (MVG)", 60, 22,
                                     ["iserlohn_innenstadt", "suemmern", "menden_mitte"],
                                     "ESTIMATE: MVG bus via Sümmern; headway and speed ESTIMATE"),
    "bus_iserlohn_luedenscheid": ("Schnellbus Iserlohn–Altena–Lüdenscheid (MVG)", 60, 32,
                                  ["iserlohn_innenstadt", "altena_zentrum", "luedenscheid_zentrum"],
                                  "ESTIMATE: MVG Schnellbus corridor; headway and speed ESTIMATE (32 km/h express bus)"),
    "bus_olpe_drolshagen_wenden": ("Bus Olpe–Drolshagen / Olpe–Wenden (BRS/VWS)", 60, 22,
                                   ["olpe_kernstadt", "drolshagen_zentrum", "wenden_zentrum"],
                                   "ESTIMATE: regional buses from Olpe to Drolshagen and Wenden; headway ESTIMATE"),
    "bus_olpe_siegen": ("Schnellbus Olpe–Wenden–Freudenberg–Siegen", 60, 32,
                        ["olpe_kernstadt", "wenden_zentrum", "freudenberg_zentrum", "siegen_zentrum"],
                        "ESTIMATE: regional bus corridor Olpe–Siegen along the A45/B54; headway and speed ESTIMATE"),
    "bus_sundern_arnsberg": ("Bus Sundern–Hüsten–Neheim (RLG)", 30, 22, ["sundern_zentrum", "mueschede", "huesten", "neheim"],
                             "ESTIMATE: RLG regional bus Sundern–Arnsberg (Röhrtal); 30-min headway ESTIMATE"),
    "bus_schmallenberg_meschede": ("Bus Schmallenberg–Eslohe–Meschede (RVM/BRS)", 60, 22,
                                   ["schmallenberg_zentrum", "eslohe_zentrum", "meschede_zentrum"],
                                   "ESTIMATE: regional bus corridor; headway ESTIMATE"),
    "bus_berleburg_winterberg": ("Bus Bad Berleburg–Girkhausen–Winterberg (VWS)", 120, 22,
                                 ["berleburg_kernstadt", "girkhausen", "winterberg_zentrum"],
                                 "ESTIMATE: bus corridor across the Rothaar ridge; 2-hour headway ESTIMATE"),
    "bus_berleburg_laasphe": ("Bus Bad Berleburg–Arfeld–Bad Laasphe", 120, 22,
                              ["berleburg_kernstadt", "arfeld", "bad_laasphe_zentrum"],
                              "ESTIMATE: bus corridor along the Eder/Lahn; 2-hour headway ESTIMATE"),
    "bus_warstein_lippstadt": ("Bus Warstein–Rüthen–Erwitte–Lippstadt (RLG)", 60, 22,
                               ["warstein_zentrum", "ruethen_zentrum", "erwitte_zentrum", "lippstadt_zentrum"],
                               "ESTIMATE: RLG regional bus; headway ESTIMATE"),
    "bus_werl_ense_neheim": ("Bus Werl–Ense–Neheim (RLG)", 60, 22, ["werl_zentrum", "ense_zentrum", "neheim"],
                             "ESTIMATE: RLG regional bus; headway ESTIMATE"),
    "bus_luedenscheid_meinerzhagen": ("Schnellbus Lüdenscheid–Kierspe–Meinerzhagen (MVG)", 60, 32,
                                      ["luedenscheid_zentrum", "kierspe_zentrum", "meinerzhagen_zentrum"],
                                      "ESTIMATE: MVG Schnellbus corridor; headway and speed ESTIMATE"),
    "bus_luedenscheid_halver": ("Bus Lüdenscheid–Halver (MVG)", 60, 22, ["luedenscheid_zentrum", "halver_zentrum"],
                                "ESTIMATE: MVG regional bus; headway ESTIMATE"),
    "bus_plettenberg_herscheid": ("Bus Plettenberg–Herscheid–Lüdenscheid (MVG)", 60, 22,
                                  ["plettenberg_zentrum", "herscheid_zentrum", "luedenscheid_zentrum"],
                                  "ESTIMATE: MVG regional bus; headway ESTIMATE"),
    "bus_medebach_winterberg": ("Bus Medebach–Hallenberg–Winterberg", 120, 22,
                                ["medebach_zentrum", "hallenberg_zentrum", "winterberg_zentrum"],
                                "ESTIMATE: regional bus; 2-hour headway ESTIMATE"),
    "bus_netphen_siegen": ("Bus Netphen–Siegen (VWS)", 30, 22, ["netphen_zentrum", "siegen_zentrum"],
                           "ESTIMATE: VWS regional bus; 30-min headway ESTIMATE"),
    "bus_lippetal_soest": ("Bus Lippetal–Soest / Welver–Soest / Bad Sassendorf–Soest (RLG)", 60, 22,
                           ["lippetal_zentrum", "welver_zentrum", "bad_sassendorf_zentrum", "soest_kernstadt"],
                           "ESTIMATE: RLG buses around Soest (Welver also by RB59/RE rail); headway ESTIMATE"),
    "bus_anroechte_lippstadt": ("Bus Anröchte–Erwitte–Lippstadt (RLG)", 60, 22,
                                ["anroechte_zentrum", "erwitte_zentrum", "lippstadt_zentrum"],
                                "ESTIMATE: RLG regional bus; headway ESTIMATE"),
    # --- town buses inside the six towns: every listed Stadtteil on one line (ESTIMATE)
    "stadtbus_arnsberg": ("Stadtbus Arnsberg (RLG, Neheim–Hüsten–Arnsberg and the Stadtteile)", 30, 20,
                          ["neheim", "huesten", "alt_arnsberg", "oeventrop", "herdringen", "holzen_arnsberg",
                           "vosswinkel", "bachum", "niedereimer", "bruchhausen", "mueschede", "wennigloh", "rumbeck",
                           "uentrop", "breitenbruch"],
                          "ESTIMATE: town bus network modelled as one line serving every Stadtteil (all pairs direct); 30-min headway and 20 km/h ESTIMATE (as Stadtbus Lemgo)"),
    "stadtbus_menden": ("Stadtbus Menden (MVG)", 30, 20, list(TOWN_DISTRICTS["menden"]),
                        "ESTIMATE: town bus network modelled as one line serving every Stadtteil; headway and speed ESTIMATE"),
    "stadtbus_iserlohn": ("Stadtbus Iserlohn (MVG)", 15, 20, list(TOWN_DISTRICTS["iserlohn"]),
                          "ESTIMATE: dense MVG town network modelled as one 15-min line serving every Stadtbezirk; ESTIMATE"),
    "stadtbus_soest": ("Stadtbus Soest (RLG) and village buses", 30, 20, list(TOWN_DISTRICTS["soest"]),
                       "ESTIMATE: town bus network modelled as one line; headway and speed ESTIMATE"),
    "ortsbus_olpe": ("Bus lines in Olpe and its villages", 60, 22, list(TOWN_DISTRICTS["olpe"]),
                     "ESTIMATE: local buses modelled as one hourly line; ESTIMATE"),
    "ortsbus_bad_berleburg": ("Bus lines Bad Berleburg and its villages (VWS, incl. Bürgerbus)", 120, 22,
                              list(TOWN_DISTRICTS["bad_berleburg"]),
                              "ESTIMATE: sparse village buses modelled as one 2-hourly line; ESTIMATE"),
}
