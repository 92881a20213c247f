/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "basic/json-util.h"

char *json_get_string_dup(json_object *o, const char *key) {
        json_object *v;

        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
                return NULL;
        return strdup(json_object_get_string(v));
}

json_object *json_strv_new(char *const *v) {
        json_object *a = json_object_new_array();

        for (size_t i = 0; a && v && v[i]; i++)
                json_object_array_add(a, json_object_new_string(v[i]));
        return a;
}

char **json_strv_dup(json_object *a) {
        size_t n = json_object_array_length(a);
        char **v = calloc(n + 1, sizeof(char *));

        for (size_t i = 0; v && i < n; i++) {
                json_object *e = json_object_array_get_idx(a, i);
                v[i] = strdup(json_object_is_type(e, json_type_string) ? json_object_get_string(e) : "");
                if (!v[i]) {
                        strv_free(v);
                        return NULL;
                }
        }
        return v;
}
