"""create_app(config) → the gateway behind /rest/v1 (server.py serves it): wiring only.

Per request: gateway + JWT (auth.py) → parse_request → plan → build → one
transaction → respond. The transaction is one pipelined round trip (roundtrip.py: the
set_config list and the statement under one Sync), or BEGIN … COMMIT/ROLLBACK when the
response may still refuse the result (transaction.py). Only this module, transaction.py and
roundtrip.py talk to the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolClosed, PoolTimeout

from kit.rest import openapi, transaction
from kit.rest.auth import Auth, Authenticator
from kit.rest.config import RestConfig
from kit.rest.edges import is_preflight, refuse_secret_in_browser
from kit.rest.errors import ApiError, GatewayError, from_postgres, raised
from kit.rest.limits import TRIM_AFTER, response_too_large
from kit.rest.outage import Outage
from kit.rest.plan import CallPlan, MutatePlan, Plan, ReadPlan, plan
from kit.rest.pools import Pools
from kit.rest.query import TOO_LARGE, build
from kit.rest.request import (
    NO_HEADERS,
    ApiRequest,
    ClientHeaders,
    client_headers,
    json_dumps,
    json_loads,
    parse_request,
    payload_keys,
    route,
    with_client_headers,
)
from kit.rest.response import JSON, Response, Result, error_response, respond
from kit.rest.roundtrip import (
    Statement,
    exchange,
    forget_prepared,
    replaceable,
    settings_statement,
    statement,
    with_value,
)
from kit.rest.schema_cache import SchemaCache, load_query
from kit.rest.schema_cache import build as build_cache
from kit.rest.sql import PAYLOAD, search_path

PREFIX = "/rest/v1"
KEEP_SHAPE_CHARS = 2048  # the longest request shape kept (_keep)
KEEP_SHAPES_CHARS = 256 * 1024  # all kept shapes together: what they hold is ~20x (~6 MB)
log = logging.getLogger("kit.rest")


class RestApp:
    """The gateway: a connection pool, the schema cache and the request pipeline."""

    def __init__(self, config: RestConfig) -> None:
        self.config = config
        self.auth = Authenticator(config)
        self.pools = Pools(config)
        self.outage = Outage(config.db_url, self.pools.renew)
        self.cache: SchemaCache | None = None
        self._listener: asyncio.Task[None] | None = None
        self._prepared: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._prepared_chars = 0  # of the kept shapes' keys (_keep)
        self._search_paths: dict[str, str] = {}

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def pool(self) -> AsyncConnectionPool:
        """The pool of the moment (renewed after an outage): each attempt takes it when it
        runs, so a retry after an outage runs on the fresh pool, not the closed one."""
        pool = self.pools.current
        assert pool is not None, "the gateway has not started"
        return pool

    async def start(self) -> None:
        await self.pools.open()
        # One load serves start-up and the listener: LISTEN first, so no change slips between.
        self._listener = asyncio.create_task(self._listen(await self._listening()))
        await asyncio.sleep(0)  # the task takes charge of the connection (stop() closes it)

    async def stop(self) -> None:
        await self.outage.stop()
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
        await self.pools.close()

    async def reload(self) -> None:
        """Rebuild the schema cache from the catalog (PostgREST: `NOTIFY pgrst`)."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(load_query(), {"schemas": list(self.config.schemas)})
            row = await cur.fetchone()
        assert row is not None
        self.cache = build_cache(row[0], self.config.schemas)
        forget_prepared()

    async def _listening(self) -> psycopg.AsyncConnection[Any]:
        """A connection listening on `pgrst`, then the schema cache loaded."""
        conn = await psycopg.AsyncConnection.connect(self.config.db_url, autocommit=True)
        try:
            await conn.execute("LISTEN pgrst")
            await self.reload()  # changes made while we were not listening
        except BaseException:
            await conn.close()
            raise
        return conn

    async def _listen(self, conn: psycopg.AsyncConnection[Any] | None) -> None:
        lost = False
        while True:
            try:
                if conn is None:
                    conn = await self._listening()
                    if lost:
                        log.warning("schema cache listener connected again")
                    lost = False
                async with conn:
                    async for note in conn.notifies():
                        if note.payload in ("", "reload schema"):
                            await self.reload()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - keep listening across restarts of the database
                if not lost:  # once per outage, not every second of it
                    log.warning("schema cache listener lost its connection; retrying")
                lost = True
                await asyncio.sleep(1)
            conn = None

    # -- the pipeline ------------------------------------------------------------------------

    async def handle(
        self, method: str, path: str, query: str, headers: list[tuple[str, str]], body: bytes
    ) -> Response:
        """One request (the path decoded, the query as sent, header names in lower case) →
        its response; never raises."""
        if path != PREFIX and not path.startswith(PREFIX + "/"):
            return Response(
                404, [("Content-Type", JSON)], b'{"message":"no Route matched with those values"}'
            )
        full_path, path = path, path[len(PREFIX) :] or "/"
        try:
            if method == "OPTIONS" and is_preflight(headers):
                return self._options(path, headers)
            client = client_headers(headers)
            apikey = client.apikey
            if apikey is None and "apikey=" in query:
                apikey = parse_qs(query).get("apikey", [None])[0]
            refuse_secret_in_browser(self.config, client.browser, apikey, client.authorization)
            auth = self.auth.authenticate(apikey, client.authorization)
            if method == "OPTIONS":
                return self._options(path, headers)
            if method in ("GET", "HEAD") and not body:
                return await self._run_cached(method, path, query, client, auth)
            if method in ("POST", "PATCH") and client.json_body:
                return await self._run_body_cached(method, path, query, client, body, auth)
            req = parse_request(method, path, query, client, body, self.config)
            return await self._run(req, auth)
        except (ApiError, GatewayError) as err:
            return error_response(err)
        except Exception:  # noqa: BLE001 - a bug here must still answer in the one error shape
            log.exception("unhandled error on %s %s", method, full_path)
            return error_response(ApiError(500, "PGRSTX00", "Internal server error"))

    async def _run_cached(
        self, method: str, path: str, query: str, client: ClientHeaders, auth: Auth
    ) -> Response:
        """Reads repeat: their parsed request, plan and SQL are kept per request shape until
        the schema cache reloads (PostgREST caches nothing; this is the kit's hot path)."""
        key = (method, path, query, client.shape)
        cache = self.cache
        hit = self._prepared.get(key)
        if hit is None or cache is None or hit[0] is not cache:
            req = parse_request(method, path, query, client, b"", self.config)
            if req.kind == "root" or cache is None:
                return await self._run(req, auth)
            the_plan, sql, params = self._planned(req, cache)
            wire = statement(sql, params)  # the values are the same each time: dumped once
            hit = self._keep(key, (cache, req, the_plan, sql, params, wire))
        _, template, the_plan, sql, params, wire = hit
        req = with_client_headers(copy.copy(template), client)
        return await self._execute(req, auth, the_plan, sql, params, cache, wire)

    async def _run_body_cached(
        self, method: str, path: str, query: str, client: ClientHeaders, body: bytes, auth: Auth
    ) -> Response:
        """Inserts, updates and calls with a JSON body repeat with other values: the body's
        values are one JSON parameter (Sql.payload), so the parsed request, plan and SQL of a
        shape (request line, headers, the body's keys) are kept and take each new body."""
        cache = self.cache
        try:
            payload = json_loads(body)
        except ValueError:
            payload = _UNREADABLE  # the full path answers PGRST102
        key = (method, path, query, client.shape, *_body_shape(payload))
        hit = self._prepared.get(key)
        if hit is None or cache is None or hit[0] is not cache or payload is _UNREADABLE:
            req = parse_request(method, path, query, client, body, self.config)
            if cache is None:
                return await self._run(req, auth)
            the_plan, sql, params = self._planned(req, cache)
            wire = statement(sql, params)
            if PAYLOAD in params and _takes_any_body(the_plan):
                at = replaceable(sql, wire, PAYLOAD, params[PAYLOAD])
                self._keep(key, (cache, req, the_plan, sql, params, wire, at))
            return await self._execute(req, auth, the_plan, sql, params, cache, wire)
        _, template, the_plan, sql, params, shaped, at = hit
        req = with_client_headers(copy.copy(template), client)
        req.payload = payload
        req.payload_keys = payload_keys(payload, req.kind, req.query.columns is not None)
        inserts = isinstance(the_plan, MutatePlan) and the_plan.kind == "insert"
        rows = [payload] if inserts and isinstance(payload, dict) else payload
        text = json_dumps(rows)  # as query.py dumps it
        params = {**params, PAYLOAD: text}
        filled = with_value(shaped, at, text) if at is not None else None
        return await self._execute(req, auth, the_plan, sql, params, cache, filled)

    async def _run(self, req: ApiRequest, auth: Auth) -> Response:
        cache = self.cache
        if cache is None:
            raise ApiError(
                503, "PGRST002", "Could not query the database for the schema cache. Retrying."
            )
        if req.kind == "root":
            return await self._root(req, auth, cache)
        return await self._execute(req, auth, *self._planned(req, cache), cache)

    def _planned(self, req: ApiRequest, cache: SchemaCache) -> tuple[Plan, str, dict[str, Any]]:
        the_plan = plan(req, cache, self.config.max_rows)
        sql, params = build(
            the_plan, strip_nulls=req.strip_nulls, max_bytes=self.config.max_response_bytes
        )
        return the_plan, sql, params

    def _keep(self, key: tuple[Any, ...], entry: tuple[Any, ...]) -> tuple[Any, ...]:
        """A request shape's parsed request, plan and SQL, under the schema cache they were
        made with (a hit from an older one is planned again); at most 1000 shapes, each told
        in at most KEEP_SHAPE_CHARS (query string, shape headers, body keys) and all together
        in KEEP_SHAPES_CHARS: what is kept grows with them (a 49 KB `in.()` list kept ~800 KB,
        a 1.5 KB one ~34 KB), and a longer one is planned each time.
        The kept request holds no client's headers (each hit is copied with its own): the
        first request's, however many, would stay with it."""
        chars = _shape_chars(key)
        if chars > KEEP_SHAPE_CHARS:
            return entry
        if len(self._prepared) >= 1000 or self._prepared_chars + chars > KEEP_SHAPES_CHARS:
            self._prepared.clear()
            self._prepared_chars = 0
        self._prepared_chars += chars
        entry = (entry[0], with_client_headers(copy.copy(entry[1]), NO_HEADERS), *entry[2:])
        self._prepared[key] = entry
        return entry

    async def _execute(
        self,
        req: ApiRequest,
        auth: Auth,
        the_plan: Plan,
        sql: str,
        params: dict[str, Any],
        cache: SchemaCache,
        wire: Statement | None = None,
    ) -> Response:
        self.outage.refuse()
        read_only = the_plan.read_only if isinstance(the_plan, ReadPlan | CallPlan) else False
        pairs = self._settings(req, auth, cache)
        ready = wire or statement(sql, params)  # refuses values PostgreSQL cannot take (NUL)
        rollback, honoured = cache.tx_end(req.prefer.tx)
        # Each attempt is given the pool of the moment: a retry runs on a renewed one.
        run: Callable[[AsyncConnectionPool], Awaitable[Response]]
        if req.plan_spec is not None:
            run = functools.partial(
                transaction.explain, cache, req, sql, params, pairs, read_only, rollback
            )
        elif rollback or _decides_after(req, the_plan):
            run = functools.partial(
                transaction.in_transaction, req, the_plan, sql, params, pairs, read_only, rollback
            )
        else:
            run = functools.partial(self._pipelined, req, the_plan, pairs, read_only, ready)
        if honoured:
            req.tx_applied = True
        try:
            try:
                return await run(self.pool)
            except PoolTimeout:
                raise
            except PoolClosed:
                # Replaced after an outage while this request waited for a connection:
                # nothing was sent, so it runs on the new pool (a write too).
                if self.outage.stopped:
                    raise
                return await run(self.pool)
            except psycopg.OperationalError as exc:
                # A pooled connection the database dropped (a restart): a read runs once more
                # on a fresh one if the database answers; a write is not repeated.
                if exc.sqlstate is not None:
                    raise
                if not read_only:
                    self.outage.suspect()
                    raise
                if not await self.outage.reachable():
                    self.outage.refuse()
                await self.pool.check()  # drop every idle connection that died with it
                return await run(self.pool)
        except PoolTimeout:  # an OperationalError too: caught first
            self.outage.suspect()  # a database that cannot be reached, or a busy pool
            return error_response(
                ApiError(504, "PGRST003", "Timed out acquiring connection from connection pool.")
            )
        except psycopg.Error as exc:
            return error_response(_pg_error(exc, auth, self.config.max_response_bytes))

    async def _pipelined(
        self,
        req: ApiRequest,
        the_plan: Plan,
        pairs: list[tuple[str, str]],
        read_only: bool,
        wire: Statement,
        pool: AsyncConnectionPool,
    ) -> Response:
        """One round trip: settings and statement share the pipeline's implicit transaction,
        which the Sync commits (or rolls back on error)."""
        if read_only:
            pairs = [("transaction_read_only", "on"), *pairs]
        first = settings_statement(pairs)
        # getconn/putconn, not pool.connection(): the round trip leaves the connection idle
        # (its Sync ended the transaction) or closed, so the context managers' commit check
        # and bookkeeping (~5% of a read's CPU) have nothing to do.
        conn = await pool.getconn()
        try:
            row = await exchange(conn, first, wire)
            if row[2] is not None and len(row[2]) > TRIM_AFTER:  # no await on the hot path
                await transaction.drop_if_swollen(conn, row[2])
        finally:
            await pool.putconn(conn)
        return respond(req, the_plan, Result(*row))

    def _settings(self, req: ApiRequest, auth: Auth, cache: SchemaCache) -> list[tuple[str, str]]:
        path = self._search_paths.get(req.schema)
        if path is None:
            path = self._search_paths[req.schema] = search_path(
                (req.schema, *self.config.extra_search_path)
            )
        pairs = [
            ("search_path", path),
            *cache.role_settings.get(auth.role, []),
            ("role", auth.role),
            ("request.jwt.claims", auth.claims_json),
            ("request.method", req.method),
            ("request.path", req.path),
            ("request.headers", req.client.sql_json),
            ("request.cookies", req.client.cookies_json),
        ]
        if req.prefer.timezone:
            pairs.append(("timezone", req.prefer.timezone))
        return pairs

    async def _root(self, req: ApiRequest, auth: Auth, cache: SchemaCache) -> Response:
        if req.method not in ("GET", "HEAD"):
            raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {req.method}")
        self.outage.refuse()
        try:
            visible = await self._visible(req, auth, cache)
        except psycopg.Error as exc:
            if exc.sqlstate is None:
                self.outage.suspect()
            return error_response(_pg_error(exc, auth, self.config.max_response_bytes))
        doc = openapi.document(cache, req.schema, self.config, visible)
        body = b"" if req.method == "HEAD" else json_dumps(doc).encode()
        return Response(200, [("Content-Type", "application/openapi+json; charset=utf-8")], body)

    async def _visible(
        self, req: ApiRequest, auth: Auth, cache: SchemaCache
    ) -> tuple[set[str], set[str]]:
        """The relations and functions of the schema the role may use (PostgREST's default
        openapi-mode, follow-privileges), asked of the database as that role."""
        first = settings_statement(self._settings(req, auth, cache))
        async with self.pool.connection() as conn:
            row = await exchange(conn, first, statement(openapi.VISIBLE_SQL, {"s": req.schema}))
        tables, functions = (json_loads(v) for v in row)
        return set(tables), set(functions)

    def _options(self, path: str, headers: list[tuple[str, str]]) -> Response:
        """CORS preflight and `Allow`; no key needed, as the gateway answers preflights."""
        lower = {k.lower(): v for k, v in headers}
        if "access-control-request-method" in lower:
            allow_headers = lower.get("access-control-request-headers", "") or "Authorization"
            return Response(
                200,
                [
                    (
                        "Access-Control-Allow-Methods",
                        "GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD",
                    ),
                    ("Access-Control-Allow-Headers", allow_headers),
                    ("Access-Control-Max-Age", "86400"),
                ],
            )
        kind, name = route(path)
        if kind == "rpc":
            return Response(200, [("Allow", "OPTIONS,GET,HEAD,POST")])
        if kind == "root":
            return Response(200, [("Allow", "OPTIONS,GET,HEAD")])
        assert self.cache is not None
        table = self.cache.table(self.config.schemas[0], name)
        allow = ["OPTIONS", "GET", "HEAD"]
        allow += ["POST"] if table.insertable else []
        allow += ["PUT"] if table.insertable and table.updatable and table.pk else []
        allow += ["PATCH"] if table.updatable else []
        allow += ["DELETE"] if table.deletable else []
        return Response(200, [("Allow", ",".join(allow))])


