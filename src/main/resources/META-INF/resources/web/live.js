// Live updates of one study: its server-sent event stream, turned into coalesced refreshes.
import {api} from './api.js';
import {setLive} from './view.js';

const FALLBACK_MS = 5000;
const RECONNECT_MS = 30000;

/**
 * Listens to /api/v1/studies/{id}/events. Each event asks for a refresh, but refreshes are
 * coalesced: at most one runs at a time, and events that arrive meanwhile cause one more after it,
 * no sooner than {@code quietMs} after the previous one. A burst of epoch reports thus costs one or
 * two refetches, not one per event.
 */
export class StudyEvents {
  constructor(ctx, studyId, refresh, {quietMs = 600, describe = e => e.kind} = {}) {
    this.ctx = ctx;
    this.refresh = refresh;
    this.quietMs = quietMs;
    this.describe = describe;
    this.timer = null;
    this.running = false;
    this.again = false;
    this.count = 0;
    this.url = api.eventsUrl(studyId);
    this.fallback = null;
    ctx.own(() => this.close());
    this.connect();
  }

  connect() {
    setLive('wait', 'Connecting to live updates…');
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => {
      setLive('on', 'Live');
      this.stopFallback();
      // Whatever happened while the stream was (re)connecting is fetched once.
      this.request();
    };
    source.onmessage = message => {
      this.count++;
      let event = null;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        event = {kind: 'unknown'};
      }
      setLive('on', 'Live', this.describe(event));
      this.request();
    };
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) {
        // The browser reconnects by itself.
        setLive('wait', 'Live updates interrupted; reconnecting…');
        return;
      }
      // The server refused the stream: refresh now and then instead, and try the stream again later.
      setLive('wait', `Live updates unavailable; refreshing every ${FALLBACK_MS / 1000} s`);
      this.startFallback();
      this.ctx.later(RECONNECT_MS, () => {
        if (this.source === source) {
          this.connect();
        }
      });
    };
  }

  startFallback() {
    if (this.fallback) {
      return;
    }
    const tick = () => {
      this.request();
      this.fallback = this.ctx.later(FALLBACK_MS, tick);
    };
    this.fallback = this.ctx.later(FALLBACK_MS, tick);
  }

  stopFallback() {
    if (this.fallback) {
      this.ctx.cancel(this.fallback);
      this.fallback = null;
    }
  }

  request() {
    if (this.ctx.disposed) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) {
      return;
    }
    this.timer = this.ctx.later(this.quietMs, () => this.run());
  }

  async run() {
    this.timer = null;
    this.running = true;
    this.again = false;
    try {
      await this.refresh();
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.request();
      }
    }
  }

  close() {
    this.stopFallback();
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  /** The study ended: nothing more will come. */
  finish(text) {
    if (this.timer) {
      this.ctx.cancel(this.timer);
      this.timer = null;
    }
    this.again = false;
    this.close();
    setLive('off', text);
  }
}
