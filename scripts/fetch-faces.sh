#!/usr/bin/env bash
# The labelled set of photos with faces used to measure face detection
# (tests/faces.rs, docs/faces.md): the examples of dlib's face detector,
# PASCAL VOC 2011 photos with every face boxed by hand (training.xml,
# testing.xml: 9 photos, 43 faces), a photo of 24 faces without labels
# (bald_guys.jpg) and one with dogs and no people (dogs.jpg). They come in
# dlib 19.5.0's source package on PyPI (the only release that ships its
# docs), checked by its SHA-256. For testing only: nothing of it is shipped.
#
# Usage: scripts/fetch-faces.sh DIR   (idempotent; DIR/faces/ when done)
set -euo pipefail
dir=${1:-build/faces-dataset}
url=https://files.pythonhosted.org/packages/82/68/3c471ddd73afb1378eee507d765bf186e724e8bc81eb44501a99345d89c7/dlib-19.5.0.tar.gz
sha=b5896c7a51992441eac605395e07f2b31548376cadc1f392d93f69c821e6552e
[ -f "$dir/faces/testing.xml" ] && exit 0
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetching the labelled face photos (dlib 19.5.0 from PyPI, 47 MB)"
curl -fsSL --retry 3 --max-time 600 -o "$tmp/dlib.tar.gz" "$url"
echo "$sha  $tmp/dlib.tar.gz" | sha256sum -c --quiet
tar -xzf "$tmp/dlib.tar.gz" -C "$tmp" dlib-19.5.0/docs/docs/cache/examples/faces
rm -rf "$dir/faces"
mv "$tmp/dlib-19.5.0/docs/docs/cache/examples/faces" "$dir/faces"
