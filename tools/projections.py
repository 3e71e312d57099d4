# ruff: noqa: E501
"""Projection tables (residents by age group, Kreis and year, 2025-2050) for the region files, with their rules.

Usage:
    python tools/projections.py lemgo_kalletal   prints the `projections:` block of scenarios/regions/lemgo_kalletal.yaml
tools/build_suedwestfalen.py calls `suedwestfalen_projections` for the Südwestfalen region file.

Sources and rules (all documented in docs/YEARS_AHEAD.md; every derived row is flagged `estimate: true`):
  NRW   IT.NRW Bevölkerungsvorausberechnung 2023-2070 (base 31.12.2023), NRW by age group, statistik.nrw Eckdatentabelle.
  P1    Kreis total change 2023->2050 from the same release (facts: demography.projections_total_change.*.itnrw_2023_2050).
  P2    path between 2025 and 2050: NRW's path times a constant yearly Kreis deviation, so 2050 hits P1.
  P3    age groups: 65+ follows NRW's 65+ factor; 0-17 and 18-64 follow NRW's factors times one Kreis scale that
        makes the groups add up to P2's total (the Kreis decline falls on the young and working-age).
  M1    a municipality with an IT.NRW 2018->2040 change: its Kreis path times (1 + its change)/(1 + the Kreis change)
        spread evenly over 22 years; age groups by P3.
"""

import sys

import yaml

YEARS = (2025, 2030, 2035, 2040, 2045, 2050)
BASE_YEAR = 2025
NRW_SOURCE = (
    "IT.NRW Bevölkerungsvorausberechnung 2023-2070 (base 31.12.2023), NRW by age group: "
    "https://statistik.nrw/gesellschaft-und-staat/gebiet-und-bevoelkerung/bevoelkerung/"
    "bevoelkerungsentwicklung-nach-altersgruppen-am-31-dezember-%28bevoelkerungsvorausberechnung%29"
)
# NRW in thousands: under 3, 3-6, 6-10, 10-16, 16-19, 19-25, 25-40, 40-65, 65-80, 80+ (IT.NRW, as printed).
NRW_THOUSANDS = {
    2025: (469.2, 518.1, 715.7, 1025.9, 519.9, 1131.4, 3495.2, 6140.9, 2830.2, 1205.1),
    2030: (472.1, 488.7, 680.5, 1104.5, 531.8, 1112.7, 3378.0, 5887.8, 3211.9, 1190.1),
    2035: (458.6, 477.5, 666.0, 1061.5, 572.3, 1153.6, 3266.6, 5678.1, 3422.3, 1265.1),
    2040: (448.8, 463.6, 645.1, 1030.3, 533.9, 1212.4, 3153.9, 5778.5, 3189.5, 1443.2),
    2045: (449.1, 457.4, 629.1, 1001.7, 530.7, 1149.0, 3193.0, 5797.3, 2856.1, 1672.9),
    2050: (455.3, 461.5, 625.1, 978.0, 514.9, 1124.1, 3210.6, 5722.0, 2669.1, 1782.1),
}
NRW_CHANGE_2023_2050 = -0.026  # IT.NRW press release 2024 (facts: demography.projections_total_change.nrw)
FACTS = "/work/shared/data/suedwestfalen_facts.yaml demography.projections_total_change"

# Kreis id: (name, total change 2023->2050, source, is the change itself an estimate)
KREISE = {
    "hochsauerlandkreis": (
        "Hochsauerlandkreis",
        -0.096,
        f"IT.NRW 2023->2050 -9.6 % ({FACTS}.hochsauerlandkreis)",
        False,
    ),
    "maerkischer_kreis": (
        "Märkischer Kreis",
        -0.125,
        f"IT.NRW 2023->2050 -12.5 % ({FACTS}.maerkischer_kreis; westfalenspiegel.de)",
        False,
    ),
    "kreis_olpe": ("Kreis Olpe", -0.123, f"IT.NRW 2023->2050 -12.3 % ({FACTS}.olpe; evangelische-zeitung.de)", False),
    "kreis_siegen_wittgenstein": (
        "Kreis Siegen-Wittgenstein",
        -0.087,
        f"IT.NRW 2023->2050 -8.7 % ({FACTS}.siegen_wittgenstein)",
        False,
    ),
    "kreis_soest": (
        "Kreis Soest",
        -0.06,
        "ESTIMATE: no IT.NRW 2023->2050 figure found. Bertelsmann 2020->2040 puts Soest above -5 % while the four other "
        "Kreise lie at -4.9 to -7.6 %; their IT.NRW 2023->2050 change is 1.6-2.5 times their Bertelsmann change; "
        f"Soest taken at -3 % x 2 = -6 % ({FACTS}.soest)",
        True,
    ),
    "kreis_lippe": (
        "Kreis Lippe",
        -0.08,
        f"IT.NRW 2023->2050 -8 %, about 322,000 in 2050 ({FACTS}.lippe; hoerfunkbund.com)",
        False,
    ),
}
# Municipality id: (name, Kreis id, change 2018->2040, Kreis change 2018->2040, source)
MUNICIPAL = {
    "bad_berleburg": (
        "Bad Berleburg",
        "kreis_siegen_wittgenstein",
        0.031,
        -0.029,
        "IT.NRW 2018->2040: Bad Berleburg +3.1 % (19,497 -> 20,111, WP article401796206), Siegen-Wittgenstein -2.9 % "
        "(WP article226494535); /work/shared/data/suedwestfalen_facts.yaml demography.municipal",
    ),
    "olpe": (
        "Olpe",
        "kreis_olpe",
        -0.045,
        -0.070,
        "IT.NRW 2018->2040: Stadt Olpe -4.5 % (lokalplus 35940), Kreis Olpe -7.0 % (lokalplus 35940); "
        "/work/shared/data/suedwestfalen_facts.yaml demography.municipal",
    ),
}
RULES = (
    "P2: total(y)/total(2025) = NRW(y)/NRW(2025) x g^((y-2025)/27), g = (1 + change 2023->2050)/(1 - 0.026); "
    "P3: 65+ x NRW 65+ factor, 0-17 and 18-64 x NRW factor x one scale that meets the total "
    "(NRW groups: 0-17 = under 16 + 2/3 of 16-19, 18-64 = 1/3 of 16-19 + 19-65, 65+ = 65-80 + 80+)"
)


