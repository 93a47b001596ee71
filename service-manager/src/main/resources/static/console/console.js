// The fleet console. Plain browser JavaScript, no build step: it reads GET /fleet once, then
// follows GET /events and reads /fleet again only when an event says something changed.
// The API token lives in sessionStorage (this tab only) and travels in the Authorization header,
// never in a URL; EventSource cannot send headers, so the streams are read with fetch().
'use strict';

(() => {
  const TOKEN_KEY = 'mcpfleet.console.token';
  const MAX_EVENTS = 30;
  const MAX_LOG_LINES = 2000;
  /** Events come in bursts (a scale is several): one read of /fleet per burst. */
  const REFRESH_DEBOUNCE_MS = 250;
  const RECONNECT_MS = 2000;

  const $ = (id) => document.getElementById(id);
  let overview = null;
  let loadedAt = 0;
  let eventsAbort = null;
  let logsAbort = null;
  let logsService = null;
  let refreshTimer = null;
  const rows = new Map(); // service name -> the <tr> elements that show it

  // ---- the token ----------------------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    const t = token();
    if (t) {
      h.Authorization = 'Bearer ' + t;
    }
    return h;
  }

  function showLogin(message) {
    stopEvents();
    closeLogs();
    overview = null;
    rows.clear();
    document.querySelector('#services tbody').replaceChildren();
    $('events').replaceChildren();
    $('fleet').hidden = true;
    $('login').hidden = false;
    $('forget-token').hidden = true;
    $('login-error').textContent = message || '';
    $('connection').textContent = 'Not connected';
    $('token').focus();
  }

  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token').value.trim();
    $('token').value = '';
    if (value) {
      sessionStorage.setItem(TOKEN_KEY, value);
      load();
    }
  });

  $('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin('');
  });

  // ---- the API --------------------------------------------------------------------------------

  class Unauthorized extends Error {}

  async function api(method, path, accept) {
    const response = await fetch(path, {method, headers: headers({Accept: accept || 'application/json'}),
      cache: 'no-store'});
    if (response.status === 401) {
      throw new Unauthorized(await problem(response));
    }
    if (!response.ok) {
      throw new Error(await problem(response));
    }
    return response;
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return body.detail || body.title || ('HTTP ' + response.status);
    } catch (ignored) {
      return 'HTTP ' + response.status;
    }
  }

  async function load() {
    try {
      const response = await api('GET', '/fleet');
      overview = await response.json();
      loadedAt = Date.now();
    } catch (e) {
      if (e instanceof Unauthorized) {
        const had = token() !== null;
        sessionStorage.removeItem(TOKEN_KEY);
        showLogin(had ? 'The manager refused the token: ' + e.message : '');
      } else {
        $('connection').textContent = 'Cannot read the fleet: ' + e.message;
      }
      return false;
    }
    $('login').hidden = true;
    $('fleet').hidden = false;
    $('forget-token').hidden = token() === null;
    render();
    if (!eventsAbort) {
      followEvents();
    }
    return true;
  }

  function refreshSoon() {
    if (refreshTimer === null) {
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        load();
      }, REFRESH_DEBOUNCE_MS);
    }
  }

  // ---- Server-Sent Events over fetch ------------------------------------------------------------

  /** Reads an event stream, calling onEvent(name, data) for each event; resolves when it ends. */
  async function readEvents(response, onEvent) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let name = 'message';
    let data = [];
    for (;;) {
      const {value, done} = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, end).replace(/\r$/, '');
        buffer = buffer.slice(end + 1);
        if (line === '') {
          if (data.length > 0) {
            onEvent(name, data.join('\n'));
          }
          name = 'message';
          data = [];
        } else if (line.startsWith('event:')) {
          name = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    }
  }

  async function followEvents() {
    const abort = new AbortController();
    eventsAbort = abort;
    try {
      const response = await fetch('/events', {headers: headers({Accept: 'text/event-stream'}),
        signal: abort.signal, cache: 'no-store'});
      if (response.status === 401) {
        showLogin('The manager refused the token: ' + await problem(response));
        return;
      }
      $('connection').textContent = 'Live';
      await readEvents(response, (name, data) => {
        if (name === 'snapshot') {
          return;
        }
        addEvent(JSON.parse(data));
        refreshSoon();
      });
    } catch (e) {
      if (abort.signal.aborted) {
        return;
      }
    }
    if (eventsAbort === abort) {
      eventsAbort = null;
      $('connection').textContent = 'Reconnecting…';
      setTimeout(() => {
        if (overview && !eventsAbort) {
          load();
        }
      }, RECONNECT_MS);
    }
  }

  function stopEvents() {
    if (eventsAbort) {
      const abort = eventsAbort;
      eventsAbort = null;
      abort.abort();
    }
  }

  function addEvent(event) {
    const list = $('events');
    const text = time(event.time) + ' ' + event.service + ': ' + event.type.replaceAll('_', ' ')
        + ' → ' + event.state + (event.reason ? ' (' + event.reason + ')' : '')
        + (event.message ? ' — ' + event.message : '');
    list.prepend(el('li', {}, text));
    while (list.children.length > MAX_EVENTS) {
      list.lastElementChild.remove();
    }
  }

  // ---- rendering ------------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === 'class') {
        node.className = value;
      } else if (key.startsWith('on')) {
        node.addEventListener(key.slice(2), value);
      } else if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(key, value === true ? '' : value);
      }
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child);
      }
    }
    return node;
  }

  function bytes(n) {
    if (n === null || n === undefined) {
      return '–';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
  }

  function duration(ms) {
    if (ms === null || ms === undefined) {
      return '–';
    }
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) {
      return s + ' s';
    }
    if (s < 3600) {
      return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    }
    if (s < 86400) {
      return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    }
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : '';
  }

  function render() {
    $('fleet-name').textContent = '· ' + overview.fleet;
    $('total-services').textContent = overview.services.length;
    $('total-memory').textContent = bytes(overview.memory_used_bytes) + ' of '
        + (overview.memory_budget_bytes === null ? 'no budget' : bytes(overview.memory_budget_bytes)
            + ' (' + overview.memory_budget_source + ')');
    $('total-saves').textContent = bytes(overview.sleeping_saves_bytes);
    const tbody = document.querySelector('#services tbody');
    // A re-render replaces rows: keep the keyboard focus (and a replica count being typed) where it was.
    const active = document.activeElement;
    const focused = active && active.dataset ? active.dataset.focusKey : null;
    const typed = active && active.dataset && active.dataset.action === 'replicas' ? active.value : null;
    const seen = new Set();
    let previous = null;
    for (const service of overview.services) {
      const name = service.status.name;
      seen.add(name);
      const fresh = serviceRows(service);
      const old = rows.get(name);
      if (old) {
        old[0].before(...fresh);
        old.forEach((row) => row.remove());
      } else if (previous) {
        previous[previous.length - 1].after(...fresh);
      } else {
        tbody.prepend(...fresh);
      }
      rows.set(name, fresh);
      previous = fresh;
    }
    for (const [name, old] of rows) {
      if (!seen.has(name)) {
        old.forEach((row) => row.remove());
        rows.delete(name);
      }
    }
    if (focused) {
      const again = document.querySelector('[data-focus-key="' + CSS.escape(focused) + '"]');
      if (again) {
        if (typed !== null) {
          again.value = typed;
        }
        again.focus();
      }
    }
    tick();
  }

  function serviceRows(service) {
    const s = service.status;
    const sleep = s.sleep || {};
    const ready = s.instances.filter((i) => i.health === 'healthy'
        && (i.state === 'running' || i.state === 'starting')).length;
    const state = s.state + (s.state === 'sleeping' && s.sleep_mode ? ' (' + (s.sleep_mode === 'pause'
        ? 'paused' : 'stopped') + ')' : '');
    const wake = sleep.last_wake;
    const row = el('tr', {class: 'service', 'data-service': s.name},
        el('th', {scope: 'row'}, s.name),
        el('td', {class: 'state state-' + s.state, 'data-field': 'state'}, state,
            s.message ? el('span', {class: 'reason'}, s.message) : null),
        el('td', {class: 'num', 'data-field': 'replicas'}, ready + ' / ' + s.desired_replicas),
        el('td', {}, el('code', {}, service.image)),
        el('td', {class: 'num'}, bytes(service.memory_used_bytes) + ' / '
            + (service.memory_limit_bytes === null ? 'no limit' : bytes(service.memory_limit_bytes))),
        el('td', {'data-field': 'idle', 'data-sleeps-in': sleep.sleeps_in_ms ?? ''},
            sleep.verdict || '–', el('span', {class: 'reason', 'data-countdown': ''})),
        el('td', {}, wake ? time(wake.requested) + ', took ' + duration(wake.took_ms) + ' (' + wake.reason + ')'
            : '–'),
        el('td', {class: 'num'}, String(service.tools)),
        el('td', {class: 'actions'}, ...actions(s)));
    const instances = s.instances.map((i) => el('tr', {class: 'instance', 'data-service': s.name,
          'data-instance': i.id},
        el('td', {}, el('span', {class: 'visually-hidden'}, s.name + ' instance '), i.name),
        el('td', {}, i.state),
        el('td', {}, i.health),
        el('td', {colspan: 2}, i.endpoint ? el('code', {}, i.endpoint) : 'no endpoint'),
        el('td', {'data-started': i.state === 'running' && i.started ? i.started : ''}),
        el('td', {}, i.memory === null ? '' : bytes(i.memory)),
        el('td', {}, ''),
        el('td', {}, '')));
    return [row, ...instances];
  }

  function actions(s) {
    const name = s.name;
    const up = s.desired_replicas > 0;
    const button = (label, action, handler) => el('button', {type: 'button', 'data-action': action,
      'data-focus-key': name + '/' + action, 'aria-label': label + ' ' + name, onclick: handler}, label);
    const replicas = el('input', {type: 'number', min: 0, value: Math.max(1, s.desired_replicas),
      'aria-label': 'Replicas for ' + name, 'data-action': 'replicas', 'data-focus-key': name + '/replicas'});
    return [
      s.state === 'sleeping' || s.state === 'stopped' || s.state === 'failed'
          ? button('Start', 'start', () => act(name, 'start', '/start?wait=false')) : null,
      up || s.state === 'sleeping' ? button('Stop', 'stop', () => {
        if (confirm('Stop ' + name + '? Its instances are removed and calls to it fail until it is started again.')) {
          act(name, 'stop', '/stop');
        }
      }) : null,
      up ? button('Sleep now', 'sleep', () => {
        if (confirm('Put ' + name + ' to sleep now? Calls in flight finish; the next call wakes it.')) {
          act(name, 'sleep', '/sleep');
        }
      }) : null,
      replicas,
      button('Scale', 'scale', () => {
        const n = parseInt(replicas.value, 10);
        if (!Number.isInteger(n) || n < 0) {
          status('Replicas for ' + name + ' must be a whole number of 0 or more.', true);
          return;
        }
        if (n < s.desired_replicas && !confirm('Scale ' + name + ' down from ' + s.desired_replicas + ' to ' + n
            + ' instances? Instances are drained and removed.')) {
          return;
        }
        act(name, 'scale to ' + n, '/scale?replicas=' + n);
      }),
      button('Logs', 'logs', () => openLogs(name)),
    ];
  }

  /** Updates the countdowns ("sleeps in") and the instances' ages without reading the API again. */
  function tick() {
    const elapsed = Date.now() - loadedAt;
    document.querySelectorAll('#services [data-started]').forEach((cell) => {
      cell.textContent = cell.dataset.started === '' ? ''
          : 'up ' + duration(Date.now() - Date.parse(cell.dataset.started));
    });
    document.querySelectorAll('#services [data-sleeps-in]').forEach((cell) => {
      const ms = cell.dataset.sleepsIn;
      cell.querySelector('[data-countdown]').textContent = ms === '' ? ''
          : 'sleeps in ' + duration(Math.max(0, Number(ms) - elapsed));
    });
  }

  setInterval(() => {
    if (overview) {
      tick();
    }
  }, 1000);

  function status(text, error) {
    const node = $('action-status');
    node.textContent = text;
    node.className = error ? 'error' : '';
  }

  async function act(name, what, path) {
    status(what + ' ' + name + '…');
    try {
      await api('POST', '/services/' + encodeURIComponent(name) + path);
      status(what + ' ' + name + ': accepted');
    } catch (e) {
      if (e instanceof Unauthorized) {
        showLogin('The manager refused the token: ' + e.message);
        return;
      }
      status(what + ' ' + name + ' failed: ' + e.message, true);
    }
    refreshSoon();
  }

  // ---- the logs pane --------------------------------------------------------------------------

  function openLogs(name) {
    closeLogs();
    logsService = name;
    $('logs').hidden = false;
    $('logs-title').textContent = 'Logs of ' + name;
    $('logs-output').replaceChildren();
    readLogs();
    $('logs-output').focus();
  }

  async function readLogs() {
    const name = logsService;
    const follow = $('logs-follow').checked;
    const abort = new AbortController();
    logsAbort = abort;
    const path = '/services/' + encodeURIComponent(name) + '/logs?tail=200' + (follow ? '&follow=true' : '');
    try {
      const response = await fetch(path, {headers: headers({Accept: follow ? 'text/event-stream' : 'application/json'}),
        signal: abort.signal, cache: 'no-store'});
      if (!response.ok) {
        logNote('cannot read the logs: ' + await problem(response));
        return;
      }
      if (!follow) {
        (await response.json()).lines.forEach(logLine);
        return;
      }
      await readEvents(response, (event, data) => {
        if (event === 'line') {
          logLine(JSON.parse(data));
        } else if (event === 'skipped') {
          logNote(JSON.parse(data).skipped + ' lines left out (over the rate limit)');
        }
      });
      if (!abort.signal.aborted) {
        logNote('the stream ended; untick and tick Follow to read again');
      }
    } catch (e) {
      if (!abort.signal.aborted) {
        logNote('the log stream failed: ' + e.message);
      }
    }
  }

  function logLine(line) {
    append(el('span', {class: line.stream}, time(line.time) + ' ' + line.instance_name + ' ' + line.stream + ' '
        + line.text + (line.truncated ? ' […]' : '') + '\n'));
  }

  function logNote(text) {
    append(el('span', {class: 'note'}, '— ' + text + '\n'));
  }

  function append(node) {
    const out = $('logs-output');
    const atEnd = out.scrollTop + out.clientHeight >= out.scrollHeight - 4;
    out.append(node);
    while (out.childNodes.length > MAX_LOG_LINES) {
      out.firstChild.remove();
    }
    if (atEnd) {
      out.scrollTop = out.scrollHeight;
    }
  }

  function closeLogs() {
    if (logsAbort) {
      logsAbort.abort();
      logsAbort = null;
    }
    logsService = null;
    $('logs').hidden = true;
  }

  $('logs-close').addEventListener('click', closeLogs);
  $('logs-follow').addEventListener('change', () => {
    if (logsService) {
      openLogs(logsService);
    }
  });

  load();
})();
