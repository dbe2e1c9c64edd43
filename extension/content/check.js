// What the upload guard makes of one file: the cleaner's plan becomes the
// cleaned copy (slices of the original: nothing is read twice), or a reason
// in plain words why it could not be cleaned; and what was removed, said in
// one phrase for the notice.
import { lang, t } from '../../js/ext.js';
import { planToFile } from '../../js/plan.js';
import * as cleaner from './cleaner-client.js';

// Kinds of files people attach that the core does not read (older Office
// files, e-books, archives, raw audio): attached as they are, with a note.
const DOCUMENT = /\.(pdf|docx?|xlsx?|pptx?|od[tsp]|rtf|epub|pages|numbers|key|zip|mp3|m4a|flac|ogg|wav|aac)$/i;
const MEDIA = /\.(jpe?g|png|gif|webp|hei[cf]|avif|tiff?|dng|cr[23w]|nef|arw|orf|rw2|raf|jxl|bmp|mp4|m4v|mov|3gp|mkv|webm|avi|mts|m2ts)$/i;
/** Why a file could not be cleaned, in plain words, by the core's error kind. */
export function reasonFor(error) {
  switch (error && error.kind) {
    case 'unsupported':
      return t('reasonUnsupported');
    case 'truncated':
    case 'malformed':
      return t('reasonDamaged');
    case 'limit_exceeded':
      return t('reasonTooLarge');
    case 'unverified':
      return t('reasonUnverified');
    case 'sandboxed':
      return t('reasonSandboxed');
    default:
      return t('reasonUnknown');
  }
}

/**
 * What a file is: { file, kind: 'cleaned' | 'clean' | 'document' | 'other'
 * | 'failed', plan?, format?, removed?, nameFindings?, damage?, named?,
 * reason? }. The copy the page gets is made later (`handOver`), once its
 * name is known.
 */
export async function check(file) {
  if (file.size === 0) return { file, kind: 'other' };
  try {
    const { plan, nameFindings, named } = await cleaner.plan(file);
    const removed = plan.removed.findings;
    return { file, kind: removed.length ? 'cleaned' : 'clean', plan, format: plan.format, removed, nameFindings, damage: plan.removed.damage || null, named };
  } catch (error) {
    // Only a kind of file the core does not read goes through, with a note;
    // one it reads (a document, a recording, a photo) that fails is kept back.
    if (error && error.kind === 'unsupported' && error.known === false && !MEDIA.test(file.name) && !/^(image|video)\//.test(file.type)) {
      return { file, kind: DOCUMENT.test(file.name) || /pdf|officedocument|msword|opendocument|zip|audio/.test(file.type) ? 'document' : 'other' };
    }
    return { file, kind: 'failed', reason: reasonFor(error) };
  }
}

/**
 * The copies the page gets of the files Silbato checked: cleaned, under a
 * neutral name (photo.jpg, photo-2.jpg, video.mp4) unless the person keeps
 * names, and dated now, so nothing of the original's name or date goes
 * with them. A name that said something is counted as removed.
 */
export async function handOver(results, keepNames) {
  const vetted = results.filter((r) => r.kind === 'cleaned' || r.kind === 'clean');
  let names = vetted.map((r) => r.file.name);
  if (!keepNames && vetted.length) {
    try {
      names = await cleaner.names(vetted.map((r) => r.format));
    } catch {
      // The cleaner has just answered for these files; if it cannot name them, they keep theirs.
    }
  }
  vetted.forEach((r, i) => {
    const name = names[i] || r.file.name;
    r.cleaned = r.kind === 'cleaned' ? planToFile(r.plan, r.file, name) : new File([r.file], name, { type: r.file.type, lastModified: Date.now() });
    if (name !== r.file.name && r.nameFindings.length) {
      r.removed = [...r.removed, ...r.nameFindings];
      r.kind = 'cleaned';
    }
  });
}

/** "the exact location, about 2 km from Minneapolis, the camera's serial number and names of people". */
export function summary(all) {
  // What the file's name said is told apart from what was inside it.
  const byName = all.some((f) => f.tag === 'FileName');
  const removed = all.filter((f) => f.tag !== 'FileName');
  const has = (cat) => removed.some((f) => f.category === cat);
  const out = [];
  if (has('location')) {
    const fix = removed.find((f) => f.category === 'location' && f.position && f.position.place);
    const exact = removed.some((f) => f.category === 'location' && f.severity === 'high' && !f.tag.startsWith('Track:'));
    const track = removed.some((f) => f.category === 'location' && f.tag.startsWith('Track:'));
    if (fix) out.push(t('phraseLocationNear', [fix.position.place]));
    else if (exact) out.push(t('phraseLocation'));
    else if (track) out.push(t('phraseTelemetry'));
    else out.push(t('phrasePlace'));
  }
  const rest = [
    ['serial', 'phraseSerial'],
    ['person', 'phrasePerson'],
    ['unique_id', 'phraseUniqueId'],
    ['embedded', 'phraseEmbedded'],
    ['device', 'phraseDevice'],
    ['timestamp', 'phraseTimestamp'],
    ['text', 'phraseText'],
    ['software', 'phraseSoftware'],
  ];
  for (const [cat, key] of rest) if (has(cat)) out.push(t(key));
  if (byName) out.push(t('phraseFileName'));
  const shown = out.length > 3 ? [...out.slice(0, 3), t('andMore')] : out;
  return new Intl.ListFormat(lang, { type: 'conjunction' }).format(shown);
}
