/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <json-c/json.h>

#include "basic/macro.h"

static inline void json_object_putp(json_object **j) {
        if (*j)
                json_object_put(*j);
}
#define _cleanup_json_ _cleanup_(json_object_putp)

/* A copy of o[key] if it is a string; NULL if absent, of another type, or
 * out of memory. */
char *json_get_string_dup(json_object *o, const char *key);

/* A JSON array of the strings of a NULL-terminated array (NULL: empty). */
json_object *json_strv_new(char *const *v);

/* A NULL-terminated copy of a JSON array of strings (other elements become
 * ""); NULL when out of memory. */
char **json_strv_dup(json_object *a);
