#!/usr/bin/env bash
# Makes samples/sample.jpg, the photo `silbato demo` (and `make`) inspects
# and cleans: a picture drawn here, with real metadata written by exiftool
# (a GPS position about 2 km from central Minneapolis, a camera serial
# number, the owner's and artist's names, a thumbnail, XMP and IPTC).
# Needs python3-pil and libimage-exiftool-perl. The result is committed so
# that a build never depends on these tools; rerun only to change it.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$tmp" <<'PY'
import sys
from PIL import Image, ImageDraw
w, h = 480, 320
img = Image.new("RGB", (w, h))
d = ImageDraw.Draw(img)
for y in range(h):  # evening sky
    t = y / h
    d.line([(0, y), (w, y)], fill=(int(40 + 180 * t), int(60 + 90 * t), int(140 - 40 * t)))
d.rectangle([0, 230, w, h], fill=(60, 60, 66))           # street
for x in range(0, w, 60):
    d.rectangle([x + 10, 270, x + 40, 276], fill=(230, 210, 80))
for i, x in enumerate(range(20, w, 90)):                 # houses
    d.rectangle([x, 150 - 10 * (i % 3), x + 70, 230], fill=(150 + 15 * i % 80, 90, 70))
    d.rectangle([x + 25, 195, x + 45, 230], fill=(50, 35, 30))
d.ellipse([380, 30, 430, 80], fill=(250, 235, 180))      # moon
d.rectangle([200, 120, 280, 170], fill=(245, 245, 240))  # a sign
d.line([(240, 170), (240, 230)], fill=(240, 240, 240), width=4)
img.save(sys.argv[1] + "/sample.jpg", quality=85)
img.resize((160, 107)).save(sys.argv[1] + "/thumb.jpg", quality=80)
PY

exiftool -q -overwrite_original \
  -Make=Canon -Model="Canon EOS 80D" -Software="Firmware 1.0.2" \
  -SerialNumber=SLB204177 -LensSerialNumber=0000c1a5e4 \
  -OwnerName="Rosa Ejemplo" -Artist="Rosa Ejemplo" -Copyright="(c) Rosa Ejemplo" \
  -DateTimeOriginal="2026:01:17 18:42:07" -OffsetTimeOriginal="-06:00" \
  -ImageUniqueID=7f3e2a9c41d84b0e9a6c2f1e5d7b3a10 \
  -GPSLatitude=44.9618 -GPSLatitudeRef=N -GPSLongitude=93.2710 -GPSLongitudeRef=W \
  -GPSAltitude=256 -GPSAltitudeRef=0 \
  "-ThumbnailImage<=$tmp/thumb.jpg" \
  -XMP-dc:Creator="Rosa Ejemplo" -XMP-photoshop:City=Minneapolis \
  -IPTC:By-line="Rosa Ejemplo" -IPTC:Caption-Abstract="Vecinos en la calle Lake" \
  -Comment="sent from my camera" \
  "$tmp/sample.jpg"
mkdir -p samples
cp "$tmp/sample.jpg" samples/sample.jpg
ls -l samples/sample.jpg
