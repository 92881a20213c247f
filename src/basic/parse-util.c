/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "basic/macro.h"
#include "basic/parse-util.h"

#define USEC_PER_MSEC UINT64_C(1000)
#define USEC_PER_SEC UINT64_C(1000000)
#define USEC_PER_MINUTE (60 * USEC_PER_SEC)
#define USEC_PER_HOUR (60 * USEC_PER_MINUTE)
#define USEC_PER_DAY (24 * USEC_PER_HOUR)
#define USEC_PER_WEEK (7 * USEC_PER_DAY)
/* systemd's: a Julian year of 365.25 days, a month a twelfth of it. */
#define USEC_PER_YEAR (31557600 * USEC_PER_SEC)
#define USEC_PER_MONTH (2629800 * USEC_PER_SEC)

static bool is_digit(char c) {
        return c >= '0' && c <= '9';
}

static bool is_space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_alpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "digits[.digits]" as two spans, so that syntax is checked before any
 * arithmetic and the fraction is scaled exactly, not through a double. */
typedef struct Decimal {
        const char *integer;
        size_t n_integer;
        const char *fraction;
        size_t n_fraction;
} Decimal;

/* Scan a Decimal at *p and advance past it; -EINVAL if there is none. */
static int scan_decimal(const char **p, Decimal *ret) {
        const char *q = *p;
        Decimal d = { .integer = q };

        while (is_digit(*q))
                q++;
        d.n_integer = q - d.integer;
        if (d.n_integer == 0)
                return -EINVAL;
        if (*q == '.') {
                d.fraction = ++q;
                while (is_digit(*q))
                        q++;
                d.n_fraction = q - d.fraction;
                /* "10." and "10.G" are typos, not numbers */
                if (d.n_fraction == 0)
                        return -EINVAL;
        }
        *p = q;
        *ret = d;
        return 0;
}

static int digits_to_u64(const char *s, size_t n, uint64_t *ret) {
        uint64_t v = 0;

        for (size_t i = 0; i < n; i++) {
                unsigned digit = s[i] - '0';

                if (v > (UINT64_MAX - digit) / 10)
                        return -ERANGE;
                v = v * 10 + digit;
        }
        *ret = v;
        return 0;
}

/* floor(d * factor), exactly. factor must be <= UINT64_MAX / 10. */
static int decimal_scale(const Decimal *d, uint64_t factor, uint64_t *ret) {
        uint64_t whole, part = 0;
        int r;

        r = digits_to_u64(d->integer, d->n_integer, &whole);
        if (r < 0)
                return r;
        if (whole > UINT64_MAX / factor)
                return -ERANGE;
        whole *= factor;

        /* Multiply 0.f1f2...fn by factor from the last digit up, keeping the
         * carry: it ends as floor(0.f1...fn * factor) and always stays below
         * factor, so digit * factor + carry < 10 * factor cannot overflow. */
        for (size_t i = d->n_fraction; i > 0; i--)
                part = ((uint64_t) (d->fraction[i - 1] - '0') * factor + part) / 10;

        if (part > UINT64_MAX - whole)
                return -ERANGE;
        *ret = whole + part;
        return 0;
}

int parse_uint64(const char *s, uint64_t *ret) {
        size_t n;

        if (!s)
                return -EINVAL;
        n = strlen(s);
        if (n == 0 || strspn(s, "0123456789") != n)
                return -EINVAL;
        return digits_to_u64(s, n, ret);
}

int parse_uint64_range(const char *s, uint64_t min, uint64_t max, uint64_t *ret) {
        uint64_t v;
        int r;

        if (min > max)
                return -EINVAL;
        r = parse_uint64(s, &v);
        if (r < 0)
                return r;
        if (v < min || v > max)
                return -ERANGE;
        *ret = v;
        return 0;
}

int parse_boolean(const char *s) {
        /* systemd's set: -p Delegate=y must mean what it means to systemd-run */
        static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
        static const char *const no[] = { "0", "no", "n", "false", "f", "off" };

        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                if (strcasecmp(s, yes[i]) == 0)
                        return 1;
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                if (strcasecmp(s, no[i]) == 0)
                        return 0;
        return -EINVAL;
}

