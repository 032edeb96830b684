// The page's charts, drawn by ECharts from its WebJar (served by this server, no CDN).
import * as echarts from '/webjars/echarts/dist/echarts.esm.min.js';
import {number, percent, seconds} from './format.js';

const PRUNED = new Set(['PRUNED', 'FAILED', 'CANCELLED']);
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

/**
 * A chart bound to an element for the life of a view. The element carries data-points (how many
 * data points are drawn) so tests and people can tell an empty chart from a drawn one.
 */
export class Chart {
  constructor(ctx, el) {
    this.el = el;
    this.chart = null;
    this.resize = () => this.chart && this.chart.resize();
    window.addEventListener('resize', this.resize);
    ctx.own(() => {
      window.removeEventListener('resize', this.resize);
      if (this.chart) {
        this.chart.dispose();
      }
    });
  }

  /** Draws the option; with no data point the element is hidden rather than showing empty axes. */
  show(option, points) {
    this.el.dataset.points = String(points);
    this.el.hidden = points === 0;
    if (points === 0) {
      return;
    }
    if (!this.chart) {
      this.chart = echarts.init(this.el, null, {renderer: 'canvas'});
    }
    this.chart.setOption(option, {notMerge: true});
    this.chart.resize();
  }
}

/** The epochs at which trials were judged: the rung resources of every bracket, once each. */
function rungMarks(rungs) {
  if (!rungs || rungs.fidelity !== 'epochs') {
    return [];
  }
  const seen = new Map();
  for (const bracket of rungs.brackets) {
    for (const rung of bracket.rungs) {
      if (!seen.has(rung.epochs)) {
        seen.set(rung.epochs, rungs.brackets.length > 1 ? `r=${rung.epochs}` : `rung ${rung.index}`);
      }
    }
  }
  return [...seen.entries()].map(([epochs, name]) => ({xAxis: epochs, name}));
}

/**
 * Learning curves: the objective after each epoch of every trial. Stopped trials are dashed and
 * end in a square; the best trial is drawn thick; dotted vertical lines are the rungs.
 *
 * @param trials the /trials rows ({trial, reports})
 */
export function learningCurves(trials, rungs, study) {
  const dataFidelity = rungs && rungs.fidelity === 'data';
  const series = [];
  let points = 0;
  let maxX = 1;
  const ordered = [...trials].sort((a, b) => (a.trial.purpose === b.trial.purpose ? 0 : a.trial.purpose === 'SEARCH' ? -1 : 1)
    || a.trial.number - b.trial.number);
  for (const {trial, reports} of ordered) {
    const data = curve(reports, dataFidelity);
    if (data.length === 0) {
      continue;
    }
    points += data.length;
    maxX = Math.max(maxX, data[data.length - 1][0]);
    const stopped = PRUNED.has(trial.state);
    const retrain = trial.purpose === 'RETRAIN';
    const best = trial.id === study.bestTrialId;
    const name = retrain ? `retrain #${trial.number}` : `#${trial.number}${stopped ? ` (${trial.state.toLowerCase()})` : ''}`;
    series.push({
      name,
      type: 'line',
      data,
      showSymbol: true,
      symbolSize: 4,
      color: retrain ? '#333333' : PALETTE[trial.number % PALETTE.length],
      lineStyle: {width: best ? 3.5 : retrain ? 2 : 1.6, type: stopped ? 'dashed' : retrain ? 'dotted' : 'solid',
        opacity: stopped ? 0.7 : 1},
      emphasis: {focus: 'series'},
      markPoint: stopped ? {symbol: 'rect', symbolSize: 9, label: {show: false}, silent: true,
        data: [{coord: data[data.length - 1], name: 'stopped'}]} : undefined,
      tooltip: {valueFormatter: v => number(v)},
    });
  }
  const marks = dataFidelity ? dataRungMarks(rungs) : rungMarks(rungs);
  if (series.length > 0 && marks.length > 0) {
    series[0].markLine = {symbol: 'none', silent: true, animation: false,
      lineStyle: {type: 'dotted', color: '#555', width: 1.2},
      label: {formatter: p => p.name, position: 'end', color: '#333'}, data: marks};
  }
  const option = {
    animation: false,
    grid: {left: 64, right: 150, top: 36, bottom: 48},
    tooltip: {trigger: 'item', formatter: p => `${p.seriesName}<br>epoch ${p.value[0]}: ${number(p.value[1])}`},
    legend: {type: 'scroll', orient: 'vertical', right: 0, top: 20, bottom: 20},
    xAxis: {type: 'value', name: dataFidelity ? 'epochs trained (all rungs)' : 'epochs trained', nameLocation: 'middle', nameGap: 28,
      min: 0, max: Math.max(maxX, ...marks.map(m => m.xAxis)), minInterval: 1},
    yAxis: {type: 'value', name: study.objective, scale: true},
    series,
  };
  return {option, points};
}

/** [epochsTrained, objective] per epoch; a retried epoch counts once, from its latest attempt. */
function curve(reports, cumulative) {
  if (cumulative) {
    return [...reports].sort((a, b) => String(a.reportedAt).localeCompare(String(b.reportedAt)))
      .map((r, i) => [i + 1, r.objective]);
  }
  const byEpoch = new Map();
  for (const r of reports) {
    const seen = byEpoch.get(r.epoch);
    if (!seen || r.attempt >= seen.attempt) {
      byEpoch.set(r.epoch, r);
    }
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch).map(r => [r.epoch + 1, r.objective]);
}

