// Silbato's icon, drawn as PNG at any size so that no image file has to be
// committed: used by scripts/build-extension.mjs and scripts/build-www.mjs.
import { deflateSync } from 'node:zlib';

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const whistle = (x, y) => {
  const inDisc = (x - 0.42) ** 2 + (y - 0.58) ** 2 < 0.33 ** 2;
  const inPipe = x > 0.42 && x < 0.95 && y > 0.25 && y < 0.45;
  const inHole = (x - 0.42) ** 2 + (y - 0.58) ** 2 < 0.1 ** 2;
  if (inHole) return [31, 36, 48, 255];
  return inDisc || inPipe ? [242, 163, 58, 255] : [0, 0, 0, 0];
};

/** The icon as PNG bytes, `size` pixels square. */
export const icon = (size) => png(size, whistle);
