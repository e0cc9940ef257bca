/*
 * pgcrypto for the Maker Kit's embedded PostgreSQL (which is built without it), written from
 * the documented behaviour of pgcrypto 1.3 rather than from its source: digests and HMACs with
 * OpenSSL's libcrypto (as pgcrypto built --with-ssl does), password hashing with libxcrypt
 * (the same Openwall bcrypt, md5crypt and DES code pgcrypto carries), random bytes from
 * OpenSSL's CSPRNG, OpenPGP symmetric encryption from RFC 4880 (pgp_*.c), the raw ciphers
 * (raw.c). Public-key PGP and armor exist and raise a clear error (unavailable.c).
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
