"""uuid-ossp and pgcrypto, built from the kit's own C: outputs equal the real extensions' on
known vectors, crypt hashes verify with the real bcrypt, and random bytes are strong."""

from __future__ import annotations

import math
import os
import random
import shutil
import subprocess
import uuid
from collections import Counter
from collections.abc import Callable, Iterator

import bcrypt
import psycopg
import pytest

from kit.stack.extensions.build import ensure_built
from kit.stack.postgres import bin_path


@pytest.fixture(scope="module")
def conn(kit_db_url: str) -> Iterator[psycopg.Connection]:
    """Both extensions created as Supabase has them (schema `extensions`), all rolled back."""
    with psycopg.connect(kit_db_url) as conn, conn.transaction(force_rollback=True):
        conn.execute("create schema if not exists extensions")
        conn.execute('create extension if not exists "uuid-ossp" with schema extensions')
        conn.execute("create extension if not exists pgcrypto with schema extensions")
        conn.execute("set local search_path = extensions, public")
        yield conn


def one(conn: psycopg.Connection, sql: str, *params: object) -> object:
    row = conn.execute(sql, params).fetchone()
    assert row is not None
    return row[0]


def test_uuid_namespaces_nil_and_name_based_vectors(conn: psycopg.Connection) -> None:
    assert one(conn, "select uuid_nil()") == uuid.UUID(int=0)
    for name in ("dns", "url", "oid", "x500"):
        assert one(conn, f"select uuid_ns_{name}()") == getattr(uuid, f"NAMESPACE_{name.upper()}")
    # RFC 4122 name-based: the well-known vectors, and Python's uuid3/uuid5 on other input.
    v5 = one(conn, "select uuid_generate_v5(uuid_ns_dns(), 'www.example.com')")
    assert v5 == uuid.UUID("2ed6657d-e927-568b-95e1-2665a8aea6a2")
    v3 = one(conn, "select uuid_generate_v3(uuid_ns_dns(), 'www.example.com')")
    assert v3 == uuid.UUID("5df41881-3aed-3515-88a7-2f4a814cf09e")
    name = "ünïcode/päth?q=1"
    assert one(conn, "select uuid_generate_v5(uuid_ns_url(), %s)", name) == uuid.uuid5(
        uuid.NAMESPACE_URL, name
    )
    assert one(conn, "select uuid_generate_v3(uuid_ns_x500(), %s)", name) == uuid.uuid3(
        uuid.NAMESPACE_X500, name
    )


def test_uuid_time_and_random_versions(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        "select uuid_generate_v1(), uuid_generate_v1mc(), uuid_generate_v4()"
        " from generate_series(1, 50)"
    ).fetchall()
    v1, v1mc, v4 = (list(column) for column in zip(*rows, strict=True))
    assert {u.version for u in v1} == {1} and {u.version for u in v1mc} == {1}
    assert {u.version for u in v4} == {4}
    assert {u.variant for u in v1 + v1mc + v4} == {uuid.RFC_4122}
    assert len(set(v1 + v1mc + v4)) == 150
    assert all(u.node & (1 << 40) for u in v1mc)  # random node, multicast bit set
    assert [u.time for u in v1] == sorted(u.time for u in v1)  # increasing within a backend


def test_signatures_match_the_real_extensions(conn: psycopg.Connection) -> None:
    volatility = dict(
        conn.execute(
            "select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
            " p.provolatile || p.proisstrict::int from pg_proc p"
            " join pg_depend d on d.objid = p.oid and d.deptype = 'e'"
            " join pg_extension e on e.oid = d.refobjid"
            " where e.extname in ('pgcrypto', 'uuid-ossp')"
        ).fetchall()
    )
    # From PostgreSQL's uuid-ossp--1.1 and pgcrypto--1.3 (i/v = immutable/volatile, 1 = strict).
    assert volatility["uuid_generate_v4()"] == "v1"
    assert volatility["uuid_generate_v5(namespace uuid, name text)"] == "i1"
    assert volatility["digest(bytea, text)"] == "i1"
    assert volatility["crypt(text, text)"] == "i1"
    assert volatility["gen_salt(text, integer)"] == "v1"
    assert volatility["gen_random_uuid()"] == "v0"
    assert volatility["pgp_sym_encrypt(text, text)"] == "v1"
    assert len([f for f in volatility if "uuid_" in f]) == 10
    assert len(volatility) == 10 + 36


