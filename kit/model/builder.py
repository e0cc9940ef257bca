"""Build one `Tool` from one `ToolSpec` and the catalog, recording every problem found."""

from __future__ import annotations

from kit.catalog import Catalog, Column, Function, Table
from kit.errors import Location
from kit.model import parameters, requests
from kit.model.grants import check_grants
from kit.model.problems import Problems
from kit.model.schemas import object_schema, response_schema
from kit.model.tool import WRITES, Parameter, Tool
from kit.specs import SpecFile, ToolSpec, did_you_mean

# Which optional keys each operation takes (the rest is an error, not silently ignored).
ALLOWED = {
    "list": {"filters", "select", "order", "limit"},
    "get": {"filters", "select"},
    "create": {"columns", "values", "select"},
    "update": {"filters", "columns", "values", "select"},
    "upsert": {"columns", "values", "on_conflict", "select"},
    "delete": {"filters", "select"},
    "rpc": {"function", "args", "select", "order", "limit"},
}
_FIELDS = {
    "filters": "filters",
    "columns": "columns",
    "args": "args",
    "values": "values",
    "on_conflict": "on_conflict",
    "select": "select",
    "order": "order",
    "limit": "limit_default",
    "function": "function",
}


class ToolBuilder:
    def __init__(
        self, file: SpecFile, spec: ToolSpec, table: Table, catalog: Catalog, problems: Problems
    ) -> None:
        self.file, self.spec, self.table, self.catalog = file, spec, table, catalog
        self.problems = problems
        self.count = len(problems)
        self.function: Function | None = None
        self.returns: Table | None = table

    def at(self, *keys: str | int) -> Location:
        return self.file.where(*self.spec.path, *keys)

    def problem(self, message: str, *keys: str | int, hint: str | None = None) -> None:
        self.problems.add(f"{self.spec.name}: {message}", self.at(*keys), hint)

    def build(self) -> Tool | None:
        self._check_keys()
        if self.spec.operation == "rpc":
            self._resolve_function()
        params = parameters.filters(self) + parameters.body(self) + parameters.limit(self)
        self._check_names(params)
        select = self._columns_of(self.spec.select, "select", self.returns) or (
            self.returns.column_names if self.returns else ()
        )
        self._check_order()
        for name, _ in self.spec.values:
            self.column(name, "values", name)
        self._check_operation(params)
        if self.file.strict:
            for param in params:
                if "type" not in param.schema:
                    self.problem(
                        f"`{param.name}` takes any JSON value: OpenAI strict mode has no "
                        "free-form value",
                        hint="set `strict: false` for this file, or leave the parameter out",
                    )
        if self.file.role:
            check_grants(self, self.file.role, select)
        if len(self.problems) > self.count:
            return None
        return self._tool(params, select)

    # ---- checks -------------------------------------------------------------------------

    def _check_keys(self) -> None:
        allowed = ALLOWED[self.spec.operation]
        for key, attr in _FIELDS.items():
            if key not in allowed and getattr(self.spec, attr):
                self.problem(
                    f"`{key}` does not apply to a {self.spec.operation} tool",
                    key,
                    hint=f"a {self.spec.operation} tool takes: " + ", ".join(sorted(allowed)),
                )

    def column(self, name: str, *keys: str | int, table: Table | None = None) -> Column | None:
        table = table or self.table
        column = table.column(name)
        if column is None:
            self.problem(
                f"unknown column `{name}` in table {table.name}"
                f"{did_you_mean(name, table.column_names)}",
                *keys,
                hint="columns of " + table.name + ": " + ", ".join(table.column_names),
            )
        return column

    def _columns_of(self, names: tuple[str, ...], key: str, table: Table | None) -> tuple[str, ...]:
        if table is None:
            return ()
        return tuple(n for i, n in enumerate(names) if self.column(n, key, i, table=table))

    def _check_order(self) -> None:
        for i, term in enumerate(self.spec.order):
            if self.returns is not None:
                self.column(term.split(".")[0], "order", i, table=self.returns)

    def _check_names(self, params: list[Parameter]) -> None:
        seen: set[str] = set()
        targets: set[tuple[str, str]] = set()
        for param in params:
            if param.name in seen:
                self.problem(f"two parameters are named `{param.name}`", hint="rename one")
            if (param.location, param.target) in targets:
                self.problem(
                    f"`{param.target}` is used twice in the {param.location}",
                    hint="OpenAPI allows one parameter per query key; use an RPC for ranges",
                )
            seen.add(param.name)
            targets.add((param.location, param.target))

    def _check_operation(self, params: list[Parameter]) -> None:
        op = self.spec.operation
        if op in ("update", "delete") and not any(
            p.operator == "eq" and p.required for p in params
        ):
            self.problem(
                f"a {op} tool needs a required `eq` filter",
                "filters",
                hint=f"without one, one call could {op} every row; filter on the primary key",
            )
        if op == "get":
            self._check_get_key(params)
        if op in ("create", "upsert"):
            self._check_required_columns()
        if op == "upsert":
            self._check_on_conflict()
        if op in ("update", "create", "upsert") and not (self.spec.columns or self.spec.values):
            self.problem(f"a {op} tool needs `columns` or `values`", "operation")

    def _check_get_key(self, params: list[Parameter]) -> None:
        filtered = {p.target for p in params if p.operator == "eq" and p.required}
        if not any(key and set(key) <= filtered for key in self.table.keys):
            keys = " or ".join("(" + ", ".join(k) + ")" for k in self.table.keys) or "none"
            self.problem(
                "a get tool must filter with `eq` on a primary or unique key",
                "filters",
                hint=f"keys of {self.table.name}: {keys}; or make it a list tool",
            )

    def _check_required_columns(self) -> None:
        given = {p.target for p in self.spec.columns if p.required is not False}
        given |= {name for name, _ in self.spec.values}
        for column in self.table.columns:
            if column.insert_required and column.name not in given:
                self.problem(
                    f"missing required write column `{column.name}` "
                    f"(NOT NULL with no default in {self.table.name})",
                    "columns",
                    hint=f"add `- name: {column.name}` (required) under columns, or set it "
                    "under values",
                )

    def _check_on_conflict(self) -> None:
        target = self.spec.on_conflict or self.table.primary_key
        if set(target) not in [set(k) for k in self.table.keys]:
            keys = ", ".join("(" + ", ".join(k) + ")" for k in self.table.keys)
            self.problem(
                f"on_conflict ({', '.join(target)}) is not a primary or unique key",
                "on_conflict",
                hint=f"keys of {self.table.name}: {keys}",
            )
        written = {p.target for p in self.spec.columns} | {n for n, _ in self.spec.values}
        for name in target:
            if name not in written:
                self.problem(f"on_conflict column `{name}` is not written", "on_conflict")

    def _resolve_function(self) -> None:
        name = self.spec.function
        if not name:
            self.problem("an rpc tool needs `function`", "operation")
            self.returns = None
            return
        found = self.catalog.function(name)
        if len(found) != 1:
            known = sorted({f.name for fns in self.catalog.functions.values() for f in fns})
            self.problem(
                f"unknown function `{name}`{did_you_mean(name.split('.')[-1], known)}"
                if not found
                else f"function `{name}` is overloaded; PostgREST cannot pick one",
                "function",
                hint="functions come from supabase/migrations; exposed schemas: "
                + ", ".join(self.catalog.schemas),
            )
            self.returns = None
            return
        self.function = found[0]
        returns = self.function.returns_table
        self.returns = self.catalog.table(returns) if returns else _out_table(self.function)

    # ---- the tool -----------------------------------------------------------------------

    def _tool(self, params: list[Parameter], select: tuple[str, ...]) -> Tool:
        spec = self.spec
        explicit_select = bool(spec.select)
        request = requests.request(
            spec, self.table, self.function, params, select if explicit_select else ()
        )
        body_schema = None
        if request.body is not None:
            body_schema = object_schema(
                [p for p in params if p.location == "body"], dict(spec.values)
            )
        return Tool(
            name=spec.name,
            table=self.table.qualified,
            operation=spec.operation,
            description=spec.description,
            request=request,
            parameters=tuple(params),
            response_schema=response_schema(spec.operation, self.returns, select, self.function),
            body_schema=body_schema,
            select=select,
            order=spec.order,
            limit_default=spec.limit_default,
            limit_max=spec.limit_max or spec.limit_default,
            writable=tuple(p.target for p in params if p.location == "body")
            + tuple(n for n, _ in spec.values),
            required_columns=tuple(p.target for p in params if p.location == "body" and p.required),
            function=self.function.qualified if self.function else None,
            strict=self.file.strict,
            consequential=spec.operation in WRITES
            or (self.function is not None and self.function.volatility == "v"),
            source=self.at("name"),
        )


def _out_table(function: Function) -> Table | None:
    """The rows of a RETURNS TABLE / OUT-parameter function, as a table the model can read."""
    if not function.out_columns or function.return_base_type != "record":
        return None  # one OUT parameter: PostgREST answers the bare value
    columns = tuple(
        Column(a.name, a.type, a.base_type, is_array=a.is_array) for a in function.out_columns
    )
    return Table(function.schema, function.name, kind="f", columns=columns)
