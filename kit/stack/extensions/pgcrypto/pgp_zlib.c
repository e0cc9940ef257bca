/* Compressed data packets (RFC 4880 §5.6): ZIP is raw deflate, ZLIB the zlib format. */
#include "pgp.h"

#include <zlib.h>

static int
window_bits(int algo)
{
	if (algo == PGP_COMPRESS_ZIP)
		return -15;
	if (algo == PGP_COMPRESS_ZLIB)
		return 15;
	pgp_fail("Unsupported compression algorithm");
}

void
pgp_deflate(int algo, int level, const char *data, int len, StringInfo out)
{
	z_stream	z = {0};
	uLong		bound;

	if (deflateInit2(&z, level, Z_DEFLATED, window_bits(algo), 8, Z_DEFAULT_STRATEGY) != Z_OK)
		pgp_fail("Compression error");
	bound = deflateBound(&z, len);
	enlargeStringInfo(out, (int) bound);
	z.next_in = (Bytef *) data;
	z.avail_in = len;
	z.next_out = (Bytef *) out->data + out->len;
	z.avail_out = bound;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
	{
		deflateEnd(&z);
		pgp_fail("Compression error");
	}
	out->len += bound - z.avail_out;
	deflateEnd(&z);
}

void
pgp_inflate(int algo, const unsigned char *data, int len, StringInfo out)
{
	z_stream	z = {0};
	int			status = Z_OK;

	if (inflateInit2(&z, window_bits(algo)) != Z_OK)
		pgp_fail("Decompression error");
	z.next_in = (Bytef *) data;
	z.avail_in = len;
	while (status == Z_OK)
	{
		enlargeStringInfo(out, 8192);
		z.next_out = (Bytef *) out->data + out->len;
		z.avail_out = out->maxlen - out->len - 1;
		status = inflate(&z, Z_NO_FLUSH);
		out->len = (char *) z.next_out - out->data;
		if (status == Z_BUF_ERROR && z.avail_in == 0)
			break;				/* a ZIP stream may end without its final marker */
	}
	inflateEnd(&z);
	if (status != Z_STREAM_END && status != Z_BUF_ERROR)
		pgp_fail("Wrong key or corrupt data");
}
