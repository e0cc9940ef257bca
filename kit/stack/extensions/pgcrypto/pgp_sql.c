/* The SQL entry points of pgp_sym_encrypt[_bytea] and pgp_sym_decrypt[_bytea]. */
#include "pgp.h"

#include "fmgr.h"
#include "varatt.h"

PG_FUNCTION_INFO_V1(pgp_sym_encrypt_text);
PG_FUNCTION_INFO_V1(pgp_sym_encrypt_bytea);
PG_FUNCTION_INFO_V1(pgp_sym_decrypt_text);
PG_FUNCTION_INFO_V1(pgp_sym_decrypt_bytea);

static Datum
encrypt(FunctionCallInfo fcinfo, bool is_text)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	text	   *password = PG_GETARG_TEXT_PP(1);
	PgpOptions	opts;

	pgp_parse_options(&opts, PG_NARGS() > 2 ? PG_GETARG_TEXT_PP(2) : NULL, false);
	PG_RETURN_BYTEA_P(pgp_sym_encrypt_data(VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data), is_text,
										   VARDATA_ANY(password), VARSIZE_ANY_EXHDR(password),
										   &opts));
}

static Datum
decrypt(FunctionCallInfo fcinfo, bool want_text)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	text	   *password = PG_GETARG_TEXT_PP(1);
	PgpOptions	opts;

	pgp_parse_options(&opts, PG_NARGS() > 2 ? PG_GETARG_TEXT_PP(2) : NULL, true);
	/* A text result has bytea's layout; the text flavour checked its encoding. */
	PG_RETURN_BYTEA_P(pgp_sym_decrypt_data((unsigned char *) VARDATA_ANY(data),
										   VARSIZE_ANY_EXHDR(data), want_text,
										   VARDATA_ANY(password), VARSIZE_ANY_EXHDR(password),
										   &opts));
}

Datum
pgp_sym_encrypt_text(PG_FUNCTION_ARGS)
{
	return encrypt(fcinfo, true);
}

Datum
pgp_sym_encrypt_bytea(PG_FUNCTION_ARGS)
{
	return encrypt(fcinfo, false);
}

Datum
pgp_sym_decrypt_text(PG_FUNCTION_ARGS)
{
	return decrypt(fcinfo, true);
}

Datum
pgp_sym_decrypt_bytea(PG_FUNCTION_ARGS)
{
	return decrypt(fcinfo, false);
}
