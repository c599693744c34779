/* run_xl.h: run the built xl binary ($XL) from a unit test, capturing output. */
#ifndef XK_TEST_RUN_XL_H
#define XK_TEST_RUN_XL_H

/*
 * Runs $XL with args (NULL-terminated, at most 14); returns its exit status,
 * with its stdout in *out and stderr in *err (caller frees both). Fails the
 * test if xl cannot be run or does not exit normally.
 */
int run_xl(const char *const *args, char **out, char **err);

#endif
