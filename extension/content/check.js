// What the upload guard makes of one file: the cleaner's plan becomes the
// cleaned copy (slices of the original: nothing is read twice), or a reason
// in plain words why it could not be cleaned; and what was removed, said in
// one phrase for the notice.
import { lang, t } from '../../js/ext.js';
import { planToFile } from '../../js/plan.js';
import * as cleaner from './cleaner-client.js';

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
    default:
      return t('reasonUnknown');
  }
}

/**
 * What a file becomes: { file, kind: 'cleaned' | 'clean' | 'document' |
 * 'other' | 'failed', cleaned?, removed?, named?, reason? }. `cleaned` is
 * the cleaned copy, named `name`; nothing of the original's name or date
 * goes with it.
 */
export async function check(file, name = file.name) {
  if (file.size === 0) return { file, kind: 'other' };
  try {
    const { plan, named } = await cleaner.plan(file);
    const removed = plan.removed.findings;
    if (!removed.length) return { file, kind: 'clean' };
    return { file, kind: 'cleaned', cleaned: planToFile(plan, file, name), removed, named };
  } catch (error) {
    if (error && error.kind === 'unsupported' && !MEDIA.test(file.name) && !/^(image|video)\//.test(file.type)) {
      return { file, kind: DOCUMENT.test(file.name) || /pdf|officedocument|msword|opendocument|zip|audio/.test(file.type) ? 'document' : 'other' };
    }
    return { file, kind: 'failed', reason: reasonFor(error) };
  }
}

/** "the exact location, about 2 km from Minneapolis, the camera's serial number and names of people". */
export function summary(removed) {
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
  const shown = out.length > 3 ? [...out.slice(0, 3), t('andMore')] : out;
  return new Intl.ListFormat(lang, { type: 'conjunction' }).format(shown);
}
