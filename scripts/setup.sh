#!/usr/bin/env bash
# Installs what building and testing Silbato need, and only what is missing,
# so running it twice does nothing the second time. Called by `make` and by
# .ci/run. Needs Rust (rustup), Node 20 and npm; installs the rest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: exiftool (the independent reader in tests), webp (cwebp,
# img2webp: lossy and animated WebP fixtures; webpinfo), icc-profiles-free (a
# real ICC profile for fixtures), libjpeg-turbo-progs (jpegtran: progressive
# JPEG fixtures), ffmpeg (video and audio fixtures, with Debian's libmp3lame,
# libvorbis, libopus and libspeex; per-stream packet hashes, decoded-audio md5),
# libheif-examples (heif-enc, heif-convert: HEIC/AVIF fixtures and decoding),
# chromium and firefox-esr (end-to-end tests of the extension), curl (the
# labelled face photos, scripts/fetch-faces.sh).
APT_PACKAGES=(libimage-exiftool-perl webp icc-profiles-free libjpeg-turbo-progs ffmpeg libheif-examples chromium chromium-driver firefox-esr openssl python3 curl)
# Office documents (tests only): libarchive-zip-perl lets exiftool read
# DOCX/XLSX/PPTX/ODF metadata; LibreOffice's headless converter writes the
# fixtures and proves cleaned documents open and keep their text (with
# pdftotext from poppler-utils).
APT_PACKAGES+=(libarchive-zip-perl libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui poppler-utils)
# PDF fixtures and checks: ghostscript and qpdf write them, poppler-utils
# (listed above; pdftoppm, pdftotext) draws the pages and extracts the text before and after.
APT_PACKAGES+=(ghostscript qpdf)
missing=()
for p in "${APT_PACKAGES[@]}" ${SILBATO_EXTRA_APT:-}; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy (make lint).
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    echo "setup: adding the $component component"
    rustup component add "$component"
  fi
done

# wasm-bindgen-cli at exactly the version Cargo.lock pins (the generated JS
# glue must match the library). Without --locked: a locked dependency of the
# CLI is missing from the registry.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ -z "$want" ]; then
  echo "setup: Cargo.lock does not pin wasm-bindgen" >&2
  exit 1
fi
if [ "$have" != "$want" ]; then
  echo "setup: installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "=$want"
fi

# geckodriver drives Firefox in the extension's smoke test.
if ! command -v geckodriver >/dev/null && [ ! -x "$HOME/.cargo/bin/geckodriver" ]; then
  echo "setup: installing geckodriver"
  cargo install geckodriver --version "=0.37.1"
fi

# npm packages, exactly as package-lock.json has them.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
