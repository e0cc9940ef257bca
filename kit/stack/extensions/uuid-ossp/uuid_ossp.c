/*
 * uuid-ossp for the Maker Kit's embedded PostgreSQL, written from RFC 4122 (not from
 * PostgreSQL's contrib source): name-based v3 (MD5) and v5 (SHA-1), random v4, time-based v1
 * (with this host's MAC address, as libuuid does) and v1mc (a random multicast node), and the
 * RFC's well-known namespace UUIDs. Hashes and randomness come from OpenSSL's libcrypto.
 */
#include "postgres.h"

#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/uuid.h"
#include "varatt.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(uuid_nil);
PG_FUNCTION_INFO_V1(uuid_ns_dns);
PG_FUNCTION_INFO_V1(uuid_ns_url);
PG_FUNCTION_INFO_V1(uuid_ns_oid);
PG_FUNCTION_INFO_V1(uuid_ns_x500);
PG_FUNCTION_INFO_V1(uuid_generate_v1);
PG_FUNCTION_INFO_V1(uuid_generate_v1mc);
PG_FUNCTION_INFO_V1(uuid_generate_v3);
PG_FUNCTION_INFO_V1(uuid_generate_v4);
PG_FUNCTION_INFO_V1(uuid_generate_v5);

/* 100-nanosecond intervals between 1582-10-15 (the Gregorian reform) and 1970-01-01. */
#define GREGORIAN_OFFSET UINT64CONST(0x01B21DD213814000)

static Datum
uuid_datum(const unsigned char *bytes)
{
	pg_uuid_t  *uuid = palloc(sizeof(pg_uuid_t));

	memcpy(uuid->data, bytes, UUID_LEN);
	return UUIDPGetDatum(uuid);
}

/* The namespaces of RFC 4122 appendix C differ only in the last nibble of the first byte. */
static Datum
namespace_uuid(unsigned char first)
{
	unsigned char bytes[UUID_LEN] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
	0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

	bytes[3] = first;
	return uuid_datum(bytes);
}

static void
random_bytes(unsigned char *out, int len)
{
	if (RAND_bytes(out, len) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("uuid-ossp: could not generate random bytes")));
}

/* Version in the high nibble of byte 6, RFC 4122 variant (10xx) in byte 8. */
static void
stamp(unsigned char *bytes, int version)
{
	bytes[6] = (bytes[6] & 0x0f) | (version << 4);
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
}

Datum
uuid_nil(PG_FUNCTION_ARGS)
{
	unsigned char bytes[UUID_LEN] = {0};

	return uuid_datum(bytes);
}

Datum
uuid_ns_dns(PG_FUNCTION_ARGS)
{
	return namespace_uuid(0x10);
}

Datum
uuid_ns_url(PG_FUNCTION_ARGS)
{
	return namespace_uuid(0x11);
}

Datum
uuid_ns_oid(PG_FUNCTION_ARGS)
{
	return namespace_uuid(0x12);
}

Datum
uuid_ns_x500(PG_FUNCTION_ARGS)
{
	return namespace_uuid(0x14);
}

/* The first hardware (Ethernet) address of a non-loopback interface; false if none. */
static bool
host_node(unsigned char *node)
{
	struct ifaddrs *list,
			   *each;
	bool		found = false;

	if (getifaddrs(&list) != 0)
		return false;
	for (each = list; each != NULL && !found; each = each->ifa_next)
	{
		struct sockaddr_ll *link = (struct sockaddr_ll *) each->ifa_addr;
		static const unsigned char zero[6] = {0};

		if (link == NULL || link->sll_family != AF_PACKET || (each->ifa_flags & IFF_LOOPBACK))
			continue;
		if (link->sll_halen != 6 || memcmp(link->sll_addr, zero, 6) == 0)
			continue;
		memcpy(node, link->sll_addr, 6);
		found = true;
	}
	freeifaddrs(list);
	return found;
}

/*
 * Time-based UUID (RFC 4122 §4.2): a 60-bit count of 100 ns since 1582, a clock sequence
 * drawn once per backend, and a node. Timestamps never repeat within a backend.
 */
static Datum
time_uuid(bool multicast)
{
	static uint64 last_time = 0;
	static uint16 clock_seq = 0;
	static bool seeded = false;
	static unsigned char host[6];
	static bool host_known = false;
	unsigned char bytes[UUID_LEN];
	unsigned char *node = bytes + 10;
	struct timeval now;
	uint64		t;

	if (!seeded)
	{
		random_bytes((unsigned char *) &clock_seq, sizeof(clock_seq));
		host_known = host_node(host);
		seeded = true;
	}
	gettimeofday(&now, NULL);
	t = (uint64) now.tv_sec * 10000000 + (uint64) now.tv_usec * 10 + GREGORIAN_OFFSET;
	if (t <= last_time)
		t = last_time + 1;
	last_time = t;

	bytes[0] = (unsigned char) (t >> 24);	/* time_low */
	bytes[1] = (unsigned char) (t >> 16);
	bytes[2] = (unsigned char) (t >> 8);
	bytes[3] = (unsigned char) t;
	bytes[4] = (unsigned char) (t >> 40);	/* time_mid */
	bytes[5] = (unsigned char) (t >> 32);
	bytes[6] = (unsigned char) (t >> 56);	/* time_hi */
	bytes[7] = (unsigned char) (t >> 48);
	bytes[8] = (unsigned char) (clock_seq >> 8);
	bytes[9] = (unsigned char) clock_seq;
	if (multicast || !host_known)
	{
		/* RFC 4122 §4.5: a random node with the multicast bit set cannot clash with a NIC. */
		random_bytes(node, 6);
		node[0] |= 0x01;
	}
	else
		memcpy(node, host, 6);
	stamp(bytes, 1);
	return uuid_datum(bytes);
}

Datum
uuid_generate_v1(PG_FUNCTION_ARGS)
{
	return time_uuid(false);
}

Datum
uuid_generate_v1mc(PG_FUNCTION_ARGS)
{
	return time_uuid(true);
}

Datum
uuid_generate_v4(PG_FUNCTION_ARGS)
{
	unsigned char bytes[UUID_LEN];

	random_bytes(bytes, UUID_LEN);
	stamp(bytes, 4);
	return uuid_datum(bytes);
}

/* Name-based UUID (RFC 4122 §4.3): hash(namespace bytes || name bytes), first 16 bytes. */
static Datum
name_uuid(FunctionCallInfo fcinfo, const EVP_MD *md, int version)
{
	pg_uuid_t  *ns = PG_GETARG_UUID_P(0);
	text	   *name = PG_GETARG_TEXT_PP(1);
	unsigned char hash[EVP_MAX_MD_SIZE];
	unsigned int hash_len;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool		ok;

	ok = ctx != NULL
		&& EVP_DigestInit_ex(ctx, md, NULL)
		&& EVP_DigestUpdate(ctx, ns->data, UUID_LEN)
		&& EVP_DigestUpdate(ctx, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name))
		&& EVP_DigestFinal_ex(ctx, hash, &hash_len);
	EVP_MD_CTX_free(ctx);
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("uuid-ossp: could not hash the name")));
	stamp(hash, version);
	return uuid_datum(hash);
}

Datum
uuid_generate_v3(PG_FUNCTION_ARGS)
{
	return name_uuid(fcinfo, EVP_md5(), 3);
}

Datum
uuid_generate_v5(PG_FUNCTION_ARGS)
{
	return name_uuid(fcinfo, EVP_sha1(), 5);
}
