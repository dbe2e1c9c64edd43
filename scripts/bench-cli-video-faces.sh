#!/bin/sh
# `silbato redact --faces` on a video (issue 20's CLI goal: a 1-minute
# 1080p30 H.264 video covered in at most its duration on this machine).
# The video is made here by ffmpeg as scripts/bench-video-faces.mjs makes
# the page's: a labelled photo of three faces, scaled up, panned across a
# 1080p frame at 6 Mb/s, with a tone. Prints the wall time, the time in
# each pass (from --json), the peak memory of Silbato and of its two
# ffmpeg children, and the ratio to the video's duration.
#   scripts/bench-cli-video-faces.sh [seconds=60]
set -eu
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cli=$root/target/release/silbato
[ -x "$cli" ] || (cd "$root" && make cli)
dataset=$root/build/faces-dataset/faces
[ -f "$dataset/2008_002506.jpg" ] || "$root/scripts/fetch-faces.sh" "$root/build/faces-dataset"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ffmpeg -v error -y \
  -f lavfi -i "color=c=0x708090:s=1920x1080:r=30:d=$seconds" \
  -loop 1 -framerate 30 -i "$dataset/2008_002506.jpg" \
  -f lavfi -i "sine=frequency=440:duration=$seconds" \
  -filter_complex "[1:v]scale=1000:750[p];[0:v][p]overlay=x='mod(n*4,920)':y=150:shortest=1[v]" \
  -map '[v]' -map 2:a -c:v libx264 -preset veryfast -b:v 6M -pix_fmt yuv420p -c:a aac -t "$seconds" "$dir/march.mp4"
/usr/bin/time -f '%e %M' -o "$dir/time" "$cli" redact --faces --json --out "$dir/out" "$dir/march.mp4" > "$dir/line"
read -r wall peak < "$dir/time"
node -e '
const line = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const [wall, peak, seconds] = process.argv.slice(2).map(Number);
const v = line.video;
if (!v) { console.log(line.error); process.exit(1); }
console.log(`${seconds} s of 1080p30: ${wall.toFixed(1)} s (${(wall / seconds).toFixed(2)}x its duration); ` +
  `search ${v.search_seconds.toFixed(1)} s (${v.searched} of ${v.frames} frames), cover and encode ${v.cover_seconds.toFixed(1)} s; ` +
  `frames covered ${v.frames_covered}; peak memory of the largest process ${(peak / 1024).toFixed(0)} MB`);
' "$dir/line" "$wall" "$peak" "$seconds"
