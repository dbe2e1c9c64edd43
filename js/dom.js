// Building DOM from untrusted text, for the extension's popup and the offline
// page: attributes and text nodes only, never HTML, so nothing a page or a
// file says can become markup.

/**
 * A new HTML element of `doc`: in an XML document (an XHTML or SVG page
 * served as XML), createElement makes a plain Element that is no input,
 * button or frame at all (attack41's xml pages).
 */
export const html = (tag, doc = document) => doc.createElementNS('http://www.w3.org/1999/xhtml', tag);

/** A DOM element: `h('li', { class: 'x' }, 'text', child, [more])`. */
export function h(tag, attrs = {}, ...children) {
  const el = html(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