def nrw_groups(year: int) -> tuple[float, float, float]:
    """Return NRW's residents (thousands) in the model's three age groups."""
    row = NRW_THOUSANDS[year]
    young = sum(row[:4]) + row[4] * 2 / 3
    adults = row[4] / 3 + sum(row[5:8])
    return (young, adults, row[8] + row[9])


def total_factor(change_2023_2050: float, year: int) -> float:
    """Return the Kreis total in `year` relative to 2025 (rule P2)."""
    nrw = sum(NRW_THOUSANDS[year]) / sum(NRW_THOUSANDS[BASE_YEAR])
    deviation = (1 + change_2023_2050) / (1 + NRW_CHANGE_2023_2050)
    return nrw * deviation ** ((year - BASE_YEAR) / 27)


def group_counts(base_total: float, shares: tuple[float, float, float], total: float, year: int) -> list[int]:
    """Return the age-group counts of a year whose total is `total` x base_total (rule P3)."""
    nrw = [now / then for now, then in zip(nrw_groups(year), nrw_groups(BASE_YEAR), strict=True)]
    old = shares[2] * nrw[2]
    scale = (total - old) / (shares[0] * nrw[0] + shares[1] * nrw[1])
    factors = (scale * nrw[0], scale * nrw[1], nrw[2])
    return [round(base_total * share * factor) for share, factor in zip(shares, factors, strict=True)]


def area_rows(base_total: float, shares: tuple[float, float, float], factor_of_year) -> dict:  # type: ignore[no-untyped-def]
    """Return the rows of one area, year by year."""
    rows = {}
    for year in YEARS:
        counts = group_counts(base_total, shares, factor_of_year(year), year)
        rows[year] = {"population": sum(counts), "age_groups": dict(zip(("0-17", "18-64", "65+"), counts, strict=True))}
    return rows


def projections_block(kreis_bases: dict[str, tuple[float, tuple[float, float, float], str]],
                      municipal_bases: dict[str, tuple[float, tuple[float, float, float]]]) -> dict:  # fmt: skip
    """Return the `projections:` mapping for the given Kreis and municipal bases (residents, age shares, base note)."""
    kreise = {}
    for kreis_id, (base_total, shares, base_note) in kreis_bases.items():
        name, change, source, change_estimated = KREISE[kreis_id]
        kreise[kreis_id] = {
            "name": name,
            "years": area_rows(base_total, shares, lambda year, change=change: total_factor(change, year)),
            "source": f"{source}; age groups: {NRW_SOURCE}",
            "estimate": True,
            "rule": f"{RULES}; {base_note}" + ("; the total change itself is an ESTIMATE" if change_estimated else ""),
        }
    municipalities = {}
    for m_id, (base_total, shares) in municipal_bases.items():
        name, kreis_id, change, kreis_change, source = MUNICIPAL[m_id]
        relative = (1 + change) / (1 + kreis_change)
        kreis_total_change = KREISE[kreis_id][1]

        def factor(year: int, relative: float = relative, kreis_total_change: float = kreis_total_change) -> float:
            return total_factor(kreis_total_change, year) * relative ** ((year - BASE_YEAR) / 22)

        municipalities[m_id] = {
            "name": name,
            "years": area_rows(base_total, shares, factor),
            "source": f"{source}; Kreis path: {KREISE[kreis_id][2]}; age groups: {NRW_SOURCE}",
            "estimate": True,
            "rule": f"M1: Kreis path x ({1 + change:.3f}/{1 + kreis_change:.3f})^((y-2025)/22); {RULES}",
        }
    block: dict = {"base_year": BASE_YEAR, "years": list(YEARS), "source": NRW_SOURCE, "kreise": kreise}
    if municipalities:
        block["municipalities"] = municipalities
    return block


def lemgo_kalletal_projections() -> dict:
    """Return the block for Lemgo-Kalletal: Kreis Lippe as a whole, shares of Lemgo and Kalletal weighted by residents."""
    shares = (0.1676, 0.6027, 0.2297)
    base_total = 322_000 / total_factor(KREISE["kreis_lippe"][1], 2050)
    note = (
        "base 2025 = Kreis Lippe scaled so that 2050 meets the sourced 322,000, with the residents-weighted Lemgo and "
        "Kalletal age shares of the region file (ESTIMATE); Kalletal declines faster than Lippe but no municipal "
        "figure is sourced, nor for Lemgo, so both follow the Kreis"
    )
    return projections_block({"kreis_lippe": (base_total, shares, note)}, {})


if __name__ == "__main__":
    if sys.argv[1:] != ["lemgo_kalletal"]:
        sys.exit(__doc__)
    print(yaml.safe_dump({"projections": lemgo_kalletal_projections()}, sort_keys=False, allow_unicode=True, width=160))
