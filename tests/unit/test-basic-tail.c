/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "basic/env-util.h"
#include "basic/macro.h"
#include "basic/tail-buffer.h"

static void append_str(TailBuffer *b, const char *s) {
        tail_buffer_append(b, s, strlen(s));
}

static void assert_tail(const TailBuffer *b, const char *want) {
        assert_int_equal(b->len, strlen(want));
        assert_memory_equal(b->data, want, b->len);
}

static void test_keeps_the_last_bytes(void **state) {
        TailBuffer b;

        assert_int_equal(tail_buffer_init(&b, 8), 0);
        append_str(&b, "abc");
        assert_tail(&b, "abc");
        append_str(&b, "defgh");
        assert_tail(&b, "abcdefgh");
        append_str(&b, "ij");              /* drops the oldest two */
        assert_tail(&b, "cdefghij");
        append_str(&b, "0123456789XYZ");   /* one write longer than the limit */
        assert_tail(&b, "56789XYZ");
        assert_int_equal(b.total, 3 + 5 + 2 + 13);
        tail_buffer_done(&b);
}

static void test_byte_by_byte_equals_one_write(void **state) {
        static const char text[] = "the quick brown fox jumps over the lazy dog";
        TailBuffer a, b;

        assert_int_equal(tail_buffer_init(&a, 10), 0);
        assert_int_equal(tail_buffer_init(&b, 10), 0);
        for (size_t i = 0; i < sizeof(text) - 1; i++)
                tail_buffer_append(&a, text + i, 1);
        append_str(&b, text);
        assert_tail(&a, "e lazy dog");
        assert_tail(&b, "e lazy dog");
        tail_buffer_done(&a);
        tail_buffer_done(&b);
}

static void test_env_set_replaces_by_name(void **state) {
        char **env = NULL;
        size_t n = 0;

        assert_int_equal(env_set(&env, &n, "A=1"), 0);
        assert_int_equal(env_set(&env, &n, "AB=2"), 0);
        assert_int_equal(env_set(&env, &n, "A=3"), 0); /* not AB */
        assert_int_equal(n, 2);
        assert_string_equal(env[0], "A=3");
        assert_string_equal(env[1], "AB=2");
        assert_null(env[2]);
        strv_free(env);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_keeps_the_last_bytes),
                cmocka_unit_test(test_byte_by_byte_equals_one_write),
                cmocka_unit_test(test_env_set_replaces_by_name),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
