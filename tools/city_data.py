# ruff: noqa: E501
"""Source tables for the city regions Bochum and Lünen: districts, offices, libraries, lines, traits.

Every row carries its source. Values the rules of tools/build_cities.py derive are flagged `estimate: true`
(or ESTIMATE in the source) in the YAML it writes. Rules and readings: docs/CITIES.md.
Facts file: /work/shared/data/suedwestfalen_facts.yaml (+ .md), sections 5 and 6 ("facts").
"""

FACTS = "/work/shared/data/suedwestfalen_facts.yaml"
WIKI = "de.wikipedia"

# --------------------------------------------------------------------------------------- Bochum
BOCHUM = {
    "name": "Bochum",
    "ags": "05911000",
    "population": 372490,
    "population_date": "undated (smart-city-dialog.de profile, city register)",
    "source": f"{FACTS} (bochum.population: https://smart-city-dialog.de/mpsc/bochum). IT.NRW gives 366,385 on "
    "31.12.2023 (de.wikipedia infobox, Zensus-based) and the city 372,854 on 31.12.2022 "
    "(https://gpp2024.com/tagungsort/ueber-bochum); the district figures below are the city's register figures",
    "lat": 51.4818,
    "lon": 7.2162,
    # Minors 15.1 % and 60+ 28.9 % in 2022 (Bochum averages quoted in de.wikipedia Bochum-Wiemelhausen); 65+ = 0.76 x 60+.
    "age_shares": (0.151, 0.629, 0.220),
    "age_source": "0-17 = 15.1 % (Bochumer Durchschnitt 2022, Minderjährigenquote, quoted in de.wikipedia "
    "Bochum-Wiemelhausen); 65+ ESTIMATE = 0.76 x the 60+ share 28.9 % (2022, same source; 0.76 = 65+/60+ in "
    "Germany's age pyramid, analyst's estimate); 18-64 the rest",
    "bounding_box": {"lat_min": 51.38, "lat_max": 51.56, "lon_min": 7.05, "lon_max": 7.40},
}

