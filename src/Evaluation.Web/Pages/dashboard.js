// Bảng theo dõi: the working group's dashboard. Plain JavaScript, no framework and no external URL.
// The server page sets PAGE = { year, api, appraisalPage, login }; the figures come from the dashboard API (which
// leaves null fields out, hence the "== null" tests). The page polls it every 5 s while the tab is visible (once a
// minute while hidden, at once when it comes back) and redraws in place; filters and sort live in the address, so a
// reload or a shared link opens the same view. Filtering and sorting are done here: the answer has every unit.
(() => {
  'use strict';
  const VISIBLE_POLL_MS = 5000;
  const HIDDEN_POLL_MS = 60000;
  const SORTS = [
    ['', 'Theo loại, tên đơn vị'],
    ['progress', 'Tiến độ tự đánh giá: thấp trước'],
    ['-progress', 'Tiến độ tự đánh giá: cao trước'],
    ['appraisal', 'Tiến độ thẩm định: thấp trước'],
    ['overdue', 'Nhiều việc quá hạn trước'],
  ];

  const { h, num, provinceParts, dateTime, problemText, call } = Kit;

  const loadState = document.getElementById('load-state');
  const root = document.getElementById('dashboard');

  const params = new URLSearchParams(location.search);
  const state = {
    data: null,
    // Date.now() when the answer arrived: the countdown runs from the server's "secondsLeft" at that moment.
    receivedAt: 0,
    timer: null,
    loading: false,
    // receivedAt of the answer whose next deadline already made the page ask again.
    deadlineReload: 0,
    filters: {
      type: params.get('type') || '',
      overdue: params.get('overdue') === '1',
      q: params.get('q') || '',
      sort: SORTS.some(([value]) => value === params.get('sort')) ? params.get('sort') : '',
    },
  };

  // ---------- small helpers ----------

  const pad = n => String(n).padStart(2, '0');

  /** hh:mm:ss in the province of an ISO instant (the server's clock). */
  function clockText(value) {
    const p = provinceParts(value);
    const seconds = new Date(new Date(value).getTime() + 7 * 3600 * 1000).getUTCSeconds();
    return p ? `${p.hh}:${p.mm}:${pad(seconds)}` : '';
  }

  /** dd/mm hh:mm: the year is on the page already. */
  function shortDateTime(value) {
    const p = provinceParts(value);
    return p ? `${p.d}/${p.m} ${p.hh}:${p.mm}` : '';
  }

  /** "3 ngày 4 giờ", "2 giờ 15 phút", "4 phút 10 giây". */
  function durationText(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const days = Math.floor(s / 86400);
    const hours = Math.floor((s % 86400) / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    if (days > 0) return `${days} ngày ${hours} giờ`;
    if (hours > 0) return `${hours} giờ ${minutes} phút`;
    return `${minutes} phút ${s % 60} giây`;
  }

  /** Lower case without Vietnamese marks, so "y te" finds "Sở Y tế". */
  function fold(text) {
    return (text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().trim();
  }

  const share = (part, whole) => (whole ? part / whole : 1);
  const ratio = progress => `${progress.decided}/${progress.items}`;

  function showLoad(ok, text, problem) {
    loadState.hidden = false;
    loadState.className = 'message ' + (ok ? 'ok' : 'error');
    loadState.textContent = text;
    if (problem && problem.status === 401) loadState.append(' ', h('a', { href: PAGE.login, text: 'Đăng nhập lại' }));
  }

  /** Keeps the filters and the sort in the address (no new history entry for each keystroke). */
  function rememberFilters() {
    const query = new URLSearchParams();
    if (state.filters.type) query.set('type', state.filters.type);
    if (state.filters.overdue) query.set('overdue', '1');
    if (state.filters.q) query.set('q', state.filters.q);
    if (state.filters.sort) query.set('sort', state.filters.sort);
    const text = query.toString();
    history.replaceState(null, '', location.pathname + (text ? '?' + text : ''));
  }

  // ---------- the frame, built once so typing in the search box survives every redraw ----------

  const view = {
    header: h('section', { class: 'card', id: 'year-header' }),
    totals: h('section', { class: 'card', id: 'totals' }),
    agencies: h('section', { class: 'card', id: 'agencies' }),
    updated: h('span', { id: 'updated', class: 'muted' }),
    typeSelect: h('select', { id: 'filter-type' }, h('option', { value: '', text: 'Tất cả loại đơn vị' })),
    overdueBox: h('input', { type: 'checkbox', id: 'filter-overdue' }),
    search: h('input', { type: 'search', id: 'filter-search', placeholder: 'Tên cơ quan, đơn vị', maxlength: 100 }),
    sortSelect: h('select', { id: 'sort' }, SORTS.map(([value, label]) => h('option', { value, text: label }))),
    shown: h('p', { id: 'shown', class: 'muted' }),
    body: h('tbody'),
    foot: h('tfoot'),
  };

  function buildFrame() {
    view.overdueBox.checked = state.filters.overdue;
    view.search.value = state.filters.q;
    view.sortSelect.value = state.filters.sort;
    view.typeSelect.addEventListener('change', () => { state.filters.type = view.typeSelect.value; changed(); });
    view.overdueBox.addEventListener('change', () => { state.filters.overdue = view.overdueBox.checked; changed(); });
    view.search.addEventListener('input', () => { state.filters.q = view.search.value.slice(0, 100); changed(); });
    view.sortSelect.addEventListener('change', () => { state.filters.sort = view.sortSelect.value; changed(); });

    const filters = h('form', { class: 'inline filters', id: 'filters', onsubmit: e => e.preventDefault() },
      h('label', {}, 'Loại đơn vị', view.typeSelect),
      h('label', {}, 'Tìm theo tên', view.search),
      h('label', {}, 'Sắp xếp', view.sortSelect),
      h('label', { class: 'check' }, view.overdueBox, 'Chỉ đơn vị có việc quá hạn'));
    const table = h('table', { id: 'units' },
      h('thead', {}, h('tr', {},
        h('th', { text: 'Cơ quan, đơn vị' }),
        h('th', { text: 'Giai đoạn' }),
        h('th', { text: 'Tiêu chí đã chấm' }),
        h('th', { class: 'num', text: 'Minh chứng' }),
        h('th', { text: 'Bản tự đánh giá' }),
        h('th', { class: 'num', text: 'Thẩm định lần 1' }),
        h('th', { class: 'num', text: 'Thẩm định lần 2' }),
        h('th', { text: 'Quá hạn' }))),
      view.body, view.foot);
    // The units first: chasing them is what the page is for; the council's totals per agency follow.
    root.replaceChildren(view.header, view.totals,
      h('section', { class: 'card', id: 'unit-list' },
        h('div', { class: 'list-head' }, h('h2', { text: 'Cơ quan, đơn vị' }), view.updated),
        filters, view.shown, h('div', { class: 'table-wrap' }, table)),
      view.agencies);
    root.hidden = false;
  }

  function changed() {
    rememberFilters();
    renderUnits();
  }

  // ---------- drawing ----------

  function render() {
    const data = state.data;
    renderHeader(data);
    renderTotals(data.totals);
    renderAgencies(data);
    renderTypeOptions(data.unitTypes);
    renderUnits();
    view.updated.textContent = 'Cập nhật lúc ' + clockText(data.now);
  }

  function renderHeader(data) {
    const started = data.startedAt == null
      ? h('span', { class: 'muted', text: ' · Tổ công tác chưa bắt đầu năm này' })
      : h('span', { class: 'muted', text: ' · bắt đầu lúc ' + dateTime(data.startedAt) });
    const next = h('p', { id: 'next-deadline' });
    const rows = data.calendar.map(deadline => h('tr', { dataset: { due: deadline.field }, class: deadline.passed ? 'passed' : null },
      h('th', { text: deadline.label }),
      h('td', { class: 'due-text', text: deadline.dueText }),
      h('td', { class: 'due-state' },
        deadline.passed ? h('span', { class: 'muted', text: 'Đã qua' }) : h('span', { class: 'left', dataset: { seconds: deadline.secondsLeft } }),
        deadline.note == null ? null : h('div', { class: 'muted note', text: deadline.note }))));
    view.header.replaceChildren(h('div', { class: 'header-grid' },
      h('div', {},
        h('h2', { text: 'Năm ' + data.year }),
        h('p', {}, 'Giai đoạn: ', h('span', { class: 'phase ' + data.phase, id: 'year-phase', text: data.phaseName }), started),
        next),
      h('div', {},
        h('h3', { text: 'Lịch (giờ Việt Nam)' }),
        h('table', { id: 'calendar' }, h('tbody', {}, rows)))));
    tick();
  }

  /** The time left, counted down from the server's figures; at a deadline the dashboard is read again. */
  function tick() {
    if (!state.data) return;
    const elapsed = (Date.now() - state.receivedAt) / 1000;
    for (const cell of view.header.querySelectorAll('.left')) {
      cell.textContent = 'còn ' + durationText(Number(cell.dataset.seconds) - elapsed);
    }
    const next = document.getElementById('next-deadline');
    const deadline = state.data.nextDeadline;
    if (!next) return;
    if (deadline == null) {
      next.textContent = state.data.startedAt == null ? 'Lịch sẽ chạy khi Tổ công tác bắt đầu năm đánh giá.' : 'Đã qua mọi mốc thời hạn của năm.';
      return;
    }
    const left = deadline.secondsLeft - elapsed;
    next.replaceChildren('Mốc tiếp theo: ', h('strong', { text: deadline.label }), ` (${deadline.dueText}) · `,
      h('span', { id: 'time-left', class: left < 3 * 86400 ? 'soon' : null, text: left > 0 ? 'còn ' + durationText(left) : 'đã đến hạn' }));
    // Once per answer, so a server that cannot be reached is not asked every second.
    if (left <= 0 && state.deadlineReload !== state.receivedAt) {
      state.deadlineReload = state.receivedAt;
      load();
    }
  }

  function tile(id, label, value, detail) {
    return h('div', { class: 'tile', id }, h('div', { class: 'tile-label', text: label }), h('div', { class: 'tile-value', text: value }),
      detail ? h('div', { class: 'muted', text: detail }) : null);
  }

  function renderTotals(totals) {
    view.totals.replaceChildren(h('h2', { text: 'Tổng hợp' }), h('div', { class: 'tiles' },
      tile('total-units', 'Cơ quan, đơn vị', String(totals.unitCount)),
      tile('total-submitted', 'Đã nộp bản tự đánh giá', `${totals.submittedCount}/${totals.unitCount}`),
      tile('total-filled', 'Tiêu chí đã chấm', num(totals.filledPercent) + '%', `${totals.filledCount}/${totals.leafCount} tiêu chí`),
      tile('total-evidence', 'Tài liệu kiểm chứng', String(totals.evidenceCount)),
      tile('total-round1', 'Thẩm định lần 1', ratio(totals.round1), 'tiêu chí đã có ý kiến'),
      tile('total-round2', 'Thẩm định lần 2', ratio(totals.round2), 'tiêu chí bị đề nghị đã chốt'),
      tile('total-overdue', 'Đơn vị có việc quá hạn', String(totals.unitsWithOverdue), `${totals.overdueCount} việc quá hạn`)));
    view.totals.querySelector('#total-overdue').classList.toggle('late', totals.unitsWithOverdue > 0);
  }

  function renderAgencies(data) {
    const rows = data.agencies.map(agency => h('tr', { dataset: { agency: agency.agencyId } },
      h('th', { text: agency.name }),
      h('td', { class: 'num round1', text: ratio(agency.round1) }),
      h('td', { class: 'num round1-overdue' + (agency.round1Overdue ? ' late' : ''), text: String(agency.round1Overdue) }),
      h('td', { class: 'num round2', text: ratio(agency.round2) }),
      h('td', { class: 'num round2-overdue' + (agency.round2Overdue ? ' late' : ''), text: String(agency.round2Overdue) })));
    view.agencies.replaceChildren(
      h('h2', {}, 'Hội đồng thẩm định ', h('a', { href: PAGE.appraisalPage, class: 'small', text: '(trang thẩm định)' })),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', { text: 'Cơ quan thẩm định' }), h('th', { class: 'num', text: 'Lần 1: đã/tổng' }),
          h('th', { class: 'num', text: 'Quá hạn lần 1' }), h('th', { class: 'num', text: 'Lần 2: đã/bị đề nghị' }), h('th', { class: 'num', text: 'Quá hạn lần 2' }))),
        h('tbody', {}, rows))));
  }

  function renderTypeOptions(types) {
    const wanted = ['', ...types.map(type => type.code)].join('|');
    const present = Array.from(view.typeSelect.options, option => option.value).join('|');
    if (wanted !== present) {
      view.typeSelect.replaceChildren(h('option', { value: '', text: 'Tất cả loại đơn vị' }),
        types.map(type => h('option', { value: type.code, text: `${type.code} · ${type.name} (${type.unitCount})` })));
    }
    // A type in the address that the year does not have shows every unit.
    if (!types.some(type => type.code === state.filters.type)) state.filters.type = '';
    view.typeSelect.value = state.filters.type;
  }

  function matches(unit) {
    if (state.filters.type && unit.type !== state.filters.type) return false;
    if (state.filters.overdue && !unit.overdueCount) return false;
    const q = fold(state.filters.q);
    return !q || fold(unit.name).includes(q) || unit.unitId.includes(q);
  }

  const appraisalShare = unit => share(unit.round1.decided + unit.round2.decided, unit.round1.items + unit.round2.items);
  const ORDER = {
    progress: (a, b) => a.filledPercent - b.filledPercent,
    '-progress': (a, b) => b.filledPercent - a.filledPercent,
    appraisal: (a, b) => appraisalShare(a) - appraisalShare(b),
    overdue: (a, b) => b.overdueCount - a.overdueCount,
  };

  function renderUnits() {
    if (!state.data) return;
    const all = state.data.units;
    const compare = ORDER[state.filters.sort];
    // The answer's order (type, then name) breaks ties, so rows do not jump between polls.
    const shown = all.map((unit, index) => ({ unit, index })).filter(entry => matches(entry.unit))
      .sort((a, b) => (compare ? compare(a.unit, b.unit) : 0) || a.index - b.index).map(entry => entry.unit);
    view.body.replaceChildren(...(shown.length ? shown.map(unitRow) : [h('tr', { class: 'empty' }, h('td', { colspan: 8, text: 'Không có cơ quan, đơn vị nào khớp bộ lọc.' }))]));
    view.shown.textContent = `Đang hiển thị ${shown.length}/${all.length} cơ quan, đơn vị.`;
    view.foot.replaceChildren(footRow(shown));
  }

  function unitRow(unit) {
    const name = h('td', { class: 'name' }, h('a', { href: unit.assessmentPage, class: 'unit-name', text: unit.name }),
      h('div', { class: 'muted', text: unit.typeName == null ? unit.type : `${unit.type} · ${unit.typeName}` }));
    const phase = h('td', {}, h('span', { class: 'phase ' + unit.phase, text: unit.phaseName }),
      unit.phaseSince == null ? null : h('div', { class: 'muted since', text: 'từ ' + shortDateTime(unit.phaseSince) }));
    if (unit.problem != null) {
      return h('tr', { dataset: { unitId: unit.unitId }, class: 'problem' }, name, phase, h('td', { colspan: 6, class: 'unit-problem', text: unit.problem }));
    }
    return h('tr', { dataset: { unitId: unit.unitId }, class: unit.overdueCount ? 'late' : null },
      name,
      phase,
      h('td', { class: 'filled' },
        h('div', { class: 'bar', title: `${unit.filledCount}/${unit.leafCount}` }, h('span', { style: `width:${Math.min(100, unit.filledPercent)}%` })),
        h('span', { class: 'filled-percent', text: num(unit.filledPercent) + '%' }), ' ',
        h('span', { class: 'muted filled-count', text: `${unit.filledCount}/${unit.leafCount}` })),
      h('td', { class: 'num evidence-count', text: String(unit.evidenceCount) }),
      h('td', { class: 'submitted' + (unit.submittedAt == null ? ' muted' : ''), text: unit.submittedAt == null ? 'Chưa nộp' : 'Đã nộp ' + shortDateTime(unit.submittedAt), title: unit.submittedAt == null ? null : dateTime(unit.submittedAt) }),
      h('td', { class: 'num round1' }, ratio(unit.round1),
        unit.unassignedCount ? h('div', { class: 'warn', text: `${unit.unassignedCount} tiêu chí chưa có cơ quan thẩm định` }) : null),
      h('td', { class: 'num round2', text: unit.round2.items ? ratio(unit.round2) : '–' }),
      h('td', { class: 'overdue' }, unit.overdue.length
        ? h('ul', {}, unit.overdue.map(item => h('li', { dataset: { step: item.step }, text: item.text })))
        : h('span', { class: 'muted', text: '–' })));
  }

  /** Totals of the rows on screen (the year's totals are in the card above). */
  function footRow(units) {
    const sum = pick => units.reduce((total, unit) => total + pick(unit), 0);
    const leaves = sum(unit => unit.leafCount);
    const filled = sum(unit => unit.filledCount);
    const percent = leaves ? Math.round(1000 * filled / leaves) / 10 : 0;
    return h('tr', { id: 'shown-totals' },
      h('th', { text: `Cộng (${units.length})` }),
      h('td'),
      h('td', { text: `${num(percent)}% · ${filled}/${leaves}` }),
      h('td', { class: 'num', text: String(sum(unit => unit.evidenceCount)) }),
      h('td', { text: `${units.filter(unit => unit.submittedAt != null).length} đã nộp` }),
      h('td', { class: 'num', text: `${sum(unit => unit.round1.decided)}/${sum(unit => unit.round1.items)}` }),
      h('td', { class: 'num', text: `${sum(unit => unit.round2.decided)}/${sum(unit => unit.round2.items)}` }),
      h('td', { text: `${sum(unit => unit.overdueCount)} việc` }));
  }

  // ---------- polling ----------

  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(load, document.hidden ? HIDDEN_POLL_MS : VISIBLE_POLL_MS);
  }

  async function load() {
    if (state.loading) return;
    state.loading = true;
    clearTimeout(state.timer);
    const r = await call('GET', PAGE.api);
    state.loading = false;
    if (r.ok) {
      state.data = r.data;
      state.receivedAt = Date.now();
      if (root.hidden) buildFrame();
      loadState.hidden = true;
      render();
    } else if (state.data) {
      // Keep the last figures on screen and say how old they are.
      showLoad(false, `Không cập nhật được (${problemText(r.problem)}). Số liệu đang hiển thị là của lúc ${clockText(state.data.now)}; đang thử lại.`, r.problem);
    } else {
      showLoad(false, problemText(r.problem), r.problem);
    }
    // Refusals (not signed in, not the working group, no such year) do not go away by asking again.
    if (![401, 403, 404].includes(r.status)) schedule();
  }

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) schedule();
    else load();
  });
  setInterval(tick, 1000);
  load();
})();
