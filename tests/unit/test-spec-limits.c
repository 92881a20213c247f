/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "basic/log.h"
#include "plan/limits-plan.h"
#include "spec/limits.h"
#include "spec/unit-property.h"

static char logged[1024];

/* Run f with the log captured into `logged`. */
#define CAPTURE(expr)                                                  \
        ({                                                             \
                char *_buf = NULL;                                     \
                size_t _size = 0;                                      \
                FILE *_f = open_memstream(&_buf, &_size);              \
                log_set_stream(_f);                                    \
                int _r = (expr);                                       \
                log_set_stream(NULL);                                  \
                fclose(_f);                                            \
                snprintf(logged, sizeof(logged), "%s", _buf ?: "");    \
                free(_buf);                                            \
                _r;                                                    \
        })

static const UnitProp *prop(const UnitProps *p, const char *name, UnitPropType type) {
        const UnitProp *u = unit_props_find(p, name);
        assert_non_null(u);
        assert_int_equal(u->type, type);
        return u;
}

static void test_property_table_types(void **state) {
        /* Each unit-file name maps to the bus name and D-Bus type a scope takes. */
        static const struct {
                const char *assignment, *bus_name, *signature;
        } cases[] = {
                { "MemoryMax=1G", "MemoryMax", "t" },
                { "MemoryLow=50%", "MemoryLowScale", "u" },
                { "MemorySwapMax=0", "MemorySwapMax", "t" },
                { "CPUQuota=50%", "CPUQuotaPerSecUSec", "t" },
                { "CPUWeight=200", "CPUWeight", "t" },
                { "AllowedCPUs=0-1", "AllowedCPUs", "ay" },
                { "AllowedMemoryNodes=0", "AllowedMemoryNodes", "ay" },
                { "IOWeight=10", "IOWeight", "t" },
                { "TasksMax=100", "TasksMax", "t" },
                { "TasksMax=10%", "TasksMaxScale", "u" },
                { "DevicePolicy=closed", "DevicePolicy", "s" },
                { "DeviceAllow=/dev/fuse rw", "DeviceAllow", "a(ss)" },
                { "ManagedOOMSwap=kill", "ManagedOOMSwap", "s" },
                { "ManagedOOMMemoryPressureLimit=40%", "ManagedOOMMemoryPressureLimit", "u" },
                { "RuntimeMaxSec=30s", "RuntimeMaxUSec", "t" },
                { "TimeoutStopSec=10", "TimeoutStopUSec", "t" },
                { "KillSignal=SIGINT", "KillSignal", "i" },
                { "Description=x", "Description", "s" },
                { "CollectMode=inactive", "CollectMode", "s" },
                { "OOMPolicy=kill", "OOMPolicy", "s" },
                { "MemoryAccounting=yes", "MemoryAccounting", "b" },
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                UnitProps p = {};

                assert_int_equal(CAPTURE(unit_property_parse(cases[i].assignment, &p)), 0);
                assert_int_equal(p.n, 1);
                assert_string_equal(p.items[0].name, cases[i].bus_name);
                assert_string_equal(unit_prop_type_to_signature(p.items[0].type), cases[i].signature);
                unit_props_done(&p);
        }
}

