"""One resident's rating of one scenario, checked: known scenario and criteria, scores 1 to 5, tags, comment cap.

A refusal carries a label key and values, so the page can say in the resident's language what to
change (inline, next to the form), and the text typed so far is kept.
"""

import unicodedata
from dataclasses import dataclass
from typing import Any

from sim.io.schema_types import AGE_GROUPS
from sim.participation.publication import Publication, district_names

LOWEST_SCORE, HIGHEST_SCORE = 1, 5
# Control characters other than line breaks and tabs are dropped: they only hide or garble text.
_KEPT_CONTROLS = {"\n", "\t"}


class SubmissionRefused(ValueError):
    """A rating that cannot be stored as it is; `reason` is a label key, `values` fill its placeholders."""

    def __init__(self, reason: str, **values: Any):
        """Keep the reason and its values."""
        self.reason = reason
        self.values = values
        super().__init__(f"{reason}: {values}")


@dataclass(frozen=True)
class Submission:
    """A checked rating, ready to store: no name, no address, no time of day."""

    comparison: str
    scenario: str
    scores: dict[str, int]  # criterion -> 1..5
    district: str | None = None  # an Ortsteil id of the region, if the resident chose to say
    age_group: str | None = None  # one of the model's age groups, if the resident chose to say
    comment: str = ""


def clean_comment(text: str) -> str:
    """Return the comment in Unicode NFC with control characters dropped and outer blanks trimmed."""
    normal = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    kept = "".join(ch for ch in normal if ch in _KEPT_CONTROLS or unicodedata.category(ch)[0] != "C")
    return kept.strip()


def _checked_scores(publication: Publication, scores: dict[str, Any]) -> dict[str, int]:
    unknown = sorted(set(scores) - set(publication.spec.criteria))
    if unknown:
        raise SubmissionRefused("refused_unknown_criterion", criterion=unknown[0])
    missing = [name for name in publication.spec.criteria if scores.get(name) is None]
    if missing:
        raise SubmissionRefused("refused_missing_score", count=len(missing))
    checked = {}
    for name in publication.spec.criteria:
        value = scores[name]
        if isinstance(value, bool) or not isinstance(value, int) or not LOWEST_SCORE <= value <= HIGHEST_SCORE:
            raise SubmissionRefused("refused_bad_score", low=LOWEST_SCORE, high=HIGHEST_SCORE)
        checked[name] = value
    return checked


def check_submission(
    publication: Publication, scenario: str, scores: dict[str, Any], district: str | None = None,
    age_group: str | None = None, comment: str = "",
) -> Submission:  # fmt: skip
    """Return the rating as it will be stored, or raise SubmissionRefused saying what to change."""
    if scenario not in publication.scenarios:
        raise SubmissionRefused("refused_unknown_scenario")
    checked = _checked_scores(publication, scores)
    if district is not None and district not in district_names(publication):
        raise SubmissionRefused("refused_unknown_district")
    if age_group is not None and age_group not in AGE_GROUPS:
        raise SubmissionRefused("refused_unknown_age_group")
    text = clean_comment(comment)
    cap = publication.spec.comment_max_chars
    if len(text) > cap:
        raise SubmissionRefused("refused_comment_too_long", length=len(text), cap=cap)
    return Submission(publication.key, scenario, checked, district, age_group, text)
