// Which page script called a wrapped built-in (page world): the first frame
// of the call stack that is a page's script (http, https, file or blob),
// which is never the extension's own (chrome-extension:, moz-extension:).
// Taking a stack costs time, so each watcher has its own budget. A page that
// formats stacks itself (Error.prepareStackTrace) would see this script's
// frames, and learn Silbato is there: then no stack is taken and nothing is
// attributed. Only built-ins taken at document_start are called
// (intrinsics.js): a page's String.prototype.split or RegExp.prototype.exec
// never sees a stack read.
import { exec, getOwnPropertyDescriptor, hasOwn, indexOf, slice } from './intrinsics.js';

const Error_ = Error;
/** Error.prepareStackTrace as it was before any page script (read at document_start). */
const prepareStackTrace = getOwnPropertyDescriptor(Error_, 'prepareStackTrace');
const CHROMIUM = /((?:https?|file|blob):[^\s()]+?)(?::\d+){1,2}\)?\s*$/;
const FIREFOX = /@((?:https?|file|blob):[^\s]+?)(?::\d+){1,2}$/;

/** Does the page format stacks itself now? */
function pageFormatsStacks() {
  const now = getOwnPropertyDescriptor(Error_, 'prepareStackTrace');
  // A getter or setter, or another value (a descriptor's absent fields are not read: Object.prototype may answer them).
  return !!now && (!hasOwn(now, 'value') || now.value !== (prepareStackTrace && prepareStackTrace.value));
}

/** A `callerOf()` that takes at most `budget` stacks, then answers null. */
export function stackReader(budget) {
  let left = budget;
  return function callerOf() {
    if (left <= 0 || pageFormatsStacks()) return null;
    left--;
    const stack = new Error_().stack;
    if (typeof stack !== 'string') return null;
    for (let from = 0; from < stack.length; ) {
      let end = indexOf(stack, '\n', from);
      if (end < 0) end = stack.length;
      const line = slice(stack, from, end);
      const m = exec(CHROMIUM, line) || exec(FIREFOX, line);
      if (m) return m[1];
      from = end + 1;
    }
    return null;
  };
}
