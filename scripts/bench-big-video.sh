#!/usr/bin/env bash
# The 2 GB video benchmark: makes build/bench/big.mov (QuickTime, moov at
# the end, Apple location keys and ©xyz, ~2 GB of H.264 and AAC), then
# compares `silbato clean` with `cp` of the same file: wall time and peak
# memory (GNU time), three runs each, and times planning alone (criterion,
# benches/big_video.rs). `make bench` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/bench
big=$dir/big.mov
mkdir -p "$dir"
if [ ! -f "$big" ]; then
  echo "bench: making $big (about 2 GB)"
  ffmpeg -v error -y -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=300:sample_rate=48000 \
    -t 10 -c:v libx264 -preset ultrafast -b:v 60M -maxrate 60M -bufsize 60M -c:a aac "$dir/clip.mov"
  ffmpeg -v error -y -stream_loop 42 -i "$dir/clip.mov" -map 0 -c copy -movflags use_metadata_tags \
    -metadata com.apple.quicktime.location.ISO6709=+44.9618-093.2710+256.000/ \
    -metadata com.apple.quicktime.make=Apple -metadata com.apple.quicktime.model="iPhone 13" \
    -metadata com.apple.quicktime.creationdate=2026-03-08T12:34:56-0600 "$big"
  exiftool -q -overwrite_original -api LargeFileSupport=1 "-UserData:GPSCoordinates=44.9618, -93.2710, 256" "$big"
  rm -f "$dir/clip.mov"
fi
ls -l "$big"
cli=target/release/silbato
[ -x "$cli" ] || cargo build --release --bin silbato

measure() { # label, command...
  local label=$1; shift
  local times=()
  for i in 1 2 3; do
    rm -rf "$dir/out"; mkdir -p "$dir/out"
    sync
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > /dev/null
    times+=("$(cat "$dir/time.txt")")
  done
  printf '%-22s' "$label"
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p | awk '{ printf "wall %6.2f s   peak memory %7.1f MB (median of 3)\n", $1, $2 / 1024 }'
}
measure "cp" cp "$big" "$dir/out/big.mov"
measure "silbato clean" "$cli" clean --out "$dir/out" "$big"
"$cli" inspect "$dir/out/big.mov" | head -3
cargo bench --bench big_video
