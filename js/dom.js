// Building DOM from untrusted text, for the extension's popup and the offline
// page: attributes and text nodes only, never HTML, so nothing a page or a
// file says can become markup.

/** A DOM element: `h('li', { class: 'x' }, 'text', child, [more])`. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
