/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "basic/parse-util.h"

/* A value no parser produces for these inputs: failures must leave it alone. */
#define SENTINEL UINT64_C(0xdeadbeefcafe)

/* Macros rather than helpers, so a failure points at the line of the input. */
#define ASSERT_OK(fn, s, expected)                                      \
        do {                                                            \
                uint64_t _v = SENTINEL;                                 \
                assert_int_equal(fn((s), &_v), 0);                      \
                assert_int_equal(_v, (expected));                       \
        } while (0)
#define ASSERT_FAILS(fn, s, err)                                        \
        do {                                                            \
                uint64_t _v = SENTINEL;                                 \
                assert_int_equal(fn((s), &_v), (err));                  \
                assert_int_equal(_v, SENTINEL);                         \
        } while (0)

#define USEC_PER_SEC UINT64_C(1000000)

static void test_uint64_good(void **state) {
        ASSERT_OK(parse_uint64, "0", 0);
        ASSERT_OK(parse_uint64, "42", 42);
        ASSERT_OK(parse_uint64, "007", 7); /* decimal, not octal */
        ASSERT_OK(parse_uint64, "4294967296", UINT64_C(4294967296));
        ASSERT_OK(parse_uint64, "18446744073709551615", UINT64_MAX);
}

static void test_uint64_bad(void **state) {
        ASSERT_FAILS(parse_uint64, "", -EINVAL);
        ASSERT_FAILS(parse_uint64, NULL, -EINVAL);
        ASSERT_FAILS(parse_uint64, "-1", -EINVAL);
        ASSERT_FAILS(parse_uint64, "-0", -EINVAL);
        ASSERT_FAILS(parse_uint64, "+1", -EINVAL);
        ASSERT_FAILS(parse_uint64, " 1", -EINVAL);
        ASSERT_FAILS(parse_uint64, "1 ", -EINVAL);
        ASSERT_FAILS(parse_uint64, "12a", -EINVAL);
        ASSERT_FAILS(parse_uint64, "0x10", -EINVAL);
        ASSERT_FAILS(parse_uint64, "1.0", -EINVAL);
        ASSERT_FAILS(parse_uint64, "1K", -EINVAL);
        ASSERT_FAILS(parse_uint64, "18446744073709551616", -ERANGE);
        ASSERT_FAILS(parse_uint64, "99999999999999999999999", -ERANGE);
        /* malformed beats too big */
        ASSERT_FAILS(parse_uint64, "99999999999999999999999x", -EINVAL);
}

static void test_uint64_range(void **state) {
        uint64_t v = SENTINEL;

        assert_int_equal(parse_uint64_range("5", 1, 10, &v), 0);
        assert_int_equal(v, 5);
        assert_int_equal(parse_uint64_range("1", 1, 10, &v), 0);
        assert_int_equal(v, 1);
        assert_int_equal(parse_uint64_range("10", 1, 10, &v), 0);
        assert_int_equal(v, 10);
        assert_int_equal(parse_uint64_range("18446744073709551615", 0, UINT64_MAX, &v), 0);
        assert_int_equal(v, UINT64_MAX);

        v = SENTINEL;
        assert_int_equal(parse_uint64_range("0", 1, 10, &v), -ERANGE);
        assert_int_equal(parse_uint64_range("11", 1, 10, &v), -ERANGE);
        assert_int_equal(parse_uint64_range("18446744073709551616", 0, UINT64_MAX, &v), -ERANGE);
        assert_int_equal(parse_uint64_range("x", 1, 10, &v), -EINVAL);
        assert_int_equal(parse_uint64_range("", 0, 10, &v), -EINVAL);
        assert_int_equal(parse_uint64_range("-1", 0, 10, &v), -EINVAL);
        assert_int_equal(parse_uint64_range("5", 10, 1, &v), -EINVAL);
        assert_int_equal(v, SENTINEL);
}

