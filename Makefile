# Top-level entry points. Meson and Ninja do the building underneath; this
# file installs what is missing, keeps build/ laid out as documented
# (build/xl, build/libxenkit.so*, build/xenkit.pc) and runs tests and the lab.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   := build
MESON   := $(BUILD)/meson
ASAN    := $(BUILD)/asan

.PHONY: all deps install check unit lab-check demo bench clean

all: deps
	@[ -f $(MESON)/build.ninja ] || meson setup $(MESON) --prefix=$(PREFIX) >/dev/null
	@[ "$$(meson introspect --buildoptions $(MESON) | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')" = "$(PREFIX)" ] || meson configure $(MESON) -Dprefix=$(PREFIX) >/dev/null
	ninja -C $(MESON)
	@ln -sfn meson/xl/xl $(BUILD)/xl
	@for f in $(MESON)/lib/libxenkit.so*; do [ -d $$f ] || ln -sfn meson/lib/$${f##*/} $(BUILD)/$${f##*/}; done
	@ln -sfn meson/meson-uninstalled/xenkit-uninstalled.pc $(BUILD)/xenkit.pc

deps:
	@scripts/install-deps

install: all
	DESTDIR="$(DESTDIR)" meson install -C $(MESON) --no-rebuild --quiet

# Unit tests under AddressSanitizer and UBSan, then the lab tests on real Xen;
# ends with "N passed, N failed".
check: all
	@tests/run

unit: deps
	@tests/run --unit-only

lab-check: all
	@tests/run --lab-only

# The main job: build, boot Xen in the lab, create a guest with our xl.
demo: all
	@lab/demo

bench: all
	@bench/run

clean:
	rm -rf $(BUILD)
