// #/ : every study with its state, progress, best value, dataset and subset strategy.
import {api} from './api.js';
import {badge, fill, h, rerender} from './dom.js';
import {number, percent, shortId, time} from './format.js';
import {problemBox} from './view.js';

const ACTIVE = new Set(['PENDING', 'PLANNING', 'RUNNING']);
// The list has no event stream of its own: while it is empty or a study is active, it is fetched
// again this often (one request).
const ACTIVE_REFRESH_MS = 5000;

export function renderStudies(root, ctx) {
  document.title = 'Studies · milotune';
  const body = h('div', {id: 'studies-body', 'aria-busy': 'true'}, h('p', {class: 'muted'}, 'Loading studies…'));
  root.append(h('div', {class: 'view-head'}, h('h1', null, 'Studies')), body);
  const selected = new Set();
  let shown = null;

  const load = async () => {
    const studies = await api.studies();
    body.removeAttribute('aria-busy');
    const json = JSON.stringify(studies);
    if (json !== shown) {
      shown = json;
      if (studies.length === 0) {
        const empty = await emptyState();
        fill(body, empty);
      } else {
        rerender(body, () => fill(body, table(studies, selected)));
      }
    }
    // An empty list waits for the first study; a list with active studies follows them.
    if (studies.length === 0 || studies.some(s => ACTIVE.has(s.state))) {
      ctx.later(ACTIVE_REFRESH_MS, () => ctx.guard(load, showProblem));
    }
  };
  const showProblem = e => fill(body, problemBox('Could not list the studies', e.message,
    'The server answered with an error; its log says more.'));
  ctx.guard(load, showProblem);
}

function table(studies, selected) {
  const compareButton = h('button', {type: 'button', id: 'compare-selected', 'data-key': 'compare', disabled: true},
    'Compare selected');
  const updateButton = () => {
    compareButton.disabled = selected.size < 2;
    compareButton.textContent = selected.size < 2 ? 'Compare selected (pick two or more)'
      : `Compare ${selected.size} selected`;
  };
  compareButton.addEventListener('click', () => {
    const ids = studies.map(s => s.id).filter(id => selected.has(id));
    location.hash = `#/compare?studies=${ids.map(encodeURIComponent).join(',')}`;
  });
  const rows = studies.map(s => {
    const box = h('input', {type: 'checkbox', 'data-key': `select-${s.id}`, 'aria-label': `Select ${s.name} for comparison`, checked: selected.has(s.id),
      onchange: e => {
        if (e.target.checked) {
          selected.add(s.id);
        } else {
          selected.delete(s.id);
        }
        updateButton();
      }});
    return h('tr', {dataset: {studyId: s.id, state: s.state}},
      h('td', null, box),
      h('td', null, h('a', {href: `#/studies/${encodeURIComponent(s.id)}`, class: 'study-link', 'data-key': `open-${s.id}`}, s.name),
        h('div', {class: 'muted small'}, shortId(s.id))),
      h('td', null, badge(s.state), s.error ? h('div', {class: 'small error-text', title: s.error}, truncate(s.error, 80)) : null),
      h('td', {class: 'progress-cell'}, progress(s)),
      h('td', {class: 'num', dataset: {col: 'best'}}, number(s.bestValue),
        h('div', {class: 'muted small'}, `${s.objective} (${s.direction})`)),
      h('td', {class: 'num'}, percent(s.finalTestAccuracy)),
      h('td', null, s.dataset, h('div', {class: 'muted small'}, s.modelFamily)),
      h('td', null, s.subsetStrategy, s.subsetStrategy === 'full' ? null : h('span', {class: 'muted'}, ` ${percent(s.subsetFraction, 0)}`)),
      h('td', null, s.scheduler, h('div', {class: 'muted small'}, `${s.sampler} sampler`)),
      h('td', {class: 'small'}, time(s.createdAt)));
  });
  updateButton();
  return h('div', null,
    h('div', {class: 'toolbar'}, compareButton),
    h('div', {class: 'table-wrap'},
      h('table', {id: 'studies-table', class: 'data'},
        h('caption', {class: 'sr-only'}, 'Studies, newest first'),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col'}, h('span', {class: 'sr-only'}, 'Compare')),
          ['Study', 'State', 'Progress', 'Best value', 'Final test accuracy', 'Dataset', 'Subset', 'Scheduler', 'Created']
            .map(label => h('th', {scope: 'col'}, label)))),
        h('tbody', null, rows))));
}

function progress(s) {
  const label = `${s.trialsFinished} of ${s.maxTrials} trials finished`;
  return h('div', null,
    h('progress', {max: s.maxTrials, value: s.trialsFinished, 'aria-label': label}),
    h('div', {class: 'small muted'}, `${s.trialsFinished}/${s.maxTrials} finished, ${s.trialsStarted} started`));
}

function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** No study yet: how to submit one, with a spec for a dataset this server has. */
async function emptyState() {
  let dataset = 'fashion-mnist';
  let note = null;
  try {
    const datasets = await api.datasets();
    // The example trains an MLP on images: prefer Fashion-MNIST, then any image set this server has.
    const images = datasets.filter(d => d.available && d.kind === 'IMAGE');
    const available = images.find(d => d.name.includes('fashion-mnist')) || images[0];
    if (available) {
      dataset = available.name;
    } else {
      note = h('p', null, 'No dataset is fetched yet: fetch one first, e.g. ',
        h('code', null, 'java -jar target/quarkus-app/quarkus-run.jar fetch fashion-mnist'), '.');
    }
  } catch (e) {
    note = null;
  }
  const spec = JSON.stringify({
    name: 'my-first-study',
    dataset: {name: dataset, encoder: 'pixel-pca'},
    model: {family: 'mlp', epochs: 4},
    searchSpace: {
      lr: {type: 'float', low: 0.0005, high: 0.05, log: true},
      hidden: {type: 'categorical', choices: [32, 64]},
    },
    objective: {metric: 'validation_accuracy'},
    scheduler: {type: 'asha', r: 1, R: 4, eta: 2},
    maxTrials: 6,
    subset: {strategy: 'milo', fraction: 0.3},
  }, null, 2);
  return h('section', {id: 'empty-state', class: 'empty'},
    h('h2', null, 'No studies yet'),
    h('p', null, 'Submit a tuning study to the REST API; it appears here as soon as it is accepted and updates live.'),
    note,
    h('ol', null,
      h('li', null, 'Save a study spec, for example as ', h('code', null, 'study.json'), ':',
        h('pre', null, h('code', null, spec))),
      h('li', null, 'Check it without starting anything, then submit it with a ', h('code', null, 'member'),
        ' or ', h('code', null, 'admin'), ' token in ', h('code', null, 'MILOTUNE_TOKEN'),
        ' (a local run\'s admin token is in ', h('code', null, '.milotune/admin-token'), '):',
        h('pre', null, h('code', null,
          `curl -s -X POST ${location.origin}/api/v1/studies:validate -H "Authorization: Bearer $MILOTUNE_TOKEN" -H 'Content-Type: application/json' -d @study.json\n`
          + `curl -s -X POST ${location.origin}/api/v1/studies -H "Authorization: Bearer $MILOTUNE_TOKEN" -H 'Content-Type: application/json' -d @study.json`)))),
    h('p', null, 'Or try the calls in the ', h('a', {href: '/q/swagger-ui/'}, 'API explorer (Swagger UI)'), '.'));
}