# id: (name, Stadtbezirk, population or None, date, lat, lon, area_km2 or None, source, coord_sourced,
#      statistical districts it stands for (the weight of an unsourced district))
BOCHUM_DISTRICTS = {
    # Coordinates of the Innenstadt: the city's own (de.wikipedia Bochum infobox, 51°29'N 7°13'E).
    "innenstadt": (
        "Innenstadt (Gleisdreieck, Südinnenstadt, Kruppwerke)",
        "Mitte",
        None,
        None,
        51.4833,
        7.2167,
        None,
        "",
        True,
        3,
    ),
    "altenbochum": (
        "Altenbochum",
        "Mitte",
        12133,
        "2016-12-31",
        51.4708,
        7.2464,
        4.33,
        f"{WIKI} Altenbochum (infobox, Stadt Bochum statistics; via de.zxc.wiki)",
        True,
        1,
    ),
    "grumme": ("Grumme", "Mitte", None, None, 51.4990, 7.2330, None, "", False, 1),
    "hamme": (
        "Hamme",
        "Mitte",
        15389,
        "2016-12-31",
        51.4908,
        7.2003,
        5.96,
        f"{WIKI} Hamme (Bochum) (infobox; via de.zxc.wiki)",
        True,
        1,
    ),
    "hofstede": ("Hofstede", "Mitte", None, None, 51.5040, 7.2050, None, "", False, 1),
    "hordel": ("Hordel", "Mitte", None, None, 51.4990, 7.1700, None, "", False, 1),
    "riemke": ("Riemke", "Mitte", None, None, 51.5110, 7.2200, None, "", False, 1),
    "wattenscheid_mitte": ("Wattenscheid-Mitte", "Wattenscheid", None, None, 51.4800, 7.1390, None, "", False, 1),
    "guennigfeld": (
        "Günnigfeld",
        "Wattenscheid",
        5721,
        "2009-12-31",
        51.4958,
        7.1478,
        2.81,
        f"{WIKI} Günnigfeld (infobox; via de-academic.com dewiki 560318)",
        True,
        1,
    ),
    "leithe": ("Leithe", "Wattenscheid", None, None, 51.4890, 7.1060, None, "", False, 1),
    "westenfeld": ("Westenfeld", "Wattenscheid", None, None, 51.4700, 7.1500, None, "", False, 1),
    "munscheid": ("Munscheid (with Heide)", "Wattenscheid", None, None, 51.4870, 7.1640, None, "", False, 1),
    "hoentrop": (
        "Höntrop (with Sevinghausen)",
        "Wattenscheid",
        16990,
        "2022-09-30",
        51.4639,
        7.1519,
        4.70,
        f"{WIKI} Höntrop (infobox, Stadt Bochum statistics)",
        True,
        1,
    ),
    "eppendorf": (
        "Eppendorf",
        "Wattenscheid",
        9555,
        "2022-09-30",
        51.4550,
        7.1739,
        2.95,
        f"{WIKI} Bochum-Eppendorf (infobox)",
        True,
        1,
    ),
    "gerthe": (
        "Gerthe",
        "Nord",
        9201,
        "2020-12-31",
        51.5164,
        7.2722,
        6.08,
        f"{WIKI} Gerthe (Bochum) (section Bevölkerung: 9,201 on 31.12.2020; via desv.abcdef.wiki)",
        True,
        1,
    ),
    "hiltrop_bergen": ("Hiltrop/Bergen", "Nord", None, None, 51.5144, 7.2592, None, "", True, 1),
    "harpen_rosenberg": (
        "Harpen/Rosenberg",
        "Nord",
        8544,
        "2022-09-30",
        51.4931,
        7.2711,
        3.67,
        f"{WIKI} Harpen (Bochum) (infobox; statistical district 38 Harpen/Rosenberg)",
        True,
        1,
    ),
    "kornharpen_voede": ("Kornharpen/Voede-Abzweig", "Nord", None, None, 51.4960, 7.2560, None, "", False, 1),
    "laer": (
        "Laer",
        "Ost",
        6221,
        "2022-09-30",
        51.4717,
        7.2650,
        5.67,
        f"{WIKI} Laer (Bochum) (infobox; the Stadtteil reaches into Mitte and Süd)",
        True,
        1,
    ),
    "werne": ("Werne", "Ost", 15124, "2022-09-30", 51.4864, 7.3067, 5.71, f"{WIKI} Werne (Bochum) (infobox)", True, 1),
    "langendreer": (
        "Langendreer",
        "Ost",
        25064,
        "2022-09-30",
        51.4733,
        7.3247,
        12.01,
        f"{WIKI} Langendreer (infobox)",
        True,
        1,
    ),
    "langendreer_alter_bahnhof": ("Langendreer-Alter Bahnhof", "Ost", None, None, 51.4700, 7.3050, None, "", False, 1),
    "wiemelhausen": (
        "Wiemelhausen",
        "Süd",
        18305,
        "2022-09-30",
        51.4597,
        7.2281,
        5.45,
        f"{WIKI} Bochum-Wiemelhausen (infobox)",
        True,
        1,
    ),
    "querenburg": (
        "Querenburg",
        "Süd",
        21377,
        "2022-12-31",
        51.4531,
        7.2683,
        9.11,
        f"{WIKI} Bochum-Querenburg (infobox)",
        True,
        1,
    ),
    "stiepel": (
        "Stiepel",
        "Süd",
        11268,
        "2022-09-30",
        51.4283,
        7.2425,
        12.83,
        f"{WIKI} Stiepel (Bochum) (infobox)",
        True,
        1,
    ),
    "weitmar": (
        "Weitmar (Weitmar-Mitte, Weitmar-Mark)",
        "Südwest",
        27961,
        "2020-12-31",
        51.4522,
        7.1922,
        9.93,
        f"{WIKI} Weitmar (section Bevölkerung: 27,961 on 31.12.2020, Weitmar-Mitte and Weitmar-Mark; via deit.xcv.wiki)",
        True,
        2,
    ),
    "linden": (
        "Linden",
        "Südwest",
        13997,
        "2022-09-30",
        51.4261,
        7.1606,
        4.33,
        f"{WIKI} Bochum-Linden (infobox)",
        True,
        1,
    ),
    "dahlhausen": (
        "Dahlhausen",
        "Südwest",
        12227,
        "2022-09-30",
        51.4267,
        7.1439,
        5.27,
        f"{WIKI} Dahlhausen (Bochum) (infobox; via wikizero)",
        True,
        1,
    ),
}
BOCHUM_BEZIRK_CHECKS = {
    # Stadtbezirk: (population, date, source) to hold the district sums against (docs/CITIES.md)
    "Mitte": (
        102790,
        "2016",
        "de.wikipedia Stadtgliederung Bochums (table, 2016; via speed.lescigales.org mirror of de.wiki.li)",
    ),
    "Wattenscheid": (72736, "2016", "same table; also mein-makler-bochum.de Wattenscheid"),
    "Ost": (
        54000,
        "2024",
        "de.wikipedia Bochum-Ost ('rund 54.000', 14.3 %, Stadt Bochum 'Bevölkerung aktuell', via wikipedia.k8s.renker.it)",
    ),
}