static void test_property_values(void **state) {
        UnitProps p = {};

        assert_int_equal(unit_property_parse("CPUQuota=50%", &p), 0);
        assert_int_equal(prop(&p, "CPUQuotaPerSecUSec", UNIT_PROP_U64)->u64, 500000);
        assert_int_equal(unit_property_parse("RuntimeMaxSec=1min 30s", &p), 0);
        assert_int_equal(prop(&p, "RuntimeMaxUSec", UNIT_PROP_U64)->u64, 90000000);
        assert_int_equal(unit_property_parse("KillSignal=SIGINT", &p), 0);
        assert_int_equal(prop(&p, "KillSignal", UNIT_PROP_I32)->i32, 2);
        assert_int_equal(unit_property_parse("MemoryMax=infinity", &p), 0);
        assert_true(prop(&p, "MemoryMax", UNIT_PROP_U64)->u64 == UINT64_MAX);
        assert_int_equal(unit_property_parse("MemoryHigh=100%", &p), 0);
        assert_int_equal(prop(&p, "MemoryHighScale", UNIT_PROP_U32)->u32, UINT32_MAX);
        assert_int_equal(unit_property_parse("TasksMax=50%", &p), 0);
        assert_int_equal(prop(&p, "TasksMaxScale", UNIT_PROP_U32)->u32, 2147483648u);

        /* AllowedCPUs: bit n%8 of byte n/8 */
        assert_int_equal(unit_property_parse("AllowedCPUs=0-1,9", &p), 0);
        const UnitProp *cpus = prop(&p, "AllowedCPUs", UNIT_PROP_BYTES);
        assert_int_equal(cpus->n_bytes, 2);
        assert_int_equal(cpus->bytes[0], 0x03);
        assert_int_equal(cpus->bytes[1], 0x02);

        /* DeviceAllow accumulates; an empty assignment clears the list */
        assert_int_equal(unit_property_parse("DeviceAllow=/dev/fuse rw", &p), 0);
        assert_int_equal(unit_property_parse("DeviceAllow=/dev/kvm", &p), 0);
        const UnitProp *dev = prop(&p, "DeviceAllow", UNIT_PROP_PAIRS);
        assert_int_equal(dev->n_pairs, 2);
        assert_string_equal(dev->pairs[0], "/dev/fuse");
        assert_string_equal(dev->pairs[1], "rw");
        assert_string_equal(dev->pairs[2], "/dev/kvm");
        assert_string_equal(dev->pairs[3], "rwm");
        assert_int_equal(unit_property_parse("DeviceAllow=", &p), 0);
        assert_int_equal(prop(&p, "DeviceAllow", UNIT_PROP_PAIRS)->n_pairs, 0);
        unit_props_done(&p);
}

static void test_property_errors_name_the_value(void **state) {
        static const struct {
                const char *assignment, *message;
                int r;
        } cases[] = {
                { "Bogus=1", "unknown property 'Bogus'", -EINVAL },
                { "NoEquals", "invalid property 'NoEquals': expected NAME=VALUE", -EINVAL },
                { "=1", "invalid property '=1'", -EINVAL },
                { "MemoryMax=lots", "invalid value 'lots' for property MemoryMax", -EINVAL },
                { "MemoryMax=101%", "invalid value '101%' for property MemoryMax: out of range", -ERANGE },
                { "CPUWeight=0", "invalid value '0' for property CPUWeight: out of range", -ERANGE },
                { "CPUWeight=10001", "invalid value '10001' for property CPUWeight: out of range", -ERANGE },
                { "CPUQuota=50", "invalid value '50' for property CPUQuota", -EINVAL },
                { "AllowedCPUs=2-1", "invalid value '2-1' for property AllowedCPUs", -EINVAL },
                { "KillSignal=SIGNOPE", "invalid value 'SIGNOPE' for property KillSignal", -EINVAL },
                { "RuntimeMaxSec=soon", "invalid value 'soon' for property RuntimeMaxSec", -EINVAL },
                { "DevicePolicy=open", "invalid value 'open' for property DevicePolicy: expected one of auto, closed, strict",
                  -EINVAL },
                { "DeviceAllow=/etc/passwd r", "invalid value '/etc/passwd r' for property DeviceAllow", -EINVAL },
                { "DeviceAllow=/dev/fuse rx", "invalid value '/dev/fuse rx' for property DeviceAllow", -EINVAL },
                { "MemoryAccounting=maybe", "invalid value 'maybe' for property MemoryAccounting", -EINVAL },
                { "TasksMax=0", "invalid value '0' for property TasksMax: out of range", -ERANGE },
                { "MemoryMax=", "property MemoryMax needs a value", -EINVAL },
                { "Delegate=no", "property Delegate cannot be set", -EINVAL },
                { "Slice=x.slice", "property Slice cannot be set: use --slice", -EINVAL },
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                UnitProps p = {};

                assert_int_equal(CAPTURE(unit_property_parse(cases[i].assignment, &p)), cases[i].r);
                if (!strstr(logged, cases[i].message))
                        fail_msg("'%s' logged '%s', expected '%s'", cases[i].assignment, logged, cases[i].message);
                assert_int_equal(p.n, 0);
                unit_props_done(&p);
        }
}

