// The leaders' ballot (LeaderBallotPage): loads the ballot from the API, one 0–4 field per unit grouped by type, and
// saves the changed scores in one PUT. The API decides every right and rule; this script only helps the leader type
// (decimal comma accepted, errors next to the field, typed text kept). PAGE and Kit come from the server.
(() => {
  'use strict';
  const { h, num, parseScore, problemText, call } = Kit;

  const form = document.getElementById('ballot-form');
  const groupsBox = document.getElementById('groups');
  const loadState = document.getElementById('load-state');
  const saveButton = document.getElementById('save');
  const saveMessage = document.getElementById('save-message');
  const SECTIONS = ['I', 'II', 'III', 'IV', 'VII'];

  let ballot = null;
  let etag = null;

  function headers(extra) {
    const all = Object.assign({}, extra || {});
    if (PAGE.token) all[PAGE.tokenHeader] = PAGE.token;
    return all;
  }

  function setMessage(box, ok, text) {
    box.className = 'form-message ' + (ok ? 'ok' : 'error');
    box.textContent = text;
  }

  /** A refused ballot (link no longer valid, not this leader) replaces the whole page with the reason. */
  function showRefusal(problem) {
    document.getElementById('ballot-head').hidden = true;
    form.hidden = true;
    loadState.className = 'message error';
    loadState.id = 'refusal';
    loadState.textContent = problemText(problem);
  }

  function appraisedText(appraised) {
    if (!appraised) return null;
    // Section VII is a deduction: shown with a minus sign when there is one.
    const parts = SECTIONS.map(code => {
      const value = appraised.sections[code] || 0;
      return code === 'VII' && value > 0 ? `VII −${num(value)}` : `${code} ${num(value)}`;
    });
    return h('div', { class: 'appraised' },
      h('span', { class: 'appraised-parts', text: 'Thẩm định: ' + parts.join(' · ') }),
      h('strong', { class: 'appraised-subtotal', text: ' · Cộng ' + num(appraised.subtotal) }),
      appraised.unappraised > 0 ? h('span', { class: 'unappraised', text: ` (${appraised.unappraised} tiêu chí chưa thẩm định, tính 0)` }) : null);
  }

  function unitRow(unit) {
    const id = 'score-' + unit.unitId;
    const input = h('input', {
      id, class: 'score', type: 'text', inputmode: 'decimal', autocomplete: 'off', maxlength: 8,
      'aria-describedby': id + '-error', dataset: { unitId: unit.unitId },
      value: unit.score === null || unit.score === undefined ? '' : num(unit.score),
      disabled: !ballot.open,
    });
    const saved = unit.score === null || unit.score === undefined
      ? h('span', { class: 'saved missing', text: 'Chưa chấm' })
      : h('span', { class: 'saved', text: 'Đã lưu: ' + num(unit.score) });
    return h('div', { class: 'unit', dataset: { unitId: unit.unitId } },
      h('div', { class: 'unit-info' },
        h('label', { class: 'unit-name', for: id, text: unit.name }),
        appraisedText(unit.appraised)),
      h('div', { class: 'unit-score' },
        input,
        h('span', { class: 'max', text: '/ ' + num(ballot.maxScore) }),
        saved,
        h('div', { id: id + '-error', class: 'field-error', role: 'alert' })));
  }

  function render() {
    document.getElementById('deadline').textContent = ballot.deadlineText;
    const state = document.getElementById('window-state');
    state.className = 'window-state ' + (ballot.open ? 'open' : 'closed');
    state.textContent = ballot.open
      ? `Đang trong thời gian chấm điểm (từ ${ballot.opensText}).`
      : ballot.closedReason;
    document.getElementById('progress').textContent = ballot.missingCount === 0
      ? `Đã chấm đủ ${ballot.unitCount} cơ quan, đơn vị.`
      : `Đã chấm ${ballot.scoredCount}/${ballot.unitCount} cơ quan, đơn vị; còn ${ballot.missingCount} đơn vị chưa có điểm.`
        + (ballot.savedAtText ? ` Lần lưu gần nhất: ${ballot.savedAtText}.` : '');
    const note = ballot.appraisedAvailable ? [] : [h('p', { class: 'muted', text: 'Chưa có kết quả thẩm định để hiển thị; phiếu hiện danh sách cơ quan, đơn vị.' })];
    groupsBox.replaceChildren(
      ...note,
      ...ballot.groups.map(group => h('section', { class: 'card group', dataset: { type: group.type } },
        h('h2', { text: `${group.type} · ${group.typeName} (${group.units.length})` }),
        ...group.units.map(unitRow))));
    saveButton.hidden = !ballot.open;
    loadState.hidden = true;
    form.hidden = false;
  }

  function fieldError(input, message) {
    input.classList.toggle('invalid', !!message);
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    document.getElementById(input.id + '-error').textContent = message || '';
  }

  function savedScore(unitId) {
    for (const group of ballot.groups) {
      const unit = group.units.find(u => u.unitId === unitId);
      if (unit) return unit.score;
    }
    return null;
  }

  /** The changed scores, or null when a field is wrong (each wrong field says why, its text untouched). */
  function collect() {
    const scores = {};
    let wrong = 0;
    for (const input of groupsBox.querySelectorAll('input.score')) {
      const unitId = input.dataset.unitId;
      const before = savedScore(unitId);
      const parsed = parseScore(input.value, 'Điểm', ballot.maxScore);
      let error = parsed.error;
      if (!error && parsed.value === null && before !== null && before !== undefined) {
        error = `Điểm đã lưu (${num(before)}) không xóa được; nhập điểm từ 0 đến ${num(ballot.maxScore)}.`;
      }
      fieldError(input, error);
      if (error) { wrong++; continue; }
      if (parsed.value !== null && parsed.value !== before) scores[unitId] = parsed.value;
    }
    if (wrong > 0) {
      setMessage(saveMessage, false, `Có ${wrong} ô điểm cần sửa (xem dòng báo đỏ); chưa lưu điểm nào.`);
      const first = groupsBox.querySelector('input.invalid');
      if (first) first.focus();
      return null;
    }
    return scores;
  }

  async function save(event) {
    event.preventDefault();
    const scores = collect();
    if (scores === null) return;
    if (Object.keys(scores).length === 0) { setMessage(saveMessage, true, 'Không có điểm nào thay đổi.'); return; }
    saveButton.disabled = true;
    setMessage(saveMessage, true, 'Đang lưu…');
    const r = await call('PUT', PAGE.api, { scores }, headers(etag ? { 'If-Match': etag } : {}));
    saveButton.disabled = false;
    if (r.ok) {
      ballot = r.data;
      etag = r.etag;
      render();
      setMessage(saveMessage, true, `Đã lưu ${Object.keys(scores).length} điểm lúc ${ballot.savedAtText}.`);
      return;
    }
    if (r.status === 403) { showRefusal(r.problem); return; }
    if (r.problem.errors) {
      for (const [field, messages] of Object.entries(r.problem.errors)) {
        const input = field.startsWith('scores.') ? document.getElementById('score-' + field.slice(7)) : null;
        if (input) fieldError(input, messages.join(' '));
      }
    }
    const hint = r.status === 412 ? ' Tải lại trang để xem điểm mới nhất; điểm vừa nhập chưa được lưu.' : '';
    setMessage(saveMessage, false, problemText(r.problem) + hint);
  }

  async function load() {
    const r = await call('GET', PAGE.api, undefined, headers());
    if (!r.ok) {
      if (r.status === 403 || r.status === 401) showRefusal(r.problem);
      else { loadState.className = 'message error'; loadState.textContent = problemText(r.problem); }
      return;
    }
    ballot = r.data;
    etag = r.etag;
    render();
  }

  form.addEventListener('submit', save);
  groupsBox.addEventListener('input', e => { if (e.target.matches('input.score.invalid')) fieldError(e.target, null); });
  load();
})();