@pytest.mark.parametrize(
    ("algorithm", "expected"),
    [
        ("md5", "900150983cd24fb0d6963f7d28e17f72"),
        ("sha1", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("sha224", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"),
        ("sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "sha384",
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            "8086072ba1e7cc2358baeca134c825a7",
        ),
        (
            "sha512",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        ),
    ],
)
def test_digest_of_abc(conn: psycopg.Connection, algorithm: str, expected: str) -> None:
    # FIPS 180 / RFC 1321 test vectors for "abc"; text and bytea give the same bytes.
    assert one(conn, "select encode(digest('abc', %s), 'hex')", algorithm) == expected
    assert one(conn, "select encode(digest('abc'::bytea, %s), 'hex')", algorithm) == expected


def test_hmac_rfc_4231_and_unknown_algorithm(conn: psycopg.Connection) -> None:
    # RFC 4231 test case 2 (key "Jefe").
    assert one(
        conn, "select encode(hmac('what do ya want for nothing?', 'Jefe', 'sha256'), 'hex')"
    ) == ("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    key = "\\x" + "0b" * 20  # test case 1, bytea form
    assert one(conn, "select encode(hmac('Hi There'::bytea, %s::bytea, 'sha512'), 'hex')", key) == (
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
        "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
    )
    with pytest.raises(psycopg.errors.InvalidParameterValue, match='Cannot use "sha3000"'):
        with conn.transaction():
            conn.execute("select digest('x', 'sha3000')")


def test_bcrypt_hashes_verify_with_real_bcrypt_both_ways(conn: psycopg.Connection) -> None:
    salt = one(conn, "select gen_salt('bf')")
    assert isinstance(salt, str) and salt.startswith("$2a$06$") and len(salt) == 29
    hashed = one(conn, "select crypt('correct horse', gen_salt('bf', 8))")
    assert isinstance(hashed, str) and hashed.startswith("$2a$08$")
    assert bcrypt.checkpw(b"correct horse", hashed.encode())
    assert not bcrypt.checkpw(b"wrong horse", hashed.encode())
    # A hash made by real bcrypt checks out the way Supabase Auth and seeds compare them.
    theirs = bcrypt.hashpw("pässword".encode(), bcrypt.gensalt(4)).decode()
    assert one(conn, "select crypt('pässword', %s) = %s", theirs, theirs) is True
    assert one(conn, "select crypt('password', %s) = %s", theirs, theirs) is False


def test_md5_xdes_des_crypt_and_round_trips(conn: psycopg.Connection) -> None:
    # Known md5-crypt vector (as `openssl passwd -1 -salt saltsalt password` prints it).
    assert (
        one(conn, "select crypt('password', '$1$saltsalt')") == "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"
    )
    shapes = {"md5": r"^\$1\$[./0-9A-Za-z]{8}$", "xdes": r"^_J9\.\.[./0-9A-Za-z]{4}$",
              "des": r"^[./0-9A-Za-z]{2}$", "bf": r"^\$2a\$06\$[./0-9A-Za-z]{22}$"}  # fmt: skip
    for kind, shape in shapes.items():
        ok = one(
            conn,
            "select s ~ %s and crypt('pw', crypt('pw', s)) = crypt('pw', s)"
            " and crypt('pw2', s) <> crypt('pw', s) from gen_salt(%s) as s",
            shape,
            kind,
        )
        assert ok is True, kind
    for bad in (
        "select gen_salt('rot13')",
        "select gen_salt('bf', 3)",
        "select gen_salt('xdes', 2)",
    ):
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="gen_salt: "):
            with conn.transaction():
                conn.execute(bad)


def test_gen_random_bytes_is_strong_random(conn: psycopg.Connection) -> None:
    draws = [one(conn, "select gen_random_bytes(1024)") for _ in range(4)]
    assert all(isinstance(d, bytes) and len(d) == 1024 for d in draws)
    assert len(set(draws)) == 4
    # Byte entropy of 4 KiB from a uniform source is ~7.95 bits; a broken or patterned one is far
    # below. A rough check only: strength comes from the source, checked next.
    counts = Counter(b"".join(d for d in draws if isinstance(d, bytes)))
    entropy = -sum(n / 4096 * math.log2(n / 4096) for n in counts.values())
    assert entropy > 7.9
    # The source: the module calls OpenSSL's RAND_bytes (a CSPRNG seeded by getrandom(2)), the
    # same source pgcrypto uses when PostgreSQL is built with OpenSSL.
    module = ensure_built(bin_path("pg_config")).lib / "pgcrypto.so"
    nm = subprocess.run(["nm", "-D", "--undefined-only", module], capture_output=True, text=True)
    imported = {line.split()[-1].split("@")[0] for line in nm.stdout.splitlines()}
    assert "RAND_bytes" in imported and not imported & {"rand", "random", "drand48", "lrand48"}
    with pytest.raises(
        psycopg.errors.ExternalRoutineInvocationException, match="Length not in range"
    ):
        with conn.transaction():
            conn.execute("select gen_random_bytes(1025)")
    assert one(conn, "select uuid_extract_version(gen_random_uuid())") == 4


def test_raw_ciphers_on_nist_vectors(conn: psycopg.Connection) -> None:
    # FIPS-197 appendix C.1 (AES-128 block) and SP 800-38A F.2.1 (CBC-AES128, first block).
    fips = one(
        conn,
        "select encode(encrypt(%s::bytea, %s::bytea, 'aes-ecb/pad:none'), 'hex')",
        "\\x00112233445566778899aabbccddeeff",
        "\\x000102030405060708090a0b0c0d0e0f",
    )
    assert fips == "69c4e0d86a7b0430d8cdb78070b4c55a"
    cbc = one(
        conn,
        "select encode(encrypt_iv(%s::bytea, %s::bytea, %s::bytea, 'aes-cbc/pad:none'), 'hex')",
        "\\x6bc1bee22e409f96e93d7e117393172a",
        "\\x2b7e151628aed2a6abf7158809cf4f3c",
        "\\x000102030405060708090a0b0c0d0e0f",
    )
    assert cbc == "7649abac8119b246cee98e9b12e9197d"
    # The default type is aes-cbc/pad:pkcs with a zero IV and the key zero-padded to 128 bits.
    clear = one(
        conn, "select convert_from(decrypt(encrypt('héllo', 'k', 'aes'), 'k', 'aes'), 'utf8')"
    )
    assert clear == "héllo"
    with pytest.raises(
        psycopg.errors.ExternalRoutineInvocationException, match="Decryption failed"
    ):
        with conn.transaction():
            conn.execute("select decrypt(encrypt('hello', 'key', 'aes'), 'other', 'aes')")


PGP_OPTIONS = (
    "",
    "cipher-algo=aes256, compress-algo=1",
    "sess-key=1, s2k-mode=1",
    "compress-algo=2, disable-mdc=1, cipher-algo=3des, s2k-digest-algo=md5",
)


def test_pgp_sym_round_trips_and_errors(conn: psycopg.Connection) -> None:
    for options in PGP_OPTIONS:
        clear = one(
            conn, "select pgp_sym_decrypt(pgp_sym_encrypt('héllo', 'pw', %s), 'pw')", options
        )
        assert clear == "héllo", options
    failures = {
        "select pgp_sym_decrypt(pgp_sym_encrypt('x', 'pw'), 'other')": "Wrong key or corrupt data",
        # As pgcrypto documents: bytea data is not decrypted as text.
        "select pgp_sym_decrypt(pgp_sym_encrypt_bytea('x', 'pw'), 'pw')": "Not text data",
        "select pgp_sym_encrypt('x', 'pw', 'cipher-algo=rot13')": "Illegal argument to function",
    }
    for sql, message in failures.items():
        with pytest.raises(psycopg.errors.ExternalRoutineInvocationException, match=message):
            with conn.transaction():
                conn.execute(sql)


def test_pgp_sym_decrypt_refuses_damaged_messages_cleanly(conn: psycopg.Connection) -> None:
    """Every truncation and a few hundred random inputs end in an SQL error, never a crash."""
    sealed = one(conn, "select pgp_sym_encrypt(repeat('abc', 50), 'pw', 'compress-algo=1')")
    assert isinstance(sealed, bytes)
    damaged = [sealed[:n] for n in range(len(sealed))]
    damaged += [random.Random(n).randbytes(1 + n % 300) for n in range(200)]
    for data in damaged:
        with pytest.raises(psycopg.errors.ExternalRoutineInvocationException):
            with conn.transaction():
                conn.execute("select pgp_sym_decrypt_bytea(%s, 'pw')", (data,))


@pytest.fixture(scope="module")
def gpg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., bytes]]:
    """GnuPG, an independent OpenPGP implementation, with a throwaway home (and agent)."""
    if shutil.which("gpg") is None:
        pytest.skip("gpg is not installed: the OpenPGP interoperability check needs it")
    home = tmp_path_factory.mktemp("gnupg")
    home.chmod(0o700)

    env = {**os.environ, "GNUPGHOME": str(home)}

    def run(*args: str, data: bytes) -> bytes:
        done = subprocess.run(
            ["gpg", "--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "pw",
             *args],
            input=data, capture_output=True, env=env, timeout=30, check=True,
        )  # fmt: skip
        return done.stdout

    yield run
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, capture_output=True, timeout=30)


