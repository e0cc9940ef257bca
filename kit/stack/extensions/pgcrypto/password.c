/*
 * crypt() and gen_salt(): password hashing through libxcrypt, which carries the same Openwall
 * crypt_blowfish, md5crypt and (extended) DES that pgcrypto does, so hashes match byte for
 * byte and real bcrypt verifies them.
 */
#include "postgres.h"

#include <crypt.h>
#include <openssl/rand.h>

#include "fmgr.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(pg_crypt);
PG_FUNCTION_INFO_V1(pg_gen_salt);
PG_FUNCTION_INFO_V1(pg_gen_salt_rounds);

/* pgcrypto's salt types; `rounds` limits apply only to the types with a default count. */
typedef struct SaltType
{
	const char *name;
	const char *prefix;
	int			default_rounds;
	int			min_rounds;
	int			max_rounds;
} SaltType;

static const SaltType salt_types[] = {
	{"des", "", 0, 0, 0},
	{"xdes", "_", 725, 1, 0xffffff},
	{"md5", "$1$", 0, 0, 0},
	{"bf", "$2a$", 6, 4, 31},
};

static text *
make_salt(const char *name, int rounds)
{
	const SaltType *type = NULL;
	unsigned char entropy[16];
	char		out[CRYPT_GENSALT_OUTPUT_SIZE];

	for (int i = 0; i < lengthof(salt_types); i++)
		if (pg_strcasecmp(name, salt_types[i].name) == 0)
			type = &salt_types[i];
	if (type == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gen_salt: Unknown salt algorithm")));
	if (type->default_rounds != 0)
	{
		if (rounds == 0)
			rounds = type->default_rounds;
		/* Extended DES counts must be odd (even ones weaken the key schedule). */
		if (rounds < type->min_rounds || rounds > type->max_rounds ||
			(type->prefix[0] == '_' && rounds % 2 == 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("gen_salt: Incorrect number of rounds")));
	}
	else
		rounds = 0;
	if (RAND_bytes(entropy, sizeof(entropy)) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("pgcrypto: could not generate random bytes")));
	/* NULL for what the algorithm refuses, e.g. an even xdes count. */
	if (crypt_gensalt_rn(type->prefix, (unsigned long) rounds, (const char *) entropy,
						 sizeof(entropy), out, sizeof(out)) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gen_salt: Incorrect number of rounds")));
	return cstring_to_text(out);
}

Datum
pg_gen_salt(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(make_salt(text_to_cstring(PG_GETARG_TEXT_PP(0)), 0));
}

Datum
pg_gen_salt_rounds(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(make_salt(text_to_cstring(PG_GETARG_TEXT_PP(0)), PG_GETARG_INT32(1)));
}

/* crypt(password, salt): the salt (or a whole earlier hash) picks the algorithm. */
Datum
pg_crypt(PG_FUNCTION_ARGS)
{
	char	   *password = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *setting = text_to_cstring(PG_GETARG_TEXT_PP(1));
	struct crypt_data *data = palloc0(sizeof(struct crypt_data));
	char	   *hash = crypt_rn(password, setting, data, sizeof(struct crypt_data));
	text	   *result;

	if (hash == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION),
				 errmsg("crypt(3) returned NULL")));
	result = cstring_to_text(hash);
	explicit_bzero(data, sizeof(struct crypt_data));
	explicit_bzero(password, strlen(password));
	PG_RETURN_TEXT_P(result);
}
