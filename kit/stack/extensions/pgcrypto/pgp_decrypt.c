/* pgp_sym_decrypt: read the packets (old or new format, partial lengths as pgcrypto streams
 * them), derive the key, decrypt, check the quick-check octets and the MDC, unwrap. */
#include "pgp.h"

#include "mb/pg_wchar.h"
#include "varatt.h"

#define CORRUPT "Wrong key or corrupt data"

typedef struct Reader
{
	const unsigned char *data;
	int			len;
	int			pos;
} Reader;

static int
next_octet(Reader *r)
{
	if (r->pos >= r->len)
		pgp_fail(CORRUPT);
	return r->data[r->pos++];
}

static void
take(Reader *r, int n, StringInfo body)
{
	if (n < 0 || n > r->len - r->pos)
		pgp_fail(CORRUPT);
	appendBinaryStringInfo(body, (const char *) r->data + r->pos, n);
	r->pos += n;
}

static int
be_length(Reader *r, int octets)
{
	uint32		n = 0;

	for (int i = 0; i < octets; i++)
		n = (n << 8) | next_octet(r);
	return n > PG_INT32_MAX ? -1 : (int) n;
}

/* One packet: its tag and its whole body (partial-length chunks joined); false at the end. */
static bool
read_packet(Reader *r, int *tag, StringInfo body)
{
	int			head;

	resetStringInfo(body);
	if (r->pos >= r->len)
		return false;
	head = next_octet(r);
	if (!(head & 0x80))
		pgp_fail(CORRUPT);
	if (!(head & 0x40))
	{
		static const int octets[] = {1, 2, 4};

		*tag = (head >> 2) & 0x0f;
		take(r, (head & 3) == 3 ? r->len - r->pos : be_length(r, octets[head & 3]), body);
		return true;
	}
	*tag = head & 0x3f;
	for (;;)
	{
		int			first = next_octet(r);

		if (first < 192)
			take(r, first, body);
		else if (first < 224)
			take(r, ((first - 192) << 8) + next_octet(r) + 192, body);
		else if (first == 255)
			take(r, be_length(r, 4), body);
		else
		{
			take(r, 1 << (first & 0x1f), body);
			continue;
		}
		return true;
	}
}

/* Tag 3: the S2K parameters, and the session key if one is encrypted in the packet. */
static void
read_session_key(StringInfo body, const char *password, int password_len, int *algo,
				 unsigned char *key)
{
	const unsigned char *p = (const unsigned char *) body->data;
	int			mode;
	int			offset;
	int			s2k_algo;

	if (body->len < 4 || p[0] != 4)
		pgp_fail(CORRUPT);
	s2k_algo = p[1];
	mode = p[2];
	offset = mode == 0 ? 4 : mode == 1 ? 12 : mode == 3 ? 13 : -1;
	if (offset < 0 || body->len < offset)
		pgp_fail(CORRUPT);
	pgp_s2k_key(mode, p[3], p + 4, mode == 3 ? pgp_s2k_decode_count(p[12]) : 0,
				password, password_len, key, pgp_key_length(s2k_algo));
	*algo = s2k_algo;
	if (body->len > offset)
	{
		int			esk_len = body->len - offset;
		unsigned char esk[64];
		PgpCfb		cfb;

		if (esk_len > (int) sizeof(esk))
			pgp_fail(CORRUPT);
		memcpy(esk, p + offset, esk_len);
		pgp_cfb_init(&cfb, s2k_algo, key);
		pgp_cfb_decrypt(&cfb, esk, esk_len);
		pgp_cfb_free(&cfb);
		*algo = esk[0];
		/* A wrong password yields a random algorithm octet: report it as a wrong key. */
		if (!(*algo == PGP_CIPHER_3DES || *algo == PGP_CIPHER_CAST5 || *algo == PGP_CIPHER_BF ||
			  (*algo >= PGP_CIPHER_AES128 && *algo <= PGP_CIPHER_AES256)) ||
			esk_len - 1 != pgp_key_length(*algo))
			pgp_fail(CORRUPT);
		memcpy(key, esk + 1, esk_len - 1);
	}
}

