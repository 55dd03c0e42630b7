// Small DOM helpers shared by the pages and the widget.

/**
 * A new element with optional text (set through textContent, never as
 * markup) and class name.
 * @param {string} tag
 * @param {unknown} [text]
 * @param {string} [className]
 */
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}
