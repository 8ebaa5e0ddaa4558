// Thẩm định: the appraiser's work page (R-3.1–, journey 4), with the deductions of section VII.
// Plain JavaScript, no framework and no external URL. The server page sets PAGE = { year, agency, isWorkingGroup,
// canDecide, queueApi, councilApi, unitsApi, assessmentPage, login }; everything else comes from the public API
// (which leaves null fields out, hence the "== null" tests), which decides every right and every rule (R-3.2
// included): the page only shows its answers, field by field.
// What the appraiser types is kept per criterion and round until it is saved, through filters and failed saves.
(() => {
  'use strict';
  const PAGE_SIZE = 100;
  const STATUS_NAMES = {
    pending: 'Chưa thẩm định',
    agreed: 'Đã đồng ý ở lần 1',
    questioned: 'Đã đề nghị – chờ thẩm định lần 2',
    final: 'Đã có kết quả thẩm định lần 2',
  };
  const STATUS_FILTERS = [
    ['', 'Tất cả trạng thái'],
    ['todo', 'Cần xử lý ở vòng đang mở'],
    ['pending', 'Chưa thẩm định lần 1'],
    ['agreed', 'Đã đồng ý ở lần 1'],
    ['questioned', 'Đã đề nghị, chờ lần 2'],
    ['final', 'Đã có kết quả lần 2'],
    ['needsReview', 'Cần xem lại'],
  ];
  const DECISIONS = [
    ['agree', 'Đồng ý với kết quả tự chấm'],
    ['disagree', 'Không đồng ý (trừ điểm hoặc không cho điểm)'],
    ['requestEvidence', 'Đề nghị bổ sung tài liệu kiểm chứng'],
  ];
  const REASON_LABELS = {
    agree: 'Ghi chú (không bắt buộc)',
    disagree: 'Lý do trừ điểm hoặc không cho điểm',
    requestEvidence: 'Tài liệu kiểm chứng cần bổ sung',
  };
  const SIGNATURE_CLASSES = { valid: 'ok', invalid: 'bad', untrusted: 'warn', unsigned: 'warn' };
  const NEEDS_REVIEW_NOTE = 'Đơn vị đã thay đổi điểm tự chấm hoặc tài liệu kiểm chứng sau ý kiến thẩm định này.';

  const loadState = document.getElementById('load-state');
  const queueView = document.getElementById('queue-view');
  const councilView = document.getElementById('council-view');

  const params = new URLSearchParams(location.search);
  const state = {
    queue: null,
    filters: { unitId: params.get('unitId') || '', status: params.get('status') || '', agency: PAGE.agency || '' },
    shown: PAGE_SIZE,
    // key (unit|code|round) → { decision, score, reason, explainedDirectly }: typed, not yet saved.
    drafts: new Map(),
    // Queue loads started, so an answer overtaken by a newer load is dropped.
    loads: 0,
    // key (unit|code) → { item, generation }: decisions saved here, newer than any load answered before them.
    saved: new Map(),
    council: null,
    councilETag: null,
    formCount: 0,
    // The section VII card of the chosen unit, kept while the unit stays chosen (so other filters keep what is typed).
    penalties: { unitId: null, card: null, data: null, token: 0 },
    // key (unit|code) → { points, source, reason, evidence }: a deduction typed, not yet saved.
    penaltyDrafts: new Map(),
  };

  // ---------- small helpers ----------

  const { h, num, provinceParts, dateTime, problemText, call } = Kit;

  /** The province's clock now, hh:mm, for "saved at" messages. */
  function timeNow() {
    const p = provinceParts(new Date());
    return `${p.hh}:${p.mm}`;
  }

  function showLoad(ok, text, problem) {
    loadState.hidden = false;
    loadState.className = 'message ' + (ok ? 'ok' : 'error');
    loadState.textContent = text;
    if (problem && problem.status === 401) {
      loadState.append(' ', h('a', { href: PAGE.login, text: 'Đăng nhập lại' }));
    }
  }

  const itemKey = item => item.unitId + '|' + item.code;
  const decisionUrl = (unitId, round, code) => PAGE.unitsApi + encodeURIComponent(unitId) + '/appraisal/' + round + '/criteria/' + encodeURIComponent(code);

  function queueUrl() {
    const query = new URLSearchParams();
    if (state.filters.unitId) query.set('unitId', state.filters.unitId);
    if (state.filters.status) query.set('status', state.filters.status);
    if (PAGE.isWorkingGroup && state.filters.agency) query.set('agency', state.filters.agency);
    const text = query.toString();
    return PAGE.queueApi + (text ? '?' + text : '');
  }

  /** Keeps the filters in the address, so a reload or a shared link opens the same view. */
  function rememberFilters() {
    const query = new URLSearchParams();
    if (PAGE.isWorkingGroup && state.filters.agency) query.set('agency', state.filters.agency);
    if (state.filters.unitId) query.set('unitId', state.filters.unitId);
    if (state.filters.status) query.set('status', state.filters.status);
    const text = query.toString();
    history.replaceState(null, '', location.pathname + (text ? '?' + text : ''));
  }

  // ---------- the queue ----------

  async function loadQueue(message) {
    const generation = ++state.loads;
    showLoad(true, message || 'Đang tải hàng đợi thẩm định…');
    const r = await call('GET', queueUrl());
    // A newer load (another filter) is on its way: this answer is out of date.
    if (generation !== state.loads) return;
    if (!r.ok) {
      showLoad(false, problemText(r.problem), r.problem);
      return;
    }

    // A decision saved while this answer was on its way is newer than what the answer says about that criterion.
    for (const [key, saved] of state.saved) {
      if (saved.generation < generation) continue;
      const index = r.data.items.findIndex(other => itemKey(other) === key);
      if (index >= 0) r.data.items[index] = saved.item;
    }

    state.queue = r.data;
    state.shown = PAGE_SIZE;
    loadState.hidden = true;
    renderQueue();
  }

  /** After a decision: new progress and counts, without touching the criteria on screen (and what is typed there). */
  async function refreshSummary() {
    const r = await call('GET', queueUrl());
    if (!r.ok) return;
    state.queue = Object.assign({}, r.data, { items: state.queue.items });
    const summary = document.getElementById('queue-summary');
    if (summary) summary.replaceWith(renderSummary(r.data));
  }

  function renderQueue() {
    const queue = state.queue;
    document.getElementById('agency-title').textContent = queue.agencyName ? ' · ' + queue.agencyName : (PAGE.isWorkingGroup ? ' · Tất cả cơ quan' : '');
    queueView.replaceChildren(renderSummary(queue), renderFilters(queue), penaltyCard(), renderItems(queue));
    queueView.hidden = false;
  }

  function renderSummary(queue) {
    const round = queue.openRound;
    const openText = round ? `Đang mở: thẩm định lần ${round}.` : 'Hiện không có vòng thẩm định nào đang mở.';
    const banner = h('section', { class: 'banner info', id: 'stage-banner' },
      h('div', null, 'Giai đoạn: ', h('b', { class: 'stage-name', text: queue.stageName }), ' · ', h('span', { id: 'open-round', text: openText })),
      h('dl', { class: 'deadlines' },
        h('dt', { text: 'Hạn thẩm định lần 1' }), h('dd', { id: 'round1-due', text: queue.round1DueText }),
        h('dt', { text: 'Hạn giải trình, bổ sung tài liệu' }), h('dd', { id: 'explanation-due', text: queue.explanationDueText }),
        h('dt', { text: 'Hạn thẩm định lần 2' }), h('dd', { id: 'round2-due', text: queue.round2DueText })));

    const p = queue.progress;
    const overall = h('p', { id: 'progress-summary' },
      `Tổng số tiêu chí: ${p.total} · Đã thẩm định lần 1: ${p.round1Decided}/${p.total} · Bị đề nghị: ${p.questioned}` +
      ` · Đã thẩm định lần 2: ${p.round2Decided}/${p.questioned} · Cần xem lại: ${p.needsReview}`);
    const unitRows = p.units.map(row => h('tr', { dataset: { unit: row.unitId } },
      h('td', null, h('a', { href: PAGE.assessmentPage + encodeURIComponent(row.unitId) + '/assessment', text: row.unitName })),
      h('td', { class: 'num', text: `${row.round1Decided}/${row.total}` }),
      h('td', { class: 'num', text: String(row.questioned) }),
      h('td', { class: 'num', text: `${row.round2Decided}/${row.questioned}` }),
      h('td', { class: 'num', text: String(row.needsReview) })));
    const unitTable = unitRows.length === 0
      ? h('p', { class: 'muted', text: 'Chưa có đơn vị nào trong hàng đợi.' })
      : h('table', { id: 'unit-progress' },
        h('thead', null, h('tr', null, h('th', { text: 'Cơ quan, đơn vị' }), h('th', { class: 'num', text: 'Lần 1' }), h('th', { class: 'num', text: 'Bị đề nghị' }),
          h('th', { class: 'num', text: 'Lần 2' }), h('th', { class: 'num', text: 'Cần xem lại' }))),
        h('tbody', null, unitRows));
    const appraiserRows = p.appraisers.map(row => h('tr', { dataset: { email: row.email } },
      h('td', null, row.name, h('br'), h('span', { class: 'muted', text: row.email })),
      h('td', { text: row.agencyId }),
      h('td', { class: 'num', text: String(row.criteriaDecided) })));
    const appraiserTable = appraiserRows.length === 0
      ? h('p', { class: 'muted', text: 'Chưa có ý kiến thẩm định nào.' })
      : h('table', { id: 'appraiser-progress' },
        h('thead', null, h('tr', null, h('th', { text: 'Người thẩm định' }), h('th', { text: 'Cơ quan' }), h('th', { class: 'num', text: 'Tiêu chí', title: 'Số tiêu chí đã có ý kiến (mỗi vòng tính một lần)' }))),
        h('tbody', null, appraiserRows));

    const parts = [banner, h('section', { class: 'card', id: 'progress' }, h('h2', { text: 'Tiến độ thẩm định' }), overall,
      h('div', { class: 'grid' }, h('div', null, h('h3', { text: 'Theo cơ quan, đơn vị' }), unitTable), h('div', null, h('h3', { text: 'Theo người thẩm định' }), appraiserTable)))];

    if (queue.waitingUnits.length > 0) {
      parts.push(h('section', { class: 'card', id: 'waiting' }, h('h2', { text: `Đơn vị chưa vào thẩm định (${queue.waitingUnits.length})` }),
        h('ul', { id: 'waiting-units' }, queue.waitingUnits.map(unit => h('li', { dataset: { unit: unit.unitId } }, h('b', { text: unit.unitName }), ': ', unit.reason)))));
    }

    if (PAGE.isWorkingGroup && queue.unassigned.length > 0) {
      parts.push(h('section', { class: 'card', id: 'unassigned-card' }, h('h2', { text: `Tiêu chí chưa có cơ quan thẩm định (${queue.unassigned.length})` }),
        h('p', { class: 'muted', text: 'Chỉ định cơ quan thay thế ở thẻ "Hội đồng thẩm định" để các tiêu chí này vào hàng đợi.' }),
        h('table', { id: 'unassigned' }, h('thead', null, h('tr', null, h('th', { text: 'Cơ quan, đơn vị' }), h('th', { text: 'Tiêu chí' }), h('th', { text: 'Vấn đề' }))),
          h('tbody', null, queue.unassigned.map(row => h('tr', { dataset: { unit: row.unitId, code: row.code } },
            h('td', { text: row.unitName }), h('td', { text: row.code }), h('td', { text: row.problem })))))));
    }

    return h('div', { id: 'queue-summary' }, parts);
  }

  function renderFilters(queue) {
    const controls = [];
    if (PAGE.isWorkingGroup) {
      const members = state.council ? state.council.members : [];
      const agency = h('select', { id: 'filter-agency', name: 'agency' },
        h('option', { value: '', text: 'Tất cả cơ quan' }),
        members.map(member => h('option', { value: member.agencyId, text: member.name })));
      agency.value = state.filters.agency;
      agency.addEventListener('change', () => { state.filters.agency = agency.value; rememberFilters(); loadQueue(); });
      controls.push(h('label', null, 'Cơ quan thẩm định', agency));
    }

    const unit = h('select', { id: 'filter-unit', name: 'unitId' },
      h('option', { value: '', text: 'Tất cả cơ quan, đơn vị' }),
      queue.units.map(choice => h('option', { value: choice.unitId, text: choice.unitName })));
    unit.value = state.filters.unitId;
    unit.addEventListener('change', () => { state.filters.unitId = unit.value; rememberFilters(); loadQueue(); });
    const status = h('select', { id: 'filter-status', name: 'status' }, STATUS_FILTERS.map(([value, text]) => h('option', { value, text })));
    status.value = state.filters.status;
    status.addEventListener('change', () => { state.filters.status = status.value; rememberFilters(); loadQueue(); });
    controls.push(h('label', null, 'Cơ quan, đơn vị được thẩm định', unit), h('label', null, 'Trạng thái', status));
    return h('section', { class: 'card', id: 'filters' }, h('form', { class: 'inline', onsubmit: e => e.preventDefault() }, controls),
      h('p', { class: 'muted', id: 'queue-count', text: `${queue.items.length} tiêu chí phù hợp bộ lọc.` }));
  }

  function renderItems(queue) {
    const list = h('div', { id: 'queue' });
    if (queue.items.length === 0) {
      list.append(h('p', { class: 'card muted', id: 'queue-empty', text: 'Không có tiêu chí nào phù hợp bộ lọc.' }));
      return list;
    }

    for (const item of queue.items.slice(0, state.shown)) list.append(renderItem(item));
    if (queue.items.length > state.shown) {
      const more = h('button', { type: 'button', id: 'show-more', text: `Xem thêm (còn ${queue.items.length - state.shown} tiêu chí)` });
      more.addEventListener('click', () => {
        const from = state.shown;
        state.shown += PAGE_SIZE;
        for (const item of queue.items.slice(from, state.shown)) more.before(renderItem(item));
        if (queue.items.length > state.shown) more.textContent = `Xem thêm (còn ${queue.items.length - state.shown} tiêu chí)`;
        else more.remove();
      });
      list.append(more);
    }

    return list;
  }

  function renderItem(item) {
    const appraisal = item.appraisal;
    const article = h('article', {
      class: 'queue-item status-' + appraisal.status + (appraisal.needsReview ? ' needs-review-item' : ''),
      id: 'item-' + item.unitId + '-' + item.code,
      dataset: { unit: item.unitId, code: item.code, status: appraisal.status },
    });
    const head = h('header', { class: 'item-head' },
      h('span', { class: 'unit-name', text: item.unitName }),
      h('span', { class: 'code', text: item.code }),
      h('span', { class: 'title', text: item.title }),
      h('span', { class: 'max', text: `tối đa ${num(item.maxScore)} điểm` }),
      h('span', { class: 'item-status', text: STATUS_NAMES[appraisal.status] || appraisal.status }),
      appraisal.needsReview ? h('span', { class: 'needs-review', title: NEEDS_REVIEW_NOTE, text: 'Cần xem lại' }) : null);

    const scores = h('p', { class: 'scores' },
      'Điểm tự chấm: ', h('b', { class: 'self-score', text: item.selfScore == null ? 'chưa nhập' : num(item.selfScore) }),
      ' · Điểm được tính: ', h('b', { class: 'counted-score', text: num(item.countedScore) }),
      appraisal.appraisedScore != null ? [' · Điểm thẩm định: ', h('b', { class: 'appraised-score', text: num(appraisal.appraisedScore) })] : null,
      item.allowedScores ? h('span', { class: 'muted', text: ` (các mức điểm: ${item.allowedScores.map(num).join('; ')})` }) : null);

    const self = h('div', { class: 'self' },
      scores,
      item.classified ? h('p', { class: 'classified', text: 'Đơn vị khai báo có tài liệu mật: giải trình trực tiếp với Hội đồng thẩm định.' }) : null,
      h('div', { class: 'explanation-label', text: 'Giải trình của đơn vị' }),
      h('div', { class: 'explanation-text' + (item.explanation ? '' : ' muted'), text: item.explanation || 'Đơn vị không giải trình.' }),
      item.zeroReasons.length > 0
        ? h('div', { class: 'zero' }, h('span', { text: 'Tính 0 điểm vì: ' }), h('ul', { class: 'zero-reasons' }, item.zeroReasons.map(reason => h('li', { text: reason }))))
        : null,
      renderEvidence(item.evidence));

    const decisions = h('div', { class: 'decisions' },
      appraisal.round1 ? renderDecision(appraisal.round1) : h('p', { class: 'muted no-decision', text: 'Chưa có ý kiến thẩm định lần 1.' }),
      appraisal.round2 ? renderDecision(appraisal.round2) : null);

    article.append(head, h('div', { class: 'item-body' }, self, h('div', { class: 'council' }, decisions, renderAction(item), renderHistoryToggle(item))));
    return article;
  }

  function renderEvidence(evidence) {
    if (evidence.length === 0) return h('p', { class: 'no-evidence muted', text: 'Không có tài liệu kiểm chứng.' });
    return h('ul', { class: 'evidence-list' }, evidence.map(file => {
      const signature = file.signature || { status: 'unsigned', statusName: 'Không có chữ ký số', signers: [] };
      return h('li', { class: 'evidence', dataset: { evidence: file.evidenceId } },
        h('a', { class: 'file', href: file.downloadUrl, target: '_blank', rel: 'noopener', text: file.fileName }),
        ' ',
        h('span', { class: 'signature-status sig-' + (SIGNATURE_CLASSES[signature.status] || 'warn'), dataset: { status: signature.status }, text: signature.statusName }),
        signature.signers.length > 0
          ? h('ul', { class: 'signers' }, signature.signers.map(signer => h('li', { class: 'signer' },
            h('span', { class: 'signer-subject', text: signer.subject }),
            signer.signedAt ? [' · ký lúc ', h('span', { class: 'signed-at', text: dateTime(signer.signedAt) })] : null,
            signer.problem ? h('span', { class: 'signer-problem', text: ' – ' + signer.problem }) : null)))
          : null,
        signature.note ? h('div', { class: 'signature-note', text: signature.note }) : null);
    }));
  }

  function renderDecision(decision) {
    return h('div', { class: 'decision round-' + decision.round + (decision.needsReview ? ' stale' : ''), dataset: { round: String(decision.round), decision: decision.decision } },
      h('div', { class: 'decision-head' },
        h('span', { class: 'decision-round', text: `Thẩm định lần ${decision.round}` }), ': ',
        h('span', { class: 'decision-name', text: decision.decisionName }), ' · ',
        h('span', null, 'Điểm: ', h('b', { class: 'decision-score', text: num(decision.score) }))),
      // An agreement without a note stores the decision's name as its reason: not worth saying twice.
      decision.reason && decision.reason !== decision.decisionName ? h('div', { class: 'reason-text', text: decision.reason }) : null,
      decision.explainedDirectly ? h('div', { class: 'muted', text: 'Đơn vị đã giải trình trực tiếp với Hội đồng.' }) : null,
      h('div', { class: 'decision-meta muted' },
        h('span', { class: 'decision-by', text: decision.by }), ' · ',
        h('span', { class: 'decision-agency', text: decision.agencyName }), ' · ',
        h('span', { class: 'decision-at', text: dateTime(decision.at) }),
        decision.revision > 1 ? ` · sửa lần ${decision.revision - 1}` : null),
      decision.needsReview ? h('div', { class: 'stale-note', text: NEEDS_REVIEW_NOTE }) : null);
  }

  /** The decision form of the open round, or why there is none. */
  function renderAction(item) {
    if (item.openRound == null) {
      return h('p', { class: 'refusal', text: item.refusal || 'Không có vòng thẩm định nào đang mở.' });
    }

    if (!PAGE.canDecide) {
      return h('p', { class: 'refusal muted', text: `Đang mở thẩm định lần ${item.openRound}. Chỉ thành viên Hội đồng thẩm định được giao tiêu chí ghi ý kiến; Tổ công tác theo dõi.` });
    }

    return renderForm(item);
  }

  function renderForm(item) {
    const round = item.openRound;
    const key = itemKey(item) + '|' + round;
    const existing = round === 1 ? item.appraisal.round1 : item.appraisal.round2;
    const draft = state.drafts.get(key);
    const initial = draft || (existing
      ? { decision: existing.decision, score: existing.decision === 'agree' ? '' : num(existing.score), reason: existing.decision === 'agree' && existing.reason === existing.decisionName ? '' : existing.reason, explainedDirectly: existing.explainedDirectly }
      : { decision: '', score: '', reason: '', explainedDirectly: false });
    const name = 'decision-' + (++state.formCount);
    const choices = DECISIONS.filter(([value]) => round === 1 || value !== 'requestEvidence');
    const radios = choices.map(([value, text]) => h('label', { class: 'check' },
      h('input', { type: 'radio', name, value, checked: initial.decision === value }), text));
    const score = h('input', { type: 'text', class: 'decision-score', name: 'score', inputmode: 'decimal', autocomplete: 'off', value: initial.score || '' });
    const scoreLabel = h('span', { class: 'score-label' });
    const scoreHint = h('span', { class: 'score-hint muted' });
    const reason = h('textarea', { class: 'decision-reason', name: 'reason', rows: '3', maxlength: '4000' });
    reason.value = initial.reason || '';
    const reasonLabel = h('span', { class: 'reason-label' });
    const explained = item.classified ? h('input', { type: 'checkbox', class: 'decision-explained', name: 'explainedDirectly', checked: !!initial.explainedDirectly }) : null;
    const save = h('button', { type: 'submit', class: 'decision-save', text: existing ? `Cập nhật ý kiến lần ${round}` : `Lưu ý kiến thẩm định lần ${round}` });
    const message = h('div', { class: 'form-message', role: 'status' });
    const fieldError = field => h('div', { class: 'field-error', dataset: { field } });

    const form = h('form', { class: 'decision-form', novalidate: true, dataset: { round: String(round) } },
      h('h4', { text: existing ? `Ý kiến thẩm định lần ${round} (đã ghi – có thể sửa đến hết hạn)` : `Ý kiến thẩm định lần ${round}` }),
      h('fieldset', { class: 'decision-choice' }, h('legend', { text: 'Quyết định' }), radios),
      fieldError('decision'),
      h('label', null, scoreLabel, score, scoreHint),
      fieldError('score'),
      h('label', null, reasonLabel, reason),
      fieldError('reason'),
      explained ? h('label', { class: 'check' }, explained, 'Đơn vị đã giải trình trực tiếp với Hội đồng thẩm định (tài liệu mật)') : null,
      explained ? fieldError('explainedDirectly') : null,
      h('div', { class: 'form-actions' }, save, message));

    const chosen = () => (form.querySelector(`input[name="${name}"]:checked`) || {}).value || '';
    function remember() {
      state.drafts.set(key, { decision: chosen(), score: score.disabled ? (score.dataset.typed || '') : score.value, reason: reason.value, explainedDirectly: explained ? explained.checked : false });
    }

    // Agreeing takes the score that counts; what was typed for another choice comes back when it is chosen again.
    function arrange() {
      const decision = chosen();
      if (decision === 'agree') {
        if (!score.disabled) score.dataset.typed = score.value;
        score.value = num(item.countedScore);
        score.disabled = true;
        scoreLabel.textContent = 'Điểm thẩm định';
        scoreHint.textContent = 'Đồng ý: điểm thẩm định bằng điểm được tính của đơn vị.';
      } else {
        if (score.disabled) score.value = score.dataset.typed || '';
        score.disabled = false;
        scoreLabel.textContent = decision === 'requestEvidence' ? 'Điểm thẩm định tạm thời' : 'Điểm thẩm định';
        scoreHint.textContent = `Thấp hơn điểm tự chấm (${item.selfScore == null ? 0 : num(item.selfScore)}) hoặc 0; viết số thập phân bằng dấu phẩy, ví dụ 1,5.`;
      }

      reasonLabel.textContent = REASON_LABELS[decision] || 'Lý do';
    }

    // Errors stay until the next save: clearing them on blur would move the save button under the pointer.
    form.addEventListener('change', () => { arrange(); remember(); });
    form.addEventListener('input', remember);
    form.addEventListener('submit', e => { e.preventDefault(); submit(item, form, { key, existing, chosen, score, reason, explained, save, message }); });
    arrange();
    return form;
  }

  function clearErrors(form, message) {
    for (const box of form.querySelectorAll('.field-error')) box.textContent = '';
    for (const input of form.querySelectorAll('.invalid')) input.classList.remove('invalid');
    if (message.classList.contains('error')) { message.textContent = ''; message.className = 'form-message'; }
  }

  function fieldErrorBox(form, field) {
    return form.querySelector(`.field-error[data-field="${field}"]`);
  }

  function showFieldErrors(form, errors, message) {
    const general = [];
    for (const [field, messages] of Object.entries(errors || {})) {
      const box = fieldErrorBox(form, field);
      if (box) {
        box.textContent = messages.join(' ');
        const input = field === 'score' ? form.querySelector('.decision-score') : field === 'reason' ? form.querySelector('.decision-reason') : null;
        if (input) input.classList.add('invalid');
      } else {
        general.push(...messages);
      }
    }

    message.className = 'form-message error';
    message.textContent = 'Chưa lưu – cần sửa các lỗi được nêu.' + (general.length > 0 ? ' ' + general.join(' ') : '');
  }

  async function submit(item, form, parts) {
    const { key, existing, chosen, score, reason, explained, save, message } = parts;
    clearErrors(form, message);
    const decision = chosen();
    if (!decision) {
      showFieldErrors(form, { decision: ['Cần chọn quyết định: đồng ý, không đồng ý hoặc đề nghị bổ sung tài liệu.'] }, message);
      return;
    }

    const body = { decision, reason: reason.value.trim() === '' ? null : reason.value };
    if (decision !== 'agree') {
      const parsed = Kit.parseScore(score.value, 'Điểm thẩm định');
      if (parsed.error) {
        showFieldErrors(form, { score: [parsed.error] }, message);
        return;
      }

      body.score = parsed.value;
    }

    if (explained) body.explainedDirectly = explained.checked;
    const headers = existing && existing.eTag ? { 'If-Match': existing.eTag } : undefined;
    save.disabled = true;
    message.className = 'form-message';
    message.textContent = 'Đang lưu…';
    const r = await call('PUT', decisionUrl(item.unitId, form.dataset.round, item.code), body, headers);
    save.disabled = false;
    if (r.ok) {
      state.drafts.delete(key);
      state.saved.set(itemKey(r.data), { item: r.data, generation: state.loads });
      const index = state.queue.items.findIndex(other => itemKey(other) === itemKey(item));
      if (index >= 0) state.queue.items[index] = r.data;
      const fresh = renderItem(r.data);
      // The list may have been redrawn while saving (a filter changed): update the criterion where it is now.
      const shown = [...queueView.querySelectorAll('article.queue-item')].find(article => article.dataset.unit === item.unitId && article.dataset.code === item.code);
      if (shown) shown.replaceWith(fresh);
      const done = fresh.querySelector('.form-message') || fresh.querySelector('.refusal');
      if (done) {
        done.className = done.classList.contains('refusal') ? 'refusal saved' : 'form-message ok';
        if (!done.classList.contains('refusal')) done.textContent = `Đã lưu lúc ${timeNow()}.`;
      }

      refreshSummary();
      return;
    }

    if (r.status === 422 || r.status === 400) {
      showFieldErrors(form, r.problem.errors, message);
      return;
    }

    message.className = 'form-message error';
    message.textContent = 'Chưa lưu: ' + problemText(r.problem);
    if (r.status === 401) message.append(' ', h('a', { href: PAGE.login, text: 'Đăng nhập lại' }));
  }

  /** The criterion's full history on this page: the council's decisions and the unit's changes. */
  function renderHistoryToggle(item) {
    const box = h('div', { class: 'history', hidden: true });
    const button = h('button', { type: 'button', class: 'history-toggle secondary', text: 'Lịch sử' });
    button.addEventListener('click', async () => {
      if (!box.hidden) { box.hidden = true; return; }
      box.hidden = false;
      box.replaceChildren(h('p', { class: 'muted', text: 'Đang tải lịch sử…' }));
      const r = await call('GET', PAGE.unitsApi + encodeURIComponent(item.unitId) + '/assessment/criteria/' + encodeURIComponent(item.code) + '/history');
      if (!r.ok) { box.replaceChildren(h('p', { class: 'message error', text: problemText(r.problem) })); return; }
      const decisions = r.data.decisions || [];
      box.replaceChildren(
        h('h4', { text: 'Ý kiến thẩm định' }),
        decisions.length === 0 ? h('p', { class: 'muted', text: 'Chưa có ý kiến nào.' }) : h('table', { class: 'decision-history' },
          h('thead', null, h('tr', null, ['Thời gian', 'Vòng', 'Quyết định', 'Điểm', 'Lý do', 'Người ghi', 'Cơ quan'].map(text => h('th', { text })))),
          h('tbody', null, decisions.map(d => h('tr', null, h('td', { text: dateTime(d.at) }), h('td', { text: `Lần ${d.round}` }), h('td', { text: d.decisionName }),
            h('td', { class: 'num', text: num(d.score) }), h('td', { text: d.reason }), h('td', { text: d.by }), h('td', { text: d.agencyName }))))),
        h('h4', { text: 'Thay đổi của đơn vị' }),
        h('table', { class: 'change-history' },
          h('thead', null, h('tr', null, ['Thời gian', 'Người thay đổi', 'Nội dung', 'Điểm', 'Tệp'].map(text => h('th', { text })))),
          h('tbody', null, r.data.entries.map(entry => h('tr', null, h('td', { text: dateTime(entry.at) }), h('td', { text: entry.by }), h('td', { text: entry.change }),
            h('td', { class: 'num', text: entry.oldScore === entry.newScore ? num(entry.newScore) : `${num(entry.oldScore) || '–'} → ${num(entry.newScore) || '–'}` }),
            h('td', { text: entry.fileName || '' }))))));
    });
    return h('div', { class: 'history-area' }, button, box);
  }

  // ---------- the deductions of section VII for the chosen unit (Art. 3.3, R-6.1) ----------

  const PENALTY_SOURCES = [
    ['inspection', 'Kết quả thanh tra, kiểm tra, giám sát'],
    ['media', 'Phản ánh trên phương tiện thông tin đã được xác thực'],
    ['other', 'Kênh thông tin khác đã xác thực'],
  ];
  const PENALTY_FIELDS = ['points', 'source', 'reason', 'evidence'];
  const PENALTY_TITLE = 'Điểm trừ (mục VII)';
  const penaltiesUrl = unitId => PAGE.unitsApi + encodeURIComponent(unitId) + '/penalties';
  const penaltyKey = (unitId, code) => unitId + '|' + code;
  const sourceName = source => (PENALTY_SOURCES.find(([value]) => value === source) || [null, ''])[1];

  /** Who may record an item: the agency it is assigned to, or the working group. The API decides; the page follows it. */
  const mayRecord = item => PAGE.isWorkingGroup || (!!PAGE.agency && item.agencyId === PAGE.agency);

  /** The card of the unit chosen in the filter: the same element while the unit stays chosen, so typed values survive other filters. */
  function penaltyCard() {
    const current = state.penalties;
    const unitId = state.filters.unitId;
    if (!unitId) {
      Object.assign(current, { unitId: null, card: null, data: null });
      return null;
    }

    if (current.unitId === unitId && current.card) return current.card;
    const card = h('section', { class: 'card', id: 'penalties', dataset: { unit: unitId } },
      h('h2', { text: PENALTY_TITLE }), h('p', { class: 'muted', text: 'Đang tải điểm trừ…' }));
    Object.assign(current, { unitId, card, data: null });
    loadPenalties(unitId);
    return card;
  }

  async function loadPenalties(unitId) {
    const token = ++state.penalties.token;
    const r = await call('GET', penaltiesUrl(unitId));
    if (token !== state.penalties.token || state.penalties.unitId !== unitId) return;
    if (!r.ok) {
      const message = h('p', { class: 'message error', text: problemText(r.problem) });
      if (r.status === 401) message.append(' ', h('a', { href: PAGE.login, text: 'Đăng nhập lại' }));
      state.penalties.card.replaceChildren(h('h2', { text: PENALTY_TITLE }), message);
      return;
    }

    state.penalties.data = r.data;
    renderPenalties();
  }

  /** Fills the card from the last answer; <savedCode> names the item just saved, to say so next to it. */
  function renderPenalties(savedCode) {
    const data = state.penalties.data;
    const items = data.items || [];
    const recordable = data.editable && items.some(mayRecord);
    const note = !data.editable
      ? h('p', { class: 'refusal penalty-lock', text: data.lockReason || 'Không thể ghi điểm trừ lúc này.' })
      : h('p', { class: 'muted penalty-note', text: recordable
        ? 'Cơ quan được giao từng nội dung (hoặc Tổ công tác) ghi điểm trừ với nguồn thông tin, lý do và căn cứ; không vượt quá điểm trừ tối đa của nội dung. Ghi 0 để bỏ điểm trừ đã ghi.'
        : 'Các nội dung điểm trừ của đơn vị này do cơ quan khác ghi; trang chỉ hiển thị kết quả.' });
    const total = h('p', { class: 'penalty-total' }, `Tổng điểm trừ của ${data.unitName}: `,
      h('b', { id: 'penalties-total', text: num(data.total) }), ' điểm');
    const list = h('div', { class: 'penalty-items' }, items.map(item => renderPenaltyItem(data, item, item.code === savedCode)));
    state.penalties.card.replaceChildren(h('h2', { text: PENALTY_TITLE }), note, total, list, renderPenaltyHistory(data.history || []));
  }

  function renderPenaltyItem(data, item, saved) {
    const points = Number(item.points || 0);
    const row = h('article', { class: 'penalty-item' + (points > 0 ? ' deducted' : ''), dataset: { penalty: item.code } },
      h('header', { class: 'item-head' },
        h('span', { class: 'code', text: item.code }),
        h('span', { class: 'title', text: item.title }),
        h('span', { class: 'max', text: `trừ tối đa ${num(item.maxScore)} điểm` })),
      h('p', { class: 'penalty-agency muted' }, 'Cơ quan ghi: ',
        h('span', { class: 'penalty-agency-name', text: item.agencyName || item.agencyId || 'Chưa có cơ quan được giao (Tổ công tác ghi)' })),
      renderPenaltyCurrent(item));
    if (data.editable && mayRecord(item)) {
      const form = renderPenaltyForm(data.unitId, item);
      row.append(form);
      if (saved) {
        const message = form.querySelector('.form-message');
        message.className = 'form-message ok';
        message.textContent = `Đã lưu lúc ${timeNow()}.`;
      }
    }

    return row;
  }

  function renderPenaltyCurrent(item) {
    const points = Number(item.points || 0);
    const meta = item.by ? h('div', { class: 'penalty-meta muted' }, h('span', { class: 'penalty-by', text: item.by }), ' · ', h('span', { class: 'penalty-at', text: dateTime(item.at) })) : null;
    if (points > 0) {
      return h('div', { class: 'penalty-current' },
        h('div', null, 'Đang trừ: ', h('b', { class: 'penalty-current-points', text: '−' + num(points) }), ' điểm'),
        h('div', { class: 'penalty-current-source' }, h('span', { class: 'muted', text: 'Nguồn: ' }), item.sourceName || sourceName(item.source)),
        h('div', { class: 'penalty-current-reason' }, h('span', { class: 'muted', text: 'Lý do: ' }), item.reason || ''),
        h('div', { class: 'penalty-current-evidence' }, h('span', { class: 'muted', text: 'Căn cứ: ' }), item.evidence || ''),
        meta);
    }

    if (item.revision > 0) {
      return h('div', { class: 'penalty-current withdrawn' },
        h('div', null, 'Không trừ điểm (đã bỏ điểm trừ ghi trước đó).'),
        item.reason ? h('div', { class: 'penalty-current-reason' }, h('span', { class: 'muted', text: 'Lý do: ' }), item.reason) : null,
        meta);
    }

    return h('div', { class: 'penalty-current none muted' }, 'Chưa có điểm trừ.');
  }

  function renderPenaltyForm(unitId, item) {
    const key = penaltyKey(unitId, item.code);
    const recorded = item.revision > 0;
    const initial = state.penaltyDrafts.get(key) || {
      points: recorded ? num(Number(item.points || 0)) : '',
      source: item.source || '',
      reason: item.reason || '',
      evidence: item.evidence || '',
    };
    const id = 'penalty-' + (++state.formCount);
    const points = h('input', { type: 'text', class: 'penalty-points', id: id + '-points', name: 'points', inputmode: 'decimal', autocomplete: 'off', value: initial.points });
    const source = h('select', { class: 'penalty-source', id: id + '-source', name: 'source' },
      h('option', { value: '', text: '— Chọn nguồn thông tin —' }),
      PENALTY_SOURCES.map(([value, text]) => h('option', { value, text })));
    source.value = initial.source;
    const reason = h('textarea', { class: 'penalty-reason', id: id + '-reason', name: 'reason', rows: '2', maxlength: '4000' });
    reason.value = initial.reason;
    const evidence = h('input', { type: 'text', class: 'penalty-evidence', id: id + '-evidence', name: 'evidence', maxlength: '4000', autocomplete: 'off',
      placeholder: 'Ví dụ: Kết luận thanh tra số 12/KL-TTr ngày …', value: initial.evidence });
    const save = h('button', { type: 'submit', class: 'penalty-save', text: recorded ? `Cập nhật điểm trừ ${item.code}` : `Lưu điểm trừ ${item.code}` });
    const message = h('div', { class: 'form-message', role: 'status' });
    const fieldError = field => h('div', { class: 'field-error', dataset: { field } });
    const form = h('form', { class: 'penalty-form', novalidate: true, dataset: { code: item.code } },
      h('div', { class: 'penalty-grid' },
        h('div', null,
          h('label', { for: id + '-points' }, h('span', { text: `Số điểm trừ (0 đến ${num(item.maxScore)}; 0 để bỏ điểm trừ)` }), points),
          fieldError('points'),
          h('label', { for: id + '-source' }, h('span', { text: 'Nguồn thông tin' }), source),
          fieldError('source')),
        h('div', null,
          h('label', { for: id + '-reason' }, h('span', { text: 'Lý do trừ điểm' }), reason),
          fieldError('reason'),
          h('label', { for: id + '-evidence' }, h('span', { text: 'Căn cứ (số, ký hiệu kết luận thanh tra, văn bản xác thực…)' }), evidence),
          fieldError('evidence'))),
      h('div', { class: 'form-actions' }, save, message));

    const remember = () => state.penaltyDrafts.set(key, { points: points.value, source: source.value, reason: reason.value, evidence: evidence.value });
    form.addEventListener('input', remember);
    form.addEventListener('change', remember);
    form.addEventListener('submit', e => { e.preventDefault(); savePenalty(unitId, item, form, { key, points, source, reason, evidence, save, message }); });
    return form;
  }

  function showPenaltyErrors(form, errors, message) {
    const general = [];
    for (const [field, messages] of Object.entries(errors)) {
      const box = PENALTY_FIELDS.includes(field) ? form.querySelector(`.field-error[data-field="${field}"]`) : null;
      if (!box) { general.push(...messages); continue; }
      box.textContent = messages.join(' ');
      const input = form.querySelector('.penalty-' + field);
      if (input) input.classList.add('invalid');
    }

    message.className = 'form-message error';
    message.textContent = 'Chưa lưu – cần sửa các lỗi được nêu.' + (general.length > 0 ? ' ' + general.join(' ') : '');
  }

  /** PUT with this item alone; the answer is the whole section again. */
  async function savePenalty(unitId, item, form, parts) {
    const { key, points, source, reason, evidence, save, message } = parts;
    clearErrors(form, message);
    const parsed = Kit.parseScore(points.value, 'Số điểm trừ');
    if (parsed.error || parsed.value === null) {
      showPenaltyErrors(form, { points: [parsed.error || 'Cần nhập số điểm trừ (0 để bỏ điểm trừ đã ghi).'] }, message);
      return;
    }

    const text = value => (value.trim() === '' ? null : value);
    const body = { criteria: { [item.code]: { points: parsed.value, reason: text(reason.value), source: source.value || null, evidence: text(evidence.value) } } };
    save.disabled = true;
    message.className = 'form-message';
    message.textContent = 'Đang lưu…';
    const r = await call('PUT', penaltiesUrl(unitId), body);
    save.disabled = false;
    if (state.penalties.unitId !== unitId) return;
    if (r.ok) {
      state.penaltyDrafts.delete(key);
      state.penalties.token++;
      state.penalties.data = r.data;
      renderPenalties(item.code);
      return;
    }

    if ((r.status === 422 || r.status === 400) && r.problem.errors) {
      const prefix = `criteria.${item.code}.`;
      const errors = {};
      for (const [field, messages] of Object.entries(r.problem.errors)) {
        const name = field.startsWith(prefix) && PENALTY_FIELDS.includes(field.slice(prefix.length)) ? field.slice(prefix.length) : '';
        (errors[name] = errors[name] || []).push(...messages);
      }

      showPenaltyErrors(form, errors, message);
      return;
    }

    message.className = 'form-message error';
    message.textContent = 'Chưa lưu: ' + problemText(r.problem);
    if (r.status === 401) message.append(' ', h('a', { href: PAGE.login, text: 'Đăng nhập lại' }));
  }

  /** Every change ever recorded on the unit's section VII, oldest first. */
  function renderPenaltyHistory(history) {
    const changes = history.slice().sort((a, b) => new Date(a.at || 0) - new Date(b.at || 0));
    return h('div', { class: 'penalty-history' },
      h('h3', { text: 'Lịch sử ghi điểm trừ' }),
      changes.length === 0 ? h('p', { class: 'muted', text: 'Chưa có thay đổi nào.' }) : h('table', null,
        h('thead', null, h('tr', null, ['Thời gian', 'Nội dung', 'Điểm trừ', 'Nguồn', 'Lý do', 'Căn cứ', 'Người ghi', 'Cơ quan'].map(text => h('th', { text })))),
        h('tbody', null, changes.map(change => h('tr', { dataset: { code: change.code } },
          h('td', { class: 'penalty-at', text: dateTime(change.at) }),
          h('td', { text: change.code }),
          h('td', { class: 'num penalty-points-cell', text: num(Number(change.points || 0)) }),
          h('td', { text: change.sourceName || sourceName(change.source) }),
          h('td', { class: 'penalty-reason-cell', text: change.reason || '' }),
          h('td', { text: change.evidence || '' }),
          h('td', { class: 'penalty-by', text: change.by || '' }),
          h('td', { class: 'penalty-agency-cell', text: change.agencyName || (change.agencyId ? change.agencyId : 'Tổ công tác') }))))));
  }

  // ---------- the council (working group) ----------

  async function loadCouncil() {
    const r = await call('GET', PAGE.councilApi);
    if (!r.ok) {
      councilView.replaceChildren(h('p', { class: 'message error', text: problemText(r.problem) }));
      return false;
    }

    state.council = r.data;
    state.councilETag = r.etag;
    return true;
  }

  function renderCouncil(message) {
    const council = state.council;
    const members = h('table', { id: 'council-members' },
      h('thead', null, h('tr', null, h('th', { text: 'Mã' }), h('th', { text: 'Cơ quan thành viên' }), h('th', { text: 'Người thẩm định' }), h('th', { class: 'num', text: 'Số tiêu chí được giao' }))),
      h('tbody', null, council.members.map(member => h('tr', { dataset: { agency: member.agencyId } },
        h('td', { text: member.agencyId }),
        h('td', null, h('a', { href: location.pathname + '?agency=' + encodeURIComponent(member.agencyId), class: 'agency-queue-link', text: member.name })),
        h('td', null, member.appraisers.length === 0 ? h('span', { class: 'muted', text: 'Chưa có' }) : h('ul', { class: 'appraisers' }, member.appraisers.map(person => h('li', null, person.name, ' ', h('span', { class: 'muted', text: person.email }))))),
        h('td', { class: 'num', text: String(member.criteriaCount) })))));

    const conflictRows = council.conflicts.map(conflict => {
      const select = h('select', { class: 'substitute', dataset: { unit: conflict.unitId } },
        h('option', { value: '', text: '— Chưa chỉ định —' }),
        council.members.filter(member => member.agencyId !== conflict.agencyId).map(member => h('option', { value: member.agencyId, text: member.name })));
      select.value = conflict.substituteAgencyId || '';
      return h('tr', { dataset: { unit: conflict.unitId } },
        h('td', { text: conflict.unitName }), h('td', { text: conflict.agencyId }), h('td', { class: 'num', text: String(conflict.criteriaAffected) }), h('td', null, select));
    });
    const conflicts = conflictRows.length === 0
      ? h('p', { class: 'muted', text: 'Không có cơ quan thành viên nào đồng thời là đơn vị được đánh giá.' })
      : h('table', { id: 'council-conflicts' },
        h('thead', null, h('tr', null, h('th', { text: 'Đơn vị được đánh giá' }), h('th', { text: 'Cơ quan trùng' }), h('th', { class: 'num', text: 'Số tiêu chí bị ảnh hưởng' }), h('th', { text: 'Cơ quan thẩm định thay' }))),
        h('tbody', null, conflictRows));

    const changed = council.indexSets.flatMap(set => set.criteria.filter(row => row.changed).map(row => ({ set: set.indexSet, row })));
    const assignments = h('div', { id: 'council-assignments' },
      h('p', { class: 'muted', text: 'Phân công theo bộ chỉ số: ' + council.indexSets.map(set => `Chỉ số ${set.indexSet}: ${set.criteria.filter(row => row.isLeaf).length} tiêu chí`).join(' · ') + '.' }),
      changed.length === 0 ? h('p', { class: 'muted', text: 'Chưa có thay đổi so với phân công trong bộ chỉ số.' })
        : h('ul', null, changed.map(({ set, row }) => h('li', { text: `Chỉ số ${set} · ${row.code}: ${row.fileAgency || '–'} → ${row.agency}` }))));

    const status = h('div', { class: 'message', id: 'council-message', role: 'status' });
    const save = h('button', { type: 'button', id: 'council-save', text: 'Lưu thành phần Hội đồng' });
    save.addEventListener('click', () => saveCouncil(save, status));
    const release = council.finalReleasedAt
      ? h('p', { id: 'release-state', text: `Kết quả thẩm định đã công bố cho các đơn vị lúc ${council.finalReleasedAt}.` })
      : h('p', null, h('button', { type: 'button', id: 'release', class: 'danger', text: 'Công bố kết quả thẩm định cho các đơn vị', onclick: e => releaseFinal(e.target) }),
        h('span', { class: 'muted', text: ' Sau hạn thẩm định lần 2.' }));
    councilView.replaceChildren(
      h('section', { class: 'card' }, h('h2', { text: 'Cơ quan thành viên và người thẩm định' }), members),
      h('section', { class: 'card' }, h('h2', { text: 'Xung đột lợi ích' }),
        h('p', { class: 'muted', text: 'Cơ quan thành viên không thẩm định chính đơn vị mình; chọn cơ quan thẩm định thay. Khi chưa chỉ định, các tiêu chí đó chưa có cơ quan thẩm định.' }),
        conflicts),
      h('section', { class: 'card' }, h('h2', { text: 'Phân công tiêu chí' }), assignments),
      h('section', { class: 'card' }, save, status, h('div', { class: 'message', id: 'release-message' }), release));
    if (message) { status.className = 'message ok'; status.textContent = message; }
  }

  /** PUT council takes members, assignment changes and substitutes: rebuilt from what GET gave, with the new substitutes. */
  async function saveCouncil(button, status) {
    const council = state.council;
    const assignments = {};
    for (const set of council.indexSets) {
      for (const row of set.criteria.filter(criterion => criterion.changed && criterion.agency)) {
        (assignments[set.indexSet] = assignments[set.indexSet] || {})[row.code] = row.agency;
      }
    }

    const substitutes = {};
    for (const select of councilView.querySelectorAll('select.substitute')) {
      if (select.value) substitutes[select.dataset.unit] = select.value;
    }

    const body = { members: council.members.map(member => ({ agencyId: member.agencyId, name: member.name })), assignments, substitutes };
    button.disabled = true;
    const r = await call('PUT', PAGE.councilApi, body, state.councilETag ? { 'If-Match': state.councilETag } : undefined);
    button.disabled = false;
    if (r.ok) {
      state.council = r.data;
      state.councilETag = r.etag;
      renderCouncil(`Đã lưu thành phần Hội đồng lúc ${timeNow()}.`);
      return;
    }

    status.className = 'message error';
    status.textContent = 'Chưa lưu: ' + problemText(r.problem);
    if (r.problem.errors) {
      status.append(h('ul', null, Object.entries(r.problem.errors).flatMap(([field, messages]) => messages.map(text => h('li', { dataset: { field }, text })))));
    }
  }

  async function releaseFinal(button) {
    if (!confirm('Công bố kết quả thẩm định cuối cùng cho các cơ quan, đơn vị?')) return;
    const box = document.getElementById('release-message');
    button.disabled = true;
    const r = await call('POST', PAGE.queueApi.replace(/queue$/, 'release'));
    button.disabled = false;
    if (!r.ok) { box.className = 'message error'; box.textContent = problemText(r.problem); return; }
    await loadCouncil();
    renderCouncil();
    const after = document.getElementById('release-message');
    after.className = 'message ok';
    after.textContent = 'Đã công bố kết quả thẩm định.';
  }

  // ---------- start ----------

  function showTab(name) {
    const queueTab = document.getElementById('tab-queue');
    const councilTab = document.getElementById('tab-council');
    queueTab.classList.toggle('active', name === 'queue');
    councilTab.classList.toggle('active', name === 'council');
    queueTab.setAttribute('aria-selected', String(name === 'queue'));
    councilTab.setAttribute('aria-selected', String(name === 'council'));
    queueView.hidden = name !== 'queue' || !state.queue;
    councilView.hidden = name !== 'council';
    if (name === 'council') {
      if (state.council) renderCouncil();
      else loadCouncil().then(ok => { if (ok) renderCouncil(); });
    }
  }

  async function start() {
    if (PAGE.isWorkingGroup) {
      document.getElementById('tab-queue').addEventListener('click', () => showTab('queue'));
      document.getElementById('tab-council').addEventListener('click', () => showTab('council'));
      // The agency filter lists the council's members.
      await loadCouncil();
    }

    await loadQueue();
  }

  start();
})();