static void test_runtime_only_refuses_unit_settings(void **state) {
        UnitProps p = {};

        assert_int_equal(CAPTURE(unit_property_parse_runtime("KillSignal=SIGINT", &p)), -EINVAL);
        assert_non_null(strstr(logged, "property KillSignal cannot change on a running scope"));
        assert_int_equal(CAPTURE(unit_property_parse_runtime("RuntimeMaxSec=1s", &p)), -EINVAL);
        assert_int_equal(CAPTURE(unit_property_parse_runtime("MemoryMax=1G", &p)), 0);
        assert_int_equal(CAPTURE(unit_property_parse_runtime("Description=x", &p)), 0);
        assert_int_equal(p.n, 2);
        unit_props_done(&p);
}

static void test_memory_alone_is_the_hard_limit(void **state) {
        LimitsSpec l = {};
        UnitProps p = {};

        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_MEMORY, "256M", 0), 0);
        assert_int_equal(limits_plan_props(&l, 1, &p), 0);
        assert_int_equal(prop(&p, "MemoryMax", UNIT_PROP_U64)->u64, 256ull << 20);
        assert_null(unit_props_find(&p, "MemoryLow"));
        /* swap off unless asked for */
        assert_int_equal(prop(&p, "MemorySwapMax", UNIT_PROP_U64)->u64, 0);
        unit_props_done(&p);
        limits_spec_done(&l);
}

static void test_memory_with_max_is_a_reservation(void **state) {
        LimitsSpec l = {};
        UnitProps p = {};

        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_MEMORY, "256M", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_MEMORY_MAX, "1G", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_MEMORY_SWAP, "128M", 0), 0);
        assert_int_equal(limits_spec_validate(&l), 0);
        assert_int_equal(limits_plan_props(&l, 1, &p), 0);
        assert_int_equal(prop(&p, "MemoryLow", UNIT_PROP_U64)->u64, 256ull << 20);
        assert_int_equal(prop(&p, "MemoryMax", UNIT_PROP_U64)->u64, 1ull << 30);
        assert_int_equal(prop(&p, "MemorySwapMax", UNIT_PROP_U64)->u64, 128ull << 20);
        unit_props_done(&p);
        limits_spec_done(&l);
}

static void test_cpu_and_device_options(void **state) {
        LimitsSpec l = {};
        UnitProps p = {};

        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_CPU_SHARES, "500", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_CPUS, "0-1,3", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_CPU_QUOTA, "150", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_PIDS_MAX, "64", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_IO_WEIGHT, "300", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_DEVICE, "/dev/null:/dev/mine:rw", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_DEVICE, "/dev/zero", 0), 0);
        assert_int_equal(limits_plan_props(&l, 0, &p), 0);

        assert_int_equal(prop(&p, "CPUWeight", UNIT_PROP_U64)->u64, 58);
        assert_int_equal(prop(&p, "AllowedCPUs", UNIT_PROP_BYTES)->bytes[0], 0x0b);
        assert_int_equal(prop(&p, "CPUQuotaPerSecUSec", UNIT_PROP_U64)->u64, 1500000);
        assert_int_equal(prop(&p, "TasksMax", UNIT_PROP_U64)->u64, 64);
        assert_int_equal(prop(&p, "IOWeight", UNIT_PROP_U64)->u64, 300);
        assert_string_equal(prop(&p, "DevicePolicy", UNIT_PROP_STRING)->str, "closed");
        const UnitProp *d = prop(&p, "DeviceAllow", UNIT_PROP_PAIRS);
        assert_int_equal(d->n_pairs, 2);
        assert_string_equal(d->pairs[0], "/dev/null");
        assert_string_equal(d->pairs[1], "rw");
        assert_string_equal(d->pairs[3], "rwm");
        assert_string_equal(l.devices[0].task, "/dev/mine");
        assert_string_equal(l.devices[1].task, "/dev/zero");
        assert_null(unit_props_find(&p, "MemorySwapMax")); /* no swap default for update */
        unit_props_done(&p);
        limits_spec_done(&l);
}

static void test_property_has_the_last_word(void **state) {
        LimitsSpec l = {};
        UnitProps p = {};

        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_MEMORY, "256M", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_PROPERTY, "MemoryMax=1G", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_DEVICE, "/dev/null", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_PROPERTY, "DevicePolicy=strict", 0), 0);
        assert_int_equal(limits_plan_props(&l, 1, &p), 0);
        assert_int_equal(prop(&p, "MemoryMax", UNIT_PROP_U64)->u64, 1ull << 30);
        assert_string_equal(prop(&p, "DevicePolicy", UNIT_PROP_STRING)->str, "strict");
        unit_props_done(&p);
        limits_spec_done(&l);
}