static void test_boolean(void **state) {
        const char *yes[] = { "1", "yes", "YES", "Yes", "y", "Y", "true", "TRUE", "t", "on", "On" };
        const char *no[] = { "0", "no", "NO", "n", "N", "false", "False", "f", "off", "OFF" };
        const char *bad[] = { "", "2", "-1", "yes ", " yes", "yess", "tru", "o", "of", "onn",
                              "enable", "00", "01", "nope" };

        for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
                assert_int_equal(parse_boolean(yes[i]), 1);
        for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
                assert_int_equal(parse_boolean(no[i]), 0);
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                assert_int_equal(parse_boolean(bad[i]), -EINVAL);
        assert_int_equal(parse_boolean(NULL), -EINVAL);
}

static void test_size_good(void **state) {
        ASSERT_OK(parse_size, "0", 0);
        ASSERT_OK(parse_size, "0K", 0);
        ASSERT_OK(parse_size, "1", 1);
        ASSERT_OK(parse_size, "4096", 4096);
        ASSERT_OK(parse_size, "1K", 1024);
        ASSERT_OK(parse_size, "1k", 1024);
        ASSERT_OK(parse_size, "512M", UINT64_C(536870912));
        ASSERT_OK(parse_size, "512m", UINT64_C(536870912));
        ASSERT_OK(parse_size, "1G", UINT64_C(1073741824));
        ASSERT_OK(parse_size, "1g", UINT64_C(1073741824));
        ASSERT_OK(parse_size, "2T", UINT64_C(2199023255552));
        ASSERT_OK(parse_size, "2t", UINT64_C(2199023255552));
        ASSERT_OK(parse_size, "1P", UINT64_C(1125899906842624));
        ASSERT_OK(parse_size, "1E", UINT64_C(1152921504606846976));
        ASSERT_OK(parse_size, "15E", UINT64_C(17293822569102704640));
        ASSERT_OK(parse_size, "18446744073709551615", UINT64_MAX);
        ASSERT_OK(parse_size, "17179869183G", UINT64_C(18446744072635809792));
}

static void test_size_fractions_round_down(void **state) {
        ASSERT_OK(parse_size, "1.5G", UINT64_C(1610612736));
        ASSERT_OK(parse_size, "0.5K", 512);
        ASSERT_OK(parse_size, "0.1K", 102);    /* 102.4 */
        ASSERT_OK(parse_size, "1.999K", 2046); /* 2046.976 */
        ASSERT_OK(parse_size, "1.5", 1);
        ASSERT_OK(parse_size, "2.25M", UINT64_C(2359296));
        /* exact even with more digits than a double holds: 2^64 - 1.15... */
        ASSERT_OK(parse_size, "15.999999999999999999E", UINT64_C(18446744073709551614));
}

static void test_size_bad(void **state) {
        ASSERT_FAILS(parse_size, "", -EINVAL);
        ASSERT_FAILS(parse_size, NULL, -EINVAL);
        ASSERT_FAILS(parse_size, "K", -EINVAL);
        ASSERT_FAILS(parse_size, "-1", -EINVAL);
        ASSERT_FAILS(parse_size, "-1K", -EINVAL);
        ASSERT_FAILS(parse_size, "+1K", -EINVAL);
        ASSERT_FAILS(parse_size, " 1K", -EINVAL);
        ASSERT_FAILS(parse_size, "1K ", -EINVAL);
        ASSERT_FAILS(parse_size, "1 K", -EINVAL);
        ASSERT_FAILS(parse_size, "1KB", -EINVAL);
        ASSERT_FAILS(parse_size, "1KiB", -EINVAL);
        ASSERT_FAILS(parse_size, "1B", -EINVAL);
        ASSERT_FAILS(parse_size, "1X", -EINVAL);
        ASSERT_FAILS(parse_size, "1KK", -EINVAL);
        ASSERT_FAILS(parse_size, "1.K", -EINVAL);
        ASSERT_FAILS(parse_size, "1.", -EINVAL);
        ASSERT_FAILS(parse_size, ".5K", -EINVAL);
        ASSERT_FAILS(parse_size, "1..5K", -EINVAL);
        ASSERT_FAILS(parse_size, "1.5.5K", -EINVAL);
        ASSERT_FAILS(parse_size, "1e3", -EINVAL);
        ASSERT_FAILS(parse_size, "0x10", -EINVAL);
        ASSERT_FAILS(parse_size, "1G512M", -EINVAL);
        ASSERT_FAILS(parse_size, "infinity", -EINVAL);
        ASSERT_FAILS(parse_size, "50%", -EINVAL);
        ASSERT_FAILS(parse_size, "18446744073709551616", -ERANGE);
        ASSERT_FAILS(parse_size, "16E", -ERANGE);
        ASSERT_FAILS(parse_size, "17179869184G", -ERANGE);
        ASSERT_FAILS(parse_size, "99999999999999999999999K", -ERANGE);
        ASSERT_FAILS(parse_size, "99999999999999999999999Q", -EINVAL);
}

