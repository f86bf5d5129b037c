// The registry actions of a version's page: roll back to it, pin to it, unpin. Each asks for confirmation, sends the
// admin token (dashboard.admin.token, kept for this browser tab only) and shows the audit event the registry wrote.
const streamtrainRegistry = (() => {
  const {el, time, getJson} = streamtrain;
  const TOKEN_KEY = 'streamtrain.admin.token';
  const AUDIT_TYPES = {rollback: 'MODEL_ROLLED_BACK', pin: 'MODEL_PINNED', unpin: 'MODEL_UNPINNED'};
  const AUDIT_WAIT_MS = 15000;

  async function send(method, path, token, body) {
    const response = await fetch(path, {method, headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body)});
    const answer = await response.json();
    if (!response.ok) {
      throw new Error(answer.error || response.status);
    }
    return answer;
  }

  // The audit event of an action, once the dashboard has read it back from the events topic.
  async function audited(pipeline, result, since) {
    const deadline = Date.now() + AUDIT_WAIT_MS;
    while (Date.now() < deadline) {
      const events = await getJson('api/pipelines/' + encodeURIComponent(pipeline) + '/events');
      const found = events.reverse().find(e => e.type === AUDIT_TYPES[result.action] && e.attributes.operator === result.operator
        && e.time >= since - 1000);
      if (found) return found;
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    return null;
  }

  // onDone is called after an action's audit event arrived, so the page can show the version's new status.
  function actions(pipeline, detail, onDone) {
    const version = detail.version;
    const base = 'api/pipelines/' + encodeURIComponent(pipeline);
    const token = el('input', {type: 'password', id: 'admin-token', placeholder: 'admin token', autocomplete: 'off'});
    token.value = sessionStorage.getItem(TOKEN_KEY) || '';
    const reason = el('input', {type: 'text', id: 'action-reason', placeholder: 'reason (recorded in the audit event)'});
    const result = el('p', {class: 'registry-result muted', id: 'registry-result'});
    const section = el('section', {class: 'registry', 'data-version': version}, el('h3', {}, 'Registry actions'));

    const run = async (label, question, call) => {
      if (!token.value) {
        result.className = 'registry-result failed';
        result.textContent = 'Enter the admin token first (dashboard.admin.token).';
        return;
      }
      if (!confirm(question)) return;
      sessionStorage.setItem(TOKEN_KEY, token.value);
      const since = Date.now();
      result.className = 'registry-result muted';
      result.textContent = label + '…';
      try {
        const done = await call();
        result.textContent = `${label}: done by ${done.operator}; waiting for the audit event…`;
        const event = await audited(pipeline, done, since);
        result.className = 'registry-result';
        result.replaceChildren(event
          ? el('span', {id: 'audit-event'}, `Audited ${time(event.time)} as ${event.type} on the events topic: ${event.message}`)
          : el('span', {}, `${label} was written, but its audit event has not reached the dashboard yet; see Live events.`));
        onDone();
      } catch (e) {
        result.className = 'registry-result failed';
        result.textContent = label + ' refused: ' + e.message;
      }
    };

    const button = (label, id, question, call) => {
      const b = el('button', {type: 'button', id}, label);
      b.addEventListener('click', () => run(label, question, call));
      return b;
    };

    section.append(
      el('p', {class: 'muted'}, 'Each action asks for confirmation and is audited on the pipeline\'s events topic with the '
        + 'operator dashboard@<your address>.'),
      el('div', {class: 'registry-form'}, token, reason,
        button(`Roll back to v${version}`, 'rollback', `Serve v${version} of ${pipeline} now (a rollback)?`,
          () => send('POST', `${base}/models/${version}/rollback`, token.value)),
        button(`Pin to v${version}`, 'pin', `Pin ${pipeline} to v${version}? New models are recorded but not promoted until unpinned.`,
          () => send('PUT', `${base}/pin`, token.value, {version, reason: reason.value})),
        button('Unpin', 'unpin', `Unpin ${pipeline}? The trainer promotes new models through the gate again.`,
          () => send('DELETE', `${base}/pin?reason=${encodeURIComponent(reason.value)}`, token.value))),
      result);
    getJson('api/settings').then(settings => {
      if (!settings.registryActions) {
        section.querySelectorAll('button, input').forEach(input => { input.disabled = true; });
        result.textContent = 'Registry actions are off on this dashboard: set dashboard.admin.token to allow them.';
      }
    }).catch(() => {});
    return section;
  }

  return {actions};
})();