_UNREADABLE = object()


def _shape_chars(key: tuple[Any, ...]) -> int:
    chars = 0
    for part in key:
        if isinstance(part, str):
            chars += len(part)
        elif isinstance(part, tuple):
            chars += sum(len(p) for p in part if isinstance(p, str))
    return chars


def _body_shape(payload: Any) -> tuple[Any, ...]:
    """What of a JSON body its statement depends on: object or array, and the keys."""
    if isinstance(payload, dict):
        return ("object", *payload)
    if isinstance(payload, list):
        first = payload[0] if payload else None
        return ("array", *first) if isinstance(first, dict) else ("array", len(payload) > 0)
    return ("other",)


def _takes_any_body(the_plan: Plan) -> bool:
    """Plans whose statement reads the body only through the payload parameter: inserts (not
    PUT, which checks the body against the filters), updates, and calls by named arguments."""
    if isinstance(the_plan, MutatePlan):
        return the_plan.kind in ("insert", "update") and not the_plan.put
    if isinstance(the_plan, CallPlan):
        return not the_plan.node.source.whole_body
    return False


def _decides_after(req: ApiRequest, the_plan: Plan) -> bool:
    """Whether the response can still refuse the result (then the work must be undone), or
    needs a second statement (the planner's count)."""
    if transaction.wants_plan_count(the_plan):
        return True
    if the_plan.singular and not (isinstance(the_plan, ReadPlan) or req.method == "GET"):
        return True
    prefer = req.prefer
    return prefer.handling == "strict" and prefer.max_affected is not None


def _pg_error(exc: psycopg.Error, auth: Auth, max_bytes: int) -> ApiError:
    diag = exc.diag
    sqlstate = exc.sqlstate or "08000"
    if exc.sqlstate is None:
        return ApiError(
            503, "PGRST001", "Database client error. Retrying the connection.", str(exc)
        )
    if sqlstate == "PGRST":
        return raised(diag.message_primary or "", diag.message_detail)
    message = diag.message_primary or ""
    if sqlstate == "22P02" and TOO_LARGE in message:
        size = message.split(TOO_LARGE, 1)[1].rstrip('"')
        return response_too_large(int(size), max_bytes)
    return from_postgres(
        sqlstate,
        diag.message_primary or str(exc),
        diag.message_detail,
        diag.message_hint,
        authed=auth.authed,
    )


def create_app(config: RestConfig) -> RestApp:
    """The gateway for `config`; `start()` opens the pool and loads the schema cache."""
    return RestApp(config)
