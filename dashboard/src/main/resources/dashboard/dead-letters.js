// The dead-letter page: counts by reason per minute over the last hour and the newest dead letters with their reason,
// detail, source offsets and a preview of the value, from GET /api/pipelines/{p}/dead-letters.
const streamtrainDeadLetters = (() => {
  const {el, number, time, refreshEvery, perPipeline, figure, ratesChart} = streamtrain;
  const COLOURS = 6;

  function chart(summary) {
    const reasons = Object.keys(summary.totals).sort();
    const points = summary.perMinute.map(minute => {
      const point = {at: minute.at};
      reasons.forEach(reason => { point[reason] = minute.counts[reason] || 0; });
      return point;
    });
    const series = reasons.map((reason, i) => [reason, reason + ' per minute', i % COLOURS]);
    return el('figure', {class: 'dead-letter-chart'},
      el('figcaption', {class: 'legend muted'}, ...series.map(([, label, colour]) => el('span', {class: 'key rate-' + colour}, label)),
        'by the dead letters\' own time (UTC)'),
      ratesChart(points, series));
  }

  function source(letter) {
    return letter.sourceTopic ? `${letter.sourceTopic}-${letter.sourcePartition}@${letter.sourceOffset}` : '–';
  }

  function newest(summary) {
    return el('div', {class: 'table-fit dead-letter-list'}, el('table', {class: 'dead-letters'},
      el('thead', {}, el('tr', {}, el('th', {}, 'time (UTC)'), el('th', {}, 'reason'), el('th', {}, 'detail'), el('th', {}, 'service'),
        el('th', {title: 'topic-partition@offset the record was read from'}, 'source'), el('th', {title: 'partition@offset on the dead-letter topic'}, 'dead-letter offset'),
        el('th', {}, 'value'))),
      el('tbody', {}, ...summary.newest.map(letter => el('tr', {'data-reason': letter.reason},
        el('td', {class: 'nowrap'}, time(letter.time).slice(11)),
        el('td', {}, el('span', {class: 'status status-rejected'}, letter.reason)),
        el('td', {class: 'detail'}, letter.detail || '–'),
        el('td', {}, letter.service || '–'),
        el('td', {}, source(letter)),
        el('td', {class: 'num'}, letter.partition + '@' + number(letter.offset)),
        el('td', {class: 'preview', title: letter.valuePreview + ' (' + number(letter.valueBytes) + ' bytes)'},
          el('code', {}, letter.valuePreview)))))));
  }

  function render(pipeline, summary) {
    const section = el('section', {'data-pipeline': pipeline}, el('h2', {}, 'Dead letters of ', el('code', {}, pipeline)));
    const total = Object.values(summary.totals).reduce((a, b) => a + b, 0);
    section.append(el('div', {class: 'grid'},
      figure('dead letters in the last hour', number(total), 'dead-letter-total'),
      ...Object.entries(summary.totals).sort(([, a], [, b]) => b - a).slice(0, 5).map(([reason, count]) => figure(reason, number(count)))));
    if (total === 0) {
      section.append(el('p', {class: 'muted', id: 'no-dead-letters'}, 'No record was dead-lettered in the last hour.'));
      return section;
    }
    section.append(chart(summary), el('h3', {}, `The newest ${number(summary.newest.length)} (of the last ${number(summary.kept)} kept)`),
      newest(summary));
    return section;
  }

  async function refresh() {
    const sections = await perPipeline('dead-letters', (p, answer) => render(p.pipeline, answer));
    document.getElementById('dead-letters').replaceChildren(...sections);
  }

  async function page() {
    await refreshEvery(refresh, 5000);
  }

  return {page};
})();