def test_pgp_sym_interoperates_with_gnupg(
    conn: psycopg.Connection, gpg: Callable[..., bytes]
) -> None:
    text = "line one, héllo\nline two\n" * 500  # > 8 KiB: gpg streams it in partial lengths
    for options in ("", "cipher-algo=aes256, compress-algo=2, sess-key=1"):
        sealed = one(conn, "select pgp_sym_encrypt(%s, 'pw', %s)", text, options)
        assert isinstance(sealed, bytes)
        assert gpg("--decrypt", data=sealed).decode() == text
    for args in ([], ["--cipher-algo", "AES128", "--compress-algo", "none", "--s2k-mode", "1"]):
        sealed = gpg("--symmetric", "--s2k-count", "65536", *args, data=text.encode())
        assert (
            one(conn, "select convert_from(pgp_sym_decrypt_bytea(%s, 'pw'), 'utf8')", sealed)
            == text
        )
    # gpg's text mode sends CRLF lines; pgcrypto's convert-crlf=1 turns them back.
    sealed = gpg("--symmetric", "--s2k-count", "65536", "--textmode", data=text.encode())
    assert one(conn, "select pgp_sym_decrypt(%s, 'pw', 'convert-crlf=1')", sealed) == text


def test_pgp_functions_exist_and_say_they_are_not_available(conn: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.FeatureNotSupported) as caught:
        with conn.transaction():
            conn.execute("select pgp_pub_encrypt('data', 'not a key'::bytea)")
    assert "pgcrypto: pgp_pub_encrypt() is not available" in str(caught.value)
    assert "Differences from a Supabase database" in (caught.value.diag.message_hint or "")
