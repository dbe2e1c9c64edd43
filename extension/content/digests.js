// MD5, SHA-1, SHA-256 and SHA-512 as hexadecimal text, for typed-match.js:
// is a digest of what the person typed in what a page sends? They run in
// the page world while the page runs, so they use nothing a page can
// replace (a library's DataView, typed-array methods or `instanceof` would
// each tell the page a digest was being computed): only arithmetic and
// typed-array elements. The algorithms are RFC 1321 (MD5) and FIPS 180-4
// (the SHA family); the Node tests check them against node:crypto.

const Words = Int32Array;
const Bytes = Uint8Array;
const { ceil, floor } = Math;
/** A copy of `from` (a typed array: copied by index, no iterator asked). */
const copyOf = (from) => {
  const out = new Words(from.length);
  for (let i = 0; i < from.length; i++) out[i] = from[i];
  return out;
};
const HEX = '0123456789abcdef';
const hex32 = (x) => {
  let out = '';
  for (let s = 28; s >= 0; s -= 4) out += HEX[(x >>> s) & 15];
  return out;
};

/** `bytes` padded to whole blocks of `block` bytes: 0x80, zeros, and the length in bits in its last `lengthBytes` bytes. */
function padded(bytes, block, lengthBytes, littleEndian) {
  const n = bytes.length;
  const total = ceil((n + 1 + lengthBytes) / block) * block;
  const out = new Bytes(total);
  for (let i = 0; i < n; i++) out[i] = bytes[i];
  out[n] = 0x80;
  // Lengths under 2^53 bits: the high bytes stay zero.
  let bits = n * 8;
  for (let i = 0; i < 7; i++) {
    out[littleEndian ? total - lengthBytes + i : total - 1 - i] = bits % 256;
    bits = floor(bits / 256);
  }
  return out;
}
const big = (b, i) => (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
const little = (b, i) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
const rotl = (x, n) => (x << n) | (x >>> (32 - n));
const rotr = (x, n) => (x >>> n) | (x << (32 - n));

// ---- MD5 (RFC 1321) ----
const MD5_K = new Words(64);
for (let i = 0; i < 64; i++) MD5_K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) | 0;
const MD5_S = new Words([7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]);

export function md5Hex(bytes) {
  const b = padded(bytes, 64, 8, true);
  const m = new Words(16);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let at = 0; at < b.length; at += 64) {
    for (let j = 0; j < 16; j++) m[j] = little(b, at + j * 4);
    let A = a0;
    let B = b0;
    let C = c0;
    let D = d0;
    for (let i = 0; i < 64; i++) {
      let f;
      let g;
      if (i < 16) {
        f = (B & C) | (~B & D);
        g = i;
      } else if (i < 32) {
        f = (D & B) | (~D & C);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = B ^ C ^ D;
        g = (3 * i + 5) % 16;
      } else {
        f = C ^ (B | ~D);
        g = (7 * i) % 16;
      }
      f = (f + A + MD5_K[i] + m[g]) | 0;
      A = D;
      D = C;
      C = B;
      B = (B + rotl(f, MD5_S[(i >> 4) * 4 + (i % 4)])) | 0;
    }
    a0 = (a0 + A) | 0;
    b0 = (b0 + B) | 0;
    c0 = (c0 + C) | 0;
    d0 = (d0 + D) | 0;
  }
  const le = (x) => {
    let out = '';
    for (let k = 0; k < 4; k++) out += HEX[(x >>> (k * 8 + 4)) & 15] + HEX[(x >>> (k * 8)) & 15];
    return out;
  };
  return le(a0) + le(b0) + le(c0) + le(d0);
}

