"""Extensions the embedded PostgreSQL lacks but a Supabase database has: `uuid-ossp` and
`pgcrypto` compiled from the kit's own C sources, and SQL stand-ins for those that need a
service the local stack does not run (pg_cron, pg_net, ...). See `build.py` for the layout."""

from __future__ import annotations

from pathlib import Path

from kit.stack.extensions.build import Built, ensure_built


def server_settings(pg_config: Path) -> dict[str, str]:
    """The settings that make the server find the kit's extensions before its own."""
    built: Built = ensure_built(pg_config)
    return {
        # Each entry but `$system` gets `/extension` appended by PostgreSQL 18.
        "extension_control_path": f"{built.root}:$system",
        "dynamic_library_path": f"{built.lib}:$libdir",
    }
