/* pgp_sym_encrypt: SKESK packet, then the literal data (maybe compressed) in an encrypted
 * packet: tag 18 with a modification detection code, or tag 9 with disable-mdc=1. */
#include "pgp.h"

#include <time.h>
#include <openssl/rand.h>

#include "varatt.h"

static void
random_bytes(unsigned char *out, int len)
{
	if (RAND_bytes(out, len) != 1)
		pgp_fail("pgcrypto: could not generate random bytes");
}

/* A new-format packet with a definite length. */
static void
put_packet(StringInfo out, int tag, const char *body, int len)
{
	appendStringInfoChar(out, (char) (0xC0 | tag));
	if (len < 192)
		appendStringInfoChar(out, (char) len);
	else if (len < 8384)
	{
		appendStringInfoChar(out, (char) (((len - 192) >> 8) + 192));
		appendStringInfoChar(out, (char) ((len - 192) & 0xff));
	}
	else
	{
		appendStringInfoChar(out, (char) 0xff);
		for (int shift = 24; shift >= 0; shift -= 8)
			appendStringInfoChar(out, (char) ((len >> shift) & 0xff));
	}
	appendBinaryStringInfo(out, body, len);
}

/* Tag 3 without or with an encrypted session key; fills the key the data is encrypted with. */
static void
put_session_key(StringInfo out, const PgpOptions *opts, const char *password, int password_len,
				unsigned char *data_key)
{
	int			s2k_algo = opts->sess_key && opts->s2k_cipher_algo >= 0 ?
		opts->s2k_cipher_algo : opts->cipher_algo;
	unsigned char salt[8];
	unsigned char count_code;
	unsigned char s2k_key[32];
	StringInfoData body;

	random_bytes(salt, sizeof(salt));
	if (opts->s2k_count < 0)
	{
		/* pgcrypto's default: a random count from 65536 to 253952 octets (codes 96..127). */
		random_bytes(&count_code, 1);
		count_code = 96 + (count_code & 31);
	}
	else
		count_code = pgp_s2k_encode_count(opts->s2k_count);
	pgp_s2k_key(opts->s2k_mode, opts->s2k_digest_algo, salt, pgp_s2k_decode_count(count_code),
				password, password_len, s2k_key, pgp_key_length(s2k_algo));

	initStringInfo(&body);
	appendStringInfoChar(&body, 4);
	appendStringInfoChar(&body, (char) s2k_algo);
	appendStringInfoChar(&body, (char) opts->s2k_mode);
	appendStringInfoChar(&body, (char) opts->s2k_digest_algo);
	if (opts->s2k_mode != 0)
		appendBinaryStringInfo(&body, (char *) salt, 8);
	if (opts->s2k_mode == 3)
		appendStringInfoChar(&body, (char) count_code);
	if (opts->sess_key)
	{
		unsigned char esk[33];
		int			key_len = pgp_key_length(opts->cipher_algo);
		PgpCfb		cfb;

		esk[0] = (unsigned char) opts->cipher_algo;
		random_bytes(esk + 1, key_len);
		memcpy(data_key, esk + 1, key_len);
		pgp_cfb_init(&cfb, s2k_algo, s2k_key);
		pgp_cfb_encrypt(&cfb, esk, key_len + 1);
		pgp_cfb_free(&cfb);
		appendBinaryStringInfo(&body, (char *) esk, key_len + 1);
	}
	else
		memcpy(data_key, s2k_key, pgp_key_length(opts->cipher_algo));
	put_packet(out, PGP_TAG_SKESK, body.data, body.len);
}

/* The literal data packet, and around it the compressed packet if asked for. */
static void
put_contents(StringInfo out, const char *data, int len, bool is_text, const PgpOptions *opts)
{
	StringInfoData literal;
	uint32		now = (uint32) time(NULL);

	initStringInfo(&literal);
	appendStringInfoChar(&literal, is_text ? (opts->unicode_mode ? 'u' : 't') : 'b');
	appendStringInfoChar(&literal, 0);	/* no file name */
	for (int shift = 24; shift >= 0; shift -= 8)
		appendStringInfoChar(&literal, (char) ((now >> shift) & 0xff));
	for (int i = 0; i < len; i++)
	{
		if (is_text && opts->convert_crlf && data[i] == '\n')
			appendStringInfoChar(&literal, '\r');
		appendStringInfoChar(&literal, data[i]);
	}
	if (opts->compress_algo == PGP_COMPRESS_NONE || opts->compress_level == 0)
	{
		put_packet(out, PGP_TAG_LITERAL, literal.data, literal.len);
		return;
	}
	{
		StringInfoData packed;
		StringInfoData compressed;

		initStringInfo(&packed);
		put_packet(&packed, PGP_TAG_LITERAL, literal.data, literal.len);
		initStringInfo(&compressed);
		appendStringInfoChar(&compressed, (char) opts->compress_algo);
		pgp_deflate(opts->compress_algo, opts->compress_level, packed.data, packed.len,
					&compressed);
		put_packet(out, PGP_TAG_COMPRESSED, compressed.data, compressed.len);
	}
}

bytea *
pgp_sym_encrypt_data(const char *data, int len, bool is_text, const char *password,
					 int password_len, const PgpOptions *opts)
{
	StringInfoData out;
	StringInfoData plain;
	unsigned char key[32];
	PgpCfb		cfb;
	int			block = EVP_CIPHER_get_block_size(pgp_cipher(opts->cipher_algo));
	bytea	   *result;

	initStringInfo(&out);
	put_session_key(&out, opts, password, password_len, key);

	/* A random block, its last two octets repeated (a quick wrong-key check), the contents. */
	initStringInfo(&plain);
	enlargeStringInfo(&plain, block + 2);
	random_bytes((unsigned char *) plain.data, block);
	plain.data[block] = plain.data[block - 2];
	plain.data[block + 1] = plain.data[block - 1];
	plain.len = block + 2;
	put_contents(&plain, data, len, is_text, opts);
	if (!opts->disable_mdc)
	{
		unsigned char hash[20];

		appendBinaryStringInfo(&plain, "\xd3\x14", 2);
		EVP_Digest(plain.data, plain.len, hash, NULL, EVP_sha1(), NULL);
		appendBinaryStringInfo(&plain, (char *) hash, 20);
	}

	pgp_cfb_init(&cfb, opts->cipher_algo, key);
	if (opts->disable_mdc)
	{
		pgp_cfb_encrypt(&cfb, (unsigned char *) plain.data, block + 2);
		pgp_cfb_resync(&cfb, (unsigned char *) plain.data + 2);
		pgp_cfb_encrypt(&cfb, (unsigned char *) plain.data + block + 2, plain.len - block - 2);
		put_packet(&out, PGP_TAG_SED, plain.data, plain.len);
	}
	else
	{
		StringInfoData seipd;

		pgp_cfb_encrypt(&cfb, (unsigned char *) plain.data, plain.len);
		initStringInfo(&seipd);
		appendStringInfoChar(&seipd, 1);	/* version */
		appendBinaryStringInfo(&seipd, plain.data, plain.len);
		put_packet(&out, PGP_TAG_SEIPD, seipd.data, seipd.len);
	}
	pgp_cfb_free(&cfb);

	result = palloc(VARHDRSZ + out.len);
	SET_VARSIZE(result, VARHDRSZ + out.len);
	memcpy(VARDATA(result), out.data, out.len);
	return result;
}