# Bürgerbüros: id: (district, name, lat, lon, desks, source). Facts: 6 Bürgerbüros (Mitte in the Rathaus Ostflügel,
# Gerthe, Langendreer, Querenburg, Weitmar, Wattenscheid), 122 staff (2016), 7 min average wait (late 2016).
BOCHUM_OFFICES = {
    "buergerbuero_mitte": (
        "innenstadt",
        "Bürgerbüro Mitte (Rathaus Ostflügel, Willy-Brandt-Platz 2-6)",
        51.4818,
        7.2166,
        10,
        "Facts (WAZ article233580193, 2021); address: lokalkompass.de a381715 and WAZ article229525064",
    ),
    "buergerbuero_wattenscheid": (
        "wattenscheid_mitte",
        "Bürgerbüro Wattenscheid (Rathaus Wattenscheid)",
        51.4805,
        7.1395,
        6,
        "Facts (WAZ article233580193); position = Wattenscheid centre ESTIMATE",
    ),
    "buergerbuero_gerthe": (
        "gerthe",
        "Bürgerbüro Gerthe (Heinrichstraße 42)",
        51.5160,
        7.2730,
        4,
        "Facts; address https://www.bochum.de/Pressemeldungen/25-Maerz-2019 (Notdienst im Bürgerbüro Gerthe, Heinrichstraße 42); position ESTIMATE",
    ),
    "buergerbuero_langendreer": (
        "langendreer",
        "Bürgerbüro Langendreer",
        51.4735,
        7.3240,
        5,
        "Facts (WAZ article233580193); position = Langendreer centre ESTIMATE",
    ),
    "buergerbuero_querenburg": (
        "querenburg",
        "Bürgerbüro Querenburg (Uni-Center)",
        51.4530,
        7.2680,
        4,
        "Facts (WAZ article233580193); position = Querenburg centre ESTIMATE",
    ),
    "buergerbuero_weitmar": (
        "weitmar",
        "Bürgerbüro Weitmar (Amtshaus Weitmar, Bezirksverwaltung Südwest)",
        51.4520,
        7.1925,
        5,
        "Facts (WAZ article233580193); Amtshaus Weitmar = seat of the Bezirksverwaltung Südwest (de.wikipedia Weitmar); position ESTIMATE",
    ),
}
BOCHUM_OFFICE_STAFF = (
    "60 employees work in the six Bürgerbüros, which normally handle more than 35,000 requests in two months "
    "(WAZ article229150350, 2020); facts: 122 staff of the Amt für Bürgerservice (2016, correctiv.org)"
)
# Libraries: id: (district, name, lat, lon, desks, big). Zentralbücherei + 6 Zweigbüchereien (lokalkompass.de a381715).
BOCHUM_LIBRARIES = {
    "zentralbuecherei_bochum": (
        "innenstadt",
        "Zentralbücherei Bochum (Gustav-Heinemann-Platz 2-6)",
        51.4800,
        7.2190,
        6,
        True,
    ),
    "buecherei_gerthe": ("gerthe", "Stadtteilbücherei Gerthe", 51.5168, 7.2715, 2, False),
    "buecherei_langendreer": ("langendreer", "Stadtteilbücherei Langendreer", 51.4740, 7.3250, 2, False),
    "buecherei_linden": ("linden", "Stadtteilbücherei Linden", 51.4265, 7.1610, 2, False),
    "buecherei_querenburg": ("querenburg", "Stadtteilbücherei Querenburg", 51.4525, 7.2690, 2, False),
    "buecherei_wattenscheid": ("wattenscheid_mitte", "Stadtteilbücherei Wattenscheid", 51.4810, 7.1385, 2, False),
    "buecherei_wiemelhausen": ("wiemelhausen", "Stadtteilbücherei Wiemelhausen", 51.4600, 7.2285, 2, False),
}
BOCHUM_LIBRARY_SOURCE = (
    "Zentralbücherei at Gustav-Heinemann-Platz 2-6 and Zweigbüchereien in Gerthe, Langendreer, Linden, Querenburg, "
    "Wattenscheid and Wiemelhausen (https://lokalkompass.de/bochum/c-ratgeber/verwaltung-schliesst-ueber-die-feiertage_a381715, "
    "about 2019); positions at the district centres, desks, hours and costs ESTIMATE"
)
# Lines: id: (name, headway minutes, speed km/h, districts). Routes from the BOGESTRA/VRR network (general knowledge),
# headways and speeds ESTIMATE; the model connects every pair of districts on a line directly.
BOCHUM_LINES = {
    "u35": (
        "Stadtbahn U35 (Herne - Riemke - Hbf - Wiemelhausen - Ruhr-Universität - Querenburg)",
        10,
        25,
        ["riemke", "hofstede", "innenstadt", "wiemelhausen", "querenburg"],
    ),
    "tram_302": (
        "Straßenbahn 302 (Günnigfeld - Wattenscheid - Hbf - Laer - Langendreer)",
        10,
        18,
        ["guennigfeld", "wattenscheid_mitte", "leithe", "hamme", "innenstadt", "laer", "langendreer"],
    ),
    "tram_310": (
        "Straßenbahn 310 (Höntrop - Wattenscheid - Hbf - Altenbochum - Laer - Langendreer)",
        10,
        18,
        [
            "hoentrop",
            "westenfeld",
            "wattenscheid_mitte",
            "innenstadt",
            "altenbochum",
            "laer",
            "langendreer_alter_bahnhof",
        ],
    ),
    "tram_306": ("Straßenbahn 306 (Hordel - Hamme - Hbf)", 15, 18, ["hordel", "hamme", "innenstadt"]),
    "tram_308_318": (
        "Straßenbahn 308/318 (Gerthe - Hiltrop - Grumme - Hbf - Weitmar - Linden - Dahlhausen)",
        10,
        18,
        ["gerthe", "hiltrop_bergen", "grumme", "innenstadt", "weitmar", "linden", "dahlhausen"],
    ),
    "s1": (
        "S-Bahn S1 (Wattenscheid-Höntrop - Bochum Hbf - Langendreer)",
        30,
        45,
        ["hoentrop", "innenstadt", "langendreer"],
    ),
    "bus_east": (
        "Buslinien Werne - Harpen - Kornharpen - Hbf",
        20,
        18,
        ["werne", "harpen_rosenberg", "kornharpen_voede", "innenstadt"],
    ),
    "bus_south": (
        "Buslinien Stiepel - Wiemelhausen - Hbf and Stiepel - Querenburg",
        20,
        18,
        ["stiepel", "wiemelhausen", "querenburg", "innenstadt"],
    ),
    "bus_west": (
        "Buslinien Eppendorf - Munscheid - Weitmar - Hbf",
        20,
        18,
        ["eppendorf", "munscheid", "weitmar", "innenstadt"],
    ),
}
BOCHUM_LINE_SOURCE = "route ESTIMATE from the BOGESTRA/VRR network as generally known (not checked against a timetable); headway and speed ESTIMATE"

