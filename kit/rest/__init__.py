"""A PostgREST-compatible `/rest/v1` for the local stack (see ARCHITECTURE.md, STYLE.md).

The pipeline, after PostgREST's `App.hs`: `parse_request` → `plan` → `build` (one SQL
statement with bind parameters) → execute in one transaction → `respond`.
"""

from kit.rest.config import RestConfig

__all__ = ["RestConfig"]
