// The dashboard's pages: plain JavaScript, no build step. Data comes from /api/* and the live feed from /api/events.
const streamtrain = (() => {
  const SHOWN_EVENTS = new Set(['WINDOW_CLOSED', 'BATCH_SKIPPED', 'MODEL_TRAINED', 'MODEL_PUBLISHED', 'MODEL_REJECTED',
    'MODEL_LOADED', 'MODEL_REFUSED', 'SERVICE_STARTED', 'SERVICE_STOPPED']);
  const MAX_FEED = 200;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([key, value]) => node.setAttribute(key, value));
    children.forEach(child => node.append(child instanceof Node ? child : document.createTextNode(String(child))));
    return node;
  }

  function number(value, digits) {
    return digits === undefined ? Number(value).toLocaleString('en') : Number(value).toFixed(digits);
  }

  function time(ms) {
    return ms ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';
  }

  async function getJson(path) {
    const response = await fetch(path, {cache: 'no-store'});
    if (!response.ok) {
      throw new Error(path + ' answered ' + response.status);
    }
    return response.json();
  }

  async function refreshMs() {
    try {
      return (await getJson('api/settings')).refreshMs;
    } catch (e) {
      return 2000;
    }
  }

  function figure(label, value, id) {
    return el('div', {class: 'figure'}, el('div', {class: 'value', id}, value), el('div', {class: 'label'}, label));
  }

  function renderPipeline(p) {
    const scorers = Object.entries(p.servedByInstance).sort();
    const lag = Object.entries(p.consumerLag).sort();
    return el('div', {class: 'pipeline', 'data-pipeline': p.pipeline},
      el('h3', {}, 'Pipeline ', el('code', {}, p.pipeline)),
      el('div', {class: 'grid'},
        figure('records/s in', number(p.recordsPerSecond, 1), 'records-per-second'),
        figure('records in', number(p.recordsIn), 'records-in'),
        figure('windows closed', number(p.windowsClosed), 'windows-closed'),
        figure('dead-lettered records', number(p.deadLettered), 'dead-lettered'),
        figure('training', p.trainingStatus, 'training-status'),
        figure('current model version', p.currentVersion > 0 ? 'v' + p.currentVersion : 'none yet', 'current-version'),
        figure('models published / rejected', number(p.modelsPublished) + ' / ' + number(p.modelsRejected), 'models-published'),
        figure('predictions/s', number(p.predictionsPerSecond, 1), 'predictions-per-second')),
      el('table', {class: 'scorers'},
        el('thead', {}, el('tr', {}, el('th', {}, 'scorer instance'), el('th', {}, 'serves model version'))),
        el('tbody', {}, ...(scorers.length ? scorers.map(([instance, version]) =>
          el('tr', {}, el('td', {}, instance), el('td', {class: 'num'}, 'v' + version)))
          : [el('tr', {}, el('td', {colspan: 2, class: 'muted'}, 'no scorer has loaded a model yet'))]))),
      el('table', {class: 'lag'},
        el('thead', {}, el('tr', {}, el('th', {}, 'consumer group'), el('th', {}, 'lag (messages)'))),
        el('tbody', {}, ...(lag.length ? lag.map(([group, behind]) =>
          el('tr', {}, el('td', {}, group), el('td', {class: 'num'}, number(behind))))
          : [el('tr', {}, el('td', {colspan: 2, class: 'muted'}, 'no consumer group has committed yet'))]))));
  }

  async function refreshOverview() {
    const pipelines = await getJson('api/pipelines');
    document.getElementById('pipelines').replaceChildren(...pipelines.map(renderPipeline));
  }

  function addEvent(event) {
    if (!SHOWN_EVENTS.has(event.type)) {
      return;
    }
    const feed = document.getElementById('events');
    feed.prepend(el('li', {'data-type': event.type},
      el('span', {class: 'time'}, time(event.time)),
      el('span', {class: 'type'}, event.type),
      el('span', {class: 'source muted'}, '[' + event.source + '] '),
      el('span', {class: 'message'}, event.message)));
    while (feed.children.length > MAX_FEED) {
      feed.lastElementChild.remove();
    }
  }

  function followEvents() {
    const status = document.getElementById('connection');
    const source = new EventSource('api/events');
    source.addEventListener('pipeline-event', message => addEvent(JSON.parse(message.data)));
    source.onopen = () => { status.textContent = 'live'; status.className = 'badge live'; };
    source.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'badge'; };
  }

  async function overviewPage() {
    followEvents();
    const every = await refreshMs();
    const tick = () => refreshOverview().catch(e => console.warn(e));
    tick();
    setInterval(tick, every);
  }

  function mainMetric(rows) {
    const names = new Set(rows.flatMap(row => Object.keys(row.metrics)));
    return ['auc', 'accuracy', 'f1', 'r2', 'rmse'].find(name => names.has(name)) || [...names].sort()[0];
  }

  function chart(rows, metric) {
    const ns = 'http://www.w3.org/2000/svg';
    const width = 720, height = 240, left = 48, right = 16, top = 16, bottom = 32;
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'chart');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    const node = (tag, attributes, text) => {
      const child = document.createElementNS(ns, tag);
      Object.entries(attributes).forEach(([key, value]) => child.setAttribute(key, value));
      if (text !== undefined) child.textContent = text;
      svg.append(child);
      return child;
    };
    const points = rows.filter(row => metric in row.metrics);
    const values = points.map(row => row.metrics[metric]);
    let low = Math.min(...values), high = Math.max(...values);
    if (high - low < 1e-9) { low -= 0.05; high += 0.05; }
    const x = i => left + (points.length < 2 ? (width - left - right) / 2 : i * (width - left - right) / (points.length - 1));
    const y = v => top + (high - v) * (height - top - bottom) / (high - low);
    node('line', {class: 'axis', x1: left, y1: height - bottom, x2: width - right, y2: height - bottom});
    node('line', {class: 'axis', x1: left, y1: top, x2: left, y2: height - bottom});
    [low, (low + high) / 2, high].forEach(v => node('text', {x: 4, y: y(v) + 4}, v.toFixed(3)));
    node('polyline', {class: 'line', points: points.map((row, i) => `${x(i)},${y(row.metrics[metric])}`).join(' ')});
    points.forEach((row, i) => {
      const point = node('circle', {class: 'point' + (row.status === 'rejected' ? ' rejected' : ''), cx: x(i),
        cy: y(row.metrics[metric]), r: 4, 'data-version': row.version});
      const title = document.createElementNS(ns, 'title');
      title.textContent = `v${row.version}: ${metric} ${row.metrics[metric].toFixed(4)} (${row.status})`;
      point.append(title);
      if (points.length <= 20 || i % Math.ceil(points.length / 20) === 0) {
        node('text', {x: x(i) - 8, y: height - bottom + 16}, 'v' + row.version);
      }
    });
    return svg;
  }

  function versionsTable(rows) {
    const metricNames = [...new Set(rows.flatMap(row => Object.keys(row.metrics)))].sort();
    return el('table', {class: 'versions'},
      el('thead', {}, el('tr', {}, el('th', {}, 'version'), el('th', {}, 'status'), el('th', {}, 'algorithm'),
        ...metricNames.map(name => el('th', {}, name)), el('th', {}, 'window'), el('th', {}, 'records'),
        el('th', {}, 'train / test'), el('th', {}, 'training time'), el('th', {}, 'created'))),
      el('tbody', {}, ...rows.slice().reverse().map(row => el('tr', {'data-version': row.version},
        el('td', {class: 'num'}, 'v' + row.version),
        el('td', {}, el('span', {class: 'status status-' + row.status.replace(' ', '-')}, row.status)),
        el('td', {}, row.algorithm),
        ...metricNames.map(name => el('td', {class: 'num'}, name in row.metrics ? row.metrics[name].toFixed(4) : '–')),
        el('td', {}, time(row.windowStart) + ' → ' + time(row.windowEnd)),
        el('td', {class: 'num'}, number(row.records)),
        el('td', {class: 'num'}, number(row.trainRecords) + ' / ' + number(row.testRecords)),
        el('td', {class: 'num'}, number(row.trainingMillis) + ' ms'),
        el('td', {}, time(row.createdAt))))));
  }

  async function refreshModels() {
    const pipelines = await getJson('api/pipelines');
    const sections = [];
    for (const p of pipelines) {
      const rows = await getJson('api/pipelines/' + encodeURIComponent(p.pipeline) + '/models');
      const section = el('section', {'data-pipeline': p.pipeline}, el('h2', {}, 'Model versions of ', el('code', {}, p.pipeline)));
      if (rows.length === 0) {
        section.append(el('p', {class: 'muted'}, 'No model published yet.'));
      } else {
        const metric = mainMetric(rows);
        section.append(el('h3', {}, metric + ' on the test split, by version'), chart(rows, metric), versionsTable(rows));
      }
      sections.push(section);
    }
    document.getElementById('models').replaceChildren(...sections);
  }

  async function modelsPage() {
    const every = await refreshMs();
    const tick = () => refreshModels().catch(e => console.warn(e));
    tick();
    setInterval(tick, Math.max(every, 5000));
  }

  // The helpers are shared with the other pages' scripts (drift.js).
  return {overviewPage, modelsPage, el, number, time, getJson, refreshMs, figure};
})();
