// Which elements are text fields a person writes in (isolated world): a
// textarea, a text-like input, or the editing host of a contenteditable
// editor. Shared by the typing guard (typing.js) and the watch on typed
// text (before-typing.js).

const TEXT_INPUTS = new Set(['text', 'search', 'url', 'email', 'tel']);

export const isField = (el) => el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement;

/** The field `node` belongs to, or null. */
export function editableOf(node) {
  if (node instanceof HTMLTextAreaElement) return node.readOnly || node.disabled ? null : node;
  if (node instanceof HTMLInputElement) return TEXT_INPUTS.has(node.type) && !node.readOnly && !node.disabled ? node : null;
  let el = node instanceof Element ? node : node && node.parentElement;
  if (!el || !el.isContentEditable) return null;
  // The editing host: the outermost editable ancestor.
  while (el.parentElement && el.parentElement.isContentEditable) el = el.parentElement;
  return el;
}

export const textOf = (el) => (isField(el) ? el.value : el.innerText || '');