int parse_size(const char *s, uint64_t *ret_bytes) {
        static const struct {
                char suffix;
                uint64_t factor;
        } table[] = {
                { 'K', UINT64_C(1) << 10 },
                { 'M', UINT64_C(1) << 20 },
                { 'G', UINT64_C(1) << 30 },
                { 'T', UINT64_C(1) << 40 },
                { 'P', UINT64_C(1) << 50 },
                { 'E', UINT64_C(1) << 60 },
        };
        const char *p = s;
        uint64_t factor = 1;
        Decimal d;
        int r;

        if (!s)
                return -EINVAL;
        r = scan_decimal(&p, &d);
        if (r < 0)
                return r;
        if (*p != '\0') {
                size_t i;

                /* systemd only takes upper case; "512m" is too common to refuse */
                for (i = 0; i < ELEMENTSOF(table); i++)
                        if (*p == table[i].suffix || *p == table[i].suffix - 'A' + 'a')
                                break;
                if (i >= ELEMENTSOF(table) || p[1] != '\0')
                        return -EINVAL;
                factor = table[i].factor;
        }
        return decimal_scale(&d, factor, ret_bytes);
}

int parse_size_or_infinity(const char *s, uint64_t *ret) {
        if (s && strcmp(s, "infinity") == 0) {
                *ret = UINT64_MAX;
                return 0;
        }
        return parse_size(s, ret);
}

static int time_unit_factor(const char *unit, size_t n, uint64_t *ret) {
        static const struct {
                const char *name;
                uint64_t usec;
        } table[] = {
                { "us", 1 },
                { "usec", 1 },
                { "ms", USEC_PER_MSEC },
                { "msec", USEC_PER_MSEC },
                { "s", USEC_PER_SEC },
                { "sec", USEC_PER_SEC },
                { "second", USEC_PER_SEC },
                { "seconds", USEC_PER_SEC },
                { "m", USEC_PER_MINUTE },
                { "min", USEC_PER_MINUTE },
                { "minute", USEC_PER_MINUTE },
                { "minutes", USEC_PER_MINUTE },
                { "h", USEC_PER_HOUR },
                { "hr", USEC_PER_HOUR },
                { "hour", USEC_PER_HOUR },
                { "hours", USEC_PER_HOUR },
                { "d", USEC_PER_DAY },
                { "day", USEC_PER_DAY },
                { "days", USEC_PER_DAY },
                { "w", USEC_PER_WEEK },
                { "week", USEC_PER_WEEK },
                { "weeks", USEC_PER_WEEK },
                { "M", USEC_PER_MONTH },
                { "month", USEC_PER_MONTH },
                { "months", USEC_PER_MONTH },
                { "y", USEC_PER_YEAR },
                { "year", USEC_PER_YEAR },
                { "years", USEC_PER_YEAR },
        };

        /* Case matters: "m" is a minute, "M" a month. */
        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (strlen(table[i].name) == n && memcmp(table[i].name, unit, n) == 0) {
                        *ret = table[i].usec;
                        return 0;
                }
        return -EINVAL;
}

int parse_sec(const char *s, uint64_t *ret_usec) {
        const char *p = s;
        uint64_t sum = 0;
        bool overflow = false;

        if (!s)
                return -EINVAL;
        if (strcmp(s, "infinity") == 0) {
                *ret_usec = UINT64_MAX;
                return 0;
        }

        for (;;) {
                const char *unit;
                uint64_t factor = USEC_PER_SEC, v;
                Decimal d;
                int r;

                r = scan_decimal(&p, &d);
                if (r < 0)
                        return r;

                /* "5 s" is one component, like in systemd */
                unit = p;
                while (is_space(*unit))
                        unit++;
                if (is_alpha(*unit)) {
                        size_t n = 0;

                        while (is_alpha(unit[n]))
                                n++;
                        r = time_unit_factor(unit, n, &factor);
                        if (r < 0)
                                return r;
                        p = unit + n;
                }

                /* Keep reading after an overflow: garbage later on is still -EINVAL. */
                if (!overflow) {
                        r = decimal_scale(&d, factor, &v);
                        if (r < 0 || v > UINT64_MAX - 1 - sum)
                                overflow = true;
                        else
                                sum += v;
                }

                if (*p == '\0')
                        break;
                while (is_space(*p))
                        p++;
                if (*p == '\0')
                        return -EINVAL; /* trailing whitespace */
        }

        if (overflow)
                return -ERANGE;
        *ret_usec = sum;
        return 0;
}

