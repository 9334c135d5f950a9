/* Runs the firmware core's host tests and prints "N passed, N failed" (test cases). */
#include <stdio.h>

#include "tf_test.h"

int tf_test_failures;
static int passed, failed, failures_at_begin;
static const char *current;

void tf_test_begin(const char *name) {
    current = name;
    failures_at_begin = tf_test_failures;
}

void tf_test_end(void) {
    if (tf_test_failures == failures_at_begin) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAILED: %s\n", current);
    }
}

int main(void) {
    test_golden_vectors();
    test_glove();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
