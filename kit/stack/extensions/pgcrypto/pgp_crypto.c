/* The OpenPGP building blocks: algorithm ids → OpenSSL, string-to-key (RFC 4880 §3.7), and
 * the CFB mode OpenPGP uses, byte by byte over the cipher's raw block function. */
#include "pgp.h"

const EVP_CIPHER *
pgp_cipher(int algo)
{
	switch (algo)
	{
		case PGP_CIPHER_AES128:
			return EVP_aes_128_ecb();
		case PGP_CIPHER_AES192:
			return EVP_aes_192_ecb();
		case PGP_CIPHER_AES256:
			return EVP_aes_256_ecb();
		case PGP_CIPHER_3DES:
			return EVP_des_ede3_ecb();
		case PGP_CIPHER_CAST5:
			return EVP_cast5_ecb();
		case PGP_CIPHER_BF:
			return EVP_bf_ecb();
	}
	pgp_fail("Unsupported cipher algorithm");
}

int
pgp_key_length(int algo)
{
	switch (algo)
	{
		case PGP_CIPHER_AES192:
		case PGP_CIPHER_3DES:
			return 24;
		case PGP_CIPHER_AES256:
			return 32;
		case PGP_CIPHER_AES128:
		case PGP_CIPHER_CAST5:
		case PGP_CIPHER_BF:
			return 16;
	}
	pgp_fail("Unsupported cipher algorithm");
}

const EVP_MD *
pgp_digest(int algo)
{
	switch (algo)
	{
		case 1:
			return EVP_md5();
		case 2:
			return EVP_sha1();
		case 3:
			return EVP_ripemd160();
		case 8:
			return EVP_sha256();
		case 9:
			return EVP_sha384();
		case 10:
			return EVP_sha512();
		case 11:
			return EVP_sha224();
	}
	pgp_fail("Unsupported digest algorithm");
}

/* The one-octet coded count: (16 + low nibble) << (high nibble + 6) octets hashed. */
int
pgp_s2k_decode_count(unsigned char c)
{
	return (16 + (c & 15)) << ((c >> 4) + 6);
}

unsigned char
pgp_s2k_encode_count(int count)
{
	for (int c = 0; c < 256; c++)
		if (pgp_s2k_decode_count((unsigned char) c) >= count)
			return (unsigned char) c;
	return 255;
}

/*
 * Simple (0), salted (1) or iterated and salted (3) S2K. A key longer than the digest takes
 * more hash contexts, the n-th preloaded with n zero octets.
 */
void
pgp_s2k_key(int mode, int digest_algo, const unsigned char *salt, int count,
			const char *password, int password_len, unsigned char *key, int key_len)
{
	const EVP_MD *md = pgp_digest(digest_algo);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char out[EVP_MAX_MD_SIZE];
	unsigned int out_len;
	static const unsigned char zero = 0;
	int			done = 0;

	for (int preload = 0; done < key_len; preload++)
	{
		EVP_DigestInit_ex(ctx, md, NULL);
		for (int i = 0; i < preload; i++)
			EVP_DigestUpdate(ctx, &zero, 1);
		if (mode == 0)
			EVP_DigestUpdate(ctx, password, password_len);
		else if (mode == 1)
		{
			EVP_DigestUpdate(ctx, salt, 8);
			EVP_DigestUpdate(ctx, password, password_len);
		}
		else
		{
			int			unit = 8 + password_len;
			long		left = Max(count, unit);

			for (; left >= unit; left -= unit)
			{
				EVP_DigestUpdate(ctx, salt, 8);
				EVP_DigestUpdate(ctx, password, password_len);
			}
			if (left > 0)
			{
				EVP_DigestUpdate(ctx, salt, Min(left, 8));
				if (left > 8)
					EVP_DigestUpdate(ctx, password, left - 8);
			}
		}
		EVP_DigestFinal_ex(ctx, out, &out_len);
		memcpy(key + done, out, Min((int) out_len, key_len - done));
		done += out_len;
	}
	EVP_MD_CTX_free(ctx);
}

void
pgp_cfb_init(PgpCfb *cfb, int algo, const unsigned char *key)
{
	const EVP_CIPHER *cipher = pgp_cipher(algo);

	cfb->ctx = EVP_CIPHER_CTX_new();
	/* Blowfish and CAST5 live in OpenSSL 3's legacy provider: refused unless it is loaded. */
	if (cfb->ctx == NULL || !EVP_EncryptInit_ex(cfb->ctx, cipher, NULL, key, NULL))
	{
		EVP_CIPHER_CTX_free(cfb->ctx);
		pgp_fail("Unsupported cipher algorithm");
	}
	EVP_CIPHER_CTX_set_padding(cfb->ctx, 0);
	cfb->block = EVP_CIPHER_get_block_size(cipher);
	memset(cfb->reg, 0, sizeof(cfb->reg));
	cfb->pos = cfb->block;
}

static void
next_block(PgpCfb *cfb)
{
	unsigned char out[32];
	int			n;

	EVP_EncryptUpdate(cfb->ctx, out, &n, cfb->reg, cfb->block);
	memcpy(cfb->reg, out, cfb->block);
	cfb->pos = 0;
}

void
pgp_cfb_encrypt(PgpCfb *cfb, unsigned char *data, int len)
{
	for (int i = 0; i < len; i++)
	{
		if (cfb->pos == cfb->block)
			next_block(cfb);
		data[i] ^= cfb->reg[cfb->pos];
		cfb->reg[cfb->pos++] = data[i];
	}
}

void
pgp_cfb_decrypt(PgpCfb *cfb, unsigned char *data, int len)
{
	for (int i = 0; i < len; i++)
	{
		unsigned char c = data[i];

		if (cfb->pos == cfb->block)
			next_block(cfb);
		data[i] ^= cfb->reg[cfb->pos];
		cfb->reg[cfb->pos++] = c;
	}
}

/* Tag 9's resynchronisation: continue from the last full block of ciphertext. */
void
pgp_cfb_resync(PgpCfb *cfb, const unsigned char *last_block)
{
	memcpy(cfb->reg, last_block, cfb->block);
	cfb->pos = cfb->block;
}

void
pgp_cfb_free(PgpCfb *cfb)
{
	EVP_CIPHER_CTX_free(cfb->ctx);
	cfb->ctx = NULL;
}