BOCHUM_TEXTS = {
    "name": "Baseline – Bochum before the online registration (July 2024)",
    "de": "Bochum im Juli 2024: sechs Bürgerbüros mit freier Wahl im ganzen Stadtgebiet, Termine nur nach "
    "Vereinbarung, An- und Ummeldung nur vor Ort, Zentralbücherei und sechs Stadtteilbüchereien, freie Arztwahl.",
    "en": "Bochum in July 2024: six Bürgerbüros with free choice across the city, appointments only, address "
    "registration only in person, the central library and six branch libraries, free choice of GP.",
}

# --------------------------------------------------------------------------------------- Lünen
LUENEN = {
    "name": "Lünen",
    "ags": "05978024",
    "population": 85838,
    "population_date": "2020-12-31",
    "source": f"{FACTS} (luenen.population, IT.NRW 31.12.2020 via de.wikipedia infobox); 85,919 on 31.12.2023 "
    "(de.wikipedia infobox); the city register counted 89,693 in 12/2019 (Ruhr Nachrichten)",
    "lat": 51.6167,
    "lon": 7.5167,
    "age_shares": (0.160, 0.620, 0.220),
    "age_source": "ESTIMATE: no Lünen age structure found; Bochum's shares rounded (Ruhr city of the same region)",
    "bounding_box": {"lat_min": 51.55, "lat_max": 51.70, "lon_min": 7.38, "lon_max": 7.66},
}
# id: (name, population or None, date, lat, lon, area_km2 or None, source, coord_sourced, kind (urban/village))
LUENEN_DISTRICTS = {
    "luenen_mitte": ("Lünen-Mitte (Innenstadt)", None, None, 51.6167, 7.5167, None, "", True, "urban"),
    "luenen_nord": ("Lünen-Nord", None, None, 51.6250, 7.5200, None, "", False, "urban"),
    "geistviertel": ("Geistviertel", None, None, 51.6120, 7.5350, None, "", False, "urban"),
    "osterfeld": (
        "Osterfeld",
        6977,
        "2021-12-31",
        51.6042,
        7.5192,
        4.11,
        f"{WIKI} Osterfeld (Lünen) (infobox, Stadt Lünen statistics)",
        True,
        "urban",
    ),
    "lippholthausen": ("Lippholthausen", None, None, 51.6070, 7.4900, None, "", False, "village"),
    "brambauer": (
        "Brambauer",
        19398,
        "2021-12-31",
        51.5961,
        7.4428,
        11.35,
        f"{WIKI} Brambauer (infobox, Stadt Lünen statistics)",
        True,
        "urban",
    ),
    "gahmen": ("Gahmen", None, None, 51.5950, 7.5050, None, "", False, "village"),
    "luenen_sued": ("Lünen-Süd", None, None, 51.5970, 7.5300, None, "", False, "urban"),
    "horstmar": (
        "Horstmar",
        7551,
        "2017-12-31",
        51.6000,
        7.5500,
        3.52,
        f"{WIKI} Horstmar (Lünen) (infobox; area in the text)",
        True,
        "urban",
    ),
    "niederaden": ("Niederaden", None, None, 51.6000, 7.5750, None, "", False, "east"),
    "beckinghausen": ("Beckinghausen", None, None, 51.6220, 7.5600, None, "", False, "east"),
    "alstedde": ("Alstedde", None, None, 51.6500, 7.4900, None, "", False, "village"),
    "nordluenen": ("Nordlünen", None, None, 51.6370, 7.5100, None, "", False, "urban"),
    "wethmar": ("Wethmar", None, None, 51.6450, 7.5450, None, "", False, "village"),
}
# de-academic.com dewiki 892814 (Lünen-Ost): Beckinghausen, Horstmar and Niederaden have "insgesamt etwa 10.000 Einwohner".
LUENEN_OST_TOTAL = 10000
LUENEN_OST_SOURCE = (
    "de.wikipedia Lünen-Ost via de-academic.com/dic.nsf/dewiki/892814 ('insgesamt etwa 10.000 Einwohner', undated)"
)
LUENEN_OFFICES = {
    "buergerbuero_luenen": (
        "luenen_mitte",
        "Bürgerbüro im Rathaus Lünen (Willy-Brandt-Platz 1)",
        51.6160,
        7.5200,
        8,
        ["registration", "id_documents", "citizen_office"],
        f"{FACTS} (luenen.citizen_offices: Bürgerbüro im Rathaus, Willy-Brandt-Platz 1; 120 appointments a day under the Covid rules); desks ESTIMATE; position ESTIMATE",
    ),
    "servicepoint_luenen": (
        "luenen_mitte",
        "Servicepoint im Rathaus Lünen (short matters, walk-in)",
        51.6161,
        7.5202,
        2,
        ["citizen_office"],
        f"{FACTS} (luenen.citizen_offices.extra: Servicepoint im Rathaus, https://unna.digital/politik/schliessung-des-buergerbueros-servicepoint-als-zusaetzliche-anlaufstelle); short matters only and 2 desks ESTIMATE",
    ),
}
LUENEN_LIBRARIES = {
    "stadtbuecherei_luenen": (
        "luenen_mitte",
        "Stadtbücherei Lünen",
        51.6170,
        7.5180,
        3,
        True,
        "ESTIMATE: the municipal library in the town centre (not verified); desks, hours and costs ESTIMATE",
    ),
    "buergerbuecherei_brambauer": (
        "brambauer",
        "Bürgerbücherei Brambauer (volunteers)",
        51.5965,
        7.4435,
        1,
        False,
        "A library run entirely by volunteers in Brambauer (https://evk-brambauer.de/gemeindeportrait); position, desk and hours ESTIMATE; no municipal staff cost (fixed cost 10,000 EUR ESTIMATE)",
    ),
}
LUENEN_LINES = {
    "rail_preussen": (
        "RB/RE Dortmund - Lünen-Preußen - Lünen Hbf",
        30,
        45,
        ["horstmar", "luenen_sued", "luenen_mitte"],
    ),
    "bus_brambauer": (
        "Buslinien Brambauer - Lippholthausen - Osterfeld - ZOB Lünen",
        15,
        18,
        ["brambauer", "lippholthausen", "osterfeld", "luenen_mitte"],
    ),
    "bus_sued": (
        "Buslinien Lünen-Süd - Gahmen - Osterfeld - ZOB Lünen",
        20,
        18,
        ["luenen_sued", "gahmen", "osterfeld", "luenen_mitte"],
    ),
    "bus_ost": (
        "Buslinien Horstmar - Niederaden - Beckinghausen - Geistviertel - ZOB Lünen",
        30,
        18,
        ["horstmar", "niederaden", "beckinghausen", "geistviertel", "luenen_mitte"],
    ),
    "bus_nord": (
        "Buslinien Alstedde - Nordlünen - Wethmar - Lünen-Nord - ZOB Lünen",
        30,
        18,
        ["alstedde", "nordluenen", "wethmar", "luenen_nord", "luenen_mitte"],
    ),
}
LUENEN_LINE_SOURCE = "route ESTIMATE from the VKU/DB network as generally known (not checked against a timetable); headway and speed ESTIMATE"

