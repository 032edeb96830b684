// #/compare?studies=a,b&baseline=a : tuning cost, wall time, speedup against a baseline, chosen
// configurations and final accuracies of two or more studies.
import {api} from './api.js';
import {badge, fill, h} from './dom.js';
import {configuration, number, percent, seconds, shortId, speedup} from './format.js';
import {Chart, comparisonBars} from './charts.js';
import {problemBox} from './view.js';

export function renderCompare(root, ctx, query) {
  document.title = 'Compare studies · milotune';
  const ids = (query.get('studies') || '').split(',').map(s => s.trim()).filter(Boolean);
  const baseline = query.get('baseline') || ids[0] || null;
  const picker = h('section', {id: 'compare-picker', class: 'card', 'aria-labelledby': 'picker-title'},
    h('p', {class: 'muted', id: 'picker-title'}, 'Loading the studies…'));
  const result = h('section', {id: 'comparison', 'aria-live': 'polite'});
  root.append(h('div', {class: 'view-head'}, h('h1', null, 'Compare studies')), picker, result);

  const loadPicker = async () => {
    const studies = await api.studies();
    renderPicker(picker, studies, ids, baseline);
  };
  ctx.guard(loadPicker, e => fill(picker, problemBox('Could not list the studies', e.message)));

  if (ids.length < 2) {
    fill(result, h('p', {class: 'muted', id: 'compare-hint'}, 'Pick two or more studies above, and the baseline the speedups are measured against.'));
    return;
  }
  const chartEl = h('div', {id: 'compare-chart', class: 'chart', role: 'img',
    'aria-label': 'Cost, wall time and final test accuracy of each study'});
  const chart = new Chart(ctx, chartEl);
  const load = async () => {
    const comparison = await api.compare(ids, baseline);
    renderComparison(result, comparison, chartEl);
    const bars = comparisonBars(comparison);
    chart.show(bars.option, bars.points);
    // Running studies still change; their costs are fetched again now and then, not per event.
    if (comparison.studies.some(s => !['COMPLETED', 'FAILED', 'CANCELLED'].includes(s.state))) {
      ctx.later(5000, () => ctx.guard(load, onProblem));
    }
  };
  const onProblem = e => fill(result, problemBox('Cannot compare these studies', e.message,
    e.status === 404 ? 'One of them does not exist (any more); pick others above.' : 'Pick two or more studies above.'));
  ctx.guard(load, onProblem);
}

function renderPicker(section, studies, ids, baseline) {
  const chosen = new Set(ids);
  const baselineSelect = h('select', {id: 'baseline', name: 'baseline'});
  const refreshBaseline = () => {
    const current = baselineSelect.value || baseline;
    baselineSelect.replaceChildren(...studies.filter(s => chosen.has(s.id))
      .map(s => h('option', {value: s.id, selected: s.id === current}, `${s.name} (${shortId(s.id)})`)));
  };
  const go = h('button', {type: 'submit', id: 'compare-go'}, 'Compare');
  const list = h('ul', {class: 'pick-list'}, studies.map(s => h('li', null, h('label', null,
    h('input', {type: 'checkbox', name: 'study', value: s.id, checked: chosen.has(s.id), onchange: e => {
      if (e.target.checked) {
        chosen.add(s.id);
      } else {
        chosen.delete(s.id);
      }
      refreshBaseline();
      go.disabled = chosen.size < 2;
    }}),
    ` ${s.name} `, badge(s.state), h('span', {class: 'muted small'}, ` ${s.subsetStrategy} · ${s.dataset} · ${shortId(s.id)}`)))));
  const form = h('form', {onsubmit: e => {
    e.preventDefault();
    const order = studies.map(s => s.id).filter(id => chosen.has(id));
    const base = baselineSelect.value && chosen.has(baselineSelect.value) ? baselineSelect.value : order[0];
    location.hash = `#/compare?studies=${order.map(encodeURIComponent).join(',')}&baseline=${encodeURIComponent(base)}`;
  }},
  h('fieldset', null, h('legend', {id: 'picker-title'}, 'Studies to compare'),
    studies.length === 0 ? h('p', null, 'No studies yet: ', h('a', {href: '#/'}, 'the list of studies'), ' says how to submit one.') : list),
  h('div', {class: 'toolbar'}, h('label', {for: 'baseline'}, 'Baseline '), baselineSelect, go));
  refreshBaseline();
  go.disabled = chosen.size < 2;
  fill(section, form);
}

function renderComparison(section, comparison, chartEl) {
  const base = comparison.studies.find(s => s.studyId === comparison.baseline);
  const rows = comparison.studies.map(s => h('tr', {class: s.studyId === comparison.baseline ? 'baseline' : null,
    dataset: {studyId: s.studyId}},
  h('th', {scope: 'row'}, h('a', {href: `#/studies/${encodeURIComponent(s.studyId)}`}, s.name),
    s.studyId === comparison.baseline ? h('span', {class: 'badge best-badge'}, 'baseline') : null,
    h('div', {class: 'muted small'}, shortId(s.studyId))),
  h('td', null, badge(s.state)),
  h('td', {class: 'num'}, s.searchTrials),
  h('td', {class: 'num', dataset: {col: 'tuning'}}, seconds(s.tuningSeconds)),
  h('td', {class: 'num'}, seconds(s.preprocessingSeconds)),
  h('td', {class: 'num'}, seconds(s.retrainSeconds)),
  h('td', {class: 'num'}, seconds(s.wallSeconds)),
  h('td', {class: 'num', dataset: {col: 'speedup'}}, speedup(s.speedup)),
  h('td', {class: 'num'}, speedup(s.endToEndSpeedup)),
  h('td', {class: 'num'}, number(s.chosenValue)),
  h('td', {class: 'num', dataset: {col: 'accuracy'}}, percent(s.finalTestAccuracy)),
  h('td', null, h('code', null, configuration(s.chosenConfiguration)))));
  fill(section,
    h('div', {class: 'card'},
      h('h2', null, 'Cost and outcome'),
      h('p', {class: 'muted small'}, `Speedups are against ${base ? base.name : 'the baseline'}: tuning = its search-trial training time `
        + 'over this study\'s; end to end also counts pre-processing (MILO\'s plan) and the final retrain.'),
      h('div', {class: 'table-wrap'}, h('table', {id: 'compare-table', class: 'data'},
        h('thead', null, h('tr', null, ['Study', 'State', 'Search trials', 'Tuning cost', 'Pre-processing', 'Final retrain',
          'Wall time', 'Speedup (tuning)', 'Speedup (end to end)', 'Value of the choice', 'Final test accuracy', 'Chosen configuration']
          .map(l => h('th', {scope: 'col', class: l === 'Study' || l === 'State' || l === 'Chosen configuration' ? null : 'num'}, l)))),
        h('tbody', null, rows)))),
    h('div', {class: 'card'}, h('h2', null, 'Cost, wall time and accuracy'), chartEl));
}
