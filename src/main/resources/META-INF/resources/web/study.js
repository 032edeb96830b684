// #/studies/{id} : one study, live: its leaderboard, learning curves, hyperparameters against the
// objective, its subset plan (or the plan's progress) and, when it failed, why.
import {api} from './api.js';
import {badge, facts, fill, h, rerender} from './dom.js';
import {bytes, configuration, missing, number, percent, seconds, shortId, time} from './format.js';
import {Chart, learningCurves, parallelCoordinates} from './charts.js';
import {StudyEvents} from './live.js';
import {problemBox, setLive} from './view.js';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const PLAN_POLL_MS = 1500;

export function renderStudy(root, ctx, id) {
  document.title = 'Study · milotune';
  const head = h('section', {id: 'study-head', 'aria-busy': 'true'}, h('p', {class: 'muted'}, 'Loading the study…'));
  const failure = h('div', {id: 'study-failure'});
  const board = h('section', {id: 'leaderboard-section', class: 'card', 'aria-labelledby': 'leaderboard-title'});
  const curvesEl = h('div', {id: 'curves', class: 'chart', role: 'img',
    'aria-label': 'Learning curves: objective after each epoch of every trial'});
  const parallelEl = h('div', {id: 'parallel', class: 'chart', role: 'img',
    'aria-label': 'Parallel coordinates: hyperparameters, rung and objective of every trial'});
  const curvesNote = h('p', {class: 'muted chart-empty', hidden: true}, 'No epoch reported yet.');
  const parallelNote = h('p', {class: 'muted chart-empty', hidden: true}, 'No trial has a result yet.');
  const plan = h('section', {id: 'plan', class: 'card', 'aria-labelledby': 'plan-title'});
  const retrain = h('section', {id: 'retrain-section', class: 'card', hidden: true, 'aria-labelledby': 'retrain-title'});
  root.append(head, failure, board,
    h('div', {class: 'charts'},
      h('section', {class: 'card', 'aria-labelledby': 'curves-title'},
        h('h2', {id: 'curves-title'}, 'Learning curves'),
        h('p', {class: 'muted small', id: 'curves-help'}),
        curvesNote, curvesEl),
      h('section', {class: 'card', 'aria-labelledby': 'parallel-title'},
        h('h2', {id: 'parallel-title'}, 'Hyperparameters against the objective'),
        h('p', {class: 'muted small'}, 'One line per trial with a result, through its hyperparameters, the rung it reached ',
          'and its best objective; dashed lines are trials stopped early.'),
        parallelNote, parallelEl)),
    retrain, plan);

  const curves = new Chart(ctx, curvesEl);
  const parallel = new Chart(ctx, parallelEl);
  const state = {study: null, board: [], trials: [], rungs: null, plans: null, planState: null,
    sort: {key: 'rank', dir: 1}, events: null, planTimer: null, shown: null};

  const onProblem = e => {
    if (e.status === 404) {
      fill(root, problemBox('Study not found', e.message,
        h('span', null, 'It may have been submitted to another server. Go back to the ', h('a', {href: '#/'}, 'list of studies'), '.')));
    } else {
      fill(failure, problemBox('Could not load the study', e.message, 'The server answered with an error; its log says more.'));
    }
  };

  const load = async () => {
    const [study, leaderboard, trials] = await Promise.all([api.study(id), api.leaderboard(id), api.trials(id)]);
    const brackets = new Set(leaderboard.map(r => r.trial.bracket));
    const rungsStale = !state.rungs || [...brackets].some(b => !state.rungs.brackets.some(x => x.bracket === b));
    const plansStale = !state.plans || state.planState !== study.state || !TERMINAL.has(study.state) && study.state !== 'RUNNING';
    const [rungs, plans] = await Promise.all([rungsStale ? api.rungs(id) : state.rungs, plansStale ? api.plans(id) : state.plans]);
    // Nothing new (a late event, a reconnect): the page stays as it is, hover and focus included.
    const snapshot = JSON.stringify([study, leaderboard, trials, rungs, plans]);
    Object.assign(state, {study, board: leaderboard, trials, rungs, plans, planState: study.state});
    if (snapshot !== state.shown) {
      state.shown = snapshot;
      document.title = `${study.name} · milotune`;
      render();
    }
    follow();
  };

  // While the dataset is fetched and the plan computes there is no event per stage: their progress
  // is polled, and only then.
  const pollPlans = async () => {
    state.planTimer = null;
    state.plans = await api.plans(id);
    renderPlan(plan, state);
    follow();
  };

  const follow = () => {
    const s = state.study;
    if (TERMINAL.has(s.state)) {
      if (state.events) {
        state.events.finish(`Study ${s.state.toLowerCase()}: showing its final results`);
      } else {
        setLive('off', `Study ${s.state.toLowerCase()}: showing its final results`);
      }
      return;
    }
    if (!state.events) {
      state.events = new StudyEvents(ctx, id, () => ctx.guard(load, onProblem), {describe: describe(state)});
    }
    // Planning is the dataset's fetch (any strategy, when it was missing), then the MILO plan.
    const planning = s.state === 'PLANNING' || s.state === 'PENDING';
    if (planning && !state.planTimer) {
      state.planTimer = ctx.later(PLAN_POLL_MS, () => ctx.guard(pollPlans, onProblem));
    }
  };

  const render = () => {
    head.removeAttribute('aria-busy');
    renderHead(head, state, ctx, () => ctx.guard(load, onProblem));
    renderFailure(failure, state);
    rerender(board, () => renderBoard(board, state));
    renderRetrain(retrain, state);
    renderPlan(plan, state);
    placePlan();
    renderCharts();
  };

  // While the plan computes it is the news, so it stands above the leaderboard; afterwards below.
  const placePlan = () => {
    const planning = ['PENDING', 'PLANNING'].includes(state.study.state);
    const anchor = planning ? board : null;
    if (plan.nextElementSibling !== anchor || plan.parentNode !== root) {
      root.insertBefore(plan, anchor);
    }
  };

  const renderCharts = () => {
    const s = state.study;
    fill(document.getElementById('curves-help'), curvesHelp(state.rungs, s));
    const lc = learningCurves(state.trials, state.rungs, s);
    curvesNote.hidden = lc.points > 0;
    curves.show(lc.option, lc.points);
    const pc = parallelCoordinates(state.board, (s.spec || {}).searchSpace, s);
    parallelNote.hidden = pc.points > 0;
    parallel.show(pc.option, pc.points);
  };

  ctx.guard(load, onProblem);
}

