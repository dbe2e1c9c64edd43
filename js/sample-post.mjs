// A long post (about 10 KB) of the kind Silbato checks as someone types:
// prose in English and Spanish with share links, a phone number, an address
// and coordinates here and there. Used by the wasm test and the text benchmark.
const paragraphs = [
  'Neighbours reported agents at the corner this morning. Stay calm, record from a distance and do not open the door without a judicial warrant. ',
  'Video here: https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjK and the thread https://x.com/someone/status/1790000000000000000?t=AbC_dEf&s=19 ',
  'Vecinos vieron agentes en la esquina esta mañana. Mantén la calma, graba desde lejos y no abras la puerta sin una orden judicial firmada. ',
  'Más información: https://www.instagram.com/reel/C1a2B3c4D5e/?igsh=MTc4MmM1YmI2Ng== y https://example.org/derechos?utm_source=newsletter ',
  'Know your rights: you have the right to remain silent. Rapid response line: (612) 555-0199. Meeting at 1234 W Lake St, 7 pm. ',
  'Punto de encuentro: 44.9483, -93.2880. Trae agua y una batería para el teléfono. https://www.reddit.com/r/Minneapolis/s/9aRRC2rZpd ',
];

export function samplePost(bytes = 10 * 1024) {
  let text = '';
  for (let i = 0; new TextEncoder().encode(text).length < bytes; i++) text += paragraphs[i % paragraphs.length];
  return text;
}
