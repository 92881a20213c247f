/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "basic/fileio.h"
#include "basic/macro.h"

static int temp_file_with(const char *text) {
        char path[] = "/tmp/test-fileio.XXXXXX";
        int fd = mkstemp(path);

        assert_true(fd >= 0);
        assert_int_equal(unlink(path), 0);
        assert_int_equal(write(fd, text, strlen(text)), (ssize_t) strlen(text));
        return fd;
}

/* A poller keeps the fd: the second read must see the file from its start
 * again, not the end the first read left the offset at. */
static void test_reread_starts_from_offset_zero(void **state) {
        _cleanup_close_ int fd = temp_file_with("first text");
        char buf[64];

        assert_int_equal(reread_fd_into(fd, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "first text");
        assert_int_equal(ftruncate(fd, 0), 0);
        assert_int_equal(pwrite(fd, "second", 6, 0), 6);
        assert_int_equal(reread_fd_into(fd, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "second");
        assert_int_equal(reread_fd_into(fd, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "second");
}

static void test_reread_refuses_what_does_not_fit(void **state) {
        _cleanup_close_ int fd = temp_file_with("0123456789");
        char buf[12];

        /* Ten bytes need the NUL and one byte more, to see the end. */
        assert_int_equal(reread_fd_into(fd, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "0123456789");
        assert_int_equal(reread_fd_into(fd, buf, 11), -EFBIG);
}

/* A /proc file read through a kept fd, twice, is what a fresh open reads. */
static void test_reads_a_proc_file_whole(void **state) {
        _cleanup_free_ char *whole = NULL;
        _cleanup_close_ int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
        static char buf[1 << 20];

        assert_true(fd >= 0);
        assert_int_equal(read_file_at(AT_FDCWD, "/proc/self/mountinfo", &whole), 0);
        assert_int_equal(reread_fd_into(fd, buf, sizeof(buf)), 0);
        assert_string_equal(buf, whole);
        assert_int_equal(reread_fd_into(fd, buf, sizeof(buf)), 0);
        assert_string_equal(buf, whole);
}

/* One read when the text fits, the new text on each read, and a file that
 * fills the buffer is read on to its end (or refused when it is larger). */
static void test_record_read(void **state) {
        _cleanup_close_ int fd = temp_file_with("0123456789");
        char buf[64];

        assert_int_equal(read_record_fd_into(fd, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "0123456789");
        assert_int_equal(ftruncate(fd, 0), 0);
        assert_int_equal(pwrite(fd, "new", 3, 0), 3);
        assert_int_equal(read_record_fd_into(fd, buf, sizeof(buf)), 0);
        assert_string_equal(buf, "new");
        assert_int_equal(pwrite(fd, "3456789", 7, 3), 7);
        /* Exactly the buffer less the NUL: the end is still to be seen. */
        assert_int_equal(read_record_fd_into(fd, buf, 11), -EFBIG);
        assert_int_equal(read_record_fd_into(fd, buf, 12), 0);
        assert_string_equal(buf, "new3456789");
        assert_int_equal(read_record_fd_into(fd, buf, 1), -EFBIG);
        assert_int_equal(read_record_fd_into(-1, buf, sizeof(buf)), -EBADF);
}

/* A cgroupfs-like file, /proc/self/stat (one record): what a fresh open reads. */
static void test_record_read_of_a_proc_record(void **state) {
        _cleanup_free_ char *whole = NULL;
        _cleanup_close_ int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
        char buf[4096], *end;

        assert_true(fd >= 0);
        assert_int_equal(read_record_fd_into(fd, buf, sizeof(buf)), 0);
        assert_int_equal(read_file_at(AT_FDCWD, "/proc/self/stat", &whole), 0);
        /* The pid and name agree; the counters move. */
        end = strchr(buf, ')');
        assert_non_null(end);
        assert_memory_equal(buf, whole, (size_t) (end - buf + 1));
        assert_true(strlen(buf) > 40);
        assert_int_equal(buf[strlen(buf) - 1], '\n');
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_reread_starts_from_offset_zero),
                cmocka_unit_test(test_reread_refuses_what_does_not_fit),
                cmocka_unit_test(test_reads_a_proc_file_whole),
                cmocka_unit_test(test_record_read),
                cmocka_unit_test(test_record_read_of_a_proc_record),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
