// The drift page: per pipeline, the latest drift report of the served model (PSI per feature and of the predictions)
// and its live quality from late labels beside the test split's, from /api/pipelines/{p}/drift.
const streamtrainDrift = (() => {
  const {el, number, time, refreshEvery, perPipeline, figure, ratesChart} = streamtrain;
  const COLOURS = 6;

  // PSI per feature (and of the predictions) of every report of the last hour, one line each.
  function psiChart(history, threshold) {
    const features = [...new Set(history.flatMap(point => Object.keys(point.featurePsi)))].sort();
    const points = history.map(point => {
      const plain = {at: point.at};
      features.forEach(feature => { plain[feature] = point.featurePsi[feature] ?? 0; });
      plain.prediction = point.predictionPsi ?? 0;
      return plain;
    });
    const series = [...features, 'prediction'].map((name, i) => [name, name, i % COLOURS]);
    return el('figure', {class: 'psi-history'},
      el('figcaption', {class: 'legend muted'}, ...series.map(([, label, colour]) => el('span', {class: 'key rate-' + colour}, label)),
        `PSI per report, last hour (UTC); above ${number(threshold, 2)} is drift once the window is full`),
      ratesChart(points, series));
  }

  function retrains(requests) {
    if (!requests.length) {
      return el('p', {class: 'muted', id: 'retrain-requests'}, 'No retrain requested yet (scorer.retrain.enabled asks for one '
        + 'when a full window drifts or live quality falls below its threshold).');
    }
    return el('table', {class: 'retrains', id: 'retrain-requests'},
      el('thead', {}, el('tr', {}, el('th', {}, 'time (UTC)'), el('th', {}, 'scorer'), el('th', {}, 'model version'), el('th', {}, 'cause'),
        el('th', {}, 'message'))),
      el('tbody', {}, ...requests.slice().reverse().map(r => el('tr', {},
        el('td', {class: 'nowrap'}, time(r.at).slice(11)), el('td', {}, r.source),
        el('td', {}, r.modelVersion ? el('a', {href: 'version.html?v=' + r.modelVersion, class: 'version-link'}, 'v' + r.modelVersion) : '–'),
        el('td', {}, r.cause), el('td', {}, r.message)))));
  }

  function psiBar(psi, threshold) {
    const width = Math.min(100, 100 * psi / (2 * threshold));
    return el('div', {class: 'psi-bar'}, el('div', {class: 'psi-fill' + (psi > threshold ? ' drifted' : ''), style: `width: ${width}%`}));
  }

  function renderDrift(pipeline, answer) {
    const section = el('section', {'data-pipeline': pipeline}, el('h2', {}, 'Drift of ', el('code', {}, pipeline)));
    if (!answer.reported) {
      section.append(el('p', {class: 'muted', id: 'drift-reason'}, answer.reason), el('h3', {}, 'Retrain requests'),
        retrains(answer.retrainRequests));
      return section;
    }
    const d = answer.drift;
    const window = d.complete
      ? `the last ${number(d.records)} scored records`
      : `${number(d.records)} of ${number(d.windowRecords)} records, PSI so far (judged once the window is full)`;
    const live = !d.metric ? '–' : d.liveValue === null ? 'no labels yet' : number(d.liveValue, 4) + ' (' + number(d.labels) + ' labels)';
    const test = d.testValue === null ? '–' : number(d.testValue, 4);
    section.append(
      el('p', {class: 'muted', id: 'drift-report'}, `Latest report of ${d.source} at ${time(d.reportedAt)}: ${window}, `
        + `against the training distributions; PSI above ${number(d.psiThreshold, 2)} is drift.`),
      d.complete ? '' : el('p', {class: 'partial', id: 'drift-partial'}, `${number(d.records)} of ${number(d.windowRecords)} records, PSI so far`),
      el('div', {class: 'grid'},
        figure('model version', 'v' + d.modelVersion, 'drift-version'),
        figure(d.complete ? 'drifted features' : 'above the threshold so far', d.driftedFeatures.length ? d.driftedFeatures.join(', ') : 'none', 'drifted-features'),
        figure('prediction PSI', d.predictionPsi === null ? '–' : number(d.predictionPsi, 3), 'prediction-psi'),
        figure('live ' + (d.metric || 'quality'), live, 'live-metric'),
        figure('test-split ' + (d.metric || 'quality'), test, 'test-metric')),
      el('table', {class: 'drift'},
        el('thead', {}, el('tr', {}, el('th', {}, 'feature'), el('th', {}, 'PSI'), el('th', {}, ''), el('th', {}, 'status'))),
        el('tbody', {}, ...Object.entries(d.featurePsi).map(([feature, psi]) => el('tr', {'data-feature': feature},
          el('td', {}, feature),
          el('td', {class: 'num psi'}, number(psi, 3)),
          el('td', {}, psiBar(psi, d.psiThreshold)),
          el('td', {}, el('span', {class: 'status ' + (psi > d.psiThreshold ? 'status-rejected' : 'status-champion')},
            psi > d.psiThreshold ? (d.complete ? 'drifted' : 'above so far') : 'stable')))))),
      psiChart(answer.history, d.psiThreshold),
      el('h3', {}, 'Retrain requests'), retrains(answer.retrainRequests));
    if (d.lastDetection) {
      section.append(el('p', {class: 'detection'}, d.lastDetection));
    }
    return section;
  }

  async function refresh() {
    const sections = await perPipeline('drift', (p, answer) => renderDrift(p.pipeline, answer));
    document.getElementById('drift').replaceChildren(...sections);
  }

  async function page() {
    await refreshEvery(refresh);
  }

  return {page};
})();