function describe(state) {
  return event => {
    const row = state.trials.find(t => t.trial.id === event.trialId);
    const trial = row ? ` #${row.trial.number}` : '';
    if (event.kind === 'state') {
      return `study ${String(event.detail).toLowerCase()}`;
    }
    return `${event.kind}${trial}: ${String(event.detail || '').toLowerCase()}`;
  };
}

function curvesHelp(rungs, study) {
  const base = `The objective (${study.objective}) after each epoch. Dashed lines ending in a square: trials stopped early; `
    + 'thick: the best trial; dotted black: the final retrain on the full training set.';
  if (!rungs) {
    return base;
  }
  if (rungs.fidelity === 'data') {
    return `${base} Dotted verticals: rungs; each rung trains every epoch again on a larger subset.`;
  }
  const epochs = [...new Set(rungs.brackets.flatMap(b => b.rungs.map(r => r.epochs)))].sort((a, b) => a - b);
  return `${base} Dotted verticals: the rungs (${epochs.join(', ')} epochs), where the scheduler compares trials.`;
}

function renderHead(head, state, ctx, reload) {
  const s = state.study;
  const best = state.board.find(r => r.trial.id === s.bestTrialId);
  const wall = s.startedAt ? ((s.finishedAt ? Date.parse(s.finishedAt) : Date.now()) - Date.parse(s.startedAt)) / 1000 : null;
  const actions = h('div', {class: 'actions'},
    h('a', {class: 'button', href: `#/compare?studies=${encodeURIComponent(s.id)}`}, 'Compare with other studies'),
    // A link to /api/v1/studies/{id} would go without the token (a 401): the JSON the page holds is shown instead.
    h('button', {type: 'button', class: 'button secondary', id: 'study-json',
      title: `GET /api/v1/studies/${s.id}, as loaded`, onclick: () => openJson(s)}, 'JSON'));
  const status = h('span', {class: 'small', role: 'status'});
  if (!TERMINAL.has(s.state)) {
    actions.append(h('button', {type: 'button', class: 'danger', id: 'cancel-study', onclick: async () => {
      if (!window.confirm(`Cancel study "${s.name}"? Its running trials are stopped.`)) {
        return;
      }
      try {
        await api.cancel(s.id);
        reload();
      } catch (e) {
        status.textContent = `Could not cancel: ${e.message}`;
      }
    }}, 'Cancel study'), status);
  }
  fill(head,
    h('p', {class: 'crumbs'}, h('a', {href: '#/'}, 'Studies'), ' / ', shortId(s.id)),
    h('div', {class: 'view-head'}, h('h1', {id: 'study-title'}, s.name, ' ', badge(s.state)), actions),
    facts([
      ['Progress', h('span', null, h('progress', {max: s.maxTrials, value: s.trialsFinished,
        'aria-label': `${s.trialsFinished} of ${s.maxTrials} trials finished`}),
      ` ${s.trialsFinished}/${s.maxTrials} finished, ${s.trialsStarted} started`)],
      ['Best value', h('span', {id: 'best-value'}, number(s.bestValue), best ? ` (trial #${best.trial.number})` : '')],
      ['Final test accuracy', h('span', {id: 'final-accuracy', title: 'best configuration retrained on the full training set'},
        percent(s.finalTestAccuracy))],
      ['Phase', s.phase ? s.phase.toLowerCase() : null],
      ['Agreement with full data', s.agreement ? h('span', {id: 'agreement', class: s.agreement.low ? 'error-text' : null,
        title: 'Kendall tau and Spearman rho between each rung\'s scores and full-data scores of the same configurations'},
        s.agreement.summary) : null],
      ['Objective', `${s.objective}, ${s.direction}`],
      ['Dataset', `${s.dataset} · ${s.modelFamily}`],
      ['Worker pool', h('span', {id: 'worker-pool', class: s.state === 'RUNNING' && !s.workerPoolSlots ? 'error-text' : null},
        `${s.workerPool}: ${s.workerPoolSlots} live slots` + (s.state === 'RUNNING' && !s.workerPoolSlots
          ? ' (waiting for a worker of this pool)' : ''))],
      ['Subset', s.subsetStrategy === 'full' ? 'full training set' : `${s.subsetStrategy}, ${percent(s.subsetFraction, 0)}`],
      ['Scheduler', `${s.scheduler} (${s.fidelity} fidelity) · ${s.sampler} sampler`],
      ['Seed', String(s.seed)],
      ['Created', time(s.createdAt)],
      ['Wall time', wall == null ? null : seconds(wall)],
    ], {id: 'study-facts'}));
}