int parse_duration(const char *s, uint64_t *ret_usec) {
        if (s && strcmp(s, "infinity") == 0)
                return -EINVAL;
        return parse_sec(s, ret_usec);
}

/* "N%" or "N.M%" times factor per percent, rounded down. */
static int parse_percent_scaled(const char *s, uint64_t factor, uint64_t *ret) {
        const char *p = s;
        Decimal d;
        int r;

        if (!s)
                return -EINVAL;
        r = scan_decimal(&p, &d);
        if (r < 0)
                return r;
        if (strcmp(p, "%") != 0)
                return -EINVAL;
        return decimal_scale(&d, factor, ret);
}

int parse_cpu_quota(const char *s, uint64_t *ret_usec_per_sec) {
        uint64_t v;
        int r;

        /* 1% of one CPU is 10ms of CPU time per second */
        r = parse_percent_scaled(s, 10000, &v);
        if (r < 0)
                return r;
        /* 0 would mean no CPU at all; UINT64_MAX means "no quota" on the bus */
        if (v == 0 || v == UINT64_MAX)
                return -ERANGE;
        *ret_usec_per_sec = v;
        return 0;
}

int parse_permyriad(const char *s, uint32_t *ret) {
        uint64_t v;
        int r;

        r = parse_percent_scaled(s, 100, &v);
        if (r < 0)
                return r;
        if (v > 10000)
                return -ERANGE;
        *ret = (uint32_t) v;
        return 0;
}

/* One CPU number. Stops at the first non-digit; -ERANGE past CPU_SET_MAX. */
static int scan_cpu(const char **p, unsigned *ret) {
        const char *start = *p, *q = *p;
        uint64_t v;
        int r;

        while (is_digit(*q))
                q++;
        if (q == start)
                return -EINVAL;
        *p = q;
        r = digits_to_u64(start, q - start, &v);
        if (r < 0 || v >= CPU_SET_MAX)
                return -ERANGE;
        *ret = (unsigned) v;
        return 0;
}

int parse_cpu_set(const char *s, uint8_t **ret_mask, size_t *ret_size) {
        _cleanup_free_ uint8_t *mask = NULL;
        const char *p = s;
        unsigned highest = 0;
        bool overflow = false;
        uint8_t *shrunk;

        if (!s)
                return -EINVAL;
        mask = calloc(CPU_SET_MAX / 8, 1);
        if (!mask)
                return -ENOMEM;

        for (;;) {
                unsigned a, b;
                int r, k;

                r = scan_cpu(&p, &a);
                if (r == -EINVAL)
                        return r;
                b = a;
                if (*p == '-') {
                        p++;
                        k = scan_cpu(&p, &b);
                        if (k == -EINVAL)
                                return k;
                        if (r >= 0 && k >= 0 && a > b)
                                return -EINVAL;
                        if (k < 0)
                                r = k;
                }
                /* Keep reading after a CPU that is too big: garbage later on is still -EINVAL. */
                if (r < 0)
                        overflow = true;
                else if (!overflow) {
                        for (unsigned cpu = a; cpu <= b; cpu++)
                                mask[cpu / 8] |= 1u << (cpu % 8);
                        if (b > highest)
                                highest = b;
                }

                if (*p == '\0')
                        break;
                /* One separator: a comma and/or whitespace, so "0,,1" is a typo. */
                while (is_space(*p))
                        p++;
                if (*p == ',')
                        p++;
                while (is_space(*p))
                        p++;
                if (!is_digit(*p))
                        return -EINVAL;
        }

        if (overflow)
                return -ERANGE;

        shrunk = realloc(mask, highest / 8 + 1);
        if (shrunk)
                mask = shrunk;
        *ret_size = highest / 8 + 1;
        *ret_mask = TAKE_PTR(mask);
        return 0;
}

