// Ordinary pages' frame work, as page code (the body of an async function
// that returns each step's outcome: 'ok' or what it threw): objects, embeds
// and iframes given new addresses, written, moved between documents, emptied
// and removed, and a popup written and closed. Run on an ordinary page with
// and without Silbato, in Chromium (frames.test.mjs) and in firefox-esr
// (tests/firefox/frames.test.mjs): each step must end as it does without.
// Served pages used: /attack25-inner (server.mjs).
export const FRAME_WORK = `
const out = {};
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const step = async (name, fn) => { try { await fn(); out[name] = 'ok'; } catch (e) { out[name] = String(e); } };
const INNER = '/attack25-inner';
await step('objdata', async () => {
  const o = document.createElement('object');
  o.data = INNER;
  o.width = 50;
  document.body.append(o);
  await wait(300);
  o.data = INNER + '?2';
  await wait(300);
  o.setAttribute('data', INNER + '?3');
  await wait(200);
  o.remove();
});
await step('iframesrc', async () => {
  const f = document.createElement('iframe');
  f.src = INNER;
  document.body.append(f);
  await wait(300);
  f.src = INNER + '?2';
  await wait(300);
  f.contentWindow.location = INNER + '?3';
  await wait(300);
  f.remove();
});
await step('iframewrite', async () => {
  const f = document.createElement('iframe');
  document.body.append(f);
  const d = f.contentDocument;
  d.open();
  d.write('<p>x</p><iframe></iframe><object data="' + INNER + '"></object>');
  d.close();
  await wait(300);
  d.body.innerHTML = '';
  f.remove();
});
await step('adoptframe', async () => {
  const f = document.createElement('iframe');
  f.srcdoc = '<div id=a><iframe></iframe><object data=' + INNER + '></object></div>';
  document.body.append(f);
  await wait(500);
  const a = f.contentDocument.getElementById('a');
  document.body.append(a);
  await wait(200);
  f.remove();
  a.remove();
});
await step('movebetween', async () => {
  const b = document.createElement('div');
  document.body.append(b);
  const f = document.createElement('iframe');
  b.append(f);
  await wait(100);
  const c = document.createElement('div');
  document.body.append(c);
  c.append(f);
  c.replaceChildren();
  b.remove();
  c.remove();
});
await step('embedswap', async () => {
  const e = document.createElement('embed');
  e.src = INNER;
  document.body.append(e);
  await wait(300);
  e.src = INNER + '?2';
  await wait(200);
  e.replaceWith(document.createElement('span'));
});
await step('popup', async () => {
  const w = window.open('', '_blank');
  if (!w) throw new Error('no popup');
  w.document.write('<iframe></iframe>');
  w.document.close();
  await wait(200);
  w.close();
  await wait(200);
  void w.closed;
});
await step('removeDuringLoad', async () => {
  const f = document.createElement('iframe');
  f.onload = () => f.remove();
  f.src = INNER;
  document.body.append(f);
  await wait(500);
});
await step('nestedRemove', async () => {
  const f = document.createElement('iframe');
  document.body.append(f);
  const g = f.contentDocument.createElement('iframe');
  f.contentDocument.body.append(g);
  const inner = g.contentWindow;
  f.remove();
  void inner.closed;
  document.body.append(document.createElement('i'));
});
await step('innerHTMLframes', async () => {
  const d = document.createElement('div');
  document.body.append(d);
  d.innerHTML = '<iframe></iframe><object data="' + INNER + '"></object><embed src="' + INNER + '">';
  await wait(300);
  d.innerHTML = '<iframe srcdoc="<p>a</p>"></iframe>';
  await wait(300);
  d.textContent = '';
  d.remove();
});
await step('docopenTop', async () => {
  const f = document.createElement('iframe');
  f.src = INNER;
  document.body.append(f);
  await wait(300);
  f.contentDocument.open();
  f.contentDocument.write('<object data="' + INNER + '"></object>');
  f.contentDocument.close();
  await wait(300);
  f.remove();
});
return out;
`;
/** How many steps FRAME_WORK takes. */
export const FRAME_STEPS = 11;
