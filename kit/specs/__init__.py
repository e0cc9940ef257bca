"""Tool specs: `tool_specs/*.yaml` loaded with line marks and checked against `schema.json`."""

from kit.specs.loader import Loaded, load_file, load_specs, schema, spec_paths
from kit.specs.messages import did_you_mean
from kit.specs.spec import Marks, ParamSpec, SpecFile, ToolSpec

__all__ = [
    "Loaded",
    "Marks",
    "ParamSpec",
    "SpecFile",
    "ToolSpec",
    "did_you_mean",
    "load_file",
    "load_specs",
    "schema",
    "spec_paths",
]
