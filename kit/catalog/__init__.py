"""The database catalog: tables, columns, types, keys, CHECK enums, functions, grants.

`read_catalog(conn, schemas, roles)` reads it with the packaged SQL in `queries/`; the result is
plain frozen values that the tool model and the REST gateway read.
"""

from kit.catalog.catalog import Argument, Catalog, Column, ForeignKey, Function, Grants, Table
from kit.catalog.reader import read_catalog

__all__ = [
    "Argument",
    "Catalog",
    "Column",
    "ForeignKey",
    "Function",
    "Grants",
    "Table",
    "read_catalog",
]