/** Data fidelity: every rung trains all epochs on a larger subset, so its boundary is after k·E epochs. */
function dataRungMarks(rungs) {
  const epochs = rungs.brackets[0].rungs[0].epochs;
  return rungs.brackets[0].rungs.slice(0, -1).map((r, i) => ({xAxis: (i + 1) * epochs,
    name: `rung ${r.index} (${percent(r.fraction, 0)})`}));
}

/**
 * Parallel coordinates: one line per trial with a result, through its hyperparameters, the rung it
 * reached and its best objective (coloured by the objective).
 *
 * @param searchSpace the spec's searchSpace ({name: {type, low, high, log, choices}})
 */
export function parallelCoordinates(board, searchSpace, study) {
  const rows = board.map(r => r.trial).filter(t => t.bestValue != null);
  const names = Object.keys(searchSpace || {}).sort();
  if (names.length === 0 && rows.length > 0) {
    names.push(...Object.keys(rows[0].configuration || {}).sort());
  }
  const axes = names.map((name, i) => {
    const p = (searchSpace || {})[name] || {};
    if (p.type === 'categorical' || (p.choices && !p.type)) {
      return {dim: i, name, type: 'category', data: (p.choices || []).map(String)};
    }
    return {dim: i, name, type: p.log ? 'log' : 'value', min: p.low, max: p.high, scale: true};
  });
  const rungDim = names.length;
  const objectiveDim = names.length + 1;
  const maxRung = Math.max(0, ...rows.map(t => t.rung));
  axes.push({dim: rungDim, name: 'rung', type: 'category', data: Array.from({length: maxRung + 1}, (_, i) => String(i))});
  axes.push({dim: objectiveDim, name: study.objective, type: 'value', scale: true,
    nameTextStyle: {fontWeight: 'bold'}});
  const data = rows.map(t => {
    const values = names.map(n => {
      const v = (t.configuration || {})[n];
      return axes[names.indexOf(n)].type === 'category' ? String(v) : v;
    });
    return {value: [...values, String(t.rung), t.bestValue], name: `#${t.number}`,
      lineStyle: PRUNED.has(t.state) ? {type: 'dashed', opacity: 0.55} : {opacity: 0.95, width: 2.5}};
  });
  const values = rows.map(t => t.bestValue);
  // Colours span the trials' own range, so close results still look different.
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const option = {
    animation: false,
    parallel: {left: 60, right: 110, top: 48, bottom: 36, parallelAxisDefault: {nameLocation: 'end', nameGap: 16,
      nameTextStyle: {fontSize: 13}}},
    parallelAxis: axes,
    visualMap: {type: 'continuous', dimension: objectiveDim, min: lo, max: hi,
      calculable: false, right: 8, top: 'middle', itemHeight: 140, text: ['better', 'worse'],
      inverse: study.direction === 'minimize', inRange: {color: ['#d7301f', '#fdae61', '#1a9850']}, precision: 3},
    tooltip: {trigger: 'item', formatter: p => `${p.name}: ${number(p.value[objectiveDim])}`},
    series: [{type: 'parallel', lineStyle: {width: 2}, data, emphasis: {lineStyle: {width: 4}}}],
  };
  return {option, points: data.length};
}

/**
 * Comparison: stacked bars of what each study cost (tuning, pre-processing, final retrain), a bar
 * of its wall time, and its final full-data test accuracy on the right axis.
 */
export function comparisonBars(comparison) {
  const studies = comparison.studies;
  const labels = studies.map(s => `${s.name}${s.studyId === comparison.baseline ? ' (baseline)' : ''}`);
  const secondsSeries = (name, key, stack) => ({name, type: 'bar', stack, data: studies.map(s => round(s[key])),
    tooltip: {valueFormatter: v => seconds(v)}});
  const option = {
    animation: false,
    grid: {left: 64, right: 72, top: 56, bottom: 64},
    tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
    legend: {top: 0},
    xAxis: {type: 'category', data: labels, axisLabel: {interval: 0, width: 160, overflow: 'truncate'}},
    yAxis: [{type: 'value', name: 'seconds'}, {type: 'value', name: 'test accuracy', min: 0, max: 1, position: 'right',
      axisLabel: {formatter: v => percent(v, 0)}}],
    series: [
      secondsSeries('tuning (search trials)', 'tuningSeconds', 'cost'),
      secondsSeries('pre-processing (plans)', 'preprocessingSeconds', 'cost'),
      secondsSeries('final retrain', 'retrainSeconds', 'cost'),
      secondsSeries('wall time', 'wallSeconds', 'wall'),
      {name: 'final test accuracy', type: 'line', yAxisIndex: 1, symbolSize: 10, data: studies.map(s => s.finalTestAccuracy),
        tooltip: {valueFormatter: v => percent(v)}, label: {show: true, formatter: p => percent(p.value), position: 'top'}},
    ],
  };
  return {option, points: studies.length};
}

function round(v) {
  return v == null ? null : Math.round(v * 100) / 100;
}