static const char *const signal_names[] = {
        [SIGHUP] = "SIGHUP",
        [SIGINT] = "SIGINT",
        [SIGQUIT] = "SIGQUIT",
        [SIGILL] = "SIGILL",
        [SIGTRAP] = "SIGTRAP",
        [SIGABRT] = "SIGABRT",
        [SIGBUS] = "SIGBUS",
        [SIGFPE] = "SIGFPE",
        [SIGKILL] = "SIGKILL",
        [SIGUSR1] = "SIGUSR1",
        [SIGSEGV] = "SIGSEGV",
        [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE",
        [SIGALRM] = "SIGALRM",
        [SIGTERM] = "SIGTERM",
#ifdef SIGSTKFLT
        [SIGSTKFLT] = "SIGSTKFLT",
#endif
        [SIGCHLD] = "SIGCHLD",
        [SIGCONT] = "SIGCONT",
        [SIGSTOP] = "SIGSTOP",
        [SIGTSTP] = "SIGTSTP",
        [SIGTTIN] = "SIGTTIN",
        [SIGTTOU] = "SIGTTOU",
        [SIGURG] = "SIGURG",
        [SIGXCPU] = "SIGXCPU",
        [SIGXFSZ] = "SIGXFSZ",
        [SIGVTALRM] = "SIGVTALRM",
        [SIGPROF] = "SIGPROF",
        [SIGWINCH] = "SIGWINCH",
        [SIGIO] = "SIGIO",
        [SIGPWR] = "SIGPWR",
        [SIGSYS] = "SIGSYS",
};

const char *signal_to_string(int sig) {
        if (sig <= 0 || (size_t) sig >= ELEMENTSOF(signal_names))
                return NULL;
        return signal_names[sig];
}

/* "RTMIN", "RTMIN+n", "RTMAX", "RTMAX-n" (SIG already stripped); 1 if s is
 * one of these forms at all, 0 if not, negative errno if it is broken. */
static int parse_rt_signal(const char *s, int *ret_sig) {
        int base, sign;
        uint64_t n = 0;
        int r;

        /* SIGRTMIN is a call, not a constant: glibc keeps the first few for itself */
        if (strncmp(s, "RTMIN", 5) == 0)
                base = SIGRTMIN, sign = 1;
        else if (strncmp(s, "RTMAX", 5) == 0)
                base = SIGRTMAX, sign = -1;
        else
                return 0;
        s += 5;

        if (*s != '\0') {
                if (*s != (sign > 0 ? '+' : '-'))
                        return -EINVAL;
                r = parse_uint64(s + 1, &n);
                if (r < 0)
                        return r;
                if (n > (uint64_t) (SIGRTMAX - SIGRTMIN))
                        return -ERANGE;
        }
        *ret_sig = base + sign * (int) n;
        return 1;
}

int parse_signal(const char *s, int *ret_sig) {
        const char *name;
        uint64_t n;
        int r;

        if (!s)
                return -EINVAL;

        if (is_digit(*s)) {
                r = parse_uint64_range(s, 1, _NSIG - 1, &n);
                if (r < 0)
                        return r;
                *ret_sig = (int) n;
                return 0;
        }

        name = strncmp(s, "SIG", 3) == 0 ? s + 3 : s;
        r = parse_rt_signal(name, ret_sig);
        if (r != 0)
                return r < 0 ? r : 0;
        for (size_t i = 1; i < ELEMENTSOF(signal_names); i++)
                if (signal_names[i] && strcmp(name, signal_names[i] + 3) == 0) {
                        *ret_sig = (int) i;
                        return 0;
                }
        return -EINVAL;
}

uint64_t cpu_shares_to_weight(uint64_t shares) {
        double l, exponent;

        if (shares == 0)
                return 0;
        /* The curve gives exactly 1 and 10000 at the ends; pinning them keeps
         * rounding error from turning them into 2 and 10001. */
        if (shares <= 2)
                return 1;
        if (shares >= 262144)
                return 10000;

        /* Quadratic in log2(shares) through (2, 1), (1024, 100), (262144, 10000). */
        l = log2((double) shares);
        exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
        return (uint64_t) ceil(pow(10, exponent));
}
