/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Pure parsers for option values and for `-p NAME=VALUE` unit properties,
 * following systemd's unit-file value syntax. All of them are strict: no
 * leading or trailing whitespace, no trailing garbage, no sign, no empty
 * string. They return 0 (or a value >= 0) on success and write ret_* only
 * then; -EINVAL for malformed input, -ERANGE for a well-formed value out of
 * range. When an input is both malformed and too big, -EINVAL wins. */

/* Decimal digits only (leading zeros allowed, no "0x", no '+'). */
int parse_uint64(const char *s, uint64_t *ret);
/* As parse_uint64, and min <= value <= max, else -ERANGE. */
int parse_uint64_range(const char *s, uint64_t min, uint64_t max, uint64_t *ret);

/* 1 for yes/y/true/t/on/1, 0 for no/n/false/f/off/0 (any case), else -EINVAL. */
int parse_boolean(const char *s);

/* Bytes: "4096", "512M", "1.5G" (rounded down); suffixes K M G T P E in either
 * case, base 1024. 0 is accepted (callers decide). "infinity" is not. */
int parse_size(const char *s, uint64_t *ret_bytes);
/* "infinity" -> UINT64_MAX, anything else as parse_size. */
int parse_size_or_infinity(const char *s, uint64_t *ret);

/* systemd.time(7) spans in microseconds: a bare number is seconds; units
 * us usec, ms msec, s sec second seconds, m min minute minutes, h hr hour
 * hours, d day days, w week weeks, M month months, y year years; fractions
 * ("2.5s", rounded down to the microsecond) and several components with or
 * without spaces ("1min 30s", "1h30m"). "infinity" -> UINT64_MAX; a finite
 * span never reaches UINT64_MAX (-ERANGE). */
int parse_sec(const char *s, uint64_t *ret_usec);
/* parse_sec without "infinity" (-EINVAL), for --grace and --timeout. */
int parse_duration(const char *s, uint64_t *ret_usec);

/* CPUQuota=: "50%" -> 500000 CPUQuotaPerSecUSec (percent * 10000, rounded
 * down). Must end in '%'; a quota that rounds to 0 is -ERANGE. */
int parse_cpu_quota(const char *s, uint64_t *ret_usec_per_sec);

/* "50%", "12.34%" -> permyriad, 0..10000 (-ERANGE above 100%); finer
 * fractions are rounded down. For the *Scale properties and
 * ManagedOOMMemoryPressureLimit=. */
int parse_permyriad(const char *s, uint32_t *ret);

/* AllowedCPUs= / AllowedMemoryNodes=: "0-1,3", "0 2 4". Items are separated
 * by one comma and/or whitespace; ranges a-b need a <= b; numbers < 8192.
 * *ret_mask (free() it) is the D-Bus "ay" bitmask: bit n % 8 of byte n / 8,
 * *ret_size = highest / 8 + 1. */
#define CPU_SET_MAX 8192
int parse_cpu_set(const char *s, uint8_t **ret_mask, size_t *ret_size);

/* "SIGINT", "INT", "2", "SIGRTMIN+3", "RTMIN+3", "SIGRTMAX-1", "RTMAX"...;
 * names are case-sensitive. Numbers must be 1.._NSIG-1 (-ERANGE). */
int parse_signal(const char *s, int *ret_sig);
/* "SIGINT" for SIGINT; NULL for real-time and unknown signals. */
const char *signal_to_string(int sig);

/* cgroup v1 cpu.shares -> v2 cpu.weight, the quadratic mapping of
 * opencontainers/cgroups (runc >= 1.2) and crun that keeps 1024 -> 100:
 * 0 -> 0 (unset), 2 -> 1, 262144 and above -> 10000. */
uint64_t cpu_shares_to_weight(uint64_t shares);
