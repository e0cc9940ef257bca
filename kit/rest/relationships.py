"""Which foreign-key relationship an embed means (PostgREST `findRel`): PGRST200 / PGRST201."""

from __future__ import annotations

import difflib

from kit.rest.errors import ApiError
from kit.rest.params import SelectEmbed
from kit.rest.schema_cache import Relationship, SchemaCache


def find_relationship(
    cache: SchemaCache, origin: tuple[str, str], item: SelectEmbed
) -> Relationship:
    rels = cache.relationships_of(origin)
    found = [r for r in rels if _names(r, item.name)]
    if item.hint is not None:
        found = [r for r in found if _hinted(r, item.hint)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise _no_relationship(cache, origin, item)
    details = [_describe(r) for r in found]
    options = ", ".join(
        f"'{item.name}!{r.junction.table[1] if r.junction else r.constraint}'" for r in found
    )
    raise ApiError(
        300,
        "PGRST201",
        "Could not embed because more than one relationship was "
        f"found for '{origin[1]}' and '{item.name}'",
        details,
        f"Try changing '{item.name}' to one of the following: {options}. "
        "Find the desired relationship in the 'details' key.",
    )


def _names(rel: Relationship, name: str) -> bool:
    if rel.function is not None:  # a computed relationship goes by its function's name only
        return rel.constraint == name
    if rel.foreign[1] == name or rel.constraint == name:
        return True
    return rel.cardinality == "m2o" and len(rel.columns) == 1 and rel.columns[0][0] == name


def _hinted(rel: Relationship, hint: str) -> bool:
    if hint == rel.constraint or (rel.junction and hint == rel.junction.table[1]):
        return True
    return any(hint in pair for pair in rel.columns)


def _describe(rel: Relationship) -> dict[str, str]:
    names = {"m2o": "many-to-one", "o2m": "one-to-many", "o2o": "one-to-one", "m2m": "many-to-many"}
    cols = ", ".join(a for a, _ in rel.columns)
    fcols = ", ".join(b for _, b in rel.columns)
    return {
        "cardinality": names[rel.cardinality],
        "embedding": f"{rel.table[1]} with {rel.foreign[1]}",
        "relationship": (
            f"{rel.constraint} using {rel.table[1]}({cols}) and {rel.foreign[1]}({fcols})"
        ),
    }


def _no_relationship(cache: SchemaCache, origin: tuple[str, str], item: SelectEmbed) -> ApiError:
    using = f"' using the hint '{item.hint}" if item.hint else ""
    targets = sorted({r.foreign[1] for r in cache.relationships_of(origin)})
    close = difflib.get_close_matches(item.name, targets, n=1, cutoff=0.5)
    hint = f"Perhaps you meant '{close[0]}' instead of '{item.name}'." if close else None
    return ApiError(
        400,
        "PGRST200",
        f"Could not find a relationship between '{origin[1]}' and "
        f"'{item.name}' in the schema cache",
        f"Searched for a foreign key relationship between '{origin[1]}' and "
        f"'{item.name}{using}' in the schema '{origin[0]}', but no matches were found.",
        hint,
    )
