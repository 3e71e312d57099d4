"""'Did you mean …?': the closest allowed key for a misspelled one, found by walking the schema."""

import difflib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

CUTOFF = 0.6  # difflib similarity below which a key is too far off to be a typo


def _unwrap(annotation: Any) -> list[Any]:
    """Return the concrete types an annotation may hold (Annotated, Optional and unions opened)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [kind for arg in get_args(annotation) for kind in _unwrap(arg)]
    return [annotation]


def _step(kinds: list[Any], part: Any) -> list[Any]:
    """Return the types found one key (or list index) further down."""
    found: list[Any] = []
    for kind in kinds:
        origin = get_origin(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(str(part))
            if field is not None:
                found.extend(_unwrap(field.annotation))
            elif isinstance(part, str):  # a discriminated union names the member's tag in the path
                found.extend(sub for sub in _unwrap(kind) if getattr(sub, "__name__", None) == part)
        elif origin is dict:
            found.extend(_unwrap(get_args(kind)[1]))
        elif origin in (list, tuple):
            found.extend(_unwrap(get_args(kind)[0]))
    return found


def _union_members(kinds: list[Any], tag: Any) -> list[Any]:
    """Return the members of a discriminated union whose `type` literal is `tag`."""
    members = []
    for kind in kinds:
        if isinstance(kind, type) and issubclass(kind, BaseModel) and "type" in kind.model_fields:
            if tag in get_args(kind.model_fields["type"].annotation):
                members.append(kind)
    return members


def allowed_keys(model: type[BaseModel], location: tuple[Any, ...]) -> list[str]:
    """Return the keys the mapping at `location` (the path to the unknown key's parent) accepts."""
    kinds: list[Any] = [model]
    for part in location:
        step = _step(kinds, part)
        tagged = _union_members(kinds, part)
        kinds = step or tagged
        if not kinds:
            return []
    return sorted({name for kind in kinds if isinstance(kind, type) and issubclass(kind, BaseModel)
                   for name in kind.model_fields})  # fmt: skip


def did_you_mean(model: type[BaseModel] | None, location: tuple[Any, ...]) -> str | None:
    """Return the closest allowed key to the last key of `location`, or None if none is close."""
    if model is None or not location:
        return None
    close = difflib.get_close_matches(str(location[-1]), allowed_keys(model, location[:-1]), n=1, cutoff=CUTOFF)
    return close[0] if close else None
