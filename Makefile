# coptools — POSIX-style Makefile: no configure, no recursion.
# Override PREFIX, MANPREFIX, DESTDIR, CC, CFLAGS, LDFLAGS as usual;
# the language level and warnings sit in their own macros so CFLAGS=-g keeps them.

VERSION   = 0.1.0
PREFIX    = /usr/local
MANPREFIX = $(PREFIX)/share/man
DESTDIR   =

CC      = cc
CFLAGS  = -O2
LDFLAGS =
STD     = -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    = -Wall -Wextra
SAN_1   = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SANFLAGS = $(SAN_$(SANITIZE))
THREADS = -pthread
ALLCFLAGS = $(STD) $(WARN) $(THREADS) -DVERSION=\"$(VERSION)\" $(CFLAGS) $(SANFLAGS)

PROGSRC = $(wildcard src/cop-*.c)
PROGS   = $(PROGSRC:src/%.c=bin/%)
LIBSRC  = $(filter-out $(PROGSRC),$(wildcard src/*.c))
LIBOBJ  = $(LIBSRC:.c=.o)
MANS    = $(wildcard man/*.[157])

all: $(PROGS)

# A change of SANITIZE must rebuild everything: the flags are recorded here.
src/.flags: FORCE
	@echo '$(CC) $(ALLCFLAGS) $(LDFLAGS)' | cmp -s - $@ || echo '$(CC) $(ALLCFLAGS) $(LDFLAGS)' > $@

src/%.o: src/%.c src/cop.h src/.flags
	$(CC) $(ALLCFLAGS) -c -o $@ $<

src/libcop.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

bin/%: src/%.o src/libcop.a
	@mkdir -p bin
	$(CC) $(ALLCFLAGS) $(LDFLAGS) -o $@ $< src/libcop.a -lm

check: all bench/gen bench/timeit
	@sh test/run

# Fuzzing (test/fuzz/run): clang's libFuzzer with ASan and UBSan, each
# target FUZZ_SECONDS from its corpus; fuzz-replay only reruns the corpus.
FUZZ_SECONDS = 10
FUZZ_CC = clang
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_CC=$(FUZZ_CC) sh test/fuzz/run fuzz

fuzz-replay:
	@FUZZ_CC=$(FUZZ_CC) sh test/fuzz/run replay

# Time and peak memory at 10 million events, a million members, 100 kB
# handles, ten thousand venues (minutes; LIMITS_SCALE=10 for a quick look).
LIMITS_SCALE = 1
limits: all
	@sh test/limits $(LIMITS_SCALE)

demo: all
	@sh examples/demo.sh

# The bench's own tools: a deterministic generator (also used by
# test/bench.bats) and a runner that times a command, libc only.
bench/gen: bench/gen.c src/.flags
	$(CC) $(ALLCFLAGS) $(LDFLAGS) -o $@ bench/gen.c

bench/timeit: bench/timeit.c src/.flags
	$(CC) $(ALLCFLAGS) $(LDFLAGS) -o $@ bench/timeit.c

bench: all bench/gen bench/timeit
	@sh bench/run

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin
	cp $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	for m in $(MANS); do \
		s=$${m##*.}; mkdir -p $(DESTDIR)$(MANPREFIX)/man$$s; \
		cp $$m $(DESTDIR)$(MANPREFIX)/man$$s/; done

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(PREFIX)/bin/$${p#bin/}; done
	for m in $(MANS); do s=$${m##*.}; \
		rm -f $(DESTDIR)$(MANPREFIX)/man$$s/$${m#man/}; done

clean:
	rm -rf bin src/*.o src/libcop.a src/.flags bench/gen bench/timeit bench/out test/fuzz/build

FORCE:
.PHONY: all check fuzz fuzz-replay limits demo bench install uninstall clean FORCE
