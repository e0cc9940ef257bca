/* pgcrypto's PGP option string: "cipher-algo=aes256, compress-algo=1", validated like pgcrypto. */
#include "pgp.h"

#include "utils/builtins.h"

pg_noreturn void
pgp_fail(const char *message)
{
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION),
			 errmsg("%s", message)));
	pg_unreachable();
}

static int
parse_int(const char *value, int min, int max)
{
	char	   *end;
	long		n = strtol(value, &end, 10);

	if (*value == '\0' || *end != '\0' || n < min || n > max)
		pgp_fail("Illegal argument to function");
	return (int) n;
}

static int
cipher_by_name(const char *name)
{
	if (strcmp(name, "aes") == 0 || strcmp(name, "aes128") == 0)
		return PGP_CIPHER_AES128;
	if (strcmp(name, "aes192") == 0)
		return PGP_CIPHER_AES192;
	if (strcmp(name, "aes256") == 0)
		return PGP_CIPHER_AES256;
	if (strcmp(name, "3des") == 0)
		return PGP_CIPHER_3DES;
	if (strcmp(name, "bf") == 0)
		return PGP_CIPHER_BF;
	if (strcmp(name, "cast5") == 0)
		return PGP_CIPHER_CAST5;
	pgp_fail("Illegal argument to function");
}

static void
set_option(PgpOptions *opts, const char *key, const char *value, bool decrypting)
{
	if (strcmp(key, "convert-crlf") == 0)
		opts->convert_crlf = parse_int(value, 0, 1);
	else if (strcmp(key, "debug") == 0)
		(void) parse_int(value, 0, 1);
	else if (decrypting && strncmp(key, "expect-", 7) == 0)
		/* pgcrypto's expect-* debugging checks are not implemented: say so, do not ignore. */
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("pgcrypto: the option \"%s\" is not available in the Maker Kit local stack",
						key),
				 errhint("See the \"pgcrypto\" row of \"Differences from a Supabase database\" "
						 "in the Maker Kit README.")));
	else if (strcmp(key, "cipher-algo") == 0)
		opts->cipher_algo = cipher_by_name(value);
	else if (strcmp(key, "s2k-cipher-algo") == 0)
		opts->s2k_cipher_algo = cipher_by_name(value);
	else if (strcmp(key, "compress-algo") == 0)
		opts->compress_algo = parse_int(value, 0, 2);
	else if (strcmp(key, "compress-level") == 0)
		opts->compress_level = parse_int(value, 0, 9);
	else if (strcmp(key, "disable-mdc") == 0)
		opts->disable_mdc = parse_int(value, 0, 1);
	else if (strcmp(key, "sess-key") == 0)
		opts->sess_key = parse_int(value, 0, 1);
	else if (strcmp(key, "s2k-mode") == 0)
	{
		opts->s2k_mode = parse_int(value, 0, 3);
		if (opts->s2k_mode == 2)
			pgp_fail("Illegal argument to function");
	}
	else if (strcmp(key, "s2k-count") == 0)
		opts->s2k_count = parse_int(value, 1024, 65011712);
	else if (strcmp(key, "s2k-digest-algo") == 0)
	{
		if (strcmp(value, "md5") == 0)
			opts->s2k_digest_algo = PGP_DIGEST_MD5;
		else if (strcmp(value, "sha1") == 0)
			opts->s2k_digest_algo = PGP_DIGEST_SHA1;
		else
			pgp_fail("Illegal argument to function");
	}
	else if (strcmp(key, "unicode-mode") == 0)
		opts->unicode_mode = parse_int(value, 0, 1);
	else
		pgp_fail("Illegal argument to function");
}

/* Defaults as pgcrypto documents them, then "key=value" pairs separated by commas. */
void
pgp_parse_options(PgpOptions *opts, text *args, bool decrypting)
{
	char	   *list;
	char	   *item;
	char	   *save = NULL;

	opts->cipher_algo = PGP_CIPHER_AES128;
	opts->compress_algo = PGP_COMPRESS_NONE;
	opts->compress_level = 6;
	opts->convert_crlf = false;
	opts->disable_mdc = false;
	opts->sess_key = false;
	opts->s2k_mode = 3;
	opts->s2k_count = -1;
	opts->s2k_digest_algo = PGP_DIGEST_SHA1;
	opts->s2k_cipher_algo = -1;
	opts->unicode_mode = false;
	if (args == NULL)
		return;
	list = text_to_cstring(args);
	for (item = strtok_r(list, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save))
	{
		char	   *eq = strchr(item, '=');
		char	   *key = item;
		char	   *value;
		char	   *end;

		if (eq == NULL)
			pgp_fail("Illegal argument to function");
		*eq = '\0';
		value = eq + 1;
		while (isspace((unsigned char) *key))
			key++;
		while (isspace((unsigned char) *value))
			value++;
		for (end = key + strlen(key); end > key && isspace((unsigned char) end[-1]); end--)
			end[-1] = '\0';
		for (end = value + strlen(value); end > value && isspace((unsigned char) end[-1]); end--)
			end[-1] = '\0';
		set_option(opts, key, value, decrypting);
	}
}
