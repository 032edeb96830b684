// The REST API of the orchestrator (/api/v1), as the page uses it. Errors are RFC 9457 problem details.

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
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {Accept: 'application/json'}
        : {Accept: 'application/json', 'Content-Type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
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
  eventsUrl: id => `/api/v1/studies/${enc(id)}/events`,
};
