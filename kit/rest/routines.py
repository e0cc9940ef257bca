"""Which function an RPC call means (PostgREST `findProc`): arguments, overloads, PGRST202/203."""

from __future__ import annotations

import difflib

from kit.rest.errors import ApiError
from kit.rest.request import ApiRequest
from kit.rest.schema_cache import Function, SchemaCache


def find_function(cache: SchemaCache, req: ApiRequest) -> tuple[Function, bool]:
    """PostgREST's findProc: the functions whose parameters the argument keys fit (all the
    required ones, any of the optional ones); failing those, on POST, the one with a single
    unnamed parameter of the body's type. More than one either way is PGRST203. A function
    with a single unnamed parameter always receives the whole body (PostgREST's OnePosParam).
    """
    candidates = cache.functions.get((req.schema, req.name), [])
    raw = req.method == "POST" and req.content_type in _RAW_TYPES
    keys = set(req.payload) if isinstance(req.payload, dict) else set()
    found = [f for f in candidates if _accepts(f, keys, raw)]
    if not found and req.method == "POST":
        types = _RAW_TYPES.get(req.content_type) or (
            ("json", "jsonb") if req.content_type == "application/json" else ()
        )
        found = [f for f in candidates if f.unnamed_single and f.params[0].type in types]
    if len(found) == 1:
        return found[0], found[0].unnamed_single
    if found:
        raise _ambiguous(found)
    raise _no_function(cache, req, sorted(keys), candidates)


# A single unnamed parameter of these types takes a body of the matching media type whole.
_RAW_TYPES = {"text/plain": ("text",), "text/xml": ("xml",), "application/octet-stream": ("bytea",)}


def _accepts(fn: Function, keys: set[str], raw: bool) -> bool:
    if not fn.params:  # PostgREST: a raw body never calls a function without parameters
        return not keys and not raw
    names = {p.name for p in fn.params}
    required = {p.name for p in fn.params if not p.has_default}
    return keys <= names and required <= keys


def _ambiguous(found: list[Function]) -> ApiError:
    # PostgREST lists them in its Routine order: description (none first), then parameters.
    found = sorted(
        found,
        key=lambda f: (
            f.description is not None,
            f.description or "",
            [(p.name, p.type) for p in f.params],
        ),
    )
    sigs = ", ".join(
        f"{f.schema}.{f.name}(" + ", ".join(f"{p.name} => {p.type}" for p in f.params) + ")"
        for f in found
    )
    return ApiError(
        300,
        "PGRST203",
        f"Could not choose the best candidate function between: {sigs}",
        None,
        "Try renaming the parameters or the function itself in the database so "
        "function overloading can be resolved",
    )


def _no_function(
    cache: SchemaCache, req: ApiRequest, keys: list[str], candidates: list[Function]
) -> ApiError:
    func = f"{req.schema}.{req.name}"
    raw_type = _RAW_TYPES.get(req.content_type) if req.method == "POST" else None
    if raw_type is not None:
        # A raw body can only mean a single unnamed parameter: no parameter list, no hint.
        return ApiError(
            404,
            "PGRST202",
            f"Could not find the function {func} in the schema cache",
            f"Searched for the function {func} with a single unnamed {raw_type[0]} "
            "parameter, but no matches were found in the schema cache.",
        )
    shown = f"({', '.join(keys)})" if keys else " without parameters"
    with_params = (
        f" with parameter{'s' if len(keys) > 1 else ''} {', '.join(keys)}"
        if keys
        else " without parameters"
    )
    json_body = req.method == "POST" and req.content_type == "application/json"
    extra = " or with a single unnamed json/jsonb parameter" if json_body else ""
    hint = None
    if candidates:
        sigs = ["(" + ", ".join(sorted(p.name for p in f.params)) + ")" for f in candidates]
        close = difflib.get_close_matches("(" + ", ".join(keys) + ")", sigs, n=1, cutoff=0.33)
        hint = f"Perhaps you meant to call the function {func}{close[0]}" if close else None
    else:
        names = [n for (s, n) in cache.functions if s == req.schema]
        close = difflib.get_close_matches(req.name, names, n=1, cutoff=0.75)
        hint = f"Perhaps you meant to call the function {req.schema}.{close[0]}" if close else None
    return ApiError(
        404,
        "PGRST202",
        f"Could not find the function {func}{shown} in the schema cache",
        f"Searched for the function {func}{with_params}{extra}, but no matches were "
        "found in the schema cache.",
        hint,
    )
