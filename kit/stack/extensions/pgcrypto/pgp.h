/*
 * OpenPGP symmetric encryption (RFC 4880) as pgcrypto's pgp_sym_encrypt/pgp_sym_decrypt do it:
 * an S2K-derived key, a Symmetric-Key Encrypted Session Key packet, and the data in an
 * integrity-protected (tag 18, with MDC) or plain (tag 9) encrypted packet, optionally
 * compressed. Written for the Maker Kit from the RFC and pgcrypto's documented options.
 */
#ifndef KIT_PGP_H
#define KIT_PGP_H

#include "postgres.h"

#include <openssl/evp.h>

#include "lib/stringinfo.h"

/* RFC 4880 §9 algorithm ids. */
#define PGP_CIPHER_3DES 2
#define PGP_CIPHER_CAST5 3
#define PGP_CIPHER_BF 4
#define PGP_CIPHER_AES128 7
#define PGP_CIPHER_AES192 8
#define PGP_CIPHER_AES256 9
#define PGP_DIGEST_MD5 1
#define PGP_DIGEST_SHA1 2
#define PGP_COMPRESS_NONE 0
#define PGP_COMPRESS_ZIP 1
#define PGP_COMPRESS_ZLIB 2

#define PGP_TAG_SKESK 3
#define PGP_TAG_COMPRESSED 8
#define PGP_TAG_SED 9
#define PGP_TAG_MARKER 10
#define PGP_TAG_LITERAL 11
#define PGP_TAG_SEIPD 18
#define PGP_TAG_MDC 19

typedef struct PgpOptions
{
	int			cipher_algo;
	int			compress_algo;
	int			compress_level;
	bool		convert_crlf;
	bool		disable_mdc;
	bool		sess_key;
	int			s2k_mode;
	int			s2k_count;		/* -1: random, as pgcrypto picks */
	int			s2k_digest_algo;
	int			s2k_cipher_algo;	/* -1: the cipher_algo */
	bool		unicode_mode;
} PgpOptions;

/* pgp_options.c */
extern void pgp_parse_options(PgpOptions *opts, text *args, bool decrypting);
pg_noreturn extern void pgp_fail(const char *message);

/* pgp_crypto.c */
extern const EVP_CIPHER *pgp_cipher(int algo);
extern const EVP_MD *pgp_digest(int algo);
extern int	pgp_key_length(int algo);
extern void pgp_s2k_key(int mode, int digest_algo, const unsigned char *salt, int count,
						const char *password, int password_len, unsigned char *key, int key_len);
extern int	pgp_s2k_decode_count(unsigned char c);
extern unsigned char pgp_s2k_encode_count(int count);

typedef struct PgpCfb
{
	EVP_CIPHER_CTX *ctx;
	int			block;
	int			pos;
	unsigned char reg[32];
} PgpCfb;

extern void pgp_cfb_init(PgpCfb *cfb, int algo, const unsigned char *key);
extern void pgp_cfb_encrypt(PgpCfb *cfb, unsigned char *data, int len);
extern void pgp_cfb_decrypt(PgpCfb *cfb, unsigned char *data, int len);
extern void pgp_cfb_resync(PgpCfb *cfb, const unsigned char *last_block);
extern void pgp_cfb_free(PgpCfb *cfb);

/* pgp_zlib.c: the ZIP (raw deflate) and ZLIB compressed packets */
extern void pgp_deflate(int algo, int level, const char *data, int len, StringInfo out);
extern void pgp_inflate(int algo, const unsigned char *data, int len, StringInfo out);

/* pgp_encrypt.c, pgp_decrypt.c */
extern bytea *pgp_sym_encrypt_data(const char *data, int len, bool is_text,
								   const char *password, int password_len, const PgpOptions *opts);
extern bytea *pgp_sym_decrypt_data(const unsigned char *data, int len, bool want_text,
								   const char *password, int password_len, const PgpOptions *opts);

#endif
