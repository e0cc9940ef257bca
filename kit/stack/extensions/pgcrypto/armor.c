/*
 * armor(), dearmor(), pgp_armor_headers(): OpenPGP ASCII armor (RFC 4880 §6) in pgcrypto's
 * layout: the BEGIN PGP MESSAGE line, "key: value" header lines, a blank line, base64 in lines
 * of 76 characters, "=" and the CRC-24 in base64, the END line, each line ending in \n.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "varatt.h"

PG_FUNCTION_INFO_V1(pg_armor);
PG_FUNCTION_INFO_V1(pg_dearmor);
PG_FUNCTION_INFO_V1(pgp_armor_headers);

#define BEGIN_LINE "-----BEGIN PGP MESSAGE-----\n"
#define END_LINE "-----END PGP MESSAGE-----\n"

static const char alphabet[] =
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pg_noreturn static void
corrupt(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION),
			 errmsg("Corrupt ascii-armor")));
}

/* RFC 4880 §6.1: CRC-24 with the generator 0x864CFB, initialised to 0xB704CE. */
static uint32
crc24(const unsigned char *data, int len)
{
	uint32		crc = 0xB704CE;

	for (int i = 0; i < len; i++)
	{
		crc ^= (uint32) data[i] << 16;
		for (int bit = 0; bit < 8; bit++)
		{
			crc <<= 1;
			if (crc & 0x1000000)
				crc ^= 0x1864CFB;
		}
	}
	return crc & 0xFFFFFF;
}

static void
put_base64(StringInfo out, const unsigned char *data, int len)
{
	int			line = 0;

	for (int i = 0; i < len; i += 3)
	{
		uint32		group = (uint32) data[i] << 16;

		if (i + 1 < len)
			group |= (uint32) data[i + 1] << 8;
		if (i + 2 < len)
			group |= data[i + 2];
		appendStringInfoChar(out, alphabet[(group >> 18) & 63]);
		appendStringInfoChar(out, alphabet[(group >> 12) & 63]);
		appendStringInfoChar(out, i + 1 < len ? alphabet[(group >> 6) & 63] : '=');
		appendStringInfoChar(out, i + 2 < len ? alphabet[group & 63] : '=');
		line += 4;
		if (line == 76 && i + 3 < len)
		{
			appendStringInfoChar(out, '\n');
			line = 0;
		}
	}
	appendStringInfoChar(out, '\n');
}

static int
base64_value(char c)
{
	const char *at = c ? strchr(alphabet, c) : NULL;

	return at ? (int) (at - alphabet) : -1;
}

/* Base64 between `start` and `end`, whitespace skipped, padding only at the end. */
static void
get_base64(const char *start, const char *end, StringInfo out)
{
	uint32		group = 0;
	int			count = 0;
	int			padding = 0;

	for (const char *p = start; p < end; p++)
	{
		int			v = base64_value(*p);

		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			continue;
		if (*p == '=' && count >= 2)
		{
			padding++;
			v = 0;
		}
		else if (v < 0 || padding > 0)
			corrupt();
		group = (group << 6) | v;
		if (++count == 4)
		{
			appendStringInfoChar(out, (char) (group >> 16));
			if (padding < 2)
				appendStringInfoChar(out, (char) ((group >> 8) & 0xff));
			if (padding < 1)
				appendStringInfoChar(out, (char) (group & 0xff));
			group = 0;
			count = 0;
		}
	}
	if (count != 0)
		corrupt();
}

/* Validated header pairs from the two text[] arguments; false when there are none. */
static int
header_pairs(ArrayType *keys_array, ArrayType *values_array, char ***keys, char ***values)
{
	Datum	   *key_datums,
			   *value_datums;
	bool	   *key_nulls,
			   *value_nulls;
	int			nkeys,
				nvalues;

	if (ARR_NDIM(keys_array) > 1 || ARR_NDIM(values_array) > 1 ||
		ARR_NDIM(keys_array) != ARR_NDIM(values_array) ||
		(ARR_NDIM(keys_array) == 1 && ARR_DIMS(keys_array)[0] != ARR_DIMS(values_array)[0]))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("mismatched array dimensions")));
	deconstruct_array_builtin(keys_array, TEXTOID, &key_datums, &key_nulls, &nkeys);
	deconstruct_array_builtin(values_array, TEXTOID, &value_datums, &value_nulls, &nvalues);
	*keys = palloc(sizeof(char *) * (nkeys + 1));
	*values = palloc(sizeof(char *) * (nkeys + 1));
	for (int i = 0; i < nkeys; i++)
	{
		if (key_nulls[i] || value_nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("null value not allowed for header %s", key_nulls[i] ? "key" : "value")));
		(*keys)[i] = TextDatumGetCString(key_datums[i]);
		(*values)[i] = TextDatumGetCString(value_datums[i]);
		if (strstr((*keys)[i], ": ") || strchr((*keys)[i], '\n') || strchr((*values)[i], '\n'))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("header keys must not contain \": \" and headers no newlines")));
	}
	return nkeys;
}

