/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h: TAP output for the C unit tests of exitstat.  The plan is printed
 * at the end (tap_done), which TAP allows; failures show got and want.
 */
#ifndef EXITSTAT_TAP_H
#define EXITSTAT_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static unsigned int tap_n, tap_failed;

static void tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%s %u - ", cond ? "ok" : "not ok", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
}

static __attribute__((format(printf, 2, 3), unused))
int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

static __attribute__((format(printf, 3, 4), unused))
int is_u64(uint64_t got, uint64_t want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   got:  %" PRIu64 "\n#   want: %" PRIu64 "\n", got,
		       want);
	return got == want;
}

static __attribute__((format(printf, 3, 4), unused))
int is_str(const char *got, const char *want, const char *fmt, ...)
{
	int same = got && !strcmp(got, want);
	va_list ap;

	va_start(ap, fmt);
	tap_vok(same, fmt, ap);
	va_end(ap);
	if (!same)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		       want);
	return same;
}

/* @want is a substring of @got */
static __attribute__((format(printf, 3, 4), unused))
int has_str(const char *got, const char *want, const char *fmt, ...)
{
	int found = got && strstr(got, want);
	va_list ap;

	va_start(ap, fmt);
	tap_vok(found, fmt, ap);
	va_end(ap);
	if (!found)
		printf("#   got:  '%s'\n#   want: ...'%s'...\n",
		       got ? got : "(null)", want);
	return found;
}

static __attribute__((unused)) int tap_done(void)
{
	printf("1..%u\n", tap_n);
	return tap_failed != 0;
}

#endif /* EXITSTAT_TAP_H */
