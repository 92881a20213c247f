/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "basic/utf8.h"

size_t utf8_sequence_len(const char *s) {
        const unsigned char *u = (const unsigned char *) s;
        unsigned cp;
        size_t n;

        if (u[0] < 0x80)
                return 1;
        if (u[0] >= 0xc2 && u[0] <= 0xdf)
                n = 2, cp = u[0] & 0x1f;
        else if (u[0] >= 0xe0 && u[0] <= 0xef)
                n = 3, cp = u[0] & 0x0f;
        else if (u[0] >= 0xf0 && u[0] <= 0xf4)
                n = 4, cp = u[0] & 0x07;
        else
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((u[i] & 0xc0) != 0x80)
                        return 0;
                cp = (cp << 6) | (u[i] & 0x3f);
        }
        /* overlong forms, surrogates, beyond U+10FFFF */
        if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
                return 0;
        return n;
}

void utf8_sanitize_truncate(char *s, size_t max) {
        size_t i = 0, last_fit = 0, len = strlen(s);

        if (max < 4)
                max = 4;
        while (s[i]) {
                size_t n = utf8_sequence_len(s + i);
                if (n == 0) {
                        s[i] = '?';
                        n = 1;
                }
                if (i + n <= max - 3)
                        last_fit = i + n;
                i += n;
        }
        if (len > max)
                strcpy(s + last_fit, "...");
}
