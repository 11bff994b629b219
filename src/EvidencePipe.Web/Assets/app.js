// EvidencePipe's investigator page. Plain DOM, no framework and nothing fetched from outside this server
// (the Content-Security-Policy allows only 'self'). Every value from a case is put in the page as text
// (textContent), never as HTML. Times are shown in the case's time zone with the original offset beside them.
'use strict';

const view = document.getElementById('view');
const caseSelect = document.getElementById('case');
let cases = [];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function route() {
  const hash = location.hash.replace(/^#/, '') || '/search';
  const [path, query] = hash.split('?');
  return { path, params: new URLSearchParams(query || '') };
}

function link(path, params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') p.set(k, v);
  return '#' + path + '?' + p.toString();
}

async function api(path, params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') p.set(k, v);
  const response = await fetch(path + (p.toString() ? '?' + p.toString() : ''), { credentials: 'same-origin' });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function currentCase(params) { return params.get('case') || caseSelect.value || (cases[0] && cases[0].case); }
function zoneOf(caseDir) { const c = cases.find(x => x.case === caseDir); return (c && c.time_zone) || 'UTC'; }

// "YYYY-MM-DD HH:mm:ss" in the zone, from the parts (not a locale's layout).
const formatters = {};
function parts(iso, zone) {
  if (!formatters[zone]) {
    formatters[zone] = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  }
  const out = {};
  for (const p of formatters[zone].formatToParts(new Date(iso))) out[p.type] = p.value;
  return out;
}
function caseDay(iso, zone) { const p = parts(iso, zone); return `${p.year}-${p.month}-${p.day}`; }
function caseTime(iso, zone) { const p = parts(iso, zone); return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`; }
function when(e, zone) {
  return el('span', { class: 'when', title: `UTC ${e.time}` }, `${caseTime(e.time, zone)} ${zone}`,
    e.time_offset ? el('span', { class: 'offset' }, ` (original offset ${e.time_offset})`) : null);
}

// The search snippet marks each hit as [words]; shown as <mark>.
function highlighted(snippet) {
  const span = el('span', { class: 'text' });
  let at = 0;
  while (at < snippet.length) {
    const open = snippet.indexOf('[', at);
    const close = open < 0 ? -1 : snippet.indexOf(']', open + 1);
    if (open < 0 || close < 0) { span.append(snippet.slice(at)); break; }
    span.append(snippet.slice(at, open), el('mark', { text: snippet.slice(open + 1, close) }));
    at = close + 1;
  }
  return span;
}

function counterparty(e) {
  if (e.direction === 'outgoing') return (e.to && e.to[0]) || null;
  return e.from || (e.to && e.to[0]) || null;
}

function dailyChart(events, zone, cls) {
  const counts = new Map();
  for (const e of events) { const d = caseDay(e.time, zone); counts.set(d, (counts.get(d) || 0) + 1); }
  const days = [...counts.keys()].sort();
  if (days.length === 0) return null;
  const max = Math.max(...counts.values());
  const w = 900, h = 80, bw = Math.max(1, Math.floor(w / days.length));
  const chart = svg('svg', { class: cls, width: w, height: h + 14, viewBox: `0 0 ${w} ${h + 14}`, role: 'img' });
  const title = svg('title'); title.textContent = `events per day (case time), ${days[0]} to ${days[days.length - 1]}, peak ${max}`;
  chart.append(title);
  days.forEach((d, i) => {
    const bh = Math.max(1, Math.round(h * counts.get(d) / max));
    const r = svg('rect', { x: i * bw, y: h - bh, width: Math.max(1, bw - 1), height: bh });
    const t = svg('title'); t.textContent = `${d}: ${counts.get(d)}`; r.append(t);
    chart.append(r);
  });
  const label = svg('text', { x: 0, y: h + 12, 'font-size': 10 }); label.textContent = `${days[0]} … ${days[days.length - 1]} (peak ${max}/day)`;
  chart.append(label);
  return el('div', { class: 'panel' }, chart);
}

// Hits per day of the case zone, every hit counted (the server's /api/histogram), days without hits as gaps.
function histogram(days) {
  if (days.length === 0) return el('span', { class: 'meta', text: 'no dated hits' });
  const first = Date.parse(days[0].day + 'T00:00:00Z'), last = Date.parse(days[days.length - 1].day + 'T00:00:00Z');
  const span = Math.round((last - first) / 86400000) + 1;
  const max = Math.max(...days.map(d => d.count));
  const w = 1000, h = 70, bw = w / span;
  const chart = svg('svg', { class: 'hist', width: w, height: h + 14, viewBox: `0 0 ${w} ${h + 14}`, role: 'img' });
  const title = svg('title'); title.textContent = `hits per day (case time), ${days[0].day} to ${days[days.length - 1].day}, peak ${max}`;
  chart.append(title);
  for (const d of days) {
    const i = Math.round((Date.parse(d.day + 'T00:00:00Z') - first) / 86400000);
    const bh = Math.max(1, Math.round(h * d.count / max));
    const r = svg('rect', { x: (i * bw).toFixed(2), y: h - bh, width: Math.max(1, bw - 0.5).toFixed(2), height: bh });
    const t = svg('title'); t.textContent = `${d.day}: ${d.count}`; r.append(t);
    chart.append(r);
  }
  const label = svg('text', { x: 0, y: h + 12, 'font-size': 10 }); label.textContent = `${days[0].day} … ${days[days.length - 1].day} · peak ${max}/day`;
  chart.append(label);
  return chart;
}

function eventCard(e, zone, caseDir, opts) {
  const li = el('li', { class: `ev ${e.direction}`, id: 'ev-' + e.id, 'data-id': e.id });
  li.append(el('div', { class: 'meta' }, el('span', { class: 'chan', text: e.channel }), when(e, zone), ' · ', e.direction, ' · ',
    `${e.from || '(system)'} → ${(e.to || []).join(', ')}`));
  if (e.subject) li.append(el('div', { class: 'subject', text: e.subject }));
  if (e.text) li.append(el('div', { class: 'text', text: e.text }));
  if (e.kind === 'call') li.append(el('div', { class: 'text', text: `call ${e.call_status || ''}${e.duration_s !== null && e.duration_s !== undefined ? `, ${e.duration_s} s` : ''}` }));
  for (const a of e.attachments || []) {
    li.append(el('div', { class: 'attach' }, `📎 ${a.name || '(unnamed)'} · ${a.media_type || a.type || ''} · ${a.size ?? ''} bytes${a.sha256 ? ' · SHA-256 ' + a.sha256 : ''}`));
    const m = opts && opts.media && a.sha256 && opts.media[a.sha256];
    if (m) li.append(photo(a.sha256, m, e.id, opts));
  }
  const links = el('div', { class: 'links' }, el('a', { class: 'detail', href: link('/event', { case: caseDir, id: e.id }), text: 'provenance' }));
  if (opts && opts.conversation) {
    links.append(el('a', { class: 'conv', href: link('/conversation', { case: caseDir, person: opts.conversation, event: e.id }), text: 'open in conversation' }));
  }
  for (const other of e.linked_events || []) links.append(el('a', { class: 'linked', href: link('/event', { case: caseDir, id: other }), text: 'same attachment: ' + other }));
  li.append(links);
  return li;
}

// A photo or screenshot the case holds as an exhibit file (the server verifies its SHA-256 before sending a byte).
// Drawable images are shown; others (HEIC, TIFF, video, anything script-capable) are offered as a download only.
// In a conversation a screenshot read into several messages is shown once, with its first message.
function photo(sha, m, eventId, opts) {
  const box = el('div', { class: 'photo', 'data-sha256': sha });
  if (opts.shown) {
    const first = opts.shown.get(sha);
    if (first && first !== eventId) {
      const a = el('a', { class: 'same-photo', href: '#', text: `${m.name}: shown with an earlier message` });
      a.addEventListener('click', ev => {
        ev.preventDefault();
        const target = document.getElementById('ev-' + first);
        if (target) target.scrollIntoView({ block: 'center' });
      });
      box.append(a);
      return box;
    }
    opts.shown.set(sha, eventId);
  }
  if (!m.inline) {
    box.append(el('a', { class: 'download', href: m.url, download: m.name, text: `download ${m.name} (${m.content_type}, ${m.size} bytes: not shown in the page)` }));
    return box;
  }
  const img = el('img', { src: m.url, alt: `${m.name} (exhibit ${m.path})`, loading: 'lazy', decoding: 'async' });
  // A refused exhibit (changed since ingest, or gone) answers with a JSON reason: show that reason instead.
  img.addEventListener('error', () => {
    fetch(m.url, { credentials: 'same-origin' }).then(r => r.json()).then(b => b.error, () => 'could not be loaded')
      .then(reason => box.replaceChildren(el('p', { class: 'refused', text: `${m.name}: ${reason}` })));
  });
  box.append(el('a', { href: m.url, target: '_blank', rel: 'noopener' }, img), el('div', { class: 'meta', text: `${m.name} · exhibit ${m.path}` }));
  return box;
}

function showError(err) { view.replaceChildren(el('p', { class: 'error', text: String(err && err.message ? err.message : err) })); }

// ---- search -------------------------------------------------------------------------------------------------
function composeQuery(p) {
  const terms = [];
  if (p.get('q')) terms.push(`(${p.get('q')})`);
  if (p.get('person')) terms.push(`(from:"${p.get('person')}" OR to:"${p.get('person')}")`);
  if (p.get('channel')) terms.push(`channel:${p.get('channel')}`);
  if (p.get('direction')) terms.push(`direction:${p.get('direction')}`);
  if (p.get('after')) terms.push(`after:${p.get('after')}`);
  if (p.get('before')) terms.push(`before:${p.get('before')}`);
  return terms.join(' ');
}

const PAGE = 25;
async function searchView(p) {
  const field = (name, label, attrs) => el('label', {}, label, el('input', Object.assign({ name, value: p.get(name) || '' }, attrs || {})));
  const direction = el('select', { name: 'direction' }, ['', 'incoming', 'outgoing', 'unknown'].map(d => el('option', { value: d, text: d || 'any', selected: p.get('direction') === d && d !== '' ? 'selected' : null })));
  const sort = el('select', { name: 'sort' }, [['time', 'newest first'], ['oldest', 'oldest first'], ['relevance', 'relevance']]
    .map(([v, t]) => el('option', { value: v, text: t, selected: (p.get('sort') || 'time') === v ? 'selected' : null })));
  const form = el('form', { class: 'search', id: 'search-form' },
    field('q', 'Query (words, "phrases", AND OR NOT, prefix*, from: to: channel: …)', { type: 'search', placeholder: '"outside your house"' }),
    field('person', 'Person (number, e-mail, name)', { type: 'text' }),
    field('channel', 'Channel', { type: 'text', size: 9 }),
    el('label', {}, 'Direction', direction),
    field('after', 'After (from, inclusive)', { type: 'date' }),
    field('before', 'Before (exclusive)', { type: 'date' }),
    el('label', {}, 'Order', sort),
    el('button', { type: 'submit', text: 'Search' }));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const data = new FormData(form);
    const next = { case: currentCase(p) };
    for (const [k, v] of data.entries()) next[k] = v;
    location.hash = link('/search', next);
  });
  const results = el('div', { id: 'results' });
  view.replaceChildren(el('h2', { text: 'Search' }), form, results);
  const query = composeQuery(p);
  if (!query) return;
  const offset = parseInt(p.get('offset') || '0', 10) || 0;
  const page = await api('/api/search', { q: query, limit: PAGE, offset, sort: p.get('sort') || 'time' });
  const from = page.hits.length ? offset + 1 : 0;
  results.append(el('p', { class: 'counts', id: 'counts' }, `${page.total.toLocaleString('en-GB')} matching events · showing ${from}–${offset + page.hits.length} · query: `, el('code', { text: query })));
  const hist = el('div', { class: 'panel', id: 'histogram' });
  results.append(hist);
  api('/api/histogram', { q: query }).then(h => hist.replaceChildren(histogram(h.days))).catch(err => hist.replaceChildren(el('span', { class: 'error', text: String(err.message) })));
  const list = el('ol', { class: 'hits' });
  for (const h of page.hits) {
    const zone = zoneOf(h.case);
    const party = counterparty(h);
    const li = el('li', { class: `hit ${h.direction}`, 'data-id': h.id });
    li.append(el('div', { class: 'meta' }, el('span', { class: 'chan', text: h.channel }), when(h, zone), ' · ', h.direction, ' · ', `${h.from || '(system)'} → ${(h.to || []).join(', ')}`));
    li.append(h.snippet ? highlighted(h.snippet) : el('span', { class: 'text', text: h.text || h.subject || '' }));
    const links = el('div', { class: 'links' }, el('a', { class: 'detail', href: link('/event', { case: h.case, id: h.id }), text: 'provenance' }));
    if (party) links.append(el('a', { class: 'conv', href: link('/conversation', { case: h.case, person: party, event: h.id }), text: 'open in conversation' }));
    li.append(links);
    list.append(li);
  }
  results.append(list);
  const pager = el('div', { class: 'pager' });
  const here = Object.fromEntries(p.entries());
  if (offset > 0) pager.append(el('a', { id: 'prev', href: link('/search', Object.assign({}, here, { offset: Math.max(0, offset - PAGE) })), text: '← newer page' }));
  if (offset + page.hits.length < page.total) pager.append(el('a', { id: 'next', href: link('/search', Object.assign({}, here, { offset: offset + PAGE })), text: 'next page →' }));
  results.append(pager);
}

// ---- conversation -------------------------------------------------------------------------------------------
async function conversationView(p) {
  const caseDir = currentCase(p);
  const c = await api('/api/conversation', { case: caseDir, person: p.get('person') });
  const zone = c.time_zone;
  view.replaceChildren(el('h2', { id: 'conversation-title', text: `Conversation: ${c.owner || 'owner'} ↔ ${c.person}` }),
    el('p', { class: 'meta' }, `${c.person_id} · ${c.identifiers.join(', ')} · ${c.total} events on every channel${c.total > c.events.length ? ` (first ${c.events.length} shown)` : ''} · times in ${zone}`),
    el('p', { class: 'links' }, el('a', { href: link('/contacts', { case: caseDir }), text: '← contacts' })));
  const chart = dailyChart(c.events, zone, 'chart');
  if (chart) view.append(chart);
  const list = el('ol', { class: 'events', id: 'conversation' });
  const shown = new Map();
  let day = null;
  for (const e of c.events) {
    const d = caseDay(e.time, zone);
    if (d !== day) { list.append(el('li', { class: 'day', text: d })); day = d; }
    list.append(eventCard(e, zone, caseDir, { media: c.media, shown }));
  }
  view.append(list);
  const target = p.get('event') && document.getElementById('ev-' + p.get('event'));
  if (target) { target.classList.add('target'); target.scrollIntoView({ block: 'center' }); }
}

// ---- contacts and indicator evidence ------------------------------------------------------------------------
async function contactsView(p) {
  const caseDir = currentCase(p);
  const r = await api('/api/contacts', { case: caseDir });
  view.replaceChildren(el('h2', { text: 'Contacts' }),
    el('p', { class: 'meta' }, `owner: ${r.owner || 'unknown'} (${r.owner_basis}) · as of ${r.as_of} · ${r.scoring} · lexicon ${r.lexicon} · perspective ${r.perspective}. The score ranks; it is not a probability.`));
  const table = el('table', { id: 'contacts' }, el('tr', {}, ['#', 'person', 'score', 'events (in/out)', 'first – last', 'indicators (open the evidence)', 'legal', 'orders'].map(t => el('th', { text: t }))));
  for (const c of r.contacts) {
    const indicators = el('td', {}, c.indicators.map(i => el('button', { class: 'indicator', type: 'button', 'data-code': i.code, title: i.detail, text: `${i.code} (+${i.weight}): ${i.detail}` })));
    indicators.addEventListener('click', ev => {
      const b = ev.target.closest('button.indicator');
      if (b) location.hash = link('/evidence', { case: caseDir, person: c.person_id, code: b.getAttribute('data-code') });
    });
    const legal = c.legal;
    table.append(el('tr', { 'data-person': c.person_id },
      el('td', { text: c.rank }),
      el('td', {}, el('a', { class: 'conv', href: link('/conversation', { case: caseDir, person: c.person_id }), text: c.person }), el('div', { class: 'meta', text: c.identifiers.join(', ') })),
      el('td', { class: 'band-' + c.band, text: `${c.score} ${c.band}` }),
      el('td', { text: `${c.events} (${c.incoming}/${c.outgoing})` }),
      el('td', { text: `${caseDay(c.first, zoneOf(caseDir))} – ${caseDay(c.last, zoneOf(caseDir))}${c.onset ? ` · onset ${c.onset}` : ''}` }),
      indicators,
      el('td', { class: 'meta', text: `occasions ${legal.occasions} (${legal.first_occasion} – ${legal.last_occasion}); threat occasions ${legal.threat_occasions}${legal.s4a_fear_of_violence_evidence ? '; s.4A fear-of-violence evidence' : ''}; summary limit ${legal.summary_time_limit}` }),
      el('td', { class: 'meta' }, c.breaches.map(b => el('div', { text: `${b.type} ${b.order}: ${b.count} breaches` })))));
  }
  view.append(table);
}

async function evidenceView(p) {
  const caseDir = currentCase(p);
  const r = await api('/api/evidence', { case: caseDir, person: p.get('person'), code: p.get('code') });
  const list = el('ol', { class: 'events', id: 'evidence' });
  for (const e of r.events) list.append(eventCard(e, r.time_zone, caseDir, { conversation: r.person_id, media: r.media }));
  view.replaceChildren(el('h2', { id: 'evidence-title', text: `Evidence: ${r.code} — ${r.person}` }),
    el('p', { class: 'meta', text: `${r.detail} · ${r.total} events${r.total > r.events.length ? ` (first ${r.events.length} shown)` : ''}` }),
    el('p', { class: 'links' }, el('a', { href: link('/contacts', { case: caseDir }), text: '← contacts' })), list);
}

// ---- event detail -------------------------------------------------------------------------------------------
async function eventView(p) {
  const caseDir = currentCase(p);
  const r = await api('/api/events/' + encodeURIComponent(p.get('id')), { case: caseDir });
  const e = r.event, x = r.exhibit, zone = r.time_zone;
  const row = (k, v) => [el('dt', { text: k }), el('dd', { text: v === null || v === undefined ? '—' : String(v) })];
  const party = counterparty(e);
  view.replaceChildren(el('h2', { text: 'Event' }), el('ol', { class: 'events' }, eventCard(e, zone, caseDir, { conversation: party, media: r.media })),
    el('h3', { text: 'Provenance' }),
    el('dl', { class: 'prov', id: 'provenance' },
      row('event id', e.id), row('source file', e.source.path), row('SHA-256', e.source.sha256), row('locator', e.source.locator),
      row('format', e.source.format), row('time (UTC)', e.time), row('time (case zone)', `${caseTime(e.time, zone)} ${zone}`),
      row('original offset', e.time_offset), row('time basis', e.time_basis), row('time anomaly', e.time_anomaly),
      row('exhibit path', x.absolute_path), row('container entry', x.container_entry), row('exhibit size', x.size),
      row('records read / recovered / skipped', x.status ? `${x.records_read} / ${x.records_recovered} / ${x.records_skipped}` : null),
      row('first seen (UTC)', x.first_seen_utc)),
    el('h3', { text: `Diagnostics for this source (${r.diagnostics.length})` }),
    el('ul', { id: 'diagnostics' }, r.diagnostics.map(d => el('li', { text: `${d.severity} at ${d.locator}: ${d.reason}` }))));
}

// ---- start --------------------------------------------------------------------------------------------------
const views = { '/search': searchView, '/conversation': conversationView, '/contacts': contactsView, '/evidence': evidenceView, '/event': eventView };
async function render() {
  const { path, params } = route();
  if (params.get('case') && caseSelect.value !== params.get('case')) caseSelect.value = params.get('case');
  document.getElementById('nav-contacts').setAttribute('href', link('/contacts', { case: caseSelect.value }));
  document.getElementById('nav-search').setAttribute('href', link('/search', { case: caseSelect.value }));
  document.body.removeAttribute('data-ready');
  view.replaceChildren(el('p', { class: 'meta', text: 'loading…' }));
  try {
    await (views[path] || searchView)(params);
    document.body.setAttribute('data-ready', path);
  } catch (err) {
    showError(err);
    document.body.setAttribute('data-ready', 'error');
  }
}

async function start() {
  try {
    const info = await api('/api/cases');
    cases = info.cases;
    document.getElementById('who').textContent = `signed in as ${info.user} · EvidencePipe ${info.tool_version}`;
    caseSelect.replaceChildren(...cases.map(c => el('option', { value: c.case, text: `${c.name} (${c.time_zone})` })));
    caseSelect.addEventListener('change', () => { location.hash = link(route().path, { case: caseSelect.value }); });
  } catch (err) { showError(err); return; }
  window.addEventListener('hashchange', render);
  render();
}
start();
