// Page world: files are held back where the page reads them. Every way
// Silbato knows of opening a picker goes to its own (pickers.js), but each
// of those checks is made before the browser acts, and a page's listeners
// can undo it before Chromium's activation reads it (attack 44: a label the
// person clicked taken out of the page in its own click; a click deep
// inside a detached label): the browser's own picker then fills an input no
// listener of the guard's hears. So wherever the page reads a file input's
// files (its `files`, `value` and `webkitEntries`, a FormData made of its
// form, `submit()` and `requestSubmit()`), a list holding a file that is
// neither one the guard handed over nor one the page set itself goes to the
// guard first, as a pick: the guard takes the files out at once and hands
// over a cleaned copy later. With no guard to answer, they are taken out
// all the same. A form submitted natively is looked at by the guard itself
// (guard.js onSubmit, at the window and in every shadow root). A file input
// is looked at too as a wrapped call inserts it (insertions.js): once
// connected, Chromium draws the file's name in it, where the page's text
// search reaches it (attack 48).
//
// What is known is kept by file, not by list, and a file by what it says of
// itself (name, size, time, type): a clone of an input holds copies of its
// File objects (Chromium), and a list can be made again of the same files.
// A page cannot make a file that passes for one it never read. The guard
// keeps its own record (the files it handed over, and the page's own, told
// it here through `courier`, an input no page holds: a node in a shadow tree
// would reach the isolated world as its host).
import { realmTools } from './natives.js';

const { apply, defineProperty, getOwnPropertyDescriptor } = Reflect;
const WeakSet_ = WeakSet;
const { add: setAdd, has: setHas } = WeakSet.prototype;
const getterOf = (proto, name) => getOwnPropertyDescriptor(proto, name).get;
const filesGet = getterOf(HTMLInputElement.prototype, 'files');
const filesSet = getOwnPropertyDescriptor(HTMLInputElement.prototype, 'files').set;
const inputType = getterOf(HTMLInputElement.prototype, 'type');
const inputTypeSet = getOwnPropertyDescriptor(HTMLInputElement.prototype, 'type').set;
const listLength = getterOf(FileList.prototype, 'length');
const listItem = FileList.prototype.item;
const fileName = getterOf(File.prototype, 'name');
const fileTime = getterOf(File.prototype, 'lastModified');
const blobSize = getterOf(Blob.prototype, 'size');
const blobType = getterOf(Blob.prototype, 'type');
const Set_ = Set;
const { add: sAdd, has: sHas } = Set.prototype;
const DataTransfer_ = DataTransfer;
const transferFiles = getterOf(DataTransfer.prototype, 'files');
const formElements = getterOf(HTMLFormElement.prototype, 'elements');
const collectionLength = getterOf(HTMLCollection.prototype, 'length');
const collectionItem = HTMLCollection.prototype.item;
const localNameOf = getterOf(Element.prototype, 'localName');
const createElementNS = Document.prototype.createElementNS;

const read = (getter, self, fallback) => {
  try {
    return apply(getter, self, []);
  } catch {
    return fallback;
  }
};
/** The length of FileList `list`, or -1 when it is not one. */
const lengthOf = (list) => (list === null || typeof list !== 'object' ? -1 : read(listLength, list, -1));
const emptyList = () => read(transferFiles, new DataTransfer_(), null);

/** What file `f` says of itself (guard.js `describe` says the same). */
const describe = (f) => `${read(fileName, f, '')}\u0000${read(blobSize, f, -1)}\u0000${read(fileTime, f, -1)}\u0000${read(blobType, f, '')}`;
/** Files the page may have: its own (set through `files`), and those the guard vouched for. */
const knownFiles = new Set_();
/** Lists found to hold known files only (a shortcut). */
const knownLists = new WeakSet_();
function knowList(list) {
  const n = lengthOf(list);
  if (n < 0) return;
  apply(setAdd, knownLists, [list]);
  for (let i = 0; i < n; i++) apply(sAdd, knownFiles, [describe(apply(listItem, list, [i]))]);
}
function allKnown(list) {
  const n = lengthOf(list);
  for (let i = 0; i < n; i++) if (!apply(sHas, knownFiles, [describe(apply(listItem, list, [i]))])) return false;
  return true;
}

let channelNow = null;
let courier = null;
/** The channel to the guard (guard.js 'files-found', 'files-own'). */
export function barrierChannel(channel) {
  channelNow = channel;
  try {
    courier = apply(createElementNS, document, ['http://www.w3.org/1999/xhtml', 'input']);
    apply(inputTypeSet, courier, ['file']);
  } catch {
    courier = null;
  }
}

/** Tell the guard that the files of `list` are the page's own (set by it). */
function tellOwn(list) {
  if (!channelNow || !courier) return;
  try {
    apply(filesSet, courier, [list]);
    channelNow.send('files-own', { node: courier });
    apply(filesSet, courier, [emptyList()]);
  } catch {
    // The guard then takes them as a pick where the page reads them: cleaned, not lost.
  }
}

