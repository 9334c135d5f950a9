/* A small test runner: CHECK records a failure with its line and goes on; each
 * case is bracketed by tf_test_begin/tf_test_end; the runner prints the standard
 * "N passed, N failed" line, counting cases. */
#ifndef TF_TEST_H
#define TF_TEST_H
#include <stdio.h>

extern int tf_test_failures;
void tf_test_begin(const char *name);
void tf_test_end(void);
/* The groups of cases. */
void test_golden_vectors(void);
void test_glove(void);

#define TF_TEST_CASE(function) do { tf_test_begin(#function); function(); tf_test_end(); } while (0)

#define CHECK(condition)                                                              \
    do {                                                                              \
        if (!(condition)) {                                                           \
            tf_test_failures++;                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
        }                                                                             \
    } while (0)
#endif
