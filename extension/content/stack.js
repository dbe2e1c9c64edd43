// Which page script called a wrapped built-in (page world): the first frame
// of the call stack that is a page's script (http, https, file or blob),
// which is never the extension's own (chrome-extension:, moz-extension:).
// Taking a stack costs time, so each watcher has its own budget. A page that
// formats stacks itself (Error.prepareStackTrace) would see this script's
// frames, and learn Silbato is there: then no stack is taken and nothing is
// attributed.

const descriptor = Object.getOwnPropertyDescriptor;
/** Error.prepareStackTrace as it was before any page script (read at document_start). */
const prepareStackTrace = descriptor(Error, 'prepareStackTrace');

/** Does the page format stacks itself now? */
function pageFormatsStacks() {
  const now = descriptor(Error, 'prepareStackTrace');
  return Boolean(now && (now.get || now.set || now.value !== (prepareStackTrace && prepareStackTrace.value)));
}

/** A `callerOf()` that takes at most `budget` stacks, then answers null. */
export function stackReader(budget) {
  let left = budget;
  return function callerOf() {
    if (left <= 0 || pageFormatsStacks()) return null;
    left--;
    const stack = new Error().stack || '';
    for (const line of stack.split('\n')) {
      const m = /((?:https?|file|blob):[^\s()]+?)(?::\d+){1,2}\)?\s*$/.exec(line) || /@((?:https?|file|blob):[^\s]+?)(?::\d+){1,2}$/.exec(line);
      if (m) return m[1];
    }
    return null;
  };
}
