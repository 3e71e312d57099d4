"""The cost keys of an agreement and the fields each key needs (checked when an agreement is read)."""

from typing import Any, Literal

CostKey = Literal["population", "usage", "equal", "fixed", "base_plus_usage", "equal_capped", "shapley", "nucleolus"]


def check_key_fields(agreement: Any) -> None:
    """Raise ValueError if the agreement's cost key lacks a field it needs, or a field belongs to another key."""
    key, members = agreement.cost_key, set(agreement.members)
    if key == "fixed":
        if not agreement.fixed_shares:
            raise ValueError("cost_key 'fixed' needs fixed_shares")
        if set(agreement.fixed_shares) != members:
            raise ValueError("fixed_shares must name exactly the members")
        if abs(sum(agreement.fixed_shares.values()) - 1.0) > 1e-6:
            raise ValueError("fixed_shares must add up to 1")
    elif agreement.fixed_shares is not None:
        raise ValueError("fixed_shares is only used with cost_key 'fixed'")
    if agreement.base_share is not None and key != "base_plus_usage":
        raise ValueError("base_share is only used with cost_key 'base_plus_usage'")
    if key == "equal_capped":
        if agreement.cap_eur_per_year is None or agreement.lead is None:
            raise ValueError("cost_key 'equal_capped' needs cap_eur_per_year and lead")
        if agreement.lead not in members:
            raise ValueError(f"lead '{agreement.lead}' is not a member")
    elif agreement.cap_eur_per_year is not None or agreement.lead is not None:
        raise ValueError("cap_eur_per_year and lead are only used with cost_key 'equal_capped'")
    if agreement.game_costs_eur_per_year is not None and set(agreement.game_costs_eur_per_year) != members:
        raise ValueError("game_costs_eur_per_year must name exactly the members")
