#!/usr/bin/env bash
# The labelled set of photos with faces used to measure face detection
# (tests/faces.rs, docs/faces.md): the examples of dlib's face detector,
# PASCAL VOC 2011 photos with every face boxed by hand (training.xml,
# testing.xml: 9 photos, 43 faces), a photo of 24 faces without labels
# (bald_guys.jpg) and one with dogs and no people (dogs.jpg). They come in
# dlib 19.5.0's source package on PyPI (the only release that ships its
# docs), checked by its SHA-256. For testing only: nothing of it is shipped.
#
# Also, from insightface 2.1's source package on PyPI (MIT; checked by
# SHA-256): t1.jpg, six people at a table with their faces turned and
# tilted (labelled by eye in tests/faces.rs), and mask_white.jpg, the
# texture insightface lays over faces to make masked ones (tests/faces.rs
# does the same, and draws sunglasses, over dlib's labelled faces).
#
# Usage: scripts/fetch-faces.sh DIR   (idempotent; DIR/faces/ and
# DIR/insightface/ when done)
set -euo pipefail
dir=${1:-build/faces-dataset}
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() { # url sha256 file
  curl -fsSL --retry 3 --max-time 600 -o "$3" "$1"
  echo "$2  $3" | sha256sum -c --quiet
}

if [ ! -f "$dir/insightface/t1.jpg" ]; then
  echo "fetching turned faces and a mask texture (insightface 2.1 from PyPI, 1 MB)"
  fetch https://files.pythonhosted.org/packages/11/c7/7064625547238052effa5422b7d3e5512fa921dc0445737096861986e580/insightface-2.1.tar.gz \
    776cbd36b70f5f2ae1a026101cfb80387f0b2280a0dbaf073f8d3ed69f554e01 "$tmp/insightface.tar.gz"
  tar -xzf "$tmp/insightface.tar.gz" -C "$tmp" insightface-2.1/insightface/data/images/t1.jpg insightface-2.1/insightface/data/images/mask_white.jpg
  rm -rf "$dir/insightface"
  mv "$tmp/insightface-2.1/insightface/data/images" "$dir/insightface"
fi

if [ ! -f "$dir/faces/testing.xml" ]; then
  echo "fetching the labelled face photos (dlib 19.5.0 from PyPI, 47 MB)"
  fetch https://files.pythonhosted.org/packages/82/68/3c471ddd73afb1378eee507d765bf186e724e8bc81eb44501a99345d89c7/dlib-19.5.0.tar.gz \
    b5896c7a51992441eac605395e07f2b31548376cadc1f392d93f69c821e6552e "$tmp/dlib.tar.gz"
  tar -xzf "$tmp/dlib.tar.gz" -C "$tmp" dlib-19.5.0/docs/docs/cache/examples/faces
  rm -rf "$dir/faces"
  mv "$tmp/dlib-19.5.0/docs/docs/cache/examples/faces" "$dir/faces"
fi
# For make: the set is up to date with this script.
touch "$dir/faces/testing.xml"