static void test_size_or_infinity(void **state) {
        ASSERT_OK(parse_size_or_infinity, "infinity", UINT64_MAX);
        ASSERT_OK(parse_size_or_infinity, "1G", UINT64_C(1073741824));
        ASSERT_OK(parse_size_or_infinity, "0", 0);
        ASSERT_FAILS(parse_size_or_infinity, "Infinity", -EINVAL);
        ASSERT_FAILS(parse_size_or_infinity, "inf", -EINVAL);
        ASSERT_FAILS(parse_size_or_infinity, "infinity ", -EINVAL);
        ASSERT_FAILS(parse_size_or_infinity, "infinityK", -EINVAL);
        ASSERT_FAILS(parse_size_or_infinity, "", -EINVAL);
        ASSERT_FAILS(parse_size_or_infinity, NULL, -EINVAL);
        ASSERT_FAILS(parse_size_or_infinity, "16E", -ERANGE);
}

static void test_sec_units(void **state) {
        ASSERT_OK(parse_sec, "0", 0);
        ASSERT_OK(parse_sec, "5", 5 * USEC_PER_SEC); /* bare number: seconds */
        ASSERT_OK(parse_sec, "5s", 5 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "5 s", 5 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "5sec", 5 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "5second", 5 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "5seconds", 5 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "250us", 250);
        ASSERT_OK(parse_sec, "250usec", 250);
        ASSERT_OK(parse_sec, "100ms", 100000);
        ASSERT_OK(parse_sec, "100msec", 100000);
        ASSERT_OK(parse_sec, "2m", 120 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "2min", 120 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "2minute", 120 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "2minutes", 120 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1h", 3600 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1hr", 3600 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1hour", 3600 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "2hours", 7200 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1d", 86400 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1day", 86400 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "2days", 172800 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1w", 604800 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1week", 604800 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "2weeks", 1209600 * USEC_PER_SEC);
        /* systemd's month and year; "M" is a month, "m" a minute */
        ASSERT_OK(parse_sec, "1M", 2629800 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1month", 2629800 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1y", 31557600 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "2years", 63115200 * USEC_PER_SEC);
}

static void test_sec_compound_and_fractions(void **state) {
        ASSERT_OK(parse_sec, "1min 30s", 90 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1min30s", 90 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1min\t30s", 90 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1min  30", 90 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1h30m", 5400 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1 h 30 m", 5400 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "1s500ms", 1500000);
        ASSERT_OK(parse_sec, "1 2", 3 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "2.5s", 2500000);
        ASSERT_OK(parse_sec, "2.5", 2500000);
        ASSERT_OK(parse_sec, "1.5h", 5400 * USEC_PER_SEC);
        ASSERT_OK(parse_sec, "0.5ms", 500);
        ASSERT_OK(parse_sec, "1.9us", 1);       /* rounded down */
        ASSERT_OK(parse_sec, "0.0000001s", 0);
        ASSERT_OK(parse_sec, "0.0000019s", 1);
}

static void test_sec_limits(void **state) {
        ASSERT_OK(parse_sec, "infinity", UINT64_MAX);
        ASSERT_OK(parse_sec, "18446744073709551614us", UINT64_MAX - 1);
        ASSERT_OK(parse_sec, "18446744073709s", UINT64_C(18446744073709000000));
        /* UINT64_MAX is reserved for "infinity" */
        ASSERT_FAILS(parse_sec, "18446744073709551615us", -ERANGE);
        ASSERT_FAILS(parse_sec, "18446744073709551614us 1us", -ERANGE);
        ASSERT_FAILS(parse_sec, "18446744073709551616us", -ERANGE);
        ASSERT_FAILS(parse_sec, "18446744073709.9s", -ERANGE);
        ASSERT_FAILS(parse_sec, "18446744073710s", -ERANGE);
        ASSERT_FAILS(parse_sec, "1000000y", -ERANGE);
        ASSERT_FAILS(parse_sec, "99999999999999999999999", -ERANGE);
}

static void test_sec_bad(void **state) {
        ASSERT_FAILS(parse_sec, "", -EINVAL);
        ASSERT_FAILS(parse_sec, NULL, -EINVAL);
        ASSERT_FAILS(parse_sec, " 5s", -EINVAL);
        ASSERT_FAILS(parse_sec, "5s ", -EINVAL);
        ASSERT_FAILS(parse_sec, "5 ", -EINVAL);
        ASSERT_FAILS(parse_sec, "-5s", -EINVAL);
        ASSERT_FAILS(parse_sec, "+5s", -EINVAL);
        ASSERT_FAILS(parse_sec, "s", -EINVAL);
        ASSERT_FAILS(parse_sec, "5x", -EINVAL);
        ASSERT_FAILS(parse_sec, "5S", -EINVAL);
        ASSERT_FAILS(parse_sec, "5secs", -EINVAL);
        ASSERT_FAILS(parse_sec, "5sx", -EINVAL);
        ASSERT_FAILS(parse_sec, "1hmin", -EINVAL);
        ASSERT_FAILS(parse_sec, "5 minutes extra", -EINVAL);
        ASSERT_FAILS(parse_sec, "5s,3s", -EINVAL);
        ASSERT_FAILS(parse_sec, "5s-3s", -EINVAL);
        ASSERT_FAILS(parse_sec, "1.s", -EINVAL);
        ASSERT_FAILS(parse_sec, ".5s", -EINVAL);
        ASSERT_FAILS(parse_sec, "5e3", -EINVAL);
        ASSERT_FAILS(parse_sec, "5\xce\xbcs", -EINVAL); /* μs: not taken */
        ASSERT_FAILS(parse_sec, "Infinity", -EINVAL);
        ASSERT_FAILS(parse_sec, "infinity ", -EINVAL);
        ASSERT_FAILS(parse_sec, "1s infinity", -EINVAL);
        /* malformed beats too big */
        ASSERT_FAILS(parse_sec, "99999999999999999999999s x", -EINVAL);
}

static void test_duration(void **state) {
        ASSERT_OK(parse_duration, "0", 0);
        ASSERT_OK(parse_duration, "1min 30s", 90 * USEC_PER_SEC);
        ASSERT_OK(parse_duration, "250ms", 250000);
        ASSERT_FAILS(parse_duration, "infinity", -EINVAL);
        ASSERT_FAILS(parse_duration, "", -EINVAL);
        ASSERT_FAILS(parse_duration, NULL, -EINVAL);
        ASSERT_FAILS(parse_duration, "5 fortnights", -EINVAL);
        ASSERT_FAILS(parse_duration, "18446744073709551615us", -ERANGE);
}

static void test_cpu_quota(void **state) {
        ASSERT_OK(parse_cpu_quota, "50%", 500000);
        ASSERT_OK(parse_cpu_quota, "100%", 1000000);
        ASSERT_OK(parse_cpu_quota, "150%", 1500000);
        ASSERT_OK(parse_cpu_quota, "1%", 10000);
        ASSERT_OK(parse_cpu_quota, "0.5%", 5000);
        ASSERT_OK(parse_cpu_quota, "0.0001%", 1);
        ASSERT_OK(parse_cpu_quota, "12.34567%", 123456); /* rounded down */
        ASSERT_OK(parse_cpu_quota, "1844674407370955%", UINT64_C(18446744073709550000));

        ASSERT_FAILS(parse_cpu_quota, "0%", -ERANGE);
        ASSERT_FAILS(parse_cpu_quota, "0.0%", -ERANGE);
        ASSERT_FAILS(parse_cpu_quota, "0.00001%", -ERANGE); /* rounds to 0 */
        ASSERT_FAILS(parse_cpu_quota, "1844674407370956%", -ERANGE);
        ASSERT_FAILS(parse_cpu_quota, "99999999999999999999999%", -ERANGE);

        ASSERT_FAILS(parse_cpu_quota, "", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, NULL, -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "%", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "50", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "50 %", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, " 50%", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "50% ", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "-50%", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "+50%", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "50%%", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "50.%", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "abc%", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "50%x", -EINVAL);
        ASSERT_FAILS(parse_cpu_quota, "infinity", -EINVAL);
}

#define ASSERT_CPU_SET(s, ...)                                                  \
        do {                                                                    \
                static const uint8_t _want[] = { __VA_ARGS__ };                 \
                uint8_t *_m = NULL;                                             \
                size_t _n = 12345;                                              \
                assert_int_equal(parse_cpu_set((s), &_m, &_n), 0);              \
                assert_non_null(_m);                                            \
                assert_int_equal(_n, sizeof(_want));                            \
                assert_memory_equal(_m, _want, sizeof(_want));                  \
                free(_m);                                                       \
        } while (0)
#define ASSERT_CPU_SET_FAILS(s, err)                                            \
        do {                                                                    \
                uint8_t *_m = NULL;                                             \
                size_t _n = 12345;                                              \
                assert_int_equal(parse_cpu_set((s), &_m, &_n), (err));          \
                assert_null(_m);                                                \
                assert_int_equal(_n, 12345);                                    \
        } while (0)

static void test_cpu_set_good(void **state) {
        ASSERT_CPU_SET("0", 0x01);
        ASSERT_CPU_SET("7", 0x80);
        ASSERT_CPU_SET("8", 0x00, 0x01);
        ASSERT_CPU_SET("0-1,3", 0x0b);
        ASSERT_CPU_SET("0 2 4", 0x15);
        ASSERT_CPU_SET("0, 2", 0x05);
        ASSERT_CPU_SET("0 ,2", 0x05);
        ASSERT_CPU_SET("0\t2", 0x05);
        ASSERT_CPU_SET("3,1", 0x0a);
        ASSERT_CPU_SET("1,1", 0x02);
        ASSERT_CPU_SET("1-1", 0x02);
        ASSERT_CPU_SET("0-3,2-5", 0x3f);
        ASSERT_CPU_SET("0-15", 0xff, 0xff);
        ASSERT_CPU_SET("6-9", 0xc0, 0x03);
        ASSERT_CPU_SET("1,17", 0x02, 0x00, 0x02);
        ASSERT_CPU_SET("007", 0x80);
}

static void test_cpu_set_limits(void **state) {
        uint8_t *m = NULL;
        size_t n = 0;

        /* the highest CPU decides the size, whatever the order */
        assert_int_equal(parse_cpu_set("8191,0", &m, &n), 0);
        assert_int_equal(n, 1024);
        assert_int_equal(m[0], 0x01);
        assert_int_equal(m[1023], 0x80);
        for (size_t i = 1; i < 1023; i++)
                assert_int_equal(m[i], 0);
        free(m);

        m = NULL;
        assert_int_equal(parse_cpu_set("0-8191", &m, &n), 0);
        assert_int_equal(n, 1024);
        for (size_t i = 0; i < 1024; i++)
                assert_int_equal(m[i], 0xff);
        free(m);

        ASSERT_CPU_SET_FAILS("8192", -ERANGE);
        ASSERT_CPU_SET_FAILS("0-8192", -ERANGE);
        ASSERT_CPU_SET_FAILS("8192-9000", -ERANGE);
        ASSERT_CPU_SET_FAILS("1,99999999999999999999999", -ERANGE);
        /* malformed beats too big */
        ASSERT_CPU_SET_FAILS("8192,x", -EINVAL);
        ASSERT_CPU_SET_FAILS("9000-8192", -ERANGE);
}

static void test_cpu_set_bad(void **state) {
        ASSERT_CPU_SET_FAILS("", -EINVAL);
        ASSERT_CPU_SET_FAILS(NULL, -EINVAL);
        ASSERT_CPU_SET_FAILS(" 0", -EINVAL);
        ASSERT_CPU_SET_FAILS("0 ", -EINVAL);
        ASSERT_CPU_SET_FAILS(",0", -EINVAL);
        ASSERT_CPU_SET_FAILS("0,", -EINVAL);
        ASSERT_CPU_SET_FAILS("0,,1", -EINVAL);
        ASSERT_CPU_SET_FAILS("3-1", -EINVAL);
        ASSERT_CPU_SET_FAILS("1-", -EINVAL);
        ASSERT_CPU_SET_FAILS("-1", -EINVAL);
        ASSERT_CPU_SET_FAILS("+1", -EINVAL);
        ASSERT_CPU_SET_FAILS("0-1-2", -EINVAL);
        ASSERT_CPU_SET_FAILS("0 - 3", -EINVAL);
        ASSERT_CPU_SET_FAILS("a", -EINVAL);
        ASSERT_CPU_SET_FAILS("1x", -EINVAL);
        ASSERT_CPU_SET_FAILS("0x1", -EINVAL);
        ASSERT_CPU_SET_FAILS("1;2", -EINVAL);
        ASSERT_CPU_SET_FAILS("1.5", -EINVAL);
        ASSERT_CPU_SET_FAILS("all", -EINVAL);
}

static const struct {
        const char *name;
        int sig;
} known_signals[] = {
        { "HUP", SIGHUP },       { "INT", SIGINT },       { "QUIT", SIGQUIT },
        { "ILL", SIGILL },       { "TRAP", SIGTRAP },     { "ABRT", SIGABRT },
        { "BUS", SIGBUS },       { "FPE", SIGFPE },       { "KILL", SIGKILL },
        { "USR1", SIGUSR1 },     { "SEGV", SIGSEGV },     { "USR2", SIGUSR2 },
        { "PIPE", SIGPIPE },     { "ALRM", SIGALRM },     { "TERM", SIGTERM },
#ifdef SIGSTKFLT
        { "STKFLT", SIGSTKFLT },
#endif
        { "CHLD", SIGCHLD },     { "CONT", SIGCONT },
        { "STOP", SIGSTOP },     { "TSTP", SIGTSTP },     { "TTIN", SIGTTIN },
        { "TTOU", SIGTTOU },     { "URG", SIGURG },       { "XCPU", SIGXCPU },
        { "XFSZ", SIGXFSZ },     { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
        { "WINCH", SIGWINCH },   { "IO", SIGIO },         { "PWR", SIGPWR },
        { "SYS", SIGSYS },
};

static void test_signal_names(void **state) {
        for (size_t i = 0; i < sizeof(known_signals) / sizeof(known_signals[0]); i++) {
                char prefixed[32];
                int sig = 0;

                snprintf(prefixed, sizeof(prefixed), "SIG%s", known_signals[i].name);
                assert_int_equal(parse_signal(known_signals[i].name, &sig), 0);
                assert_int_equal(sig, known_signals[i].sig);
                sig = 0;
                assert_int_equal(parse_signal(prefixed, &sig), 0);
                assert_int_equal(sig, known_signals[i].sig);
                assert_string_equal(signal_to_string(known_signals[i].sig), prefixed);
        }
}

static void test_signal_numbers_and_realtime(void **state) {
        int range = SIGRTMAX - SIGRTMIN, sig = 0;
        char buf[32];

        assert_int_equal(parse_signal("2", &sig), 0);
        assert_int_equal(sig, SIGINT);
        assert_int_equal(parse_signal("1", &sig), 0);
        assert_int_equal(sig, 1);
        assert_int_equal(parse_signal("09", &sig), 0);
        assert_int_equal(sig, SIGKILL);
        snprintf(buf, sizeof(buf), "%d", _NSIG - 1);
        assert_int_equal(parse_signal(buf, &sig), 0);
        assert_int_equal(sig, _NSIG - 1);

        assert_int_equal(parse_signal("SIGRTMIN", &sig), 0);
        assert_int_equal(sig, SIGRTMIN);
        assert_int_equal(parse_signal("RTMIN", &sig), 0);
        assert_int_equal(sig, SIGRTMIN);
        assert_int_equal(parse_signal("SIGRTMIN+3", &sig), 0);
        assert_int_equal(sig, SIGRTMIN + 3);
        assert_int_equal(parse_signal("RTMIN+3", &sig), 0);
        assert_int_equal(sig, SIGRTMIN + 3);
        assert_int_equal(parse_signal("SIGRTMAX", &sig), 0);
        assert_int_equal(sig, SIGRTMAX);
        assert_int_equal(parse_signal("RTMAX-1", &sig), 0);
        assert_int_equal(sig, SIGRTMAX - 1);
        snprintf(buf, sizeof(buf), "RTMIN+%d", range);
        assert_int_equal(parse_signal(buf, &sig), 0);
        assert_int_equal(sig, SIGRTMAX);
        snprintf(buf, sizeof(buf), "SIGRTMAX-%d", range);
        assert_int_equal(parse_signal(buf, &sig), 0);
        assert_int_equal(sig, SIGRTMIN);
}

static void test_signal_bad(void **state) {
        const char *einval[] = { "", "int", "SIGint", "Sigint", "SIG", "SIGSIGINT", "FOO", "SIGFOO",
                                 "SIGINT ", " SIGINT", "INT2", "-2", "+2", "2x", "0x2", "SIG2",
                                 "RTMIN-1", "RTMAX+1", "RTMIN+", "RTMIN3", "RTMIN+x", "RTMIN++1",
                                 "RTMIN+-1", "SIGRTMINIMUM", "RT", "IOT" };
        char buf[32];
        int sig = 4242;

        for (size_t i = 0; i < sizeof(einval) / sizeof(einval[0]); i++)
                assert_int_equal(parse_signal(einval[i], &sig), -EINVAL);
        assert_int_equal(parse_signal(NULL, &sig), -EINVAL);

        assert_int_equal(parse_signal("0", &sig), -ERANGE);
        snprintf(buf, sizeof(buf), "%d", _NSIG);
        assert_int_equal(parse_signal(buf, &sig), -ERANGE);
        assert_int_equal(parse_signal("99999999999999999999", &sig), -ERANGE);
        snprintf(buf, sizeof(buf), "RTMIN+%d", SIGRTMAX - SIGRTMIN + 1);
        assert_int_equal(parse_signal(buf, &sig), -ERANGE);
        snprintf(buf, sizeof(buf), "SIGRTMAX-%d", SIGRTMAX - SIGRTMIN + 1);
        assert_int_equal(parse_signal(buf, &sig), -ERANGE);
        assert_int_equal(sig, 4242);
}

static void test_signal_to_string(void **state) {
        assert_string_equal(signal_to_string(SIGINT), "SIGINT");
        assert_string_equal(signal_to_string(SIGKILL), "SIGKILL");
        assert_string_equal(signal_to_string(SIGTERM), "SIGTERM");
        assert_null(signal_to_string(0));
        assert_null(signal_to_string(-1));
        assert_null(signal_to_string(SIGRTMIN));
        assert_null(signal_to_string(_NSIG));
        assert_null(signal_to_string(1000000));
        /* every name it gives parses back to the same number */
        for (int sig = 1; sig < _NSIG; sig++) {
                const char *name = signal_to_string(sig);
                int parsed = 0;

                if (!name)
                        continue;
                assert_int_equal(parse_signal(name, &parsed), 0);
                assert_int_equal(parsed, sig);
        }
}

static void test_cpu_shares_to_weight(void **state) {
        static const struct {
                uint64_t shares, weight;
        } table[] = {
                { 0, 0 },           /* unset */
                { 1, 1 },
                { 2, 1 },
                { 3, 2 },           /* 10^0.1219... = 1.324 */
                { 4, 2 },
                { 500, 58 },
                { 1000, 99 },
                { 1024, 100 },      /* the default stays the default */
                { 2048, 174 },
                { 100000, 4340 },
                { 262143, 10000 },  /* 9999.97 */
                { 262144, 10000 },
                { 262145, 10000 },
                { 1000000, 10000 },
                { UINT64_MAX, 10000 },
        };
        uint64_t prev = 1;

        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
                assert_int_equal(cpu_shares_to_weight(table[i].shares), table[i].weight);

        /* monotonic and inside cpu.weight's range across all of cpu.shares' */
        for (uint64_t shares = 2; shares <= 262144; shares++) {
                uint64_t w = cpu_shares_to_weight(shares);

                assert_in_range(w, prev, 10000);
                prev = w;
        }
}

static void test_permyriad(void **state) {
        uint32_t v = 7;

        assert_int_equal(parse_permyriad("50%", &v), 0);
        assert_int_equal(v, 5000);
        assert_int_equal(parse_permyriad("12.34%", &v), 0);
        assert_int_equal(v, 1234);
        assert_int_equal(parse_permyriad("0.019%", &v), 0);
        assert_int_equal(v, 1);
        assert_int_equal(parse_permyriad("100%", &v), 0);
        assert_int_equal(v, 10000);
        assert_int_equal(parse_permyriad("0%", &v), 0);
        assert_int_equal(v, 0);
        v = 7;
        assert_int_equal(parse_permyriad("100.01%", &v), -ERANGE);
        assert_int_equal(parse_permyriad("50", &v), -EINVAL);
        assert_int_equal(parse_permyriad("%", &v), -EINVAL);
        assert_int_equal(parse_permyriad("-5%", &v), -EINVAL);
        assert_int_equal(parse_permyriad("5%%", &v), -EINVAL);
        assert_int_equal(v, 7);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_permyriad),
                cmocka_unit_test(test_uint64_good),
                cmocka_unit_test(test_uint64_bad),
                cmocka_unit_test(test_uint64_range),
                cmocka_unit_test(test_boolean),
                cmocka_unit_test(test_size_good),
                cmocka_unit_test(test_size_fractions_round_down),
                cmocka_unit_test(test_size_bad),
                cmocka_unit_test(test_size_or_infinity),
                cmocka_unit_test(test_sec_units),
                cmocka_unit_test(test_sec_compound_and_fractions),
                cmocka_unit_test(test_sec_limits),
                cmocka_unit_test(test_sec_bad),
                cmocka_unit_test(test_duration),
                cmocka_unit_test(test_cpu_quota),
                cmocka_unit_test(test_cpu_set_good),
                cmocka_unit_test(test_cpu_set_limits),
                cmocka_unit_test(test_cpu_set_bad),
                cmocka_unit_test(test_signal_names),
                cmocka_unit_test(test_signal_numbers_and_realtime),
                cmocka_unit_test(test_signal_bad),
                cmocka_unit_test(test_signal_to_string),
                cmocka_unit_test(test_cpu_shares_to_weight),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
