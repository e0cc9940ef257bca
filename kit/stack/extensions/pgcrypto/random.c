/*
 * gen_random_bytes() and gen_random_uuid() from OpenSSL's RAND_bytes: a CSPRNG seeded from the
 * kernel (getrandom), the source pgcrypto itself uses when built with OpenSSL.
 */
#include "postgres.h"

#include <openssl/rand.h>

#include "fmgr.h"
#include "utils/uuid.h"
#include "varatt.h"

PG_FUNCTION_INFO_V1(pg_random_bytes);
PG_FUNCTION_INFO_V1(pg_random_uuid);

static void
fill_random(unsigned char *out, int len)
{
	if (RAND_bytes(out, len) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("pgcrypto: could not generate random bytes")));
}

/* gen_random_bytes(count) → bytea; pgcrypto allows 1 to 1024 bytes per call. */
Datum
pg_random_bytes(PG_FUNCTION_ARGS)
{
	int32		len = PG_GETARG_INT32(0);
	bytea	   *out;

	if (len < 1 || len > 1024)
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION),
				 errmsg("Length not in range")));
	out = palloc(VARHDRSZ + len);
	SET_VARSIZE(out, VARHDRSZ + len);
	fill_random((unsigned char *) VARDATA(out), len);
	PG_RETURN_BYTEA_P(out);
}

/* A version 4 UUID (RFC 4122 §4.4), like the core gen_random_uuid(). */
Datum
pg_random_uuid(PG_FUNCTION_ARGS)
{
	pg_uuid_t  *uuid = palloc(sizeof(pg_uuid_t));

	fill_random(uuid->data, UUID_LEN);
	uuid->data[6] = (uuid->data[6] & 0x0f) | 0x40;
	uuid->data[8] = (uuid->data[8] & 0x3f) | 0x80;
	PG_RETURN_UUID_P(uuid);
}
