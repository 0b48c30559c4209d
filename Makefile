# SPDX-License-Identifier: AGPL-3.0-or-later
# One non-recursive GNU Makefile over pkg-config (STYLE.md §7).
#   make            debug build: build/debug/varco
#   make run        install what is missing, build, init var/ with demo data, serve on :8080
#   make test       unit + store + fuzz replay + end-to-end, also under ASan+UBSan; ends "N passed, N failed"
#   make V=asan     any target on the sanitizer build (V=release: -O2, FORTIFY)
#   make format-check

V ?= debug
B := build/$(V)
CC ?= cc

PKGS := libmicrohttpd libsodium jansson sqlite3 libcrypto pangocairo cairo-pdf libqrencode liboath inih
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libzxcvbn ships no pkg-config file; libcrypt (libxcrypt) verifies legacy hashes
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lzxcvbn -lcrypt

WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-unused-parameter
CPPFLAGS_ALL := -D_GNU_SOURCE -Isrc -I. $(PKG_CFLAGS)
ifeq ($(V),release)
  OPT := -O2 -g -D_FORTIFY_SOURCE=3 -DNDEBUG -fstack-protector-strong
else ifeq ($(V),asan)
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
  LDOPT := -fsanitize=address,undefined
else
  OPT := -O0 -g
endif
CFLAGS_ALL := $(WARN) $(OPT) -pthread -MMD -MP
LDFLAGS_ALL := $(LDOPT) -pthread
LIBS := $(PKG_LIBS) -lm

SRC := $(shell find src -name '*.c' ! -name main.c | sort)
OBJ := $(SRC:%.c=$(B)/%.o) $(B)/gen/sqlite_migrations.o
TEST_SRC := $(shell find tests/unit tests/store tests/support -name '*.c' 2>/dev/null | sort)
TEST_OBJ := $(TEST_SRC:%.c=$(B)/%.o)

.PHONY: all run test unit e2e format format-check clean deps bench
all: $(B)/varco

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

# SQL migrations are embedded into the binary (store/sqlite/migrations.h).
$(B)/gen/sqlite_migrations.c: $(sort $(wildcard src/store/sqlite/migrations/*.sql)) scripts/embed-migrations
	@mkdir -p $(@D)
	scripts/embed-migrations $@ $(sort $(wildcard src/store/sqlite/migrations/*.sql))

$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

$(B)/libvarco.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/varco: $(B)/src/main.o $(B)/libvarco.a
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(B)/libvarco.a $(LIBS)

$(B)/unit-tests: $(TEST_OBJ) $(B)/libvarco.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(TEST_OBJ) $(B)/libvarco.a $(LIBS) $(shell pkg-config --libs criterion)

$(B)/bench-hash-bound: bench/hash_bound.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(LDFLAGS_ALL) $(PKG_LIBS)

$(B)/bench-bare: bench/bare.c src/http/daemon.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(LDFLAGS_ALL) $(shell pkg-config --libs libmicrohttpd)

bench: deps
	bench/run

unit: $(B)/unit-tests
	$(B)/unit-tests

deps:
	scripts/deps

run: deps
	scripts/run

test: deps
	scripts/test

format:
	clang-format -i $$(find src tests -name '*.[ch]')

format-check:
	@clang-format --dry-run --Werror $$(find src tests -name '*.[ch]') && echo "format ok"

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(B)/src/main.d
include mk/fuzz.mk
