/*
 * sandbox.h: run library code that may end the process, inside a fuzz
 * target. See sandbox.c.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stddef.h>
#include <stdint.h>

#define SANDBOX_RETURNED (-1)

extern int sandbox_tty;

void sandbox_init(void);
int sandbox_run(void (*fn)(void *), void *arg, int free_leftovers);
int sandbox_file(const char *name, const void *p, size_t n, char *path, size_t size);
void sandbox_check(int ok, const char *what);

#endif
