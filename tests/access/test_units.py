"""The pure parts of draft, access and keys: names, edit detection, SQL text, JWKS checks."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path

import jwt
import pytest

from kit.access.identity import Identity, load_identity, save_identity
from kit.access.sqltext import columns, ident, signature
from kit.draft.names import pascal, singular
from kit.draft.writer import dump, edited
from kit.errors import KitError
from kit.project import load_project
from kit.rest.auth import Authenticator
from kit.rest.config import RestConfig
from kit.rest.errors import ApiError
from kit.scaffold import init_project
from kit.stack.keys import LOCAL_JWT_SECRET, mint
from kit.stack.signing import jwks, load_keys, new_es256, sign_agent
from kit.stack.signing_setup import add_signing_key

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "node_modules" / ".bin" / "supabase"


@pytest.mark.parametrize(
    ("table", "one", "name"),
    [
        ("todos", "todo", "Todos"),
        ("user_preferences", "user_preference", "UserPreferences"),
        ("categories", "category", "Categories"),
        ("boxes", "box", "Boxes"),
        ("status", "status", "Status"),
        ("people", "person", "People"),
    ],
)
def test_names(table: str, one: str, name: str) -> None:
    assert (singular(table), pascal(table)) == (one, name)


def test_a_draft_is_replaced_until_a_person_edits_it(tmp_path: Path) -> None:
    path = tmp_path / "todos.yaml"
    assert not edited(path)
    path.write_text(dump({"table": "todos", "tools": []}, "a test"))
    assert not edited(path)
    path.write_text(path.read_text().replace("tools: []", "tools: [] # mine"))
    assert edited(path)
    path.write_text("table: todos\ntools: []\n")  # written by hand, no mark
    assert edited(path)


def test_sql_text_quotes_only_what_needs_it() -> None:
    assert [ident(n) for n in ("todos", "user", "Todo", 'a"b')] == [
        "todos",
        '"user"',
        '"Todo"',
        '"a""b"',
    ]
    assert signature("public", "search_todos(text,integer)") == "public.search_todos(text, integer)"
    long = columns([f"column_{i}" for i in range(20)], "grant select", "on public.t to r;")
    assert long.startswith("grant select (\n    column_0") and all(
        len(line) <= 100 for line in long.splitlines()
    )


def test_identity_round_trips_through_kit_toml(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert load_identity(project) == Identity("maker_agent", "service")
    save_identity(
        project, Identity("authenticated", "user", "a0000000-0000-4000-8000-0000000000aa")
    )
    loaded = load_identity(project)
    assert loaded.claims() == {
        "sub": "a0000000-0000-4000-8000-0000000000aa",
        "aud": "authenticated",
    }
    (tmp_path / "kit.toml").write_text('[agent]\nidentity = "robot"\n')
    with pytest.raises(KitError, match="unknown identity"):
        load_identity(project)


def test_keys_new_writes_a_cli_shaped_key_the_gateway_trusts(tmp_path: Path) -> None:
    project = _project(tmp_path)
    added = add_signing_key(project)
    project = load_project(tmp_path)
    assert project.signing_keys_path == "./signing_keys.json"
    assert "supabase/signing_keys.json" in (tmp_path / ".gitignore").read_text()
    (key,) = load_keys(project)
    assert key.kid == added.kid and "d" in key.jwk and "d" not in json.loads(added.public_jwk)
    auth = Authenticator(RestConfig(db_url="postgresql://x", jwks=jwks([key])))
    token = sign_agent(key, "authenticated", {"sub": "u1"}, timedelta(minutes=1))
    assert auth.verify(f"Bearer {token}").claims["sub"] == "u1"
    assert auth.verify(f"Bearer {mint(LOCAL_JWT_SECRET, 'anon')}").role == "anon"  # legacy too
    other = new_es256()
    for forged in (
        sign_agent(
            other, "authenticated", {}, timedelta(minutes=1)
        ),  # a kid the JWKS does not list
        jwt.encode(
            {"role": "authenticated"},
            jwt.PyJWK.from_dict(other.jwk, algorithm="ES256").key,
            algorithm="ES256",
            headers={"kid": key.kid},  # the right kid, another key
        ),
    ):
        with pytest.raises(ApiError) as refused:
            auth.verify(f"Bearer {forged}")
        assert (refused.value.code, refused.value.status) == ("PGRST301", 401)


@pytest.mark.skipif(not CLI.exists(), reason="the Supabase CLI is installed by `make setup`")
def test_init_writes_config_toml_as_supabase_init_does(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    subprocess.run(
        [str(CLI), "init", "--workdir", str(theirs)],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SUPABASE_TELEMETRY_DISABLED": "1"},
    )
    # Adopting a CLI project leaves its files alone; the config text is the CLI's.
    cli_config = (theirs / "supabase" / "config.toml").read_text()
    result = init_project(tmp_path / "theirs")
    assert result.kind == "adopted"
    assert (theirs / "supabase" / "config.toml").read_text() == cli_config
    template = (ROOT / "kit" / "scaffold" / "templates" / "config.toml").read_text()
    assert template.replace("{{PROJECT_ID}}", "theirs") == cli_config


def _project(root: Path):  # type: ignore[no-untyped-def]
    (root / "supabase").mkdir(parents=True)
    template = (ROOT / "kit" / "scaffold" / "templates" / "config.toml").read_text()
    (root / "supabase" / "config.toml").write_text(template.replace("{{PROJECT_ID}}", "t"))
    return load_project(root)


@pytest.mark.skipif(not CLI.exists(), reason="the Supabase CLI is installed by `make setup`")
def test_the_key_file_has_the_shape_supabase_gen_signing_key_prints(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(CLI), "gen", "signing-key", "--algorithm", "ES256"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SUPABASE_TELEMETRY_DISABLED": "1"},
    )
    theirs = json.loads(done.stdout.strip().splitlines()[0])
    ours = new_es256().jwk
    assert set(ours) == set(theirs)
    assert {k: ours[k] for k in ("kty", "use", "key_ops", "alg", "ext", "crv")} == {
        k: theirs[k] for k in ("kty", "use", "key_ops", "alg", "ext", "crv")
    }
    # And the gateway takes the CLI's key as it takes ours.
    key = load_keys_from(tmp_path, theirs)
    auth = Authenticator(RestConfig(db_url="postgresql://x", jwks=jwks([key])))
    token = sign_agent(key, "maker_agent", {}, timedelta(minutes=1))
    assert auth.verify(f"Bearer {token}").role == "maker_agent"


def load_keys_from(root: Path, jwk: dict[str, object]):  # type: ignore[no-untyped-def]
    project = _project(root / "p")
    (root / "p" / "supabase" / "signing_keys.json").write_text(json.dumps([jwk]))
    config = root / "p" / "supabase" / "config.toml"
    config.write_text(
        config.read_text().replace(
            '# signing_keys_path = "./signing_keys.json"',
            'signing_keys_path = "./signing_keys.json"',
        )
    )
    (key,) = load_keys(load_project(project.root))
    return key
