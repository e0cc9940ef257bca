/* digest() and hmac(): any algorithm OpenSSL knows by name (md5, sha1, sha224 ... sha512). */
#include "postgres.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "fmgr.h"
#include "utils/builtins.h"
#include "varatt.h"

PG_FUNCTION_INFO_V1(pg_digest);
PG_FUNCTION_INFO_V1(pg_hmac);

static const EVP_MD *
find_digest(text *name)
{
	char	   *cname = text_to_cstring(name);
	const EVP_MD *md = EVP_get_digestbyname(cname);

	if (md == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("Cannot use \"%s\": No such hash algorithm", cname)));
	pfree(cname);
	return md;
}

static bytea *
new_bytea(const unsigned char *data, size_t len)
{
	bytea	   *out = palloc(VARHDRSZ + len);

	SET_VARSIZE(out, VARHDRSZ + len);
	memcpy(VARDATA(out), data, len);
	return out;
}

/* digest(data text|bytea, type text) → bytea; text and bytea share one layout. */
Datum
pg_digest(PG_FUNCTION_ARGS)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	const EVP_MD *md = find_digest(PG_GETARG_TEXT_PP(1));
	unsigned char out[EVP_MAX_MD_SIZE];
	unsigned int len;

	if (!EVP_Digest(VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data), out, &len, md, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("pgcrypto: digest failed")));
	PG_RETURN_BYTEA_P(new_bytea(out, len));
}

/* hmac(data, key, type) → bytea, RFC 2104 over the named digest. */
Datum
pg_hmac(PG_FUNCTION_ARGS)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	bytea	   *key = PG_GETARG_BYTEA_PP(1);
	const EVP_MD *md = find_digest(PG_GETARG_TEXT_PP(2));
	unsigned char out[EVP_MAX_MD_SIZE];
	unsigned int len;

	if (HMAC(md, VARDATA_ANY(key), (int) VARSIZE_ANY_EXHDR(key),
			 (const unsigned char *) VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data),
			 out, &len) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("pgcrypto: hmac failed")));
	PG_RETURN_BYTEA_P(new_bytea(out, len));
}
