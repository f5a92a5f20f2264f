// The chat's input box. It grows with what is typed (and with its placeholder, so a long hint is
// not cut on a phone) up to about four lines, then scrolls. Enter sends and Shift+Enter starts a
// new line; on a touch screen, whose keyboard has no Shift, Enter starts a new line and the send
// button sends.

const MAX_LINES = 4;

/** Wire up `input` (a textarea) in `form`; `submit(text)` is called with what to send. */
export function attachComposer(input, form, submit) {
  const touch = window.matchMedia('(pointer: coarse)').matches;
  input.setAttribute('enterkeyhint', touch ? 'enter' : 'send');

  // The placeholder is measured in a hidden copy of the box, never by touching what is typed.
  const probe = input.cloneNode();
  probe.removeAttribute('id');
  probe.removeAttribute('data-i18n-placeholder');
  probe.setAttribute('aria-hidden', 'true');
  probe.tabIndex = -1;
  probe.style.cssText = 'position:absolute;visibility:hidden;pointer-events:none;left:0;top:0;height:auto;overflow:hidden';
  input.parentElement.append(probe);

  const fit = () => {
    const style = getComputedStyle(input);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4;
    const borders = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    const max = Math.ceil(line * MAX_LINES + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + borders);
    let wanted;
    if (input.value === '') {
      // An empty box is as tall as its placeholder, so the whole hint shows.
      probe.style.width = `${input.offsetWidth}px`;
      probe.value = input.placeholder;
      wanted = probe.scrollHeight + borders;
    } else {
      input.style.height = 'auto';
      wanted = input.scrollHeight + borders;
    }
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
