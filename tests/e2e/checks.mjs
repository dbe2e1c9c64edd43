// Independent checks of what a page received: exiftool's view (with -ee for
// video telemetry), classified by tag name as the Rust tests and the corpus
// manifest do, and pixels or packets decoded by ffmpeg (for documents, their
// text: poppler's for a PDF, the body's for a DOCX).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const dir = mkdtempSync(join(tmpdir(), 'silbato-e2e-'));
let n = 0;
export function toFile(bytes, name = 'file') {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

// MPEG: the bits of every MP3 frame header (CopyrightFlag is one), part of the audio itself.
const NEUTRAL = /^(System|File|ExifTool|Composite|JFIF|RIFF|GIF|APP14|Adobe|ICC.*|MPEG)$/;
const PNG_LAYOUT = /^(ImageWidth|ImageHeight|BitDepth|ColorType|Compression|Filter|Interlace|Gamma|SRGBRendering|PixelsPerUnit[XY]|PixelUnits|ProfileName|WhitePoint[XY]|(Red|Green|Blue)[XY]|AnimationFrames|AnimationPlays|SignificantBits|BackgroundColor|Transparency|Palette)$/;

export function classify(key) {
  const [group, tag = key] = key.includes(':') ? key.split(/:(.*)/s) : ['', key];
  if (NEUTRAL.test(group) || (group === 'PNG' && PNG_LAYOUT.test(tag))) return null;
  const t = tag.toLowerCase();
  if (group === 'GPS' || /gps|latitude|longitude|city|location|country|sublocation/.test(t) || t === 'state' || t === 'province-state') return 'location';
  if (t.includes('serial')) return 'serial';
  if (/artist|author|by-line|copyright|owner|rights|credit|contact|writer|photographer|personinimage|regionname|imageeditor/.test(t) || (t.includes('creator') && !t.includes('tool'))) return 'person';
  if (/uniqueid|documentid|instanceid|uuid|contentidentifier|burstid|photoidentifier/.test(t)) return 'unique_id';
  return null;
}

export function exiftool(path) {
  const out = execFileSync('exiftool', ['-j', '-a', '-u', '-G1', '-ee', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out)[0] ?? {};
}

const blank = (v) => v == null || (typeof v === 'string' && /^[\s0:.\-]*$/.test(v)) || v === 0;

/** Tags in the four blocking categories that are still there. */
export function leaks(bytes, name) {
  const tags = exiftool(toFile(bytes, name));
  return Object.entries(tags).filter(([k, v]) => !blank(v) && classify(k)).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
}

/** MD5 of the decoded pixels (photos) or of every kept stream's packets (videos). */
export function content(bytes, name) {
  const path = toFile(bytes, name);
  // Recordings: every audio packet (their bytes are copied, never rewritten).
  if (/\.(mp3|m4a|wav|flac|ogg|oga|opus)$/i.test(name)) {
    const out = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:a', '-c', 'copy', '-f', 'streamhash', '-'], { encoding: 'utf8' });
    return out.trim();
  }
  // PDFs: the text poppler extracts and the first page it draws.
  if (/\.pdf$/i.test(name)) {
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    const page = execFileSync('pdftoppm', ['-r', '36', '-gray', '-singlefile', path], { maxBuffer: 1 << 28 });
    return `${text}\n${createHash('md5').update(page).digest('hex')}`;
  }
  // Word documents: the text of the body (identifiers and comment anchors are markup).
  if (/\.docx$/i.test(name)) {
    const xml = execFileSync('unzip', ['-p', path, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return xml.replace(/<[^>]*>/g, '');
  }
  if (/\.(mp4|mov|3gp)$/i.test(name)) {
    const out = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:v', '-map', '0:a?', '-c', 'copy', '-f', 'streamhash', '-'], { encoding: 'utf8' });
    return out.trim();
  }
  if (/\.(heic|avif)$/i.test(name)) {
    const png = `${path}.png`;
    execFileSync('heif-convert', [path, png], { stdio: 'ignore' });
    return content(execFileSync('cat', [png]), 'x.png');
  }
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 30 });
  return createHash('md5').update(raw).digest('hex');
}