static void test_limit_errors_name_the_value(void **state) {
        static const struct {
                int opt;
                const char *value, *message;
        } cases[] = {
                { LIMIT_OPT_MEMORY, "0", "invalid value '0' for --memory: out of range" },
                { LIMIT_OPT_MEMORY, "12Q", "invalid value '12Q' for --memory" },
                { LIMIT_OPT_MEMORY_MAX, "99999999999T", "invalid value '99999999999T' for --memory-max: out of range" },
                { LIMIT_OPT_MEMORY_SWAP, "-1", "invalid value '-1' for --memory-swap" },
                { LIMIT_OPT_CPU_SHARES, "1", "invalid value '1' for --cpu-shares: out of range; expected a whole number from 2 to 262144" },
                { LIMIT_OPT_CPU_SHARES, "262145", "invalid value '262145' for --cpu-shares: out of range" },
                { LIMIT_OPT_CPU_WEIGHT, "0", "invalid value '0' for --cpu-weight" },
                { LIMIT_OPT_CPUS, "a", "invalid value 'a' for --cpus" },
                { LIMIT_OPT_CPU_QUOTA, "0", "invalid value '0' for --cpu-quota" },
                { LIMIT_OPT_CPU_QUOTA, "lots", "invalid value 'lots' for --cpu-quota" },
                { LIMIT_OPT_PIDS_MAX, "0", "invalid value '0' for --pids-max: out of range" },
                { LIMIT_OPT_IO_WEIGHT, "99999", "invalid value '99999' for --io-weight" },
                { LIMIT_OPT_DEVICE, "/dev/null:/dev/x:rwx", "invalid value '/dev/null:/dev/x:rwx' for --device" },
                { LIMIT_OPT_DEVICE, "/dev/null:/etc/x", "invalid value '/dev/null:/etc/x' for --device" },
                { LIMIT_OPT_DEVICE, "/etc/passwd", "invalid value '/etc/passwd' for --device" },
                { LIMIT_OPT_DEVICE, "/dev/../etc/passwd", "invalid value '/dev/../etc/passwd' for --device" },
                { LIMIT_OPT_DEVICE, "/dev/taskscope-no-such-device", "/dev/taskscope-no-such-device: No such file" },
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                LimitsSpec l = {};

                assert_true(CAPTURE(limits_spec_apply(&l, cases[i].opt, cases[i].value, 0)) < 0);
                if (!strstr(logged, cases[i].message))
                        fail_msg("'%s' logged '%s', expected '%s'", cases[i].value, logged, cases[i].message);
                limits_spec_done(&l);
        }
}

static void test_cross_option_checks(void **state) {
        LimitsSpec l = {};

        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_MEMORY, "2G", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_MEMORY_MAX, "1G", 0), 0);
        assert_int_equal(CAPTURE(limits_spec_validate(&l)), -EINVAL);
        assert_non_null(strstr(logged, "--memory (2147483648 bytes) is above --memory-max (1073741824 bytes)"));
        limits_spec_done(&l);

        l = (LimitsSpec) {};
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_CPU_SHARES, "512", 0), 0);
        assert_int_equal(limits_spec_apply(&l, LIMIT_OPT_CPU_WEIGHT, "50", 0), 0);
        assert_int_equal(CAPTURE(limits_spec_validate(&l)), -EINVAL);
        assert_non_null(strstr(logged, "--cpu-shares and --cpu-weight"));
        limits_spec_done(&l);

        l = (LimitsSpec) {};
        assert_int_equal(CAPTURE(limits_spec_apply(&l, LIMIT_OPT_DEVICE, "/dev/null", 1)), -EINVAL);
        assert_non_null(strstr(logged, "--device cannot change on a running task"));
        limits_spec_done(&l);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_property_table_types),
                cmocka_unit_test(test_property_values),
                cmocka_unit_test(test_property_errors_name_the_value),
                cmocka_unit_test(test_runtime_only_refuses_unit_settings),
                cmocka_unit_test(test_memory_alone_is_the_hard_limit),
                cmocka_unit_test(test_memory_with_max_is_a_reservation),
                cmocka_unit_test(test_cpu_and_device_options),
                cmocka_unit_test(test_property_has_the_last_word),
                cmocka_unit_test(test_limit_errors_name_the_value),
                cmocka_unit_test(test_cross_option_checks),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
