// The chat's input box. It grows with what is typed (and with its placeholder, so a long hint is
// not cut on a phone) up to about four lines, then scrolls. Enter sends and Shift+Enter starts a
// new line; on a touch screen, whose keyboard has no Shift, Enter starts a new line and the send
// button sends.

const MAX_LINES = 4;

/** Wire up `input` (a textarea) in `form`; `submit(text)` is called with what to send. */
export function attachComposer(input, form, submit) {
  const touch = window.matchMedia('(pointer: coarse)').matches;
  input.setAttribute('enterkeyhint', touch ? 'enter' : 'send');

  const fit = () => {
    const style = getComputedStyle(input);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4;
    const chrome = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    const max = Math.ceil(line * MAX_LINES + chrome);
    input.style.height = 'auto';
    // An empty box is measured with its placeholder in it, so the placeholder fits too.
    const empty = input.value === '';
    if (empty) input.value = input.placeholder;
    const wanted = input.scrollHeight + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    if (empty) input.value = '';
    input.style.height = `${Math.min(wanted, max)}px`;
    input.style.overflowY = wanted > max ? 'auto' : 'hidden';
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    fit();
    submit(text);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !touch) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener('input', fit);
  window.addEventListener('resize', fit);
  fit();
  return { fit };
}
