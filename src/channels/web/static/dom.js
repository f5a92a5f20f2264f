// DOM helper shared by the web chat and the staff console. Children are appended as nodes or text
// (never parsed as HTML), so nothing an investor, staff member or document says can inject markup.

/** Create `tag` with attributes (`class`, `on<event>` listeners, others as attributes) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}