Datum
pg_armor(PG_FUNCTION_ARGS)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	const unsigned char *bytes = (const unsigned char *) VARDATA_ANY(data);
	int			len = VARSIZE_ANY_EXHDR(data);
	uint32		crc = crc24(bytes, len);
	StringInfoData out;

	initStringInfo(&out);
	appendStringInfoString(&out, BEGIN_LINE);
	if (PG_NARGS() > 1)
	{
		char	  **keys,
				  **values;
		int			n = header_pairs(PG_GETARG_ARRAYTYPE_P(1), PG_GETARG_ARRAYTYPE_P(2), &keys,
									 &values);

		for (int i = 0; i < n; i++)
			appendStringInfo(&out, "%s: %s\n", keys[i], values[i]);
	}
	appendStringInfoChar(&out, '\n');
	if (len > 0)
		put_base64(&out, bytes, len);
	appendStringInfoChar(&out, '=');
	for (int shift = 18; shift >= 0; shift -= 6)
		appendStringInfoChar(&out, alphabet[(crc >> shift) & 63]);
	appendStringInfoChar(&out, '\n');
	appendStringInfoString(&out, END_LINE);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
}

/* The armored block: where its header lines start, its body and its checksum line. */
typedef struct Armor
{
	const char *headers;		/* the line after BEGIN */
	const char *body;			/* the line after the blank line */
	const char *checksum;		/* the '=' starting the checksum line */
} Armor;

static const char *
line_after(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', end - p);

	if (nl == NULL)
		corrupt();
	return nl + 1;
}

static Armor
find_armor(const char *text, int len)
{
	const char *end = text + len;
	const char *begin = NULL;
	const char *stop = NULL;
	Armor		armor;

	for (const char *p = text; p < end; p = line_after(p, end))
	{
		if (begin == NULL && strncmp(p, "-----BEGIN ", Min(11, end - p)) == 0 && end - p >= 11)
			begin = p;
		else if (begin && end - p >= 9 && strncmp(p, "-----END ", 9) == 0)
		{
			stop = p;
			break;
		}
		if (memchr(p, '\n', end - p) == NULL)
			break;
	}
	if (begin == NULL || stop == NULL)
		corrupt();
	armor.headers = line_after(begin, stop);
	armor.body = armor.headers;
	while (armor.body < stop && *armor.body != '\n' && *armor.body != '\r')
		armor.body = line_after(armor.body, stop);
	if (armor.body >= stop)
		corrupt();
	armor.body = line_after(armor.body, stop);
	armor.checksum = NULL;
	for (const char *p = armor.body; p < stop; p = line_after(p, stop))
		if (*p == '=')
			armor.checksum = p;
	if (armor.checksum == NULL)
		corrupt();
	return armor;
}

Datum
pg_dearmor(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	const char *text = VARDATA_ANY(input);
	int			len = VARSIZE_ANY_EXHDR(input);
	Armor		armor = find_armor(text, len);
	StringInfoData data;
	StringInfoData crc;
	bytea	   *result;

	initStringInfo(&data);
	get_base64(armor.body, armor.checksum, &data);
	initStringInfo(&crc);
	get_base64(armor.checksum + 1, line_after(armor.checksum, text + len), &crc);
	if (crc.len != 3 ||
		crc24((unsigned char *) data.data, data.len) !=
		(((uint32) (unsigned char) crc.data[0] << 16) |
		 ((uint32) (unsigned char) crc.data[1] << 8) | (unsigned char) crc.data[2]))
		corrupt();
	result = palloc(VARHDRSZ + data.len);
	SET_VARSIZE(result, VARHDRSZ + data.len);
	memcpy(VARDATA(result), data.data, data.len);
	PG_RETURN_BYTEA_P(result);
}

/* pgp_armor_headers(text) → setof (key, value): the "key: value" lines of the armor. */
Datum
pgp_armor_headers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *input = PG_GETARG_TEXT_PP(0);
	const char *text = VARDATA_ANY(input);
	int			len = VARSIZE_ANY_EXHDR(input);
	Armor		armor = find_armor(text, len);

	InitMaterializedSRF(fcinfo, 0);
	for (const char *p = armor.headers; p < armor.body - 1; p = line_after(p, armor.body))
	{
		const char *nl = memchr(p, '\n', armor.body - p);
		int			line_len = (int) (nl - p) - (nl > p && nl[-1] == '\r' ? 1 : 0);
		char	   *line = pnstrdup(p, line_len);
		char	   *colon = strstr(line, ": ");
		Datum		values[2];
		bool		nulls[2] = {false, false};

		if (line_len == 0)
			break;
		if (colon == NULL)
			corrupt();
		*colon = '\0';
		values[0] = CStringGetTextDatum(line);
		values[1] = CStringGetTextDatum(colon + 2);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
