/*
 * test_config_golden.c: golden files. tests/config/errors/NAME.cfg (with
 * optional NAME.args, one KEY=VALUE override a line) must give exactly the
 * error or warnings in NAME.expected; tests/config/corpus/NAME.cfg must
 * parse and print exactly NAME.json (its UUID fixed when the file sets
 * none). XK_GOLDEN_UPDATE=1 rewrites the expected files instead.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/domain_config.h"
#include "core/context.h"

static xk_ctx *ctx;
static const char *root;
static int update;

static int setup(void **state)
{
    (void)state;
    root = getenv("CONFIG_TESTS_DIR");
    update = getenv("XK_GOLDEN_UPDATE") != NULL;
    if (!root)
        return -1;
    return xk_ctx_open(&ctx, 0);
}

static int teardown(void **state)
{
    (void)state;
    xk_ctx_close(ctx);
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int c;
    while ((c = fgetc(f)) != EOF) {
        if (n + 2 > cap) {
            cap = cap ? cap * 2 : 256;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        buf[n++] = (char)c;
    }
    fclose(f);
    if (!buf)
        buf = calloc(1, 1);
    else
        buf[n] = '\0';
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The sorted *.cfg names (without .cfg) of a directory. */
static size_t list_cfgs(const char *dir, char ***names_r)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".cfg"))
            continue;
        names = realloc(names, (n + 1) * sizeof(*names));
        assert_non_null(names);
        names[n++] = strndup(e->d_name, l - 4);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    *names_r = names;
    return n;
}

/* The overrides of NAME.args, one a line. */
static size_t read_args(const char *name, char ***ov_r, char **buf_r)
{
    char path[512];
    snprintf(path, sizeof(path), "%s.args", name);
    char *buf = slurp(path);
    char **ov = NULL;
    size_t n = 0;
    *buf_r = buf;
    if (buf)
        for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l;
             l = strtok_r(NULL, "\n", &save)) {
            ov = realloc(ov, (n + 1) * sizeof(*ov));
            assert_non_null(ov);
            ov[n++] = l;
        }
    *ov_r = ov;
    return n;
}

static void error_messages(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/errors", root);
    assert_int_equal(chdir(dir), 0);
    char **names;
    size_t n = list_cfgs(".", &names), failures = 0;
    assert_true(n > 50);
    for (size_t i = 0; i < n; i++) {
        char path[512], *argbuf, **ov;
        size_t nov = read_args(names[i], &ov, &argbuf);
        snprintf(path, sizeof(path), "%s.cfg", names[i]);
        xk_domain_config *cfg = NULL;
        int rc = xk_config_parse_file(ctx, path, (const char *const *)ov,
                                      nov, &cfg);
        char *got = NULL;
        size_t glen = 0;
        FILE *m = open_memstream(&got, &glen);
        assert_non_null(m);
        if (rc)
            fprintf(m, "%s\n", xk_ctx_last_error(ctx));
        for (size_t w = 0; !rc && w < xk_config_warning_count(cfg); w++)
            fprintf(m, "%s\n", xk_config_warning(cfg, w));
        fclose(m);
        /* a warn-* case must parse; every other one must fail */
        if ((strncmp(names[i], "warn-", 5) == 0) != (rc == 0)) {
            print_error("%s: parse returned %d: %s", names[i], rc, got);
            failures++;
        }
        snprintf(path, sizeof(path), "%s.expected", names[i]);
        if (update)
            spit(path, got);
        char *want = slurp(path);
        if (!want || strcmp(want, got)) {
            print_error("%s:\n  want: %s  got:  %s", names[i],
                        want ? want : "(no .expected)\n", got);
            failures++;
        }
        free(want);
        free(got);
        free(ov);
        free(argbuf);
        xk_config_free(cfg);
        free(names[i]);
    }
    free(names);
    assert_int_equal(failures, 0);
}

static void corpus_json(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/corpus", root);
    assert_int_equal(chdir(dir), 0);
    char **names;
    size_t n = list_cfgs(".", &names), failures = 0;
    assert_true(n > 5);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s.cfg", names[i]);
        xk_domain_config *cfg = NULL;
        char *json = NULL;
        if (xk_config_parse_file(ctx, path, NULL, 0, &cfg)) {
            print_error("%s: %s\n", names[i], xk_ctx_last_error(ctx));
            failures++;
            free(names[i]);
            continue;
        }
        if (!cfg->uuid_set)     /* xl makes up a random one */
            memset(cfg->uuid, 0x11, sizeof(cfg->uuid));
        assert_int_equal(xk_config_to_json(ctx, cfg, &json), 0);
        snprintf(path, sizeof(path), "%s.json", names[i]);
        if (update)
            spit(path, json);
        char *want = slurp(path);
        if (!want || strcmp(want, json)) {
            print_error("%s: JSON differs from %s\n", names[i], path);
            failures++;
        }
        free(want);
        free(json);
        xk_config_free(cfg);
        free(names[i]);
    }
    free(names);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_messages),
        cmocka_unit_test(corpus_json),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
