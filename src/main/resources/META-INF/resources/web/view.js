// What a view owns while it is on screen (timers, event streams, charts), the banner for an
// unreachable server or a missing token, and the live-update indicator in the header.
import {ApiProblem, ServerUnreachable, token} from './api.js';
import {fill, h} from './dom.js';

const banner = () => document.getElementById('banner');
const live = () => document.getElementById('live');

/**
 * Shows what the live indicator says: a state (on, off, waiting) with its text, which screen
 * readers announce, and the last event, which they do not (a study sends one per epoch).
 */
export function setLive(state, text, lastEvent) {
  const el = live();
  el.className = `live live-${state}`;
  const stateEl = document.getElementById('live-state');
  if (stateEl.textContent !== text) {
    stateEl.textContent = text;
  }
  document.getElementById('live-event').textContent = lastEvent ? ` · ${lastEvent}` : '';
}

export class ViewContext {
  constructor() {
    this.disposed = false;
    this.timers = new Set();
    this.closers = [];
    this.retryDelay = 0;
    this.retryTimer = null;
  }

  /** Runs fn after ms unless the view has gone. */
  later(ms, fn) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.disposed) {
        fn();
      }
    }, ms);
    this.timers.add(t);
    return t;
  }

  cancel(t) {
    clearTimeout(t);
    this.timers.delete(t);
  }

  /** Something to close when the view goes (an EventSource, a chart). */
  own(closer) {
    this.closers.push(closer);
    return closer;
  }

  /**
   * Runs a load; when the server does not answer, shows the banner and tries again with a growing
   * pause (5, 10, 20, 30 s), so a stopped server gets a handful of requests a minute, not a storm.
   * Problems are handed to onProblem (a 404, a 400 naming the field) and the load is not retried.
   */
  async guard(load, onProblem) {
    try {
      await load();
      if (this.retryDelay > 0) {
        this.retryDelay = 0;
      }
      hideUnreachable();
    } catch (e) {
      if (this.disposed) {
        return;
      }
      if (e instanceof ServerUnreachable) {
        this.retryDelay = Math.min(this.retryDelay === 0 ? 5 : this.retryDelay * 2, 30);
        if (this.retryTimer) {
          this.cancel(this.retryTimer);
        }
        const retry = () => {
          this.cancel(this.retryTimer);
          this.retryTimer = null;
          this.guard(load, onProblem);
        };
        showUnreachable(this.retryDelay, retry);
        this.retryTimer = this.later(this.retryDelay * 1000, retry);
      } else if (e instanceof ApiProblem && e.status === 401) {
        // The banner (shown on every 401) says what to do; the view waits for a token and is
        // drawn again when one is given.
        showNeedsToken();
      } else if (e instanceof ApiProblem && onProblem) {
        onProblem(e);
      } else {
        throw e;
      }
    }
  }

  dispose() {
    this.disposed = true;
    this.timers.forEach(t => clearTimeout(t));
    this.timers.clear();
    this.closers.forEach(c => {
      try {
        c();
      } catch (e) {
        // closing is best effort: the view is gone either way
      }
    });
    this.closers = [];
  }
}

function showUnreachable(retryInSeconds, retryNow) {
  const el = banner();
  fill(el,
    h('strong', null, 'Cannot reach the milotune server'), ` at ${location.origin}. `,
    'Is it running? Start it with ', h('code', null, 'examples/quickstart.sh'), ' or ',
    h('code', null, 'java -jar target/quarkus-app/quarkus-run.jar'), '. ',
    `Trying again in ${retryInSeconds} s. `,
    h('button', {type: 'button', class: 'link', onclick: retryNow}, 'Try now'));
  el.hidden = false;
}

/** The server answered 401: this tab has no token, or one it does not know (revoked, mistyped). */
export function showNeedsToken() {
  const el = banner();
  const refused = Boolean(token());
  fill(el,
    h('strong', {id: 'token-needed'}, refused
      ? 'The server refused this tab\'s API token (unknown, mistyped or revoked)'
      : 'This page needs an API token'),
    refused ? ': paste another above; ' : ': paste one above; ',
    'the admin token of a local run is in ', h('code', null, '.milotune/admin-token'),
    ' (under the server\'s data directory). An admin makes tokens for others with ',
    h('code', null, 'POST /api/v1/tokens'), '.');
  el.hidden = false;
}

function hideUnreachable() {
  const el = banner();
  if (!el.hidden) {
    el.hidden = true;
    el.replaceChildren();
  }
}

/** A problem box inside a view: what went wrong, and what to do about it. */
export function problemBox(title, detail, advice) {
  return h('div', {class: 'problem', role: 'alert'},
    h('h2', null, title),
    detail ? h('p', {class: 'detail'}, detail) : null,
    advice ? h('p', null, advice) : null);
}