/** Opens a value as JSON in a new tab (a blob: URL of this origin, so nothing leaves the page). */
function openJson(value) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], {type: 'application/json'}));
  window.open(url, '_blank', 'noopener');
  // The new tab has read it long before this.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function renderFailure(el, state) {
  const s = state.study;
  if (s.state === 'FAILED') {
    const advice = /could not be fetched/.test(s.error || '')
      ? 'Its dataset could not be fetched. Check that the package registry is reachable from the service, or fetch the '
        + 'dataset where it is (milotune fetch NAME) and copy it into the data directory, then submit the spec again.'
      : /plan/i.test(s.error || '')
      ? 'Its subset plan could not be computed. Check that the dataset is fetched and the encoder exists '
        + '(GET /api/v1/datasets), then submit the spec again.'
      : 'Failed trials show their error in the leaderboard. Fix the cause and submit the spec again '
        + '(it is under "spec" in the study\'s JSON).';
    fill(el, problemBox('This study failed', s.error || 'The server recorded no reason.', advice));
  } else if (s.state === 'CANCELLED') {
    fill(el, h('p', {class: 'note', role: 'status'}, 'This study was cancelled; the results below are what it had reached.'));
  } else {
    el.replaceChildren();
  }
}

const COLUMNS = [
  {key: 'rank', label: 'Rank', value: r => r.rank, numeric: true},
  {key: 'number', label: 'Trial', value: r => r.trial.number, numeric: true, show: (r, s) => h('span', null, `#${r.trial.number}`,
    r.trial.id === s.bestTrialId ? h('span', {class: 'badge best-badge'}, 'best') : null)},
  {key: 'state', label: 'Status', value: r => r.trial.state, show: r => h('span', null, badge(r.trial.state),
    r.trial.error ? h('div', {class: 'small error-text'}, r.trial.error) : null)},
  {key: 'rung', label: 'Rung', value: r => r.trial.rung, numeric: true},
  {key: 'epochs', label: 'Epochs', value: r => r.trial.epochsDone, numeric: true},
  {key: 'objective', label: 'Objective', value: r => r.trial.bestValue, numeric: true, show: r => number(r.trial.bestValue),
    better: s => (s.direction === 'minimize' ? 1 : -1)},
  {key: 'check', label: 'Full-data check', value: r => r.fullDataCheck, numeric: true, show: r => number(r.fullDataCheck)},
  {key: 'config', label: 'Configuration', value: r => configuration(r.trial.configuration), show: r => h('code', null,
    configuration(r.trial.configuration))},
  {key: 'device', label: 'Device', value: r => r.trial.device},
  {key: 'time', label: 'Training time', value: r => r.trial.trainingSeconds, numeric: true, show: r => seconds(r.trial.trainingSeconds)},
  {key: 'test', label: 'Full-data test accuracy', value: (r, s) => testAccuracy(r, s), numeric: true,
    show: (r, s) => percent(testAccuracy(r, s))},
];

