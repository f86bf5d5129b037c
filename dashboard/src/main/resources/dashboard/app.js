// The dashboard's pages: plain JavaScript, no build step. Data comes from /api/* and the live feed from /api/events.
const streamtrain = (() => {
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

  // Every page refreshes alike: now, then every refreshMs (at least minMs); a failed refresh is logged and the next tick
  // tries again, so a page outlives a restarting server.
  async function refreshEvery(refresh, minMs = 0) {
    const every = await refreshMs();
    const tick = () => refresh().catch(e => console.warn(e));
    tick();
    setInterval(tick, Math.max(every, minMs));
  }

  // One rendered piece per pipeline, in the pipelines' order: render(pipeline, answer of api/pipelines/<name>/<resource>).
  async function perPipeline(resource, render) {
    const pipelines = await getJson('api/pipelines');
    const rendered = [];
    for (const p of pipelines) {
      rendered.push(render(p, await getJson('api/pipelines/' + encodeURIComponent(p.pipeline) + '/' + resource)));
    }
    return rendered;
  }

  function figure(label, value, id) {
    return el('div', {class: 'figure'}, el('div', {class: 'value', id}, value), el('div', {class: 'label'}, label));
  }

  // Input is often a hundred times the predictions and dead letters: they get their own chart and scale, or they would
  // lie flat along its axis.
  const RATE_CHARTS = [
    [['recordsPerSecond', 'records in/s', 0]],
    [['predictionsPerSecond', 'predictions/s', 1], ['deadLettersPerSecond', 'dead letters/s', 2]]];

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const FEW_POINTS = 30;

  // An empty SVG drawing of the given size, and a function that appends one element to it (attributes, optional text).
  function svgCanvas(className, width, height) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', className);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    const node = (tag, attributes, text) => {
      const child = document.createElementNS(SVG_NS, tag);
      Object.entries(attributes).forEach(([key, value]) => child.setAttribute(key, value));
      if (text !== undefined) child.textContent = text;
      svg.append(child);
      return child;
    };
    return [svg, node];
  }

  // Gives an SVG element a tooltip.
  function withTitle(element, text) {
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = text;
    element.append(title);
  }

  // Values over time, one line per series ([key, label, colour index]): the rates of the last hour (GET .../rates),
  // and the dead-letter page's counts per minute.
  function ratesChart(points, series) {
    const width = 600, height = 160, left = 48, right = 16, top = 12, bottom = 24;
    const [svg, node] = svgCanvas('chart rates', width, height);
    node('line', {class: 'axis', x1: left, y1: height - bottom, x2: width - right, y2: height - bottom});
    node('line', {class: 'axis', x1: left, y1: top, x2: left, y2: height - bottom});
    if (points.length === 0) {
      node('text', {x: left + 8, y: height / 2}, 'no sample yet');
      return svg;
    }
    const first = points[0].at, last = points[points.length - 1].at;
    const high = Math.max(1, ...points.flatMap(point => series.map(([key]) => point[key])));
    const x = at => left + (last === first ? (width - left - right) : (at - first) * (width - left - right) / (last - first));
    const y = v => top + (high - v) * (height - top - bottom) / high;
    [0, high / 2, high].forEach(v => node('text', {x: 4, y: y(v) + 4}, number(v, v < 10 ? 1 : 0)));
    node('text', {x: left, y: height - 6}, time(first).slice(11));
    node('text', {x: width - right - 60, y: height - 6}, time(last).slice(11));
    series.forEach(([key, label, colour]) => {
      const line = node('polyline', {class: 'rate rate-' + colour, 'data-series': key, 'data-points': points.length,
        points: points.map(point => `${x(point.at).toFixed(1)},${y(point[key]).toFixed(1)}`).join(' ')});
      withTitle(line, label);
      // A line of a few points hides them (one point draws nothing): mark each.
      if (points.length <= FEW_POINTS) {
        points.forEach(point => node('circle', {class: 'dot rate-' + colour, cx: x(point.at).toFixed(1), cy: y(point[key]).toFixed(1), r: 2.5}));
      }
    });
    return svg;
  }

  function rates(points) {
    return el('div', {class: 'rates'}, ...RATE_CHARTS.map(series => el('figure', {},
      el('figcaption', {class: 'legend muted'}, ...series.map(([, label, colour]) => el('span', {class: 'key rate-' + colour}, label)),
        'last hour (UTC)'),
      ratesChart(points, series))));
  }

  function renderPipeline(p, ratePoints) {
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
      ...(p.trial ? [trialPanel(p.trial)] : []),
      rates(ratePoints),
      el('table', {class: 'scorers'},
        el('thead', {}, el('tr', {}, el('th', {}, 'scorer instance'), el('th', {}, 'serves model version'))),
        el('tbody', {}, ...(scorers.length ? scorers.map(([instance, version]) =>
          el('tr', {}, el('td', {}, instance), el('td', {class: 'num'}, 'v' + version)))
          : [el('tr', {}, el('td', {colspan: 2, class: 'muted'}, 'no scorer has loaded a model yet'))]))),
      el('table', {class: 'lag'},
        el('thead', {}, el('tr', {}, el('th', {}, 'consumer group'), el('th', {}, 'lag (offsets)'))),
        el('tbody', {}, ...(lag.length ? lag.map(([group, behind]) =>
          el('tr', {}, el('td', {}, group), el('td', {class: 'num'}, number(behind))))
          : [el('tr', {}, el('td', {colspan: 2, class: 'muted'}, 'no consumer group has committed yet'))]))),
      el('p', {class: 'muted lag-note'}, 'Lag counts offsets, not records: a topic written in transactions (the batches '
        + 'the trainer reads, the predictions) ends each transaction with a commit marker that takes an offset and is never '
        + 'delivered, so an idle reader of it stays 1 behind per partition written to.'));
  }

  function score(value) {
    return value === null || value === undefined ? '–' : number(value, 4);
  }

  // The trial on live traffic in force, as the trainer last reported it (TRIAL_PROGRESS): both models side by side.
  function trialPanel(t) {
    const right = t.championOnlyRight !== null;
    const left = t.endsBy - Date.now();
    return el('section', {class: 'trial', 'data-challenger': t.challengerVersion, 'data-outcomes': t.outcomes},
      el('h4', {}, `Trial on live traffic: v${t.challengerVersion} against the champion v${t.championVersion}`),
      el('p', {class: 'muted'}, `${t.strategy}${t.canaryShare === null ? ' (every request scored by both)' : ` (the challenger answers ${number(100 * t.canaryShare, 0)} % of request ids)`}; `
        + `${number(t.outcomes)} of ${number(t.minLabels)} labelled requests; one-sided p = ${number(t.pValue, 4)} that the challenger is worse; `
        + (left > 0 ? `times out in ${duration(left)}` : 'timing out') + ` (reported ${time(t.reportedAt)}).`),
      el('table', {class: 'trial-sides'},
        el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, 'champion v' + t.championVersion), el('th', {}, 'challenger v' + t.challengerVersion))),
        el('tbody', {},
          el('tr', {}, el('td', {}, 'labelled requests'), el('td', {class: 'num'}, number(t.outcomes)), el('td', {class: 'num'}, number(t.outcomes))),
          el('tr', {}, el('td', {}, right ? 'live accuracy' : 'live RMSE'), el('td', {class: 'num trial-champion-score'}, score(t.championScore)),
            el('td', {class: 'num trial-challenger-score'}, score(t.challengerScore))),
          ...(right ? [el('tr', {}, el('td', {}, 'right where the other was wrong'), el('td', {class: 'num'}, number(t.championOnlyRight)),
            el('td', {class: 'num'}, number(t.challengerOnlyRight)))] : []))));
  }

  async function refreshOverview() {
    document.getElementById('pipelines').replaceChildren(...await perPipeline('rates', renderPipeline));
  }

  // Every kind is shown, including ones this page does not know yet: an event left out reads as an unexplained change.
  function addEvent(event) {
    const feed = document.getElementById('events');
    const version = event.attributes.version || event.attributes.modelVersion;
    feed.prepend(el('li', {'data-type': event.type},
      el('span', {class: 'time'}, time(event.time)),
      el('span', {class: 'type'}, event.type),
      el('span', {class: 'source muted'}, '[' + event.source + '] '),
      el('span', {class: 'message'}, event.message),
      ...(/^\d+$/.test(version || '') ? [' ', el('a', {class: 'version-link', href: 'version.html?v=' + version}, 'v' + version + ' →')] : [])));
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
    await refreshEvery(refreshOverview);
  }

  function mainMetric(rows) {
    const names = new Set(rows.flatMap(row => Object.keys(row.metrics)));
    return ['auc', 'accuracy', 'f1', 'r2', 'rmse'].find(name => names.has(name)) || [...names].sort()[0];
  }

  function chart(rows, metric) {
    const width = 720, height = 240, left = 48, right = 16, top = 16, bottom = 32;
    const [svg, node] = svgCanvas('chart', width, height);
    const points = rows.filter(row => metric in row.metrics);
    svg.setAttribute('data-metric', metric);
    svg.setAttribute('data-points', points.length);
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
        cy: y(row.metrics[metric]), r: points.length > 200 ? 2 : 4, 'data-version': row.version});

      withTitle(point, `v${row.version}: ${metric} ${row.metrics[metric].toFixed(4)} (${row.status})`);
      if (points.length <= 20 || i % Math.ceil(points.length / 20) === 0) {
        node('text', {x: x(i) - 8, y: height - bottom + 16}, 'v' + row.version);
      }
    });
    // One listener for every point: a chart of a thousand versions stays quick to draw.
    svg.addEventListener('click', event => {
      const version = event.target.getAttribute('data-version');
      if (version) location.href = 'version.html?v=' + version;
    });
    return svg;
  }

  const VERSIONS_PER_PAGE = 25;
  // The page of the versions table shown, by pipeline: kept across refreshes so that new versions do not move the reader.
  const versionsPage = new Map();

  // Short enough for one table line (the time of day, UTC); the full instants are in the cells' tooltips.
  function timeOfDay(ms) {
    return ms ? new Date(ms).toISOString().slice(11, 19) : '–';
  }

  function duration(ms) {
    const seconds = Math.round(ms / 1000);
    return seconds < 120 ? seconds + ' s' : seconds < 7200 ? Math.round(seconds / 60) + ' min' : Math.round(seconds / 3600) + ' h';
  }

  function shortWindow(row) {
    return timeOfDay(row.windowStart) + ' + ' + duration(row.windowEnd - row.windowStart);
  }

  // Per-class scores (precision.<class>, recall.<class>, f1.<class>) as one cell: the weakest class's F1 in the
  // text, every class's scores in the tooltip, so that the table keeps its width whatever the number of classes.
  function perClassSummary(row) {
    const perClass = Object.entries(row.metrics).filter(([name]) => name.includes('.'));
    const f1 = perClass.filter(([name]) => name.startsWith('f1.'));
    if (f1.length === 0) {
      return el('td', {class: 'muted'}, '–');
    }
    const [weakest, value] = f1.reduce((low, entry) => entry[1] < low[1] ? entry : low);
    return el('td', {class: 'per-class', title: perClass.map(([name, v]) => name + ' ' + v.toFixed(4)).join('\n')},
      weakest.slice(3) + ' ' + value.toFixed(3) + ' (of ' + f1.length + ')');
  }

  // What a model learned from, for the tooltip of its windows cell.
  function horizonDetail(horizon) {
    return `${number(horizon.windows)} window${horizon.windows === 1 ? '' : 's'} from ${time(horizon.oldestStart)} (${horizon.firstBatchId}); `
      + `${number(horizon.rowsUsed)} of ${number(horizon.rowsAvailable)} rows used`
      + (horizon.rowsUsed < horizon.rowsAvailable ? ` (sampling ${horizon.sampling})` : '')
      + (horizon.refit ? '; refit on every row' : '');
  }

  function versionsTable(rows) {
    const metricNames = [...new Set(rows.flatMap(row => Object.keys(row.metrics)))].filter(name => !name.includes('.')).sort();
    return el('table', {class: 'versions'},
      el('thead', {}, el('tr', {}, el('th', {}, 'version'), el('th', {}, 'status'), el('th', {}, 'algorithm'),
        ...metricNames.map(name => el('th', {}, name)), el('th', {title: 'the F1 of the weakest class; every class in the tooltip'}, 'weakest class F1'),
        el('th', {title: 'start (UTC) and length of the training window'}, 'window'), el('th', {title: 'windows the model learned from (its training horizon); rows and sampling in the tooltip'}, 'windows'),
        el('th', {}, 'train / test'), el('th', {}, 'training'),
        el('th', {title: 'UTC'}, 'created'))),
      el('tbody', {}, ...rows.map(row => el('tr', {'data-version': row.version},
        el('td', {class: 'num'}, el('a', {href: 'version.html?v=' + row.version, class: 'version-link'}, 'v' + row.version)),
        el('td', {}, el('span', {class: 'status status-' + row.status.replace(' ', '-')}, row.status)),
        el('td', {}, row.algorithm),
        ...metricNames.map(name => name in row.metrics
          ? el('td', {class: 'num', title: name + ' ' + row.metrics[name]}, row.metrics[name].toFixed(3)) : el('td', {class: 'num'}, '–')),
        perClassSummary(row),
        el('td', {class: 'nowrap', title: time(row.windowStart) + ' → ' + time(row.windowEnd)}, shortWindow(row)),
        el('td', {class: 'num horizon', title: horizonDetail(row.horizon)}, number(row.horizon.windows)),
        el('td', {class: 'num nowrap'}, number(row.trainRecords) + ' / ' + number(row.testRecords)),
        el('td', {class: 'num nowrap'}, number(row.trainingMillis) + ' ms'),
        el('td', {class: 'nowrap', title: time(row.createdAt)}, timeOfDay(row.createdAt))))));
  }

  // Newest first, VERSIONS_PER_PAGE at a time, with buttons to page through older versions.
  function pagedVersions(pipeline, rows, redraw) {
    const pages = Math.max(1, Math.ceil(rows.length / VERSIONS_PER_PAGE));
    const page = Math.min(versionsPage.get(pipeline) || 0, pages - 1);
    const newestFirst = rows.slice().reverse();
    const shown = newestFirst.slice(page * VERSIONS_PER_PAGE, (page + 1) * VERSIONS_PER_PAGE);
    const go = to => { versionsPage.set(pipeline, to); redraw(); };
    const button = (label, to, enabled, cls) => {
      const b = el('button', {type: 'button', class: cls}, label);
      b.disabled = !enabled;
      b.addEventListener('click', () => go(to));
      return b;
    };
    return el('div', {class: 'paged', 'data-total': rows.length},
      el('div', {class: 'table-fit'}, versionsTable(shown)),
      el('div', {class: 'pager'},
        button('← newer', page - 1, page > 0, 'newer'),
        el('span', {class: 'muted page-info'}, `versions ${number(page * VERSIONS_PER_PAGE + 1)}–${number(page * VERSIONS_PER_PAGE + shown.length)}`
          + ` of ${number(rows.length)}, newest first`),
        button('older →', page + 1, page < pages - 1, 'older')));
  }

  // The metric the chart shows, by pipeline, as the reader picked it; kept across refreshes.
  const chartMetric = new Map();

  // A picker of every metric the versions carry; choosing one redraws the chart only.
  function metricPicker(pipeline, rows, chosen, redraw) {
    const names = [...new Set(rows.flatMap(row => Object.keys(row.metrics)))].sort();
    const select = el('select', {id: 'chart-metric'}, ...names.map(name => {
      const option = el('option', {value: name}, name);
      option.selected = name === chosen;
      return option;
    }));
    select.addEventListener('change', () => { chartMetric.set(pipeline, select.value); redraw(); });
    return el('label', {class: 'metric-picker'}, 'Chart ', select, ' on the test split, by version (click a point for its version)');
  }

  function compareForm(rows) {
    const newest = rows[rows.length - 1].version;
    const previous = rows.length > 1 ? rows[rows.length - 2].version : newest;
    return el('form', {class: 'compare-form', action: 'compare.html'}, 'Compare v',
      el('input', {type: 'number', name: 'a', min: 1, value: previous}), ' with v',
      el('input', {type: 'number', name: 'b', min: 1, value: newest}), el('button', {type: 'submit'}, 'Compare'));
  }

  // What each pipeline's section was drawn from: a refresh that brings nothing new keeps the section as it is, so an
  // open metric picker or a reader's selection is not swept away every few seconds.
  const drawnFrom = new Map();

  async function refreshModels() {
    let changed = false;
    const sections = await perPipeline('models', (p, rows) => {
      const drawn = drawnFrom.get(p.pipeline);
      const key = JSON.stringify(rows);
      if (drawn && drawn.key === key) {
        return drawn.section;
      }
      changed = true;
      const section = el('section', {'data-pipeline': p.pipeline}, el('h2', {}, 'Model versions of ', el('code', {}, p.pipeline)));
      if (rows.length === 0) {
        section.append(el('p', {class: 'muted'}, 'No model published yet.'));
      } else {
        const known = rows.some(row => chartMetric.get(p.pipeline) in row.metrics);
        const metric = known ? chartMetric.get(p.pipeline) : mainMetric(rows);
        const plot = el('div', {class: 'versions-chart'});
        const drawChart = () => {
          const chosen = rows.some(row => chartMetric.get(p.pipeline) in row.metrics) ? chartMetric.get(p.pipeline) : metric;
          plot.replaceChildren(metricPicker(p.pipeline, rows, chosen, drawChart), chart(rows, chosen));
        };
        drawChart();
        const table = el('div', {});
        const redraw = () => table.replaceChildren(pagedVersions(p.pipeline, rows, redraw));
        redraw();
        section.append(plot, compareForm(rows), table);
      }
      drawnFrom.set(p.pipeline, {key, section});
      return section;
    });
    if (changed || sections.length !== document.getElementById('models').children.length) {
      document.getElementById('models').replaceChildren(...sections);
    }
  }

  async function modelsPage() {
    await refreshEvery(refreshModels, 5000);
  }

  // The helpers are shared with the other pages' scripts (drift.js).
  return {overviewPage, modelsPage, el, number, time, getJson, refreshEvery, perPipeline, figure, ratesChart, svgCanvas, withTitle};
})();
