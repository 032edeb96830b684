// Element building without innerHTML: every value from the API ends up as text, never as markup.

/** h('a', {href: '#/', class: 'x', onclick: fn}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else if (key === 'checked' || key === 'disabled' || key === 'selected' || key === 'hidden') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A state as a coloured badge: COMPLETED, RUNNING, PRUNED, FAILED... */
export function badge(state) {
  const text = String(state || 'unknown');
  return h('span', {class: `badge state-${text.toLowerCase()}`}, text.toLowerCase());
}

/** A labelled definition list from [label, value] pairs; null values are left out. */
export function facts(pairs, attrs) {
  const dl = h('dl', Object.assign({class: 'facts'}, attrs));
  for (const [label, value] of pairs) {
    if (value == null || value === '') {
      continue;
    }
    dl.append(h('div', null, h('dt', null, label), h('dd', null, value)));
  }
  return dl;
}

/**
 * Re-renders container with render() and puts the keyboard focus back on the element with the
 * same data-key, so a live refresh does not throw a keyboard user back to the top.
 */
export function rerender(container, render) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : null;
  render();
  if (key) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) {
      again.focus({preventScroll: true});
    }
  }
}