/** A search trial's own test accuracy, or for the best trial the study's final retrain on the full data. */
function testAccuracy(row, study) {
  if (!missing(row.trial.testAccuracy)) {
    return row.trial.testAccuracy;
  }
  return row.trial.id === study.bestTrialId ? study.finalTestAccuracy : null;
}

function renderBoard(section, state) {
  const s = state.study;
  const {key, dir} = state.sort;
  const column = COLUMNS.find(c => c.key === key);
  const rows = [...state.board].sort((a, b) => compare(column.value(a, s), column.value(b, s), dir) || a.rank - b.rank);
  const header = COLUMNS.map(c => {
    const sorted = c.key === key;
    const label = c.key === 'objective' ? `${s.objective}` : c.label;
    return h('th', {scope: 'col', class: c.numeric ? 'num' : null, 'aria-sort': sorted ? (dir > 0 ? 'ascending' : 'descending') : 'none'},
      h('button', {type: 'button', class: 'sort', 'data-key': `sort-${c.key}`, dataset: {sortKey: c.key},
        title: `Sort by ${label}`, onclick: () => {
          if (state.sort.key === c.key) {
            state.sort.dir = -state.sort.dir;
          } else {
            state.sort = {key: c.key, dir: c.better ? c.better(s) : 1};
          }
          rerender(section, () => renderBoard(section, state));
        }}, label, h('span', {class: 'sort-mark', 'aria-hidden': 'true'}, sorted ? (dir > 0 ? ' ▲' : ' ▼') : ' ↕')));
  });
  const body = rows.map(r => h('tr', {class: r.trial.id === s.bestTrialId ? 'best' : null,
    dataset: {trialId: r.trial.id, trialNumber: String(r.trial.number), state: r.trial.state}},
  COLUMNS.map(c => {
    const raw = c.value(r, s);
    return h('td', {class: c.numeric ? 'num' : null, dataset: {col: c.key, value: raw == null ? '' : String(raw)}},
      c.show ? c.show(r, s) : (raw == null ? '—' : String(raw)));
  })));
  fill(section,
    h('h2', {id: 'leaderboard-title'}, 'Leaderboard'),
    h('p', {class: 'muted small'}, 'Search trials ranked by the highest rung reached, then the best objective there. ',
      'Click a column heading (or press Enter on it) to sort.'),
    state.board.length === 0
      ? h('p', {class: 'muted', id: 'leaderboard-empty'}, TERMINAL.has(s.state) ? 'This study ran no trial.'
        : 'No trial yet: trials start once the subset plan is ready.')
      : h('div', {class: 'table-wrap'}, h('table', {id: 'leaderboard', class: 'data'},
        h('caption', {class: 'sr-only'}, `Leaderboard, sorted by ${column.label} ${dir > 0 ? 'ascending' : 'descending'}`),
        h('thead', null, h('tr', null, header)), h('tbody', null, body))));
}