LUENEN_TEXTS = {
    "name": "Baseline – Lünen before the cyber attack on its IT provider (October 2023)",
    "de": "Lünen im Oktober 2023: ein Bürgerbüro und ein Servicepoint im Rathaus, Termine online oder per Telefon, "
    "mittwochs ohne Termin; Stadtbücherei und ehrenamtliche Bürgerbücherei Brambauer; freie Arztwahl.",
    "en": "Lünen in October 2023: one Bürgerbüro and a service point in the Rathaus, appointments online or by phone, "
    "walk-in on Wednesdays; the town library and the volunteer library in Brambauer; free choice of GP.",
}

# --------------------------------------------------------------------------------------- both cities
GP_PER_INHABITANT = 59.9 / 100_000
GP_SOURCE = (
    "GP doctors = 59.9 per 100,000 residents, the Westfalen-Lippe density at the end of 2018 (Bundesarztregister via "
    "https://hausarzt-seppenrade.de/aktuelles/2019/unterschiedliche-hausarztdichte-in-deutschland/; 59.6 at the end of 2019, "
    "dpa via westfalen-blatt.de 2020-04); no city figure found. Bochum and Lünen both lie above the planning cap "
    "(11 and 5 doctors above the Sperrgrenze in 2014, versorgungsatlas.de analysis 56), so the regional density is a lower "
    "bound. Doctors placed by district population, practices of 1-3 doctors, positions on a deterministic spiral: ESTIMATE"
)