// ---- SHA-1 (FIPS 180-4 §6.1) ----
const H1 = new Words([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);
export function sha1Hex(bytes) {
  const b = padded(bytes, 64, 8, false);
  const w = new Words(80);
  const h = copyOf(H1);
  for (let at = 0; at < b.length; at += 64) {
    for (let t = 0; t < 16; t++) w[t] = big(b, at + t * 4);
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    let A = h[0];
    let B = h[1];
    let C = h[2];
    let D = h[3];
    let E = h[4];
    for (let t = 0; t < 80; t++) {
      let f;
      let k;
      if (t < 20) {
        f = (B & C) | (~B & D);
        k = 0x5a827999;
      } else if (t < 40) {
        f = B ^ C ^ D;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (B & C) | (B & D) | (C & D);
        k = 0x8f1bbcdc | 0;
      } else {
        f = B ^ C ^ D;
        k = 0xca62c1d6 | 0;
      }
      const T = (rotl(A, 5) + f + E + k + w[t]) | 0;
      E = D;
      D = C;
      C = rotl(B, 30);
      B = A;
      A = T;
    }
    h[0] = (h[0] + A) | 0;
    h[1] = (h[1] + B) | 0;
    h[2] = (h[2] + C) | 0;
    h[3] = (h[3] + D) | 0;
    h[4] = (h[4] + E) | 0;
  }
  let out = '';
  for (let i = 0; i < 5; i++) out += hex32(h[i]);
  return out;
}

// Constants of FIPS 180-4 §4.2.2, §4.2.3, §5.3.3 and §5.3.5 (fractional
// parts of the cube and square roots of the first primes; 64-bit ones as
// high and low halves).
const K256 = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];
const H256 = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const K512 = [
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc, 0x3956c25b,
  0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118, 0xd807aa98, 0xa3030242,
  0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2, 0x72be5d74, 0xf27b896f, 0x80deb1fe,
  0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694, 0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3,
  0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65, 0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc,
  0xbd41fbd4, 0x76f988da, 0x831153b5, 0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f,
  0xbf597fc7, 0xbeef0ee4, 0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967,
  0x0a0e6e70, 0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b, 0xa2bfe8a1,
  0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30, 0xd192e819, 0xd6ef5218,
  0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8, 0x19a4c116, 0xb8d2d0c8, 0x1e376c08,
  0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8, 0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb,
  0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3, 0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814,
  0xa1f0ab72, 0x8cc70208, 0x1a6439ec, 0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915,
  0xc67178f2, 0xe372532b, 0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f,
  0xee6ed178, 0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c, 0x4cc5d4be,
  0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
];
const H512 = [
  0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1, 0x510e527f,
  0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
];

// ---- SHA-256 (FIPS 180-4 §6.2) ----
const K256_ = new Words(K256);
const H256_ = new Words(H256);
export function sha256Hex(bytes) {
  const b = padded(bytes, 64, 8, false);
  const w = new Words(64);
  const h = copyOf(H256_);
  for (let at = 0; at < b.length; at += 64) {
    for (let t = 0; t < 16; t++) w[t] = big(b, at + t * 4);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let A = h[0];
    let B = h[1];
    let C = h[2];
    let D = h[3];
    let E = h[4];
    let F = h[5];
    let G = h[6];
    let H = h[7];
    for (let t = 0; t < 64; t++) {
      const S1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
      const ch = (E & F) ^ (~E & G);
      const T1 = (H + S1 + ch + K256_[t] + w[t]) | 0;
      const S0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
      const maj = (A & B) ^ (A & C) ^ (B & C);
      const T2 = (S0 + maj) | 0;
      H = G;
      G = F;
      F = E;
      E = (D + T1) | 0;
      D = C;
      C = B;
      B = A;
      A = (T1 + T2) | 0;
    }
    h[0] = (h[0] + A) | 0;
    h[1] = (h[1] + B) | 0;
    h[2] = (h[2] + C) | 0;
    h[3] = (h[3] + D) | 0;
    h[4] = (h[4] + E) | 0;
    h[5] = (h[5] + F) | 0;
    h[6] = (h[6] + G) | 0;
    h[7] = (h[7] + H) | 0;
  }
  let out = '';
  for (let i = 0; i < 8; i++) out += hex32(h[i]);
  return out;
}

// ---- SHA-512 (FIPS 180-4 §6.4), in 32-bit halves: x[2i] high, x[2i+1] low ----
const K512_ = new Words(K512);
const H512_ = new Words(H512);
/** Rotate right by n (0 < n < 64, n ≠ 32) the 64-bit (hi, lo): its high half, then its low half. */
const rotrHi = (hi, lo, n) => (n < 32 ? (hi >>> n) | (lo << (32 - n)) : (lo >>> (n - 32)) | (hi << (64 - n)));
const rotrLo = (hi, lo, n) => (n < 32 ? (lo >>> n) | (hi << (32 - n)) : (hi >>> (n - 32)) | (lo << (64 - n)));
const shrHi = (hi, _lo, n) => hi >>> n;
const shrLo = (hi, lo, n) => (lo >>> n) | (hi << (32 - n));
const u = (x) => x >>> 0;

