#!/usr/bin/env bash
# The audio benchmark (issue 17: "audio at the speed of copying the file"):
# makes build/bench/audio/ (an hour of MP3 with ID3v2, a cover photo and
# ID3v1; an hour of M4A as a voice memo; 20 minutes of 24-bit stereo
# Broadcast Wave; an hour of FLAC with a picture; an hour of Opus), then
# compares `silbato clean` of the folder with `cp` of the same files: wall
# time and peak memory (GNU time), median of three runs. `make bench` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/bench/audio
mkdir -p "$dir/in"
cover=$dir/cover.jpg
tone=(-f lavfi -i "sine=frequency=300:sample_rate=48000")
tags=(-metadata "artist=Ana Example" -metadata "title=Calle Falsa 123" -metadata "comment=meet at the church")
make_one() { # name, ffmpeg output arguments...
  local name=$1; shift
  [ -f "$dir/in/$name" ] && return
  echo "bench: making $dir/in/$name"
  ffmpeg -v error -y "$@" "$dir/in/$name"
}
[ -f "$cover" ] || ffmpeg -v error -y -f lavfi -i testsrc=size=600x600 -frames:v 1 "$cover"
make_one long.mp3 "${tone[@]}" -i "$cover" -map 0 -map 1 -c:v copy -disposition:v attached_pic -t 3600 -c:a libmp3lame -b:a 128k -write_id3v1 1 "${tags[@]}"
make_one memo.m4a "${tone[@]}" -t 3600 -c:a aac -b:a 128k -f ipod "${tags[@]}" -metadata "encoder=com.apple.VoiceMemos"
make_one field.wav "${tone[@]}" -t 1200 -ac 2 -c:a pcm_s24le -write_bext 1 "${tags[@]}" -metadata originator=Ana
make_one long.flac "${tone[@]}" -i "$cover" -map 0 -map 1 -c:v copy -disposition:v attached_pic -t 3600 -c:a flac "${tags[@]}"
make_one long.opus "${tone[@]}" -t 3600 -c:a libopus -b:a 32k "${tags[@]}"
du -sh "$dir/in"
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
measure "cp" cp -r "$dir/in/." "$dir/out/"
measure "silbato clean" "$cli" clean --out "$dir/out" "$dir/in"
for f in "$dir"/in/*; do
  measure "  cp $(basename "$f")" cp "$f" "$dir/out/"
  measure "  clean $(basename "$f")" "$cli" clean --out "$dir/out" "$f"
done
