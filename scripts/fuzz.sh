#!/usr/bin/env bash
# Runs each cargo-fuzz target (inspect, plan_clean, isobmff, pdf, office, audio, text, faces, onnx) for a bounded
# time (default 60 s each) on
# nightly Rust, seeded with the project's fixtures. A crash is copied into
# tests/regressions/, where `cargo test` replays it from then on, and the
# run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
rustup toolchain list | grep -q nightly || { echo "fuzz: nightly Rust is needed (rustup toolchain install nightly)" >&2; exit 1; }

# Seeds: the sample, the fixtures (made by `make test`), and earlier regressions.
seeds=fuzz/corpus/seeds
mkdir -p "$seeds"
cp samples/*.jpg "$seeds"/ 2>/dev/null || true
cp tests/regressions/* "$seeds"/ 2>/dev/null || true
if [ -d build/fixtures ]; then
  find build/fixtures -maxdepth 1 -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.webp' -o -name '*.gif' \
    -o -name '*.mp4' -o -name '*.mov' -o -name '*.3gp' -o -name '*.heic' -o -name '*.avif' \
    -o -name '*.mp3' -o -name '*.m4a' -o -name '*.wav' -o -name '*.flac' -o -name '*.ogg' -o -name '*.opus' -o -name '*.spx' -o -name '*.oga' \) -size -64k -exec cp {} "$seeds"/ \;
fi
# PDF seeds: the PDF fixtures (Ghostscript's, qpdf's object streams and
# linearization, an exiftool update, one by hand with every kind of object).
pdf_seeds=fuzz/corpus/pdf-seeds
mkdir -p "$pdf_seeds"
if [ -d build/fixtures ]; then
  find build/fixtures -maxdepth 1 -type f -name '*.pdf' -size -64k -exec cp {} "$pdf_seeds"/ \;
fi

# Text seeds: a post with every kind of detail, and links of every rule.
text_seeds=fuzz/corpus/text-seeds
mkdir -p "$text_seeds"
printf 'Ana Pérez|612-555-0199\nICE at 1234 W Lake St (44.9483, -93.2880) https://youtu.be/a?si=1 ana@example.org\n' > "$text_seeds/post.txt"
printf 'x\nhttps://l.facebook.com/l.php?u=https%%3A%%2F%%2Fexample.org%%2F%%3Fsi%%3D1&h=A https://vm.tiktok.com/Z/ Calle Ocho 123 44°58'"'"'40"N 93°15'"'"'54"W\n' > "$text_seeds/links.txt"

# Office seeds: pieces of a package split at 0xFF (see fuzz_targets/office.rs).
office_seeds=fuzz/corpus/office-seeds
mkdir -p "$office_seeds"
w='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
printf '\x01<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>\xff<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>\xff<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>\xff<w:document %s><w:body><w:p w:rsidR="00A1"><w:ins w:author="A"><w:r><w:t>x</w:t></w:r></w:ins><w:del w:author="A"><w:r><w:delText>y</w:delText></w:r></w:del></w:p></w:body></w:document>\xff<w:settings %s><w:rsids/></w:settings>\xff\xff<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>A</dc:creator></cp:coreProperties>' "$w" "$w" > "$office_seeds/docx"
printf '\x03application/vnd.oasis.opendocument.text\xff<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text><text:tracked-changes/><text:p>x<office:annotation><dc:creator>A</dc:creator></office:annotation></text:p></office:text></office:body></office:document-content>\xff\xff<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta><meta:initial-creator>A</meta:initial-creator></office:meta></office:document-meta>\xff\xff<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>' > "$office_seeds/odt"

status=0
# Model seeds: BlazeFace's own model, when fetched.
model_seeds=fuzz/corpus/model-seeds
mkdir -p "$model_seeds"
cp build/blazeface.onnx "$model_seeds"/ 2>/dev/null || true

for target in inspect plan_clean isobmff pdf office audio text faces onnx; do
  case $target in text) seed_dir=$text_seeds ;; onnx) seed_dir=$model_seeds ;; office) seed_dir=$office_seeds ;; pdf) seed_dir=$pdf_seeds ;; *) seed_dir=$seeds ;; esac
  mkdir -p "fuzz/corpus/$target"
  echo "fuzz: $target for ${seconds}s"
  if ! cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "$seed_dir" -- \
      -max_total_time="$seconds" -max_len=$([ "$target" = onnx ] && echo 1048576 || echo 262144) -rss_limit_mb=1024 -timeout=10 -print_final_stats=1; then
    status=1
  fi
  for crash in fuzz/artifacts/"$target"/*; do
    [ -f "$crash" ] || continue
    ext=bin; [ "$target" = text ] && ext=txt
    dest="tests/regressions/${target}-$(sha1sum "$crash" | cut -c1-12).$ext"
    cp "$crash" "$dest"
    echo "fuzz: kept $crash as $dest (commit it with a note on what broke)"
    rm "$crash"
    status=1
  done
done
exit $status
