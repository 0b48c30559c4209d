# SPDX-License-Identifier: AGPL-3.0-or-later
# One non-recursive GNU Makefile over pkg-config (STYLE.md §7).
#   make            debug build: build/debug/varco
#   make run        install what is missing, build, init var/ with demo data, serve on :8080
#   make test       unit + store + fuzz replay + end-to-end, also under ASan+UBSan; ends "N passed, N failed"
#   make V=asan     any target on the sanitizer build (V=release: -O2, FORTIFY)
#   make format-check
#   make layers     the include rules of DESIGN.md §3 (also in make test)

V ?= debug
B := build/$(V)
CC ?= cc

PKGS := libmicrohttpd libsodium jansson sqlite3 libcrypto pangocairo cairo-pdf libqrencode liboath inih libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libzxcvbn ships no pkg-config file; libcrypt (libxcrypt) verifies legacy hashes
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lzxcvbn -lcrypt
# The drawing libraries go into varco-pdf.so, loaded on first use
# (src/render/pdf_module.h); the varco binary links the rest.
PDF_PKGS := pangocairo cairo-pdf libqrencode
PDF_LIBS := $(shell pkg-config --libs $(PDF_PKGS) 2>/dev/null)
BIN_LIBS := $(shell pkg-config --libs $(filter-out $(PDF_PKGS),$(PKGS)) 2>/dev/null) -lzxcvbn -lcrypt -lm

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

SRC := $(shell find src -name '*.c' ! -name main.c ! -name pdf_loader.c ! -name pdf_module.c | sort)
OBJ := $(SRC:%.c=$(B)/%.o) $(B)/gen/sqlite_migrations.o
PDF_SRC := src/render/pdf.c src/render/qr.c src/render/pdf_module.c
PDF_PIC := $(PDF_SRC:%.c=$(B)/pic/%.o)
TEST_SRC := $(shell find tests/unit tests/store tests/support -name '*.c' 2>/dev/null | sort)
TEST_OBJ := $(TEST_SRC:%.c=$(B)/%.o)

.PHONY: all run test unit e2e format format-check clean deps bench layers
all: $(B)/varco

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

$(B)/pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -fPIC -c $< -o $@

# SQL migrations are embedded into the binary (store/sqlite/migrations.h).
$(B)/gen/sqlite_migrations.c: $(sort $(wildcard src/store/sqlite/migrations/*.sql)) scripts/embed-migrations
	@mkdir -p $(@D)
	scripts/embed-migrations $@ $(sort $(wildcard src/store/sqlite/migrations/*.sql))

$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

$(B)/libvarco.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

# The binary exports to the module only what the module uses of it.
$(B)/pdf-exports.list: $(PDF_PIC) $(OBJ) scripts/pdf-exports
	scripts/pdf-exports $@ $(PDF_PIC) -- $(OBJ)

$(B)/varco-pdf.so: $(PDF_PIC)
	$(CC) $(LDFLAGS_ALL) -shared -Wl,-Bsymbolic -o $@ $(PDF_PIC) $(PDF_LIBS) -lm

$(B)/varco: $(B)/src/main.o $(B)/src/render/pdf_loader.o $(B)/libvarco.a $(B)/pdf-exports.list \
            $(B)/varco-pdf.so
	$(CC) $(LDFLAGS_ALL) -Wl,--dynamic-list=$(B)/pdf-exports.list -o $@ $< \
	    $(B)/src/render/pdf_loader.o $(B)/libvarco.a $(BIN_LIBS)

$(B)/unit-tests: $(TEST_OBJ) $(B)/libvarco.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(TEST_OBJ) $(B)/libvarco.a $(LIBS) $(shell pkg-config --libs criterion)

$(B)/bench-hash-bound: bench/hash_bound.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(LDFLAGS_ALL) $(PKG_LIBS)

ES256_BOUND_OBJ := $(B)/src/crypto/jws.o $(B)/src/util/json_mem.o $(B)/src/util/arena.o \
                   $(B)/src/util/xalloc.o
$(B)/bench-es256-bound: bench/es256_bound.c $(ES256_BOUND_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(ES256_BOUND_OBJ) $(LDFLAGS_ALL) $(PKG_LIBS)

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

layers:
	scripts/check-layers

format-check:
	@clang-format --dry-run --Werror $$(find src tests -name '*.[ch]') && echo "format ok"

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(PDF_PIC:.o=.d) $(B)/src/main.d $(B)/src/render/pdf_loader.d
include mk/fuzz.mk