/** Missing values last in either direction; numbers as numbers, text as text. */
function compare(a, b, dir) {
  const am = a == null || a === '';
  const bm = b == null || b === '';
  if (am || bm) {
    return am === bm ? 0 : am ? 1 : -1;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return (a - b) * dir;
  }
  return String(a).localeCompare(String(b)) * dir;
}

function renderRetrain(section, state) {
  const rows = state.trials.filter(t => t.trial.purpose === 'RETRAIN');
  section.hidden = rows.length === 0;
  if (rows.length === 0) {
    return;
  }
  fill(section,
    h('h2', {id: 'retrain-title'}, 'Final retrain on the full training set'),
    h('div', {class: 'table-wrap'}, h('table', {id: 'retrain', class: 'data'},
      h('thead', null, h('tr', null, ['Trial', 'Status', 'Configuration', 'Epochs', 'Training time', 'Device', 'Test accuracy']
        .map(l => h('th', {scope: 'col'}, l)))),
      h('tbody', null, rows.map(({trial}) => h('tr', {dataset: {trialId: trial.id}},
        h('td', null, `#${trial.number}`), h('td', null, badge(trial.state)),
        h('td', null, h('code', null, configuration(trial.configuration))), h('td', {class: 'num'}, trial.epochsDone),
        h('td', {class: 'num'}, seconds(trial.trainingSeconds)), h('td', null, trial.device || '—'),
        h('td', {class: 'num'}, percent(trial.testAccuracy))))))));
}

function renderPlan(section, state) {
  const plans = state.plans;
  const s = state.study;
  const title = h('h2', {id: 'plan-title'}, 'Subset plan');
  if (!plans) {
    fill(section, title, h('p', {class: 'muted'}, 'Loading…'));
    return;
  }
  const fetch = fetchStatus(plans.fetch, s);
  if (plans.strategy !== 'milo') {
    fill(section, title, fetch, h('p', {id: 'plan-none'}, plans.strategy === 'full'
      ? 'This study trains on the full training set: there is no subset plan.'
      : `This study trains on random subsets (${percent(s.subsetFraction, 0)} of the training set, drawn per epoch): `
        + 'there is no MILO plan to compute.'));
    return;
  }
  const parts = [title, fetch];
  const p = plans.progress;
  if (p && p.state === 'COMPUTING' && plans.plans.length === 0) {
    const elapsed = p.startedAt ? (Date.now() - Date.parse(p.startedAt)) / 1000 : null;
    parts.push(h('div', {id: 'plan-progress', role: 'status'},
      h('p', null, `Computing the MILO plan for ${plans.fractions.map(f => percent(f, 0)).join(', ')} of the training set: `,
        h('strong', null, p.stage), p.total > 0 ? ` ${p.done} of ${p.total}` : '', elapsed == null ? '' : ` · ${seconds(elapsed)} so far`),
      p.total > 0 ? h('progress', {max: p.total, value: p.done, 'aria-label': `plan stage ${p.stage}`})
        : h('progress', {'aria-label': `plan stage ${p.stage}`}),
      h('p', {class: 'muted small'}, 'Trials start once the plan is ready; later studies on the same dataset, encoder and ',
        'fraction reuse it.')));
  } else if (p && p.state === 'FAILED') {
    parts.push(problemBox('The plan could not be computed', p.error, 'Check the dataset and encoder of the spec.'));
  } else if (plans.plans.length === 0) {
    parts.push(h('p', {class: 'muted'}, TERMINAL.has(s.state) ? 'This study has no stored plan.' : 'Waiting for the plan…'));
  }
  for (const plan of plans.plans) {
    parts.push(planSummary(plan));
  }
  fill(section, parts);
}