export function sha512Hex(bytes) {
  const b = padded(bytes, 128, 16, false);
  const w = new Words(160);
  const h = copyOf(H512_);
  const v = new Words(16);
  for (let at = 0; at < b.length; at += 128) {
    for (let t = 0; t < 32; t++) w[t] = big(b, at + t * 4);
    for (let t = 16; t < 80; t++) {
      const xh = w[2 * (t - 15)];
      const xl = w[2 * (t - 15) + 1];
      const s0h = rotrHi(xh, xl, 1) ^ rotrHi(xh, xl, 8) ^ shrHi(xh, xl, 7);
      const s0l = rotrLo(xh, xl, 1) ^ rotrLo(xh, xl, 8) ^ shrLo(xh, xl, 7);
      const yh = w[2 * (t - 2)];
      const yl = w[2 * (t - 2) + 1];
      const s1h = rotrHi(yh, yl, 19) ^ rotrHi(yh, yl, 61) ^ shrHi(yh, yl, 6);
      const s1l = rotrLo(yh, yl, 19) ^ rotrLo(yh, yl, 61) ^ shrLo(yh, yl, 6);
      const lo = u(w[2 * (t - 16) + 1]) + u(s0l) + u(w[2 * (t - 7) + 1]) + u(s1l);
      w[2 * t] = (w[2 * (t - 16)] + s0h + w[2 * (t - 7)] + s1h + ((lo / 4294967296) | 0)) | 0;
      w[2 * t + 1] = lo | 0;
    }
    for (let i = 0; i < 16; i++) v[i] = h[i];
    for (let t = 0; t < 80; t++) {
      // v: a b c d e f g h, each as (hi, lo) at 2i, 2i+1.
      const eh = v[8];
      const el = v[9];
      const S1h = rotrHi(eh, el, 14) ^ rotrHi(eh, el, 18) ^ rotrHi(eh, el, 41);
      const S1l = rotrLo(eh, el, 14) ^ rotrLo(eh, el, 18) ^ rotrLo(eh, el, 41);
      const chh = (eh & v[10]) ^ (~eh & v[12]);
      const chl = (el & v[11]) ^ (~el & v[13]);
      const t1l = u(v[15]) + u(S1l) + u(chl) + u(K512_[2 * t + 1]) + u(w[2 * t + 1]);
      const t1h = (v[14] + S1h + chh + K512_[2 * t] + w[2 * t] + ((t1l / 4294967296) | 0)) | 0;
      const ah = v[0];
      const al = v[1];
      const S0h = rotrHi(ah, al, 28) ^ rotrHi(ah, al, 34) ^ rotrHi(ah, al, 39);
      const S0l = rotrLo(ah, al, 28) ^ rotrLo(ah, al, 34) ^ rotrLo(ah, al, 39);
      const majh = (ah & v[2]) ^ (ah & v[4]) ^ (v[2] & v[4]);
      const majl = (al & v[3]) ^ (al & v[5]) ^ (v[3] & v[5]);
      const t2l = u(S0l) + u(majl);
      const t2h = (S0h + majh + ((t2l / 4294967296) | 0)) | 0;
      for (let i = 15; i >= 2; i--) v[i] = v[i - 2];
      // e = d + T1
      const el2 = u(v[9]) + u(t1l | 0);
      v[8] = (v[8] + t1h + ((el2 / 4294967296) | 0)) | 0;
      v[9] = el2 | 0;
      // a = T1 + T2
      const al2 = u(t1l | 0) + u(t2l | 0);
      v[0] = (t1h + t2h + ((al2 / 4294967296) | 0)) | 0;
      v[1] = al2 | 0;
    }
    for (let i = 0; i < 16; i += 2) {
      const lo = u(h[i + 1]) + u(v[i + 1]);
      h[i] = (h[i] + v[i] + ((lo / 4294967296) | 0)) | 0;
      h[i + 1] = lo | 0;
    }
  }
  let out = '';
  for (let i = 0; i < 16; i++) out += hex32(h[i]);
  return out;
}
