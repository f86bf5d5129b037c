// Two model versions side by side (compare.html?a=N&b=M): metrics with their difference, hyperparameters, lineage and
// the training distributions drawn over each other.
const streamtrainCompare = (() => {
  const {el, number, time, getJson} = streamtrain;
  const {pipelineName, pipelinePath, distributionChart, num, card, wide, muted} = streamtrainVersion;

  function row(label, a, b, differs) {
    return el('tr', {}, el('th', {}, label), a instanceof Node ? a : el('td', {}, a), b instanceof Node ? b : el('td', {}, b),
      el('td', {class: differs ? 'differs' : ''}, differs ? 'differs' : ''));
  }

  function metricsCard(a, b) {
    const names = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].sort();
    return card('Metrics (test split of each version)', el('table', {class: 'compare metrics'},
      el('thead', {}, el('tr', {}, el('th', {}, 'metric'), el('th', {}, 'v' + a.version), el('th', {}, 'v' + b.version),
        el('th', {}, `v${b.version} − v${a.version}`))),
      el('tbody', {}, ...names.map(name => el('tr', {'data-metric': name}, el('th', {}, name), num(a.metrics[name], 4), num(b.metrics[name], 4),
        num(name in a.metrics && name in b.metrics ? b.metrics[name] - a.metrics[name] : null, 4))))));
  }

  function settingsCard(a, b) {
    const keys = [...new Set([...Object.keys(a.hyperparameters), ...Object.keys(b.hyperparameters)])].sort();
    const rows = [row('algorithm', a.algorithm, b.algorithm, a.algorithm !== b.algorithm),
      ...keys.map(k => row(k, a.hyperparameters[k] ?? '–', b.hyperparameters[k] ?? '–', a.hyperparameters[k] !== b.hyperparameters[k])),
      row('tuning', a.tuning ? a.tuning.mode + ', ' + a.tuning.candidates.length + ' candidates' : 'none',
        b.tuning ? b.tuning.mode + ', ' + b.tuning.candidates.length + ' candidates' : 'none', false)];
    return card('Hyperparameters', table(a, b, rows));
  }

  function table(a, b, rows) {
    return el('table', {class: 'compare'},
      el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, 'v' + a.version), el('th', {}, 'v' + b.version), el('th', {}, ''))),
      el('tbody', {}, ...rows));
  }

  function lineageFacts(env) {
    const l = env.lineage;
    const h = l.horizon;
    return {
      'window (UTC)': time(l.windowStart) + ' → ' + time(l.windowEnd),
      'windows learned from': h ? number(h.windows.length) : '1',
      'oldest window start': time(h ? h.windows[0].windowStart : l.windowStart),
      'rows used / available': h ? number(h.rowsUsed) + ' / ' + number(h.rowsAvailable) : number(l.recordCount),
      'train / test rows': number(l.trainCount) + ' / ' + number(l.testCount),
      'gate': env.promotion ? env.promotion.status + ': ' + env.promotion.reason : '–',
      'created (UTC)': time(env.createdAt),
      'training time': number(env.trainingMillis) + ' ms',
    };
  }

  function lineageCard(a, b) {
    const fa = lineageFacts(a), fb = lineageFacts(b);
    return card('Lineage and gate', table(a, b, Object.keys(fa).map(k => row(k, fa[k], fb[k], false))));
  }

  function distributionsCard(a, b) {
    const da = a.driftBaseline, db = b.driftBaseline;
    if (!da || !db) return card('Training distributions', muted('One of the versions carries no training distributions.'));
    const byName = new Map(db.features.map(d => [d.name, d]));
    const pairs = [...da.features.map(d => [d.name, d, byName.get(d.name)]), ['prediction', da.predictions, db.predictions]];
    return wide(card('Training distributions',
      el('p', {class: 'legend muted'}, el('span', {class: 'key series-0'}, 'v' + a.version), el('span', {class: 'key series-1'}, 'v' + b.version),
        'share of the train split per bucket: over each other where both versions have the same buckets, side by side where not'),
      el('div', {class: 'distributions'}, ...pairs.flatMap(([name, x, y]) => !y ? [distributionChart(name, [x])]
        : sameBuckets(x, y) ? [distributionChart(name, [x, y])]
        : [distributionChart(`${name} (v${a.version})`, [x]), distributionChart(`${name} (v${b.version})`, [null, y])]))));
  }

  // Bins are fitted per version (quantiles of its train split), so their frequencies compare only over equal edges.
  function sameBuckets(x, y) {
    return x.kind === y.kind && JSON.stringify(x.binEdges) === JSON.stringify(y.binEdges)
      && JSON.stringify(x.categories) === JSON.stringify(y.categories);
  }

  async function page() {
    const main = document.getElementById('compare');
    const params = new URLSearchParams(location.search);
    try {
      const pipeline = await pipelineName();
      const [da, db] = await Promise.all([getJson(pipelinePath(pipeline, params.get('a'))), getJson(pipelinePath(pipeline, params.get('b')))]);
      const a = da.envelope, b = db.envelope;
      main.replaceChildren(
        el('section', {'data-pipeline': pipeline},
          el('h2', {}, 'Comparing ', el('a', {href: 'version.html?v=' + a.version}, 'v' + a.version), ' (' + da.status + ') and ',
            el('a', {href: 'version.html?v=' + b.version}, 'v' + b.version), ' (' + db.status + ') of ', el('code', {}, pipeline))),
        el('div', {class: 'cards'}, metricsCard(a, b), settingsCard(a, b), lineageCard(a, b), distributionsCard(a, b)));
    } catch (e) {
      main.replaceChildren(el('p', {class: 'muted', id: 'compare-error'}, 'These versions cannot be compared: ' + e.message));
    }
  }

  return {page};
})();
