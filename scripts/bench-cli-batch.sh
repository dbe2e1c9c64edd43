#!/usr/bin/env bash
# The CLI at scale (issue 17: "a batch within 1.5 times cp"): makes
# build/bench/batch/in/ (200 phone-sized 4032×3024 JPEGs from one photo of
# the faces data set, each with its own GPS, camera serial and owner name,
# written by exiftool), then compares `silbato clean -j N --out` of the
# folder with `cp -r` of the same files: page cache warm, wall time and peak
# memory (GNU time), median of RUNS runs (default 5); CLI=path compares
# another build. `make bench` runs it.
# The machine may be shared: the median of several runs, not the best one.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/bench/batch
count=${COUNT:-200}
runs=${RUNS:-5}
mkdir -p "$dir/in"

if [ "$(find "$dir/in" -name '*.jpg' | wc -l)" -ne "$count" ]; then
  src=$(find build/faces-dataset -name '*.jpg' | sort | head -1)
  [ -n "$src" ] || { echo "bench: no photo in build/faces-dataset (make build/faces-dataset)" >&2; exit 1; }
  echo "bench: making $count phone-sized photos in $dir/in from $src"
  rm -f "$dir/in"/*.jpg
  # A phone's size: the small photo enlarged is too smooth, so add sensor-like
  # grain; 4032×3024 at ffmpeg's -q:v 3 is then about 4 MB.
  ffmpeg -v error -y -i "$src" -vf scale=4032:3024:flags=bicubic,noise=alls=14:allf=t -q:v 3 "$dir/base.jpg"
  exiftool -q -overwrite_original -Make=Apple "-Model=iPhone 13" -SerialNumber=F2LXK0AAJCL8 "-Artist=Ana Example" \
    "-OwnerName=Ana Example" -GPSLatitude=44.9618 -GPSLatitudeRef=N -GPSLongitude=93.2710 -GPSLongitudeRef=W \
    "-DateTimeOriginal=2026:03:08 12:34:56" "-XMP-dc:Creator=Ana Example" "$dir/base.jpg"
  args=$dir/tags.args
  : > "$args"
  for i in $(seq -f %03g 1 "$count"); do
    cp "$dir/base.jpg" "$dir/in/IMG_$i.jpg"
    # Each its own tags, so no two files are the same bytes.
    printf '%s\n' -overwrite_original "-SerialNumber=F2LXK0$i" "-ImageUniqueID=$(printf '%032d' "$((10#$i))")" \
      "-GPSLatitude=44.9$i" "-GPSLongitude=93.2$i" "-Artist=Ana Example $i" "$dir/in/IMG_$i.jpg" -execute >> "$args"
  done
  exiftool -q -q -@ "$args" > /dev/null
  rm -f "$args"
fi
du -sh "$dir/in"
cli=${CLI:-target/release/silbato}
[ -x "$cli" ] || cargo build --release --bin silbato < /dev/null

# Warm the page cache: both sides read the files from memory.
cat "$dir"/in/*.jpg > /dev/null

declare -A median
measure() { # key, label, command...
  local key=$1 label=$2; shift 2
  local times=() cpu=()
  for _ in $(seq "$runs"); do
    rm -rf "$dir/out"; mkdir -p "$dir/out"
    sync
    /usr/bin/time -f "%e %M %U %S" -o "$dir/time.txt" "$@" > /dev/null
    read -r wall mem user sys < "$dir/time.txt"
    times+=("$wall $mem")
    cpu+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
  done
  local mid middle=$(( (runs + 1) / 2 ))
  mid=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "${middle}p")
  median[$key]=${mid%% *}
  printf '%-22s' "$label"
  echo "$mid" | awk -v runs="$runs" '{ printf "wall %5.2f s  peak memory %6.1f MB (median of %d)", $1, $2 / 1024, runs }'
  # CPU time (user + system): what the run costs whatever else shares the cores.
  printf '  cpu %s s' "$(printf '%s\n' "${cpu[@]}" | sort -n | sed -n "${middle}p")"
  printf '  runs:'; printf ' %s' "${times[@]%% *}"; echo
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
measure cp "cp -r" cp -r "$dir/in/." "$dir/out/"
cores=$(nproc)
for j in 1 "$cores"; do
  measure "j$j" "silbato clean -j $j" "$cli" clean -j "$j" --out "$dir/out" "$dir/in"
  awk -v c="${median[cp]}" -v s="${median[j$j]}" -v j="$j" 'BEGIN { printf "  -j %s: %.2f times cp (goal: within 1.5)\n", j, s / c }'
done
"$cli" inspect "$dir/out/in/IMG_001.jpg" | head -3
rm -rf "$dir/out"
