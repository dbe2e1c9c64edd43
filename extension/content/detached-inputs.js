// Runs in the page's own JavaScript world, before the page's scripts, for
// one reason: uploaders often open a file picker from an <input type=file>
// that is not in the document (created, clicked, never attached). Its
// events never reach the window, where the guard listens. So, just before
// such an input opens the picker, attach it to the document inside a hidden
// holder; the guard takes it out again once the files are handed over.
// Nothing else of the page is touched.
/** Wrap the picker-opening methods so detached file inputs are attached first. */
export function attachDetachedInputs() {
  const proto = HTMLInputElement.prototype;
  const click = proto.click;
  const showPicker = proto.showPicker;
  let holder = null;

  function attach(input) {
    if (input.type !== 'file' || input.isConnected) return;
    if (!holder || !holder.isConnected) {
      holder = document.createElement('silbato-holder');
      holder.hidden = true;
      holder.style.display = 'none';
      (document.documentElement || document).appendChild(holder);
    }
    holder.appendChild(input);
    input.setAttribute('data-silbato-detached', '');
  }

  // Method shorthand keeps the names `click` and `showPicker`.
  const wrapped = {
    click() {
      attach(this);
      return click.call(this);
    },
    showPicker() {
      attach(this);
      return showPicker.call(this);
    },
  };
  Object.defineProperty(proto, 'click', { configurable: true, writable: true, value: wrapped.click });
  if (showPicker) {
    Object.defineProperty(proto, 'showPicker', { configurable: true, writable: true, value: wrapped.showPicker });
  }
}
