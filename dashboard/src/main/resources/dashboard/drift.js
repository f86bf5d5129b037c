// The drift page: per pipeline, the latest drift report of the served model (PSI per feature and of the predictions)
// and its live quality from late labels beside the test split's, from /api/pipelines/{p}/drift.
const streamtrainDrift = (() => {
  const {el, number, time, getJson, refreshMs, figure} = streamtrain;

  function psiBar(psi, threshold) {
    const width = Math.min(100, 100 * psi / (2 * threshold));
    return el('div', {class: 'psi-bar'}, el('div', {class: 'psi-fill' + (psi > threshold ? ' drifted' : ''), style: `width: ${width}%`}));
  }

  function renderDrift(pipeline, answer) {
    const section = el('section', {'data-pipeline': pipeline}, el('h2', {}, 'Drift of ', el('code', {}, pipeline)));
    if (!answer.reported) {
      section.append(el('p', {class: 'muted', id: 'drift-reason'}, answer.reason));
      return section;
    }
    const d = answer.drift;
    const live = !d.metric ? '–' : d.liveValue === null ? 'no labels yet' : number(d.liveValue, 4) + ' (' + number(d.labels) + ' labels)';
    const test = d.testValue === null ? '–' : number(d.testValue, 4);
    section.append(
      el('p', {class: 'muted', id: 'drift-report'}, `Latest report of ${d.source} at ${time(d.reportedAt)}: the last ${number(d.records)} scored records `
        + `against the training distributions; PSI above ${number(d.psiThreshold, 2)} is drift.`),
      el('div', {class: 'grid'},
        figure('model version', 'v' + d.modelVersion, 'drift-version'),
        figure('drifted features', d.driftedFeatures.length ? d.driftedFeatures.join(', ') : 'none', 'drifted-features'),
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
            psi > d.psiThreshold ? 'drifted' : 'stable')))))));
    if (d.lastDetection) {
      section.append(el('p', {class: 'detection'}, d.lastDetection));
    }
    return section;
  }

  async function refresh() {
    const pipelines = await getJson('api/pipelines');
    const sections = [];
    for (const p of pipelines) {
      sections.push(renderDrift(p.pipeline, await getJson('api/pipelines/' + encodeURIComponent(p.pipeline) + '/drift')));
    }
    document.getElementById('drift').replaceChildren(...sections);
  }

  async function page() {
    const every = await refreshMs();
    const tick = () => refresh().catch(e => console.warn(e));
    tick();
    setInterval(tick, every);
  }

  return {page};
})();
