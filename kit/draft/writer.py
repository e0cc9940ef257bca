"""Write drafted specs as YAML with a fingerprint header, and never overwrite a person's edit.

The header `# kit-draft: <hash>` is the hash of the body as drafted. A file whose body still
has that hash was not edited and may be replaced; any other file (edited, or written by hand)
is kept unless `force`.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

MARK = re.compile(r"^# kit-draft: ([0-9a-f]{16})\n", re.M)


def dump(doc: dict[str, Any], source: str) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    body = buffer.getvalue()
    return (
        f"# Drafted by `kit draft` ({source}).\n"
        "# Edit freely: once edited, kit draft leaves this file alone (--force replaces it).\n"
        f"# kit-draft: {_hash(body)}\n{body}"
    )


def edited(path: Path) -> bool:
    """True when `path` exists and is not exactly what `kit draft` wrote."""
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    match = MARK.search(text)
    if match is None:
        return True
    return _hash(text[match.end() :]) != match[1]


def _hash(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()[:16]