/* Tag 9 or 18 → the plaintext packets inside, checked. */
static void
decrypt_packet(int tag, StringInfo body, int algo, const unsigned char *key, StringInfo inner)
{
	int			block = EVP_CIPHER_get_block_size(pgp_cipher(algo));
	int			skip = tag == PGP_TAG_SEIPD ? 1 : 0;
	int			len = body->len - skip;
	unsigned char *plain;
	PgpCfb		cfb;

	if ((tag == PGP_TAG_SEIPD && (body->len < 1 || body->data[0] != 1)) || len < block + 2)
		pgp_fail(CORRUPT);
	plain = palloc(len);
	memcpy(plain, body->data + skip, len);
	pgp_cfb_init(&cfb, algo, key);
	if (tag == PGP_TAG_SEIPD)
		pgp_cfb_decrypt(&cfb, plain, len);
	else
	{
		pgp_cfb_decrypt(&cfb, plain, block + 2);
		pgp_cfb_resync(&cfb, (const unsigned char *) body->data + 2);
		pgp_cfb_decrypt(&cfb, plain + block + 2, len - block - 2);
	}
	pgp_cfb_free(&cfb);
	if (plain[block - 2] != plain[block] || plain[block - 1] != plain[block + 1])
		pgp_fail(CORRUPT);
	if (tag == PGP_TAG_SEIPD)
	{
		unsigned char hash[20];

		if (len < block + 2 + 22 || plain[len - 22] != 0xd3 || plain[len - 21] != 0x14)
			pgp_fail(CORRUPT);
		EVP_Digest(plain, len - 20, hash, NULL, EVP_sha1(), NULL);
		if (memcmp(hash, plain + len - 20, 20) != 0)
			pgp_fail(CORRUPT);
		len -= 22;
	}
	appendBinaryStringInfo(inner, (char *) plain + block + 2, len - block - 2);
	pfree(plain);
}

/* The literal data, through any compressed packets; `format` gets its b/t/u octet. */
static void
read_literal(const unsigned char *data, int len, StringInfo out, char *format, int depth)
{
	Reader		r = {data, len, 0};
	StringInfoData body;
	int			tag;

	initStringInfo(&body);
	while (read_packet(&r, &tag, &body))
	{
		const unsigned char *p = (const unsigned char *) body.data;

		if (tag == PGP_TAG_MARKER)
			continue;
		if (tag == PGP_TAG_COMPRESSED && depth < 4 && body.len >= 1)
		{
			StringInfoData unpacked;

			initStringInfo(&unpacked);
			if (p[0] == PGP_COMPRESS_NONE)
				appendBinaryStringInfo(&unpacked, body.data + 1, body.len - 1);
			else
				pgp_inflate(p[0], p + 1, body.len - 1, &unpacked);
			read_literal((unsigned char *) unpacked.data, unpacked.len, out, format, depth + 1);
		}
		else if (tag == PGP_TAG_LITERAL && body.len >= 6 && body.len >= 6 + p[1])
		{
			*format = (char) p[0];
			appendBinaryStringInfo(out, body.data + 6 + p[1], body.len - 6 - p[1]);
		}
		else
			pgp_fail(CORRUPT);
	}
}

bytea *
pgp_sym_decrypt_data(const unsigned char *data, int len, bool want_text, const char *password,
					 int password_len, const PgpOptions *opts)
{
	Reader		r = {data, len, 0};
	StringInfoData body;
	StringInfoData inner;
	StringInfoData out;
	unsigned char key[32];
	int			algo = -1;
	int			tag;
	char		format = 0;
	bytea	   *result;

	initStringInfo(&body);
	initStringInfo(&inner);
	while (inner.len == 0 && read_packet(&r, &tag, &body))
	{
		if (tag == PGP_TAG_SKESK && algo < 0)
			read_session_key(&body, password, password_len, &algo, key);
		else if ((tag == PGP_TAG_SEIPD || tag == PGP_TAG_SED) && algo >= 0)
			decrypt_packet(tag, &body, algo, key, &inner);
		else if (tag != PGP_TAG_MARKER)
			pgp_fail(CORRUPT);
	}
	if (inner.len == 0)
		pgp_fail(CORRUPT);

	initStringInfo(&out);
	read_literal((unsigned char *) inner.data, inner.len, &out, &format, 0);
	if (want_text && format != 't' && format != 'u')
		pgp_fail("Not text data");
	if (want_text && opts->convert_crlf)
	{
		int			kept = 0;

		for (int i = 0; i < out.len; i++)
			if (!(out.data[i] == '\r' && i + 1 < out.len && out.data[i + 1] == '\n'))
				out.data[kept++] = out.data[i];
		out.len = kept;
	}
	if (want_text)
		pg_verifymbstr(out.data, out.len, false);
	result = palloc(VARHDRSZ + out.len);
	SET_VARSIZE(result, VARHDRSZ + out.len);
	memcpy(VARDATA(result), out.data, out.len);
	return result;
}