// The fetch of the study's dataset, when the service fetched it on demand: before the plan, its news.
function fetchStatus(f, s) {
  if (!f) {
    return null;
  }
  if (f.state === 'FETCHING') {
    const elapsed = f.startedAt ? (Date.now() - Date.parse(f.startedAt)) / 1000 : null;
    return h('div', {id: 'fetch-progress', role: 'status'},
      h('p', null, `Fetching the dataset ${f.dataset} from ${f.source}: `, h('strong', null, f.stage),
        elapsed == null ? '' : ` · ${seconds(elapsed)} so far`),
      h('progress', {'aria-label': `dataset fetch stage ${f.stage}`}),
      h('p', {class: 'muted small'}, 'The plan and the trials start once it is fetched; other studies on it wait for the same fetch.'));
  }
  if (f.state === 'FAILED') {
    return TERMINAL.has(s.state) && s.error === f.error ? null
      : problemBox('The dataset could not be fetched', f.error, 'Check that its registry is reachable from the service.');
  }
  const took = f.finishedAt && f.startedAt ? (Date.parse(f.finishedAt) - Date.parse(f.startedAt)) / 1000 : null;
  return h('p', {id: 'fetch-done', class: 'muted small'}, `The dataset ${f.dataset} was fetched on demand from ${f.source}`,
    f.bytes > 0 ? ` (${bytes(f.bytes)}` + (took == null ? ')' : ` in ${seconds(took)})`) : '', '.');
}

function planSummary(plan) {
  const timings = (plan.provenance || {}).timingsMillis || {};
  return h('div', {class: 'plan', dataset: {planId: plan.id}},
    facts([
      ['Plan', h('code', {title: plan.id}, shortId(plan.id))],
      ['Fraction', percent(plan.fraction, 0)],
      ['Subset size', `${plan.totalBudget} of ${plan.numItems} training items`],
      ['Encoder', plan.encoder],
      ['Pre-processing time', h('span', {id: 'plan-preprocessing'}, seconds(plan.preprocessingSeconds))],
      ['Subsets (SGE)', String(plan.numSubsets)],
      ['Stored', `${bytes(plan.sizeBytes)}, ${time(plan.createdAt)}`],
      ['Stages', Object.keys(timings).length === 0 ? null
        : Object.entries(timings).map(([k, v]) => `${k} ${seconds(v / 1000)}`).join(' · ')],
    ], {class: 'facts plan-facts'}),
    h('div', {class: 'table-wrap'}, h('table', {class: 'data budgets'},
      h('caption', null, 'Per-class budgets: how many items of each class every subset keeps'),
      h('thead', null, h('tr', null, ['Class', 'Items', 'Budget', 'Share'].map(l => h('th', {scope: 'col'}, l)))),
      h('tbody', null, plan.classes.map(c => h('tr', null,
        h('td', null, String(c.label)), h('td', {class: 'num'}, c.size), h('td', {class: 'num'}, c.budget),
        h('td', null, h('meter', {min: 0, max: 1, value: c.size ? c.budget / c.size : 0,
          'aria-label': `class ${c.label}: ${c.budget} of ${c.size}`}), ` ${percent(c.size ? c.budget / c.size : 0, 0)}`)))))));
}
