// How numbers, times and configurations read on the page.

const DASH = '—';

export function missing(v) {
  return v == null || (typeof v === 'number' && !Number.isFinite(v));
}

/** A hyperparameter or objective value: integers as they are, others with 4 significant digits. */
export function number(v, digits = 4) {
  if (missing(v)) {
    return DASH;
  }
  if (typeof v !== 'number') {
    return String(v);
  }
  if (Number.isInteger(v)) {
    return String(v);
  }
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) {
    return v.toExponential(digits - 2);
  }
  return String(Number(v.toPrecision(digits)));
}

export function percent(v, digits = 1) {
  return missing(v) ? DASH : `${(v * 100).toFixed(digits)} %`;
}

export function seconds(s) {
  if (missing(s)) {
    return DASH;
  }
  if (s < 60) {
    return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
  }
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function speedup(v) {
  return missing(v) ? DASH : `${v.toFixed(2)}×`;
}

export function bytes(n) {
  if (missing(n)) {
    return DASH;
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function time(iso) {
  if (!iso) {
    return DASH;
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** {lr: 0.0123, hidden: 64} as "hidden=64, lr=0.0123" (keys sorted, so rows line up). */
export function configuration(config) {
  if (!config) {
    return DASH;
  }
  return Object.keys(config).sort().map(k => `${k}=${number(config[k])}`).join(', ');
}

export function shortId(id) {
  return id ? String(id).slice(0, 8) : DASH;
}
