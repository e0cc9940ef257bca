/*
 * The pgcrypto functions the kit does not implement (public-key PGP and armor). They
 * exist with pgcrypto's signatures so migrations that mention them apply, and fail when called,
 * naming themselves and the README row, rather than returning something that merely looks right.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/lsyscache.h"

PG_FUNCTION_INFO_V1(pgcrypto_unavailable);

Datum
pgcrypto_unavailable(PG_FUNCTION_ARGS)
{
	char	   *name = get_func_name(fcinfo->flinfo->fn_oid);

	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("pgcrypto: %s() is not available in the Maker Kit local stack",
					name ? name : "this function"),
			 errhint("The kit's pgcrypto implements digest, hmac, crypt, gen_salt, "
					 "gen_random_bytes, gen_random_uuid, encrypt/decrypt and pgp_sym_*; see the "
					 "\"pgcrypto\" row of \"Differences from a Supabase database\" in the "
					 "Maker Kit README.")));
	PG_RETURN_NULL();
}
