// The REST API of the orchestrator (/api/v1), as the page uses it. Errors are RFC 9457 problem details.
// Every call carries the API token of this tab (docs/security.md), kept in sessionStorage so it
// goes when the tab closes and is never sent to another origin.

const TOKEN_KEY = 'milotune.token';

/** The token this tab uses, or null (a server with milotune.auth.enabled=false needs none). */
export function token() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch (e) {
    return null;
  }
}

/** Stores the token for this tab; an empty one forgets it. */
export function setToken(value) {
  const t = (value || '').trim();
  try {
    if (t) {
      sessionStorage.setItem(TOKEN_KEY, t);
    } else {
      sessionStorage.removeItem(TOKEN_KEY);
    }
  } catch (e) {
    // storage off (a private mode): the page still works for a server without auth
  }
}

/**
 * A link of the form /#token=XYZ stores XYZ and takes it out of the address bar, so it does not
 * stay in the history, a bookmark or a shared screen. True when the fragment was a token.
 */
export function takeTokenFromUrl() {
  const match = /^#token=([^&]*)$/.exec(location.hash);
  if (!match) {
    return false;
  }
  let value = match[1];
  try {
    value = decodeURIComponent(value);
  } catch (e) {
    // not percent-encoded: taken as it is
  }
  setToken(value);
  history.replaceState(null, '', location.pathname + location.search);
  return true;
}

/** Fired on window when the server answers 401: the token is missing, unknown or revoked. */
export const UNAUTHORIZED = 'milotune:unauthorized';

/** The server did not answer at all (stopped, restarting, network down). */
export class ServerUnreachable extends Error {
  constructor(path) {
    super(`no answer from the server for ${path}`);
    this.name = 'ServerUnreachable';
  }
}

/** The server answered with an error status; problem is its problem+json body when it sent one. */
export class ApiProblem extends Error {
  constructor(status, problem, path) {
    super(problem && (problem.detail || problem.title) ? (problem.detail || problem.title) : `HTTP ${status} for ${path}`);
    this.name = 'ApiProblem';
    this.status = status;
    this.problem = problem;
  }
}

async function request(method, path, body) {
  const headers = {Accept: 'application/json'};
  const t = token();
  if (t) {
    headers.Authorization = `Bearer ${t}`;
  }
  const changes = method !== 'GET';
  if (changes) {
    // The server takes state changes as JSON only, which an HTML form on another site cannot send.
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: changes ? JSON.stringify(body === undefined ? {} : body) : undefined,
      cache: 'no-store',
    });
  } catch (e) {
    throw new ServerUnreachable(path);
  }
  // A proxy in front of a stopped server answers 502/503/504 with its own page.
  if ([502, 503, 504].includes(response.status) && !isJson(response)) {
    throw new ServerUnreachable(path);
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (e) {
      problem = null;
    }
    if (response.status === 401) {
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED));
    }
    throw new ApiProblem(response.status, problem, path);
  }
  return response.status === 204 ? null : response.json();
}

function isJson(response) {
  return (response.headers.get('content-type') || '').includes('json');
}

const enc = encodeURIComponent;

export const api = {
  studies: () => request('GET', '/api/v1/studies'),
  study: id => request('GET', `/api/v1/studies/${enc(id)}`),
  leaderboard: id => request('GET', `/api/v1/studies/${enc(id)}/leaderboard`),
  trials: id => request('GET', `/api/v1/studies/${enc(id)}/trials`),
  rungs: id => request('GET', `/api/v1/studies/${enc(id)}/rungs`),
  plans: id => request('GET', `/api/v1/studies/${enc(id)}/plans`),
  cancel: id => request('POST', `/api/v1/studies/${enc(id)}:cancel`),
  compare: (ids, baseline) => request('GET',
    `/api/v1/compare?studies=${ids.map(enc).join(',')}${baseline ? `&baseline=${enc(baseline)}` : ''}`),
  datasets: () => request('GET', '/api/v1/datasets'),
  // EventSource cannot set headers: the stream (and only it) takes the token as a query parameter.
  eventsUrl: id => {
    const t = token();
    return `/api/v1/studies/${enc(id)}/events${t ? `?access_token=${enc(t)}` : ''}`;
  },
};
