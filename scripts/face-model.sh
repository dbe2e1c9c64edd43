#!/usr/bin/env bash
# Copies SeetaFace's face model (BSD-2-Clause) from the rustface crate's
# package, as Cargo fetched it, to $1. The CLI embeds the same file (build.rs);
# the extension and the offline page fetch it only when faces are wanted.
set -euo pipefail
cd "$(dirname "$0")/.."
manifest=$(cargo metadata --format-version 1 --locked | node -e '
let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
  const p = JSON.parse(s).packages.find((p) => p.name === "rustface");
  if (!p) process.exit(1);
  console.log(p.manifest_path);
});')
cp "$(dirname "$manifest")/model/seeta_fd_frontal_v1.0.bin" "$1"
