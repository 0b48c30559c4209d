# SPDX-License-Identifier: AGPL-3.0-or-later
# libFuzzer drivers for the parsers of untrusted bytes (tests/fuzz/, STYLE.md §6).
# Included from the Makefile after SRC, WARN, PKG_CFLAGS and PKG_LIBS are set;
# also works stand-alone: make -f Makefile -f mk/fuzz.mk fuzz-replay
#   make fuzz            build every driver, fuzz each for $(FUZZ_SECONDS) s on a copy
#                        of its corpus (build/fuzz/work/<name>); crash inputs land in
#                        build/fuzz/artifacts/<name>/; fails if anything crashed
#   make fuzz-replay     run each driver once over tests/fuzz/corpus/<name>/ (make test)
# The library is rebuilt with clang + ASan/UBSan + coverage into build/fuzz/obj/.

FUZZ_NAMES := urlencoded multipart cookies accept_language codice_fiscale csv config sniff \
              template email legacy_hash forwarded places pdf_seal
FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang
FUZZ_DIR := build/fuzz

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CPPFLAGS := -D_GNU_SOURCE -Isrc -I. $(PKG_CFLAGS)
# The library's own warnings are gated by the gcc builds; clang-only
# warnings in other people's code must not break fuzzing, so no -Werror here.
FUZZ_OBJ_CFLAGS := $(filter-out -Werror,$(WARN)) -Wno-format-nonliteral \
                   -Wno-unused-command-line-argument -g -O1 -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
                   -pthread -MMD -MP
FUZZ_DRV_CFLAGS := $(WARN) -g -O1 -fsanitize=fuzzer $(FUZZ_SAN) -pthread

FUZZ_OBJ := $(SRC:%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/gen/sqlite_migrations.o
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-replay

fuzz-build: $(FUZZ_BINS)

# a change of flags here rebuilds the fuzz objects
$(FUZZ_OBJ): mk/fuzz.mk

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_OBJ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/gen/sqlite_migrations.c: $(sort $(wildcard src/store/sqlite/migrations/*.sql)) scripts/embed-migrations
	@mkdir -p $(@D)
	scripts/embed-migrations $@ $(sort $(wildcard src/store/sqlite/migrations/*.sql))

$(FUZZ_DIR)/obj/gen/sqlite_migrations.o: $(FUZZ_DIR)/gen/sqlite_migrations.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_OBJ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	@echo "$(FUZZ_CC) ... -fsanitize=fuzzer -o $@ $< build/fuzz/obj/**.o"
	@$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_DRV_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS) -lm

# One line per fuzzer: "name: N execs, M crashes". M counts the artifacts the
# run wrote (crash-, leak-, timeout-, oom-), at least 1 if the fuzzer failed.
fuzz: $(FUZZ_BINS)
	@bad=0; for n in $(FUZZ_NAMES); do \
	    work=$(FUZZ_DIR)/work/$$n; art=$(FUZZ_DIR)/artifacts/$$n; log=$(FUZZ_DIR)/logs/$$n.log; \
	    mkdir -p $$work $$art $(FUZZ_DIR)/logs; \
	    cp -p tests/fuzz/corpus/$$n/* $$work/ 2>/dev/null; \
	    before=$$(ls $$art | wc -l); \
	    echo "== fuzz $$n ($(FUZZ_SECONDS) s)"; \
	    ./$(FUZZ_DIR)/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	        -print_final_stats=1 -artifact_prefix=$$art/ $$work >$$log 2>&1; rc=$$?; \
	    execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log | tail -n 1); \
	    crashes=$$(( $$(ls $$art | wc -l) - before )); \
	    if [ $$rc -ne 0 ] && [ $$crashes -eq 0 ]; then crashes=1; fi; \
	    if [ $$crashes -ne 0 ]; then bad=1; \
	        grep -aE 'ERROR|SUMMARY|runtime error|Test unit written|#[0-9]+ 0x.*/(src|tests)/' $$log | head -n 25; fi; \
	    echo "$$n: $${execs:-0} execs, $$crashes crashes" >>$(FUZZ_DIR)/summary.tmp; \
	done; \
	echo; cat $(FUZZ_DIR)/summary.tmp; rm -f $(FUZZ_DIR)/summary.tmp; \
	[ $$bad -eq 0 ] || { echo "fuzz: crash inputs in $(FUZZ_DIR)/artifacts/ (logs in $(FUZZ_DIR)/logs/)"; exit 1; }

# Every seed (and every kept crash input) once through its driver; one
# pass or failure per driver: "fuzz replay: N passed, M failed".
fuzz-replay: $(FUZZ_BINS)
	@p=0; f=0; mkdir -p $(FUZZ_DIR)/logs; for n in $(FUZZ_NAMES); do \
	    log=$(FUZZ_DIR)/logs/replay-$$n.log; \
	    if ./$(FUZZ_DIR)/fuzz_$$n -timeout=10 tests/fuzz/corpus/$$n/* >$$log 2>&1; then p=$$((p + 1)); \
	    else f=$$((f + 1)); echo "fuzz replay $$n: FAILED (see $$log)"; \
	        grep -aE 'Running:|ERROR|SUMMARY|runtime error' $$log | tail -n 12; fi; \
	done; \
	echo "fuzz replay: $$p passed, $$f failed"; [ $$f -eq 0 ]

-include $(FUZZ_OBJ:.o=.d)