/**
 * A file input's list holding a file no one handed over (the browser's own
 * picker, opened some way Silbato did not see): the guard is asked first.
 * It takes such files as a pick (out at once, a cleaned copy later), and
 * answers (the event prevented) once every input it looked at holds only
 * files it vouches for. An input in a shadow tree reaches it as the tree's
 * host (retargeted), and it looks at every file input inside. With no
 * answer, the list is taken out here.
 */
function withhold(input) {
  if (read(inputType, input, '') !== 'file') return;
  const list = read(filesGet, input, null);
  if (lengthOf(list) <= 0 || apply(setHas, knownLists, [list])) return;
  if (allKnown(list)) {
    apply(setAdd, knownLists, [list]);
    return;
  }
  const answered = channelNow !== null && !channelNow.send('files-found', { node: input });
  const now = read(filesGet, input, null);
  if (lengthOf(now) <= 0) return;
  if (answered && now === list) {
    knowList(now);
    // Told on through the setter this copy took for native: where another
    // copy of this script wrapped this realm first (a same-origin frame's
    // realm, wrapped by the parent's copy too), it asks its own guard, which
    // in Firefox shares nothing with this one's.
    try {
      apply(filesSet, input, [now]);
    } catch {
      // Left as it is.
    }
    return;
  }
  if (allKnown(now)) return;
  try {
    apply(filesSet, input, [emptyList()]);
  } catch {
    // Nothing else to take it out with.
  }
}

/** Each file input of form `form`, held back as above. */
function withholdForm(form) {
  const elements = read(formElements, form, null);
  if (!elements) return;
  const n = read(collectionLength, elements, 0);
  for (let i = 0; i < n; i++) withhold(apply(collectionItem, elements, [i]));
}

/** The realms this copy holds files back in (barrierFiles). */
const barred = new WeakSet_();

/**
 * File inputs `inputs` about to be inserted by a wrapped call of realm
 * `win` (insertions.js), held back as above: a connected file input draws
 * the name of a file the browser's own picker put in it, and the page can
 * read drawn text (window.find and the selection: attack 48) without ever
 * reading the input. `hosts`: nodes with closed shadow trees this world
 * cannot look in (declared, cloned: attack 49), whose file inputs the guard
 * looks at itself (it can open them). Only in a realm whose barrier is
 * this copy's.
 */
export function withholdInserted(win, inputs, hosts) {
  if (!apply(setHas, barred, [win])) return;
  for (let i = 0; i < inputs.length; i++) withhold(inputs[i]);
  for (let i = 0; i < hosts.length && channelNow; i++) channelNow.send('files-found', { node: hosts[i] });
}

/** Where a page reads an input's files; how it submits a form without a submit event. */
const READ = ['files', 'value', 'webkitEntries'];
const SUBMIT = ['submit', 'requestSubmit'];

/** Hold back the files where the page reads them, in realm `win`. */
export function barrierFiles(win) {
  apply(setAdd, barred, [win]);
  const { callNative, constructNative, disguise, wrapAccessor, wrapMethod } = realmTools(win);
  const input = win.HTMLInputElement.prototype;
  // (Index loops: a page may have replaced the array iterator by the time a frame's realm is wrapped.)
  for (let i = 0; i < READ.length; i++) {
    wrapAccessor(input, READ[i], 'get', (native) =>
      getOwnPropertyDescriptor(
        {
          get x() {
            withhold(this);
            return callNative(native, this, []);
          },
        },
        'x',
      ).get,
    );
  }
  // The files of a list the page sets are its own (ones it read, or made), once the browser took it.
  wrapAccessor(input, 'files', 'set', (native) =>
    getOwnPropertyDescriptor(
      {
        set files(value) {
          const result = callNative(native, this, arguments);
          if (lengthOf(value) > 0) {
            knowList(value);
            tellOwn(value);
          }
          return result;
        },
      },
      'files',
    ).set,
  );
  const form = win.HTMLFormElement.prototype;
  for (let i = 0; i < SUBMIT.length; i++) {
    const name = SUBMIT[i];
    wrapMethod(form, name, (native) =>
      ({
        [name](...args) {
          withholdForm(this);
          return callNative(native, this, args);
        },
      })[name],
    );
  }
  // new FormData(form): the browser reads the form's files itself.
  const NativeFormData = win.FormData;
  if (typeof NativeFormData !== 'function') return;
  const wrapper = function FormData(...args) {
    // Called without `new`: the browser's own TypeError.
    if (new.target === undefined) return callNative(NativeFormData, this, args);
    if (args.length >= 1 && read(localNameOf, args[0], '') === 'form') withholdForm(args[0]);
    return constructNative(NativeFormData, args, new.target === wrapper ? NativeFormData : new.target);
  };
  defineProperty(wrapper, 'prototype', { __proto__: null, value: NativeFormData.prototype, writable: false });
  const ctor = getOwnPropertyDescriptor(NativeFormData.prototype, 'constructor');
  if (ctor) defineProperty(NativeFormData.prototype, 'constructor', { __proto__: null, value: wrapper, writable: ctor.writable, enumerable: ctor.enumerable, configurable: ctor.configurable });
  const own = getOwnPropertyDescriptor(win, 'FormData');
  if (own) defineProperty(win, 'FormData', { __proto__: null, value: disguise(wrapper, NativeFormData), writable: own.writable, enumerable: own.enumerable, configurable: own.configurable });
}
