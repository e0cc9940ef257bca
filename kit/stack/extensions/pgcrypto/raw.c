/*
 * encrypt(), decrypt(), encrypt_iv(), decrypt_iv(): pgcrypto's raw ciphers through OpenSSL.
 * The type is "algorithm[-mode][/pad:padding]" (aes, bf, des, 3des, cast5; cbc or ecb; pkcs or
 * none); AES takes a 128, 192 or 256-bit key by the key's length, zero-padded; the IV is
 * zero-padded or clipped to the block size. Blowfish, DES and CAST5 live in OpenSSL 3's legacy
 * provider and are refused unless it is loaded, as they are for pgcrypto on OpenSSL 3.
 */
#include "postgres.h"

#include <openssl/evp.h>

#include "fmgr.h"
#include "utils/builtins.h"
#include "varatt.h"

PG_FUNCTION_INFO_V1(pg_encrypt);
PG_FUNCTION_INFO_V1(pg_decrypt);
PG_FUNCTION_INFO_V1(pg_encrypt_iv);
PG_FUNCTION_INFO_V1(pg_decrypt_iv);

typedef struct RawType
{
	char		cipher[32];		/* OpenSSL's name, e.g. aes-128-cbc */
	bool		pad;
} RawType;

static void
fail(bool encrypting, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION),
			 errmsg("%s error: %s", encrypting ? "encrypt" : "decrypt", why)));
}

static RawType
parse_type(const char *type, int key_len, bool encrypting)
{
	RawType		raw = {{0}, true};
	char		algo[16] = {0};
	char		mode[8] = "cbc";
	const char *slash = strchr(type, '/');
	const char *dash = strchr(type, '-');
	int			algo_len = (int) ((dash && (!slash || dash < slash)) ? dash - type :
								  slash ? slash - type : strlen(type));

	if (algo_len <= 0 || algo_len >= (int) sizeof(algo))
		fail(encrypting, "No such cipher algorithm");
	memcpy(algo, type, algo_len);
	if (dash && (!slash || dash < slash))
	{
		int			mode_len = (int) ((slash ? slash : type + strlen(type)) - dash - 1);

		if (mode_len <= 0 || mode_len >= (int) sizeof(mode))
			fail(encrypting, "No such cipher algorithm");
		memcpy(mode, dash + 1, mode_len);
		mode[mode_len] = '\0';
	}
	if (slash)
	{
		if (strcmp(slash, "/pad:none") == 0)
			raw.pad = false;
		else if (strcmp(slash, "/pad:pkcs") != 0)
			fail(encrypting, "Illegal argument to function");
	}
	if (strcmp(mode, "cbc") != 0 && strcmp(mode, "ecb") != 0)
		fail(encrypting, "No such cipher algorithm");
	if (strcmp(algo, "aes") == 0 || strcmp(algo, "rijndael") == 0)
	{
		if (key_len > 32)
			fail(encrypting, "Key was too big");
		snprintf(raw.cipher, sizeof(raw.cipher), "aes-%d-%s",
				 key_len <= 16 ? 128 : key_len <= 24 ? 192 : 256, mode);
	}
	else if (strcmp(algo, "bf") == 0 || strcmp(algo, "blowfish") == 0)
		snprintf(raw.cipher, sizeof(raw.cipher), "bf-%s", mode);
	else if (strcmp(algo, "des") == 0)
		snprintf(raw.cipher, sizeof(raw.cipher), "des-%s", mode);
	else if (strcmp(algo, "3des") == 0)
		snprintf(raw.cipher, sizeof(raw.cipher), "des-ede3-%s", mode);
	else if (strcmp(algo, "cast5") == 0)
		snprintf(raw.cipher, sizeof(raw.cipher), "cast5-%s", mode);
	else
		fail(encrypting, "No such cipher algorithm");
	return raw;
}

static Datum
run(FunctionCallInfo fcinfo, bool encrypting, bool with_iv)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	bytea	   *key = PG_GETARG_BYTEA_PP(1);
	bytea	   *iv_arg = with_iv ? PG_GETARG_BYTEA_PP(2) : NULL;
	char	   *type = text_to_cstring(PG_GETARG_TEXT_PP(with_iv ? 3 : 2));
	int			key_len = VARSIZE_ANY_EXHDR(key);
	int			len = VARSIZE_ANY_EXHDR(data);
	RawType		raw = parse_type(type, key_len, encrypting);
	EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, raw.cipher, NULL);
	EVP_CIPHER_CTX *ctx;
	unsigned char key_buf[EVP_MAX_KEY_LENGTH] = {0};
	unsigned char iv[EVP_MAX_IV_LENGTH] = {0};
	bytea	   *out;
	int			block,
				n,
				tail;
	bool		ok;

	if (cipher == NULL)
		fail(encrypting, "Cipher cannot be initialized");
	block = EVP_CIPHER_get_block_size(cipher);
	if (key_len > EVP_CIPHER_get_key_length(cipher))
	{
		EVP_CIPHER_free(cipher);
		fail(encrypting, "Key was too big");
	}
	memcpy(key_buf, VARDATA_ANY(key), key_len);
	if (iv_arg)
		memcpy(iv, VARDATA_ANY(iv_arg), Min((int) VARSIZE_ANY_EXHDR(iv_arg), block));
	if (!raw.pad && len % block != 0)
	{
		EVP_CIPHER_free(cipher);
		fail(encrypting, "Data not a multiple of block size");
	}
	out = palloc(VARHDRSZ + len + block);
	ctx = EVP_CIPHER_CTX_new();
	ok = ctx != NULL
		&& EVP_CipherInit_ex(ctx, cipher, NULL, key_buf, iv, encrypting ? 1 : 0)
		&& EVP_CIPHER_CTX_set_padding(ctx, raw.pad ? 1 : 0)
		&& EVP_CipherUpdate(ctx, (unsigned char *) VARDATA(out), &n,
							(unsigned char *) VARDATA_ANY(data), len)
		&& EVP_CipherFinal_ex(ctx, (unsigned char *) VARDATA(out) + n, &tail);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(cipher);
	if (!ok)
		fail(encrypting, encrypting ? "Encryption failed" : "Decryption failed");
	SET_VARSIZE(out, VARHDRSZ + n + tail);
	PG_RETURN_BYTEA_P(out);
}

Datum
pg_encrypt(PG_FUNCTION_ARGS)
{
	return run(fcinfo, true, false);
}

Datum
pg_decrypt(PG_FUNCTION_ARGS)
{
	return run(fcinfo, false, false);
}

Datum
pg_encrypt_iv(PG_FUNCTION_ARGS)
{
	return run(fcinfo, true, true);
}

Datum
pg_decrypt_iv(PG_FUNCTION_ARGS)
{
	return run(fcinfo, false, true);
}
