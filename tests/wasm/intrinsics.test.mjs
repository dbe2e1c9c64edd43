// The built-ins the page-world code calls while the page runs
// (extension/content/intrinsics.js): lists grown and descriptors read with
// the page's Array.prototype and Object.prototype turned against them.
// (The same in Chromium, around frames: tests/e2e/attack26.test.mjs and
// attack27.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { getOwnPropertyDescriptor, push } from '../../extension/content/intrinsics.js';

/** Run `fn` with accessors on `proto` at `keys` that record their calls and drop what is set; the calls. */
function withTraps(proto, keys, fn) {
  const calls = [];
  for (const k of keys) {
    Object.defineProperty(proto, k, {
      __proto__: null,
      get() {
        calls.push(`get ${String(k)}`);
        return undefined;
      },
      set() {
        calls.push(`set ${String(k)}`);
      },
      configurable: true,
    });
  }
  try {
    fn();
  } finally {
    for (const k of keys) delete proto[k];
  }
  return calls;
}

test('push makes own items when Array.prototype and Object.prototype drop every index', () => {
  for (const proto of [Array.prototype, Object.prototype]) {
    const list = [];
    const calls = withTraps(proto, ['0', '1', '2'], () => {
      push(list, 'a');
      push(list, 'b');
      push(list, 'c');
    });
    assert.deepEqual(calls, []);
    assert.equal(list.length, 3);
    assert.deepEqual(Object.keys(list), ['0', '1', '2']);
    assert.deepEqual([list[0], list[1], list[2]], ['a', 'b', 'c']);
  }
});

test('a descriptor lacks what it lacks: no getter of the page on Object.prototype is read', () => {
  const data = { x: 1 };
  const accessor = {
    get y() {
      return 2;
    },
  };
  const calls = withTraps(Object.prototype, ['get', 'set', 'value', 'writable'], () => {
    const d = getOwnPropertyDescriptor(data, 'x');
    assert.equal(d.get, undefined);
    assert.equal(d.set, undefined);
    assert.equal(d.value, 1);
    const a = getOwnPropertyDescriptor(accessor, 'y');
    assert.equal(a.value, undefined);
    assert.equal(a.writable, undefined);
    assert.equal(typeof a.get, 'function');
    assert.equal(getOwnPropertyDescriptor(data, 'missing'), undefined);
  });
  assert.deepEqual(calls, []);
});
