// A model version's page (version.html?v=N) and the drawings it shares with the comparison page (compare.js), from
// GET /api/pipelines/{p}/models/{v}: the envelope's fields as model-envelope.avsc defines them.
const streamtrainVersion = (() => {
  const {el, number, time, getJson, svgCanvas, withTitle} = streamtrain;

  function table(headers, rows, cls) {
    return el('table', {class: cls || ''},
      el('thead', {}, el('tr', {}, ...headers.map(h => el('th', {}, h)))),
      el('tbody', {}, ...rows.map(cells => el('tr', {}, ...cells.map(cell => cell instanceof Node ? cell : el('td', {}, cell))))));
  }

  function num(value, digits) {
    return el('td', {class: 'num'}, value === null || value === undefined ? '–' : typeof value === 'number'
      ? (digits === undefined ? number(value) : number(value, digits)) : String(value));
  }

  function card(title, ...children) {
    return el('section', {class: 'card'}, el('h3', {}, title), ...children);
  }

  // A card as wide as the page, for tables with many columns.
  function wide(section) {
    section.classList.add('wide');
    return section;
  }

  function muted(text) {
    return el('p', {class: 'muted'}, text);
  }

  // Metrics without a class suffix; per-class ones (precision.<class>, recall.<class>, f1.<class>) by class.
  function overallMetrics(metrics) {
    return Object.entries(metrics).filter(([name]) => !name.includes('.')).sort(([a], [b]) => a.localeCompare(b));
  }

  function perClass(metrics) {
    const byClass = new Map();
    Object.entries(metrics).filter(([name]) => name.includes('.')).forEach(([name, value]) => {
      const dot = name.indexOf('.');
      const cls = name.slice(dot + 1);
      if (!byClass.has(cls)) byClass.set(cls, {});
      byClass.get(cls)[name.slice(0, dot)] = value;
    });
    return byClass;
  }

  function metricsCard(env) {
    const rows = overallMetrics(env.metrics).map(([name, value]) => [name, num(value, 4)]);
    const children = [table(['metric (test split)', 'value'], rows, 'metrics')];
    const classes = perClass(env.metrics);
    if (classes.size) {
      const names = [...new Set([...classes.values()].flatMap(v => Object.keys(v)))].sort();
      children.push(el('h4', {}, 'Per class'), table(['class', ...names],
        [...classes.entries()].map(([cls, values]) => [cls, ...names.map(n => num(values[n], 4))]), 'per-class'));
    }
    return card('Metrics', ...children);
  }

  // The quantile levels of a residual summary as column names: min, p5, p25, median, p75, p95, max.
  function quantileName(level) {
    return level === 0 ? 'min' : level === 1 ? 'max' : level === 0.5 ? 'median' : 'p' + Math.round(level * 100);
  }

  // Regression: how the test split's residuals (label − prediction) fall: centre, spread, quantiles and a histogram.
  function residualsCard(env) {
    if (env.task !== 'REGRESSION') return null;
    const r = env.residuals;
    if (!r) return card('Residuals', muted('This version was published before envelopes carried a residual summary.'));
    return card('Residuals',
      muted(`Label − prediction on the ${number(r.count)} test rows: above 0 the model predicted too low.`),
      table(['mean', 'standard deviation', ...r.quantileLevels.map(quantileName)],
        [[num(r.mean, 4), num(r.standardDeviation, 4), ...r.quantiles.map(q => num(q, 4))]], 'residuals'),
      residualHistogram(r));
  }

  function residualHistogram(r) {
    const width = 300, height = 110, bottom = 16, top = 4;
    const [svg, add] = svgCanvas('chart distribution residual-histogram', width, height);
    const counts = r.histogramCounts, edges = r.histogramEdges;
    const high = Math.max(1, ...counts);
    const slot = width / counts.length;
    counts.forEach((count, i) => {
      const h = count * (height - top - bottom) / high;
      withTitle(add('rect', {class: 'bar series-0', x: (i * slot).toFixed(1), y: (height - bottom - h).toFixed(1),
        width: Math.max(1, slot - 1).toFixed(1), height: h.toFixed(1), 'data-count': count}),
        `${number(edges[i], 3)} to ${number(edges[i + 1], 3)}: ${number(count)} rows`);
    });
    add('text', {x: 0, y: height - 3}, number(edges[0], 3));
    add('text', {x: width, y: height - 3, 'text-anchor': 'end'}, number(edges[edges.length - 1], 3));
    return svg;
  }

  function confusionCard(env) {
    if (env.task !== 'CLASSIFICATION') return null;
    const matrix = env.confusionMatrix || [];
    const classes = env.featureSchema.classes;
    if (!matrix.length) {
      return card('Confusion matrix', muted('This version was published before envelopes carried a confusion matrix.'));
    }
    const high = Math.max(1, ...matrix.flat());
    return card('Confusion matrix',
      muted('Test-split counts: true class by row, predicted class by column.'),
      el('table', {class: 'confusion'},
        el('thead', {}, el('tr', {}, el('th', {}, 'true \\ predicted'), ...classes.map(c => el('th', {}, c)))),
        el('tbody', {}, ...matrix.map((row, i) => el('tr', {}, el('th', {}, classes[i] || String(i)),
          ...row.map((count, j) => el('td', {class: 'num cell' + (i === j ? ' diagonal' : ''),
            style: `--share: ${(count / high).toFixed(3)}`}, number(count))))))));
  }

  function hyperparametersCard(env) {
    const rows = Object.entries(env.hyperparameters).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v]);
    const children = [rows.length ? table(['hyperparameter', 'value'], rows, 'hyperparameters') : muted('None recorded.')];
    const tuning = env.tuning;
    if (tuning) {
      children.push(el('h4', {}, 'Tuning candidates'),
        muted(`${tuning.mode} search on ${tuning.metric} (${tuning.higherIsBetter ? 'higher' : 'lower'} is better): `
          + (tuning.folds > 1
            ? `mean of ${number(tuning.folds)} cross-validation folds of ${number(tuning.fitRows)} train rows, `
            : `${number(tuning.fitRows)} fit rows, ${number(tuning.validationRows)} validation rows, `)
          + `${number(tuning.elapsedMillis)} ms `
          + `of a ${number(tuning.budgetMillis)} ms budget${tuning.budgetExhausted ? ' (budget exhausted)' : ''}.`),
        table(['#', 'hyperparameters', 'score', 'outcome'], tuning.candidates.map((c, i) => [
          el('td', {class: 'num'}, (i === tuning.chosen ? '★ ' : '') + i),
          Object.entries(c.hyperparameters).map(([k, v]) => k + '=' + v).join(', '),
          num(c.score, 4), c.outcome]), 'tuning'));
    } else {
      children.push(muted('No tuning search (model.tuning none): the configured hyperparameters were used.'));
    }
    return card('Hyperparameters', ...children);
  }

  function gateCard(env) {
    const gate = env.promotion;
    if (!gate) return card('Gate decision', muted('Published before the gate existed.'));
    return card('Gate decision', el('p', {id: 'gate-decision'}, el('span', {class: 'status status-' + gate.status.toLowerCase()}, gate.status), ' ', gate.reason),
      table(['metric', 'challenger (this version)', 'champion', 'tolerance'],
        [[gate.metric + (gate.higherIsBetter ? ' (higher is better)' : ' (lower is better)'), num(gate.challengerScore, 4),
          el('td', {class: 'num'}, gate.championVersion === null ? 'none' : `v${gate.championVersion}: ${gate.championScore === null ? '–' : number(gate.championScore, 4)}`),
          num(gate.tolerance, 4)]], 'gate'));
  }

  // How a trial on live traffic decided this version (model-envelope.avsc, TrialResult); versions no trial decided have none.
  function trialCard(env) {
    const t = env.promotion && env.promotion.trial;
    if (!t) return null;
    const classification = t.championOnlyRight !== null;
    const children = [
      el('p', {id: 'trial-decision'}, el('span', {class: 'status status-' + (t.decision === 'PROMOTE' ? 'champion' : 'rejected')}, t.decision), ' ',
        `${t.strategy} trial against v${env.promotion.championVersion}, ${time(t.startedAt)} → ${time(t.decidedAt)}, on `
        + `${number(t.outcomes)} labelled requests scored by both.`),
      table(['', 'champion v' + env.promotion.championVersion, 'challenger (this version)'],
        [['live ' + t.scoreName, num(t.championScore, 4), num(t.challengerScore, 4)],
          ...(classification ? [['right where the other was wrong', num(t.championOnlyRight), num(t.challengerOnlyRight)]] : [])], 'trial-sides'),
      muted(`${t.test}: statistic ${number(t.statistic, 4)}, one-sided p = ${number(t.pValue, 4)} that the challenger is worse`
        + (classification ? '' : `; mean squared-error difference ${number(t.meanDifference, 4)}`)
        + `; ${number(t.evicted)} evicted, ${number(t.unusable)} unusable, ${number(t.unreadable)} unreadable.`)];
    if (t.operator !== null) {
      children.push(el('p', {id: 'trial-operator'}, `Ended early by ${t.operator}`
        + (t.operatorAskedAt ? ` at ${time(t.operatorAskedAt)}` : '') + (t.operatorReason ? `: ${t.operatorReason}` : '.')));
    }
    return card('Trial on live traffic', ...children);
  }

  // Input offset ranges (common.avsc, OffsetRange): partition, first and last offset, both included.
  function ranges(list) {
    return list.map(r => `p${r.partition} ${number(r.firstOffset)}–${number(r.lastOffset)}`).join(', ') || '–';
  }

  function lineageCard(env) {
    const l = env.lineage;
    const horizon = l.horizon;
    const children = [table(['window (UTC)', 'batch', 'records', 'train / test', 'input offsets of ' + l.sourceTopic],
      [[time(l.windowStart) + ' → ' + time(l.windowEnd), l.batchId, num(l.recordCount), el('td', {class: 'num'},
        number(l.trainCount) + ' / ' + number(l.testCount)), ranges(l.sourceRanges)]], 'lineage')];
    if (horizon) {
      children.push(el('h4', {}, `Horizon: ${number(horizon.windows.length)} window${horizon.windows.length === 1 ? '' : 's'}`),
        muted(`${number(horizon.rowsUsed)} of ${number(horizon.rowsAvailable)} rows used (sampling ${horizon.sampling}); `
          + `evaluation ${horizon.evaluation}${horizon.refit ? '; refit on every row after evaluation' : ''}.`),
        el('div', {class: 'scroll'}, table(['batch', 'window (UTC)', 'batches partition', 'offsets', 'rows', 'used', 'input offsets'],
          horizon.windows.map(w => [w.batchId, time(w.windowStart) + ' → ' + time(w.windowEnd), num(w.batchesPartition),
            el('td', {class: 'num'}, number(w.firstOffset) + '–' + number(w.manifestOffset)), num(w.rows), num(w.rowsUsed),
            ranges(w.sourceRanges)]), 'horizon-windows')));
    } else {
      children.push(muted('Learned from its own window only (published before training horizons).'));
    }
    if (l.backfill) {
      children.push(muted(`Trained by backfill run ${l.backfill.runId} from ${time(l.backfill.requestedFrom)}.`));
    }
    return wide(card('Lineage', ...children));
  }

  function preprocessingCard(env) {
    return wide(card('Preprocessing', muted('Fitted on the train split; applied the same way by the trainer and the scorer.'),
      el('div', {class: 'scroll'}, table(['feature', 'impute', 'center', 'scale', 'clip', 'categories'],
        env.preprocessing.columns.map(c => [c.feature,
          c.imputeNumber !== null ? number(c.imputeNumber, 4) : c.imputeCategory !== null ? c.imputeCategory : '–',
          num(c.categories.length ? null : c.center, 4), num(c.categories.length ? null : c.scale, 4),
          c.clipLow === null && c.clipHigh === null ? '–' : `[${c.clipLow === null ? '−∞' : number(c.clipLow, 3)}, ${c.clipHigh === null ? '∞' : number(c.clipHigh, 3)}]`,
          c.categories.length ? c.categories.join(', ') + (c.otherSlot ? ' + other' : '') : '–']), 'preprocessing'))));
  }

  // The buckets of a training distribution (model-envelope.avsc, ValueDistribution) as labels.
  function bucketLabels(d) {
    if (d.kind === 'CATEGORICAL') return [...d.categories, 'other', 'missing'];
    const edges = d.binEdges.map(e => number(e, Math.abs(e) < 10 ? 2 : 0));
    return [...(edges.length ? ['< ' + edges[0]] : []), ...edges.slice(1).map((e, i) => edges[i] + '–' + e),
      ...(edges.length ? ['≥ ' + edges[edges.length - 1]] : ['all']), 'missing'];
  }

  // Bars of one or two distributions over the same buckets (the comparison draws two).
  function distributionChart(name, distributions) {
    const width = 300, height = 110, bottom = 16, top = 14;
    const [svg, add] = svgCanvas('chart distribution', width, height);
    svg.setAttribute('data-feature', name);
    const labels = bucketLabels(distributions.find(d => d) || {kind: 'BINNED', binEdges: []});
    const buckets = labels.length;
    const high = Math.max(0.01, ...distributions.filter(d => d).flatMap(d => d.frequencies));
    const slot = width / buckets;
    add('text', {x: 0, y: 10, class: 'title'}, name);
    distributions.forEach((d, series) => {
      if (!d) return;
      const barWidth = Math.max(1, slot / distributions.length - 2);
      d.frequencies.forEach((share, i) => {
        const h = share * (height - top - bottom) / high;
        withTitle(add('rect', {class: 'bar series-' + series, x: (i * slot + series * (barWidth + 1)).toFixed(1),
          y: (height - bottom - h).toFixed(1), width: barWidth.toFixed(1), height: h.toFixed(1), 'data-share': share}),
          `${labels[i]}: ${(100 * share).toFixed(1)} %`);
      });
    });
    add('text', {x: 0, y: height - 3}, labels[0]);
    add('text', {x: width, y: height - 3, 'text-anchor': 'end'}, labels[buckets - 1]);
    return svg;
  }

  function distributionsCard(env) {
    const baseline = env.driftBaseline;
    if (!baseline) return card('Training distributions', muted('Published before envelopes carried training distributions.'));
    return wide(card('Training distributions', muted('Share of the train split per bucket (the baseline the scorer measures drift against); '
      + 'the predictions on the test split last. Hover a bar for its bucket.'),
      el('div', {class: 'distributions'}, ...[...baseline.features, baseline.predictions].map(d => distributionChart(d.name, [d])))));
  }

  function signatureCard(detail) {
    const env = detail.envelope;
    return wide(card('Signature and format', table(['signing key', 'SHA-256 of the model', 'format', 'model size', 'Smile', 'streamtrain'],
      [[el('td', {id: 'signing-key'}, detail.signingKey || 'unsigned'), el('td', {class: 'digest'}, env.modelSha256), env.modelFormat,
        num(env.modelBytes), env.smileVersion, env.streamtrainVersion]], 'signature')));
  }

  function summary(detail) {
    const env = detail.envelope;
    return el('p', {class: 'summary'},
      el('span', {id: 'version-status', class: 'status status-' + detail.status.replace(' ', '-')}, detail.status), ' ',
      `${env.algorithm} (${env.task.toLowerCase()}) on ${env.featureSchema.features.length} features, label ${env.featureSchema.labelField}; `
      + `created ${time(env.createdAt)}, trained in ${number(env.trainingMillis)} ms.`);
  }

  // The status changes with registry actions and promotions; the rest of a version never does.
  async function refreshStatus(pipeline, version) {
    const status = (await getJson(pipelinePath(pipeline, version))).status;
    const badge = document.getElementById('version-status');
    badge.textContent = status;
    badge.className = 'status status-' + status.replace(' ', '-');
  }

  function pipelinePath(pipeline, version) {
    return 'api/pipelines/' + encodeURIComponent(pipeline) + '/models/' + version;
  }

  async function pipelineName() {
    return (await getJson('api/pipelines'))[0].pipeline;
  }

  async function page() {
    const main = document.getElementById('version');
    const asked = new URLSearchParams(location.search).get('v');
    try {
      const pipeline = await pipelineName();
      const detail = await getJson(pipelinePath(pipeline, asked));
      const version = detail.version;
      document.title = `streamtrain v${version}`;
      const compare = el('form', {class: 'compare-form', action: 'compare.html'},
        el('input', {type: 'hidden', name: 'a', value: version}), 'Compare with v',
        el('input', {type: 'number', name: 'b', min: 1, value: Math.max(1, version - 1), id: 'compare-with'}),
        el('button', {type: 'submit'}, 'Compare'));
      const head = el('section', {'data-pipeline': pipeline, 'data-version': version},
        el('h2', {}, 'Model version ', el('code', {}, 'v' + version), ' of ', el('code', {}, pipeline)),
        summary(detail), compare);
      const cards = [metricsCard(detail.envelope), confusionCard(detail.envelope), residualsCard(detail.envelope), gateCard(detail.envelope),
        trialCard(detail.envelope),
        hyperparametersCard(detail.envelope), lineageCard(detail.envelope), preprocessingCard(detail.envelope),
        distributionsCard(detail.envelope), signatureCard(detail)].filter(c => c);
      main.replaceChildren(head, el('div', {class: 'cards'}, ...cards));
      if (typeof streamtrainRegistry !== 'undefined') {
        head.after(streamtrainRegistry.actions(pipeline, detail, () => refreshStatus(pipeline, version)));
      }
    } catch (e) {
      main.replaceChildren(el('p', {class: 'muted', id: 'version-error'}, 'Version ' + asked + ' cannot be shown: ' + e.message));
    }
  }

  return {page, pipelineName, pipelinePath, distributionChart, residualHistogram, quantileName, num, card, wide, muted};
})();
