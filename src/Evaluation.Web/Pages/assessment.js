// Tự đánh giá: the unit's self-assessment form (R-2.1–, journeys 2, 3 and 5).
// Plain JavaScript, no framework and no external URL. The server page sets PAGE = { year, unitId, api, evidenceApi,
// login }; everything else comes from the public API. Each criterion saves on its own (debounced while
// typing, at once on blur); typed text is never thrown away: it stays in the field and in localStorage until saved.
// After round 1 the form also shows the council's decisions the viewer may see; in the explanation window the unit
// head explains the questioned criteria and adds evidence through the same save and upload code.
(() => {
  'use strict';
  const SAVE_DELAY_MS = 800;
  const DRAFT_PREFIX = 'evaluation:assessment:' + PAGE.year + ':' + PAGE.unitId + ':';
  const REFRESH_AFTER_MS = 60 * 1000;
  const REASON_SCORE = 'Chưa nhập điểm tự chấm';
  const REASON_SCORE_INVALID = 'Điểm tự chấm không hợp lệ';
  const REASON_EXPLANATION = 'Chưa có giải trình';
  const REASON_EVIDENCE = 'Chưa có tài liệu kiểm chứng';
  const SIGNATURE_NAMES = {
    valid: 'Hợp lệ',
    invalid: 'Không hợp lệ (đã bị sửa đổi)',
    untrusted: 'Không được tin cậy',
    unsigned: 'Không có chữ ký số',
  };
  const HISTORY_CHANGES = { saved: 'Lưu điểm, giải trình', evidenceAdded: 'Thêm tệp kiểm chứng', evidenceRemoved: 'Gỡ tệp kiểm chứng' };
  const DECISION_ROUNDS = { 1: 'Thẩm định lần 1', 2: 'Thẩm định lần 2' };
  // Stages in which the council's result is still being worked out (its totals are provisional).
  const OPEN_STAGES = ['setup', 'selfAssessment', 'appraisalRound1', 'explanation', 'appraisalRound2'];
  const EXPLAIN_NOTE = 'Trong thời gian giải trình, thủ trưởng cơ quan, đơn vị (hoặc người được giao quyền thủ trưởng) giải trình và bổ sung tài liệu kiểm chứng cho các tiêu chí bị Hội đồng thẩm định đề nghị.';
  const SECTION_NOTES = {
    survey: 'Nội dung này được chấm theo kết quả điều tra, khảo sát; đơn vị không tự chấm.',
    leaders: 'Nội dung này do Chủ tịch, các Phó Chủ tịch UBND tỉnh chấm; đơn vị không tự chấm.',
    penalty: 'Điểm trừ do Hội đồng thẩm định và Tổ công tác xác định; đơn vị không tự chấm.',
  };

  const root = document.getElementById('assessment');
  const loadState = document.getElementById('load-state');

  // Everything the page knows. leaves: code → leaf (see buildLeaf).
  const state = {
    form: null,
    leaves: new Map(),
    indexRows: new Map(),
    sections: [],
    readOnly: true,
    refusal: null,
    uploads: 0,
    loadedAt: 0,
    unloading: false,
    anyEditable: false,
    onlyQuestioned: null,
  };

  // ---------- small helpers ----------

  const { h, num, provinceParts, dateTime, problemText } = Kit;
  const byId = id => document.getElementById(id);

  /** Thousandths, so sums of scores like 0,25 + 0,5 stay exact. */
  const milli = value => Math.round((value || 0) * 1000);

  function savedAtText(value) {
    const p = provinceParts(value);
    const today = provinceParts(new Date());
    if (!p) return 'Đã lưu';
    return p.d === today.d && p.m === today.m && p.y === today.y ? `Đã lưu lúc ${p.hh}:${p.mm}` : `Đã lưu lúc ${p.hh}:${p.mm} ngày ${p.d}/${p.m}/${p.y}`;
  }

  function fileSize(bytes) {
    if (bytes >= 1024 * 1024) return num(Math.round(bytes / 1024 / 1024 * 10) / 10) + ' MB';
    return num(Math.max(1, Math.round(bytes / 1024))) + ' KB';
  }

  /** The API, with keepalive while the page unloads so the last save still arrives. */
  const call = (method, url, body, headers) => Kit.call(method, url, body, headers, state.unloading);

  const criterionUrl = code => PAGE.api + '/criteria/' + encodeURIComponent(code);

  // ---------- loading ----------

  async function load() {
    const r = await call('GET', PAGE.api);
    if (!r.ok) {
      loadState.className = 'message error';
      loadState.textContent = problemText(r.problem);
      if (r.status === 401) loadState.append(' ', h('a', { href: PAGE.login, text: 'Đăng nhập lại' }));
      return;
    }
    loadState.hidden = true;
    loadState.className = 'message';
    build(r.data);
    applyForm(r.data);
    offerDrafts();
  }

  /** A later read of the whole form (after coming back to the tab, or after a refusal): updates without rebuilding. */
  async function refresh() {
    const r = await call('GET', PAGE.api);
    if (r.ok) applyForm(r.data);
    return r;
  }

  // ---------- building the page once ----------

  function build(form) {
    state.form = form;
    root.hidden = false;
    root.replaceChildren(
      h('div', { id: 'lock-reason', class: 'banner lock', role: 'alert', hidden: true }),
      h('div', { id: 'view-only', class: 'banner info', hidden: true }),
      h('div', { id: 'session', class: 'banner error', role: 'alert', hidden: true }),
      h('div', { id: 'restore-panel', class: 'banner info', hidden: true }),
      h('div', { id: 'appraisal-banner', class: 'banner appraisal', role: 'status', hidden: true }),
      buildSummary(form),
      ...form.sections.map(buildSection),
      buildStickyBar());
  }

  function buildSummary(form) {
    const rows = form.sections.map(section => h('tr', { dataset: { section: section.code } },
      h('th', { text: section.code }),
      h('td', { class: 'title', text: section.title }),
      h('td', { class: 'num', text: section.maxScore === null || section.maxScore === undefined ? '' : num(section.maxScore) }),
      h('td', { class: 'num', id: `section-${section.code}-self`, text: section.selfAssessed ? '0' : '—' }),
      h('td', { class: 'num', id: `section-${section.code}-counted`, text: section.selfAssessed ? '0' : '—' }),
      h('td', { class: 'num appraised-col', id: `section-${section.code}-appraised`, text: '—' })));
    return h('section', { class: 'card', id: 'summary' },
      h('h2', { text: 'Tổng hợp bản tự đánh giá' }),
      h('p', { class: 'meta' },
        h('span', { text: `Bộ chỉ số ${form.indexSet}: ${form.catalogueTitle}` }),
        h('span', {}, 'Hạn tự đánh giá: ', h('strong', { id: 'due', text: form.selfAssessmentDueText })),
        h('span', {}, 'Giai đoạn: ', h('span', { id: 'phase', class: 'phase ' + form.phase, text: form.phaseName })),
        h('span', { id: 'submitted-info', hidden: true })),
      h('div', { class: 'totals' },
        h('div', { class: 'total' }, h('div', { class: 'label', text: 'Tổng điểm tự chấm' }), h('div', { class: 'value' }, h('span', { id: 'total-self', text: '0' }), ' điểm')),
        h('div', { class: 'total counted' }, h('div', { class: 'label', text: 'Tổng điểm được tính' }), h('div', { class: 'value' }, h('span', { id: 'total-counted', text: '0' }), ' điểm')),
        h('div', { class: 'total' }, h('div', { class: 'label', text: 'Tiêu chí đã đủ điểm, giải trình, tài liệu' }), h('div', { class: 'value' }, h('span', { id: 'filled-count', text: '0' }), '/', h('span', { id: 'leaf-count', text: '0' }))),
        h('div', { class: 'total zero' }, h('div', { class: 'label', text: 'Tiêu chí sẽ bị tính 0 điểm' }), h('div', { class: 'value' }, h('span', { id: 'zero-count', text: '0' }))),
        h('div', { class: 'total appraised', id: 'appraised-total-card', hidden: true },
          h('div', { class: 'label', id: 'appraised-total-label', text: 'Điểm thẩm định lần 1 (tạm tính)' }),
          h('div', { class: 'value' }, h('span', { id: 'appraised-total', text: '0' }), ' điểm'),
          h('div', { class: 'label', id: 'penalty-total-line', hidden: true }, 'Điểm trừ (mục VII): ', h('b', { id: 'penalty-total-summary', text: '0' }), ' điểm'))),
      h('table', { id: 'section-totals' },
        h('thead', {}, h('tr', {}, h('th', { text: 'Nội dung' }), h('th', { class: 'title', text: '' }), h('th', { class: 'num', text: 'Tối đa' }), h('th', { class: 'num', text: 'Tự chấm' }), h('th', { class: 'num', text: 'Được tính' }), h('th', { class: 'num appraised-col', text: 'Thẩm định' }))),
        h('tbody', {}, rows)),
      h('details', { id: 'zero-panel', open: true },
        h('summary', {}, 'Tiêu chí sẽ bị tính 0 điểm (', h('span', { id: 'zero-count-list', text: '0' }), ')'),
        h('p', { class: 'muted', text: 'Theo điểm a khoản 1 Điều 5 của Quy định, tiêu chí không có giải trình hoặc không có tài liệu kiểm chứng (trừ tài liệu mật giải trình trực tiếp với Hội đồng thẩm định) bị tính 0 điểm, dù đã tự chấm. Bấm vào tiêu chí để đến chỗ cần bổ sung.' }),
        h('p', { id: 'zero-none', hidden: true, text: 'Mọi tiêu chí đều đủ điểm tự chấm, giải trình và tài liệu kiểm chứng.' }),
        h('ul', { id: 'zero-list' })),
      h('div', { id: 'submit-area' },
        h('button', { id: 'submit', type: 'button', class: 'danger', hidden: true, onclick: submit, text: 'Nộp bản tự đánh giá' }),
        h('span', { id: 'submit-note', class: 'muted' })),
      h('div', { id: 'submit-message', class: 'message', role: 'status' }));
  }

  function buildSection(section) {
    const kind = (section.kind || '').toLowerCase();
    const card = h('section', { class: 'card assessment-section', id: 'section-' + section.code, dataset: { section: section.code, selfAssessed: String(section.selfAssessed) } });
    const max = section.maxScore === null || section.maxScore === undefined ? '' : ` / tối đa ${num(section.maxScore)} điểm`;
    // The council's total for the section, shown once the viewer may see round 1.
    const appraisedWrap = section.selfAssessed
      ? h('span', { class: 'section-appraised', hidden: true }, ' · ', h('span', { class: 'appraised-label', text: 'Thẩm định' }), ' ', h('b', { dataset: { sectionAppraised: section.code }, text: '0' }))
      : kind === 'penalty' ? h('span', { class: 'section-penalty', hidden: true }, ' · Điểm trừ ', h('b', { id: 'penalty-total', text: '0' }), ' điểm') : null;
    const sum = section.selfAssessed
      ? h('span', { class: 'section-sum' }, 'Tự chấm ', h('b', { class: 'section-self', text: '0' }), ' · Được tính ', h('b', { class: 'section-counted', text: '0' }), appraisedWrap, max)
      : h('span', { class: 'section-sum' }, max ? max.replace(' / ', '') : '', appraisedWrap);
    card.append(h('div', { class: 'section-head' }, h('h2', { text: `${section.code}. ${section.title}` }), sum));
    const minDepth = Math.min(...section.criteria.map(c => c.depth || 0));
    const info = {
      section, card, leaves: [], kind, selfEl: card.querySelector('.section-self'), countedEl: card.querySelector('.section-counted'),
      appraisedWrap, appraisedEl: card.querySelector('[data-section-appraised]'), penaltyRows: new Map(), penaltyList: null,
    };
    state.sections.push(info);
    if (!section.selfAssessed) {
      card.append(h('p', { class: 'section-note', text: SECTION_NOTES[kind] || 'Nội dung này không do đơn vị tự chấm.' }));
    }
    for (const item of section.criteria) {
      const style = `--depth:${Math.max(0, (item.depth || 0) - minDepth)}`;
      if (!item.isLeaf) {
        card.append(h('div', { class: 'heading', style, dataset: { heading: item.code } },
          h('span', { class: 'code', text: item.code + ' ' }), item.title, ' ', h('span', { class: 'max', text: `(${kind === 'penalty' ? 'trừ ' : ''}tối đa ${num(item.maxScore)} điểm)` })));
      } else if (item.otherIndex) {
        card.append(otherIndexItem(item, style));
      } else if (!section.selfAssessed) {
        const result = kind === 'penalty' ? h('div', { class: 'penalty-result', hidden: true }) : null;
        if (result) info.penaltyRows.set(item.code, result);
        card.append(h('div', { class: 'criterion read-only-item', style, dataset: { code: item.code } },
          h('div', { class: 'crit-head' }, h('span', { class: 'code', text: item.code }), h('span', { class: 'title', text: item.title }),
            h('span', { class: 'max', text: (kind === 'penalty' ? 'trừ tối đa ' : 'tối đa ') + num(item.maxScore) + ' điểm' })),
          result));
      } else {
        const leaf = buildLeaf(item, info, style);
        info.leaves.push(leaf);
        card.append(leaf.row);
      }
    }
    if (kind === 'penalty') {
      info.penaltyList = h('div', { class: 'penalty-list', id: 'penalty-list', hidden: true });
      card.append(info.penaltyList);
    }
    return card;
  }

  /** A leaf scored from another index: read-only, with the unit's imported value and points, or why there are none yet. */
  function otherIndexItem(item, style) {
    const index = item.otherIndex;
    const result = h('p', { class: 'other-index-result' });
    state.indexRows.set(item.code, result);
    showOtherIndex(result, index);
    return h('article', { class: 'criterion read-only-item other-index', id: 'criterion-' + item.code, style, dataset: { code: item.code, otherIndex: index.code } },
      h('div', { class: 'crit-head' }, h('span', { class: 'code', text: item.code }), h('span', { class: 'title', text: item.title }),
        h('span', { class: 'max', text: `tối đa ${num(item.maxScore)} điểm` })),
      item.description ? h('p', { class: 'description muted', text: item.description }) : null,
      h('p', { class: 'section-note', text: `Điểm lấy từ kết quả ${index.title} do Tổ công tác nhập; đơn vị không tự chấm. Quy đổi: ${index.ruleText}.` }),
      result);
  }

  function showOtherIndex(el, index) {
    el.replaceChildren(index.points === undefined || index.points === null
      ? h('span', { class: 'other-index-missing', text: index.text })
      : h('span', { title: index.text }, 'Giá trị ', h('b', { class: 'other-index-value', text: num(index.value) }), ' → ', h('b', { class: 'other-index-points', text: num(index.points) }), ' điểm',
        index.importedAt ? h('span', { class: 'muted', text: ` (Tổ công tác nhập lúc ${dateTime(index.importedAt)})` }) : null));
  }

  function scoreField(item) {
    if (item.allowedScores && item.allowedScores.length) {
      return h('select', { class: 'score', name: 'selfScore' },
        h('option', { value: '', text: '— Chưa chấm —' }),
        item.allowedScores.map(v => h('option', { value: String(Number(v)), text: num(Number(v)) })));
    }
    return h('input', { class: 'score', name: 'selfScore', type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: `0 – ${num(item.maxScore)}`, 'data-max': item.maxScore });
  }

  /** One leaf criterion: its fields, evidence, drop zone and save state, wired to the save and upload logic. */
  function buildLeaf(item, section, style) {
    const leaf = {
      code: item.code, item, section, timer: null, saving: null, again: false, conflict: false, retryDelay: 0,
      mergeTries: 0, queue: [], uploading: false, errored: false, base: null,
    };
    const id = 'criterion-' + item.code;
    leaf.scoreEl = scoreField(item);
    leaf.scoreEl.id = id + '-score';
    leaf.explanationEl = h('textarea', { class: 'explanation', name: 'explanation', id: id + '-explanation', rows: 4, placeholder: 'Giải trình kết quả thực hiện, dẫn chiếu văn bản kiểm chứng…' });
    leaf.classifiedEl = h('input', { type: 'checkbox', class: 'classified', name: 'classified' });
    leaf.fileInput = h('input', { type: 'file', class: 'file-input', multiple: true, accept: acceptAttribute() });
    leaf.evidenceList = h('ul', { class: 'evidence-list' });
    leaf.evidenceCount = h('span', { class: 'evidence-count', text: '0' });
    leaf.uploadsEl = h('ul', { class: 'uploads' });
    leaf.dropZone = h('div', { class: 'drop-zone' },
      'Kéo thả tệp PDF đã ký số vào đây hoặc ', h('label', { class: 'file-pick' }, leaf.fileInput, h('span', { text: 'chọn tệp' })),
      h('span', { class: 'limits', text: limitsText() }));
    leaf.badge = h('span', { class: 'counted-badge' });
    leaf.zeroEl = h('span', { class: 'zero-reasons' });
    leaf.saveStateEl = h('span', { class: 'save-state', dataset: { state: 'idle' } });
    leaf.generalError = h('div', { class: 'general-error', role: 'alert' });
    leaf.conflictEl = h('div', { class: 'conflict', hidden: true, role: 'alert' });
    leaf.historyEl = h('div', { class: 'history', hidden: true });
    leaf.appraisalEl = h('div', { class: 'appraisal-view', hidden: true });
    leaf.explainHint = h('p', { class: 'explain-hint', hidden: true });
    leaf.errors = {
      selfScore: h('div', { class: 'field-error', dataset: { field: 'selfScore' } }),
      explanation: h('div', { class: 'field-error', dataset: { field: 'explanation' } }),
      classified: h('div', { class: 'field-error', dataset: { field: 'classified' } }),
    };
    const maxText = `tối đa ${num(item.maxScore)} điểm`;
    leaf.row = h('article', { class: 'criterion', id, style, dataset: { code: item.code, counted: 'false' } },
      h('div', { class: 'crit-head' },
        h('span', { class: 'code', text: item.code }), h('span', { class: 'title', text: item.title }),
        h('span', { class: 'max', text: maxText }), leaf.badge),
      item.description ? h('p', { class: 'description muted', text: item.description }) : null,
      leaf.appraisalEl, leaf.explainHint,
      h('div', { class: 'crit-body' },
        h('div', { class: 'crit-main' },
          h('label', { for: leaf.scoreEl.id }, `Điểm tự chấm (${maxText})`, leaf.scoreEl), leaf.errors.selfScore,
          h('label', { for: leaf.explanationEl.id }, 'Giải trình', leaf.explanationEl), leaf.errors.explanation,
          h('label', { class: 'check' }, leaf.classifiedEl, h('span', { text: 'Tài liệu mật – giải trình trực tiếp với Hội đồng thẩm định' })), leaf.errors.classified),
        h('div', { class: 'crit-evidence' },
          h('div', { class: 'evidence-title' }, 'Tài liệu kiểm chứng (', leaf.evidenceCount, ')'),
          leaf.evidenceList, leaf.dropZone, leaf.uploadsEl)),
      h('div', { class: 'crit-foot' },
        leaf.zeroEl,
        h('button', { type: 'button', class: 'link history-toggle', text: 'Lịch sử', onclick: () => toggleHistory(leaf) }),
        leaf.saveStateEl),
      leaf.generalError, leaf.conflictEl, leaf.historyEl);

    // Typing: recompute at once, save shortly after the person stops; leaving the field saves at once.
    const edited = () => onEdit(leaf);
    leaf.scoreEl.addEventListener(leaf.scoreEl.tagName === 'SELECT' ? 'change' : 'input', edited);
    leaf.explanationEl.addEventListener('input', edited);
    leaf.classifiedEl.addEventListener('change', () => { onEdit(leaf); save(leaf); });
    for (const field of [leaf.scoreEl, leaf.explanationEl]) field.addEventListener('blur', () => { if (leaf.timer) save(leaf); });
    leaf.fileInput.addEventListener('change', () => { queueFiles(leaf, [...leaf.fileInput.files]); leaf.fileInput.value = ''; });
    wireDropZone(leaf);

    state.leaves.set(item.code, leaf);
    setFields(leaf, item);
    return leaf;
  }

  function buildStickyBar() {
    return h('div', { class: 'sticky-bar', id: 'sticky-bar' },
      h('span', {}, 'Tự chấm: ', h('b', { class: 'total-self', text: '0' })),
      h('span', {}, 'Được tính: ', h('b', { class: 'total-counted', text: '0' })),
      h('span', {}, 'Tính 0 điểm: ', h('b', { class: 'zero-count', text: '0' })),
      h('span', { id: 'global-save-state', role: 'status' }));
  }

  function limitsText() {
    const limits = state.form && state.form.limits;
    if (!limits) return '';
    return `Mỗi tệp tối đa ${fileSize(limits.maxFileBytes)}; có thể chọn nhiều tệp một lúc.`;
  }

  function acceptAttribute() {
    const types = (state.form && state.form.limits && state.form.limits.acceptedTypes) || [];
    const extras = types.includes('application/pdf') ? ['.pdf'] : [];
    return types.concat(extras).join(',') || null;
  }

  // ---------- applying what the server says ----------

  function applyForm(form) {
    state.form = form;
    state.loadedAt = Date.now();
    for (const section of form.sections) {
      for (const item of section.criteria) {
        const leaf = item.isLeaf && state.leaves.get(item.code);
        if (leaf) applyItem(leaf, item, false);
        const indexRow = item.otherIndex && state.indexRows.get(item.code);
        if (indexRow) showOtherIndex(indexRow, item.otherIndex);
      }
    }
    updateLock();
    recompute();
    renderAppraisalSummary(form);
  }

  // The API's JSON names the record's ETag "eTag" (camelCase of ETag); accept "etag" too.
  const etagOf = item => item.eTag || item.etag || null;
  const fieldsOf = item => ({ score: item.selfScore === null || item.selfScore === undefined ? null : Number(item.selfScore), explanation: item.explanation || '', classified: !!item.classified });
  const sameFields = (a, b) => a.score === b.score && a.explanation === b.explanation && a.classified === b.classified;

  /** The fields as they are on screen now. */
  function current(leaf) {
    const parsed = Kit.parseScore(leaf.scoreEl.value, 'Điểm tự chấm', leaf.item.maxScore);
    return { scoreText: leaf.scoreEl.value, score: parsed.value, scoreError: parsed.error, explanation: leaf.explanationEl.value, classified: leaf.classifiedEl.checked };
  }

  /** Whether the screen differs from what the server has as far as this page knows (leaf.base). */
  function isDirty(leaf) {
    if (!leaf.base) return false;
    const now = current(leaf);
    if (now.scoreError) return true;
    return !sameFields({ score: now.score, explanation: now.explanation, classified: now.classified }, leaf.base);
  }

  function setFields(leaf, item) {
    const fields = fieldsOf(item);
    const isSelect = leaf.scoreEl.tagName === 'SELECT';
    const scoreText = fields.score === null ? '' : (isSelect ? String(fields.score) : num(fields.score));
    // A stored score outside today's allowed values still shows (and is not silently changed).
    if (isSelect && scoreText && ![...leaf.scoreEl.options].some(o => o.value === scoreText)) {
      leaf.scoreEl.append(h('option', { value: scoreText, text: num(fields.score) }));
    }
    if (leaf.scoreEl.value !== scoreText) leaf.scoreEl.value = scoreText;
    if (leaf.explanationEl.value !== fields.explanation) leaf.explanationEl.value = fields.explanation;
    leaf.classifiedEl.checked = fields.classified;
    leaf.base = Object.assign(fields, { etag: etagOf(item) });
    if (item.updatedAt) setSaveState(leaf, 'saved', savedAtText(item.updatedAt), item.updatedBy ? 'Người cập nhật: ' + item.updatedBy : null);
    else setSaveState(leaf, 'idle', 'Chưa nhập');
  }

  /**
   * A newer copy of the leaf from the server. own: the answer to this page's own save (its fields are what was sent).
   * The person's unsaved typing is never overwritten; the ETag only moves on when the server's fields are the ones the
   * typing is based on, so a colleague's different text leads to a 412 and the conflict panel, not a silent overwrite.
   */
  function applyItem(leaf, item, own) {
    if (leaf.item && item.revision < leaf.item.revision) return;
    const dirty = isDirty(leaf);
    const evidenceChanged = evidenceKey(leaf.item) !== evidenceKey(item) || !leaf.evidenceList.childElementCount;
    leaf.item = item;
    const server = fieldsOf(item);
    const now = current(leaf);
    if (own || sameFields(server, leaf.base)) {
      leaf.base = Object.assign(own ? server : leaf.base, { etag: etagOf(item) });
      if (own && !dirty) setFields(leaf, item);
    } else if (!now.scoreError && sameFields(server, now)) {
      // The server already has exactly what is on screen (e.g. saved from another tab): nothing left to save.
      leaf.base = Object.assign(server, { etag: etagOf(item) });
      if (leaf.conflict) {
        leaf.conflict = false;
        leaf.conflictEl.hidden = true;
        setSaveState(leaf, 'saved', savedAtText(item.updatedAt || new Date()));
      }
    } else if (!dirty && !leaf.conflict) {
      setFields(leaf, item);
    }
    if (evidenceChanged) renderEvidence(leaf);
    renderAppraisal(leaf);
  }

  const evidenceKey = item => item ? item.evidence.map(e => e.evidenceId + ':' + e.signature.status).join('|') : '';

  /**
   * A file added after the self-assessment closed (submission, or its deadline), i.e. in the explanation window: the
   * council judged round 1 without it. The server draws the same line when it refuses to remove the others.
   */
  function addedAfterRound1(file) {
    const form = state.form;
    const appraisal = form && form.appraisal;
    if (!appraisal || !appraisal.round1Visible) return false;
    const closedAt = form.submitted ? form.submitted.at : form.selfAssessmentDue;
    return new Date(file.uploadedAt) > new Date(closedAt);
  }

  function renderEvidence(leaf) {
    const files = leaf.item.evidence || [];
    // In the window the unit adds evidence; the files the council judged round 1 on stay (the server refuses too).
    const inWindow = state.readOnly && leafEditable(leaf);
    leaf.evidenceCount.textContent = String(files.length);
    leaf.evidenceList.replaceChildren(...files.map(file => {
      const status = file.signature.status;
      const signers = file.signature.signers || [];
      const added = addedAfterRound1(file);
      return h('li', { class: 'evidence' + (added ? ' added-in-window' : ''), dataset: { evidenceId: file.evidenceId, status } },
        h('a', { class: 'file', href: file.downloadUrl, target: '_blank', rel: 'noopener', text: file.fileName }),
        ' ', h('span', { class: 'size', text: '(' + fileSize(file.size) + ')' }),
        h('span', { class: 'signature-status ' + status, text: SIGNATURE_NAMES[status] || file.signature.statusName || status }),
        added ? h('span', { class: 'added-badge', text: 'Bổ sung khi giải trình', title: 'Tải lên lúc ' + dateTime(file.uploadedAt) }) : null,
        ' ', h('button', { type: 'button', class: 'remove-evidence', text: 'Xóa', title: 'Xóa tệp này khỏi tiêu chí', hidden: inWindow && !added, onclick: () => removeEvidence(leaf, file) }),
        signers.length ? h('ul', { class: 'signers' }, signers.map(s => h('li', { class: 'signer' },
          'Người ký: ', h('span', { class: 'signer-subject', text: s.subject }),
          s.signedAt ? [' · ký lúc ', h('span', { class: 'signed-at', text: dateTime(s.signedAt) })] : null,
          s.problem ? h('span', { class: 'problem', text: ' · ' + s.problem }) : null))) : null,
        file.signature.note ? h('p', { class: 'signature-note', text: file.signature.note }) : null);
    }));
  }

  // ---------- the council's decisions and the explanation window (R-2.6, R-8.2) ----------

  const isUnitViewer = form => form.viewer.role === 'unitStaff' || form.viewer.role === 'unitHead';

  /** Whether the council's work is shown at all: once the viewer may see round 1 and there is something to see. */
  function appraisalShown(form) {
    const appraisal = form && form.appraisal;
    if (!appraisal || !appraisal.round1Visible) return false;
    if (!['setup', 'selfAssessment', 'appraisalRound1'].includes(appraisal.stage) || isUnitViewer(form)) return true;
    // The council and the working group see round 1 while it is worked on; show it once there is a decision.
    return form.sections.some(section => section.criteria.some(item => item.appraisal && (item.appraisal.round1 || item.appraisal.round2)));
  }

  /** The council's result is final (the working group released it, or the year is published) rather than provisional. */
  function appraisalFinal(form) {
    const appraisal = form && form.appraisal;
    return !!(appraisal && appraisal.finalVisible && !OPEN_STAGES.includes(appraisal.stage));
  }

  function decisionBox(decision, className) {
    const reason = decision.reason && decision.reason !== decision.decisionName ? decision.reason : null;
    return h('div', { class: `appraisal-decision ${className} ${decision.decision}`, dataset: { decision: decision.decision, round: String(decision.round) } },
      h('div', { class: 'decision-head' },
        h('strong', { text: (DECISION_ROUNDS[decision.round] || 'Thẩm định') + ': ' }),
        h('span', { class: 'decision-name', text: decision.decisionName }),
        ' · ', h('span', { class: 'decision-score-label', text: 'điểm thẩm định ' }), h('b', { class: 'decision-score', text: num(Number(decision.score)) })),
      reason ? h('div', { class: 'decision-reason' }, h('span', { class: 'muted', text: 'Lý do: ' }), h('span', { class: 'reason-text', text: reason })) : null,
      decision.explainedDirectly ? h('div', { class: 'muted', text: 'Đơn vị đã giải trình trực tiếp tài liệu mật với Hội đồng thẩm định.' }) : null,
      h('div', { class: 'decision-meta muted' },
        h('span', { class: 'decision-agency', text: decision.agencyName || decision.agencyId }),
        decision.by ? [' · ', h('span', { class: 'decision-by', text: decision.by })] : null,
        ' · ', h('span', { class: 'decision-at', text: dateTime(decision.at) })));
  }

  /** The council's decisions on one leaf, as far as this viewer may see them; questioned leaves are highlighted. */
  function renderAppraisal(leaf) {
    const form = state.form;
    const appraisal = leaf.item.appraisal;
    const questioned = !!(appraisal && appraisal.questioned);
    leaf.row.classList.toggle('questioned', questioned);
    if (appraisal) leaf.row.dataset.appraisal = appraisal.status; else delete leaf.row.dataset.appraisal;
    if (!appraisal || !(appraisal.round1 || appraisal.round2 || appraisalShown(form))) {
      leaf.appraisalEl.hidden = true;
      leaf.appraisalEl.replaceChildren();
      return;
    }
    const final = appraisalFinal(form);
    const parts = [];
    if (appraisal.round1) parts.push(decisionBox(appraisal.round1, 'appraisal-round1'));
    else parts.push(h('p', { class: 'appraisal-pending muted', text: 'Chưa có ý kiến thẩm định lần 1' + (appraisal.agencyName ? ` của ${appraisal.agencyName}` : '') + '.' }));
    if (appraisal.round2) parts.push(decisionBox(appraisal.round2, 'appraisal-round2'));
    else if (questioned && form.appraisal.finalVisible && !OPEN_STAGES.slice(0, 4).includes(form.appraisal.stage)) {
      parts.push(h('p', { class: 'appraisal-pending muted', text: 'Chưa có ý kiến thẩm định lần 2.' }));
    }
    if (appraisal.appraisedScore !== null && appraisal.appraisedScore !== undefined) {
      parts.push(h('p', { class: 'appraised-score' }, final ? 'Điểm thẩm định: ' : 'Điểm thẩm định (tạm tính): ', h('b', { text: num(Number(appraisal.appraisedScore)) }), ' điểm'));
    }
    leaf.appraisalEl.hidden = false;
    leaf.appraisalEl.replaceChildren(...parts);
  }

  /** What the window means for this leaf: the head may explain it now; others learn who does. */
  function renderExplainHint(leaf, inWindow) {
    const form = state.form;
    const appraisal = leaf.item.appraisal;
    let text = '';
    if (inWindow) {
      text = `Tiêu chí bị Hội đồng thẩm định đề nghị: giải trình, bổ sung tài liệu kiểm chứng trước ${form.appraisal.explanationDueText}. `
        + 'Điểm tự chấm chỉ được giữ nguyên hoặc hạ xuống; chỉ gỡ được tệp bổ sung trong thời gian giải trình.';
    } else if (appraisal && appraisal.editableInWindow && !form.viewer.canExplain) {
      text = EXPLAIN_NOTE;
    }
    leaf.explainHint.hidden = !text;
    leaf.explainHint.textContent = text;
  }

  /** The banner, the appraised totals per section and overall, the penalties, and the "questioned only" filter. */
  function renderAppraisalSummary(form) {
    const appraisal = form.appraisal;
    const shown = appraisalShown(form);
    const final = appraisalFinal(form);
    byId('appraised-total-card').hidden = !shown;
    byId('section-totals').classList.toggle('with-appraisal', shown);
    for (const info of state.sections) {
      if (info.appraisedWrap) info.appraisedWrap.hidden = !shown;
      if (info.penaltyList) info.penaltyList.hidden = !shown;
    }
    renderBanner(form, shown);
    if (!shown) { root.classList.remove('only-questioned'); return; }

    const label = final ? 'Điểm thẩm định' : appraisal.finalVisible && appraisal.stage === 'appraisalRound2' ? 'Điểm thẩm định (tạm tính)' : 'Điểm thẩm định lần 1 (tạm tính)';
    byId('appraised-total-label').textContent = label;
    byId('appraised-total').textContent = num(Number(appraisal.appraisedTotal || 0));
    const penaltyTotal = Number(appraisal.penaltyTotal || 0);
    byId('penalty-total-line').hidden = !penaltyTotal;
    byId('penalty-total-summary').textContent = penaltyTotal ? '−' + num(penaltyTotal) : '0';
    for (const info of state.sections) {
      const cell = byId(`section-${info.section.code}-appraised`);
      if (info.appraisedEl) {
        const row = (appraisal.sections || []).find(r => r.code === info.section.code);
        const value = row ? num(Number(row.appraisedTotal)) : '0';
        info.appraisedEl.textContent = value;
        info.appraisedWrap.querySelector('.appraised-label').textContent = final ? 'Thẩm định' : 'Thẩm định (tạm tính)';
        info.appraisedWrap.title = row ? `Đã thẩm định ${row.decidedCount}/${row.leafCount} tiêu chí` : '';
        if (cell) cell.textContent = value;
      } else if (cell) {
        cell.textContent = info.kind === 'penalty' && penaltyTotal ? '−' + num(penaltyTotal) : '—';
      }
      if (info.penaltyList) renderPenalties(info, appraisal);
    }
    renderFilter(form);
  }

  function renderBanner(form, shown) {
    const banner = byId('appraisal-banner');
    if (!shown) { banner.hidden = true; banner.replaceChildren(); return; }
    const appraisal = form.appraisal;
    const windowOpen = appraisal.explanationWindowOpen;
    const count = appraisal.questionedCount || 0;
    const parts = [h('div', {}, 'Giai đoạn: ', h('strong', { class: 'stage-name', text: appraisal.stageName }))];
    if (windowOpen) {
      parts.push(h('div', { class: 'explanation-due' }, 'Thời hạn giải trình, bổ sung tài liệu: ', h('strong', { id: 'explanation-due', text: appraisal.explanationDueText })));
    } else if (appraisal.stage === 'appraisalRound2' && !appraisal.finalVisible) {
      parts.push(h('div', { text: `Đã hết thời hạn giải trình. Hội đồng thẩm định lần 2 đến ${appraisal.round2DueText}; kết quả cuối cùng được thông báo khi Tổ công tác công bố.` }));
    }
    parts.push(h('div', {}, 'Số tiêu chí Hội đồng thẩm định không đồng ý hoặc đề nghị bổ sung tài liệu: ', h('strong', { id: 'questioned-count', text: String(count) })));
    if (form.viewer.canExplain) {
      parts.push(h('p', { id: 'explain-note', class: 'can-explain', text: 'Đồng chí giải trình, bổ sung tài liệu kiểm chứng ngay tại các tiêu chí bị đề nghị (được đánh dấu); nội dung được lưu tự động. Các tiêu chí khác không sửa được.' }));
    } else if (windowOpen && count) {
      parts.push(h('p', { id: 'explain-note', class: 'head-only', text: EXPLAIN_NOTE }));
    }
    if (count) {
      parts.push(h('button', { id: 'filter-questioned', type: 'button', onclick: () => { state.onlyQuestioned = !state.onlyQuestioned; renderFilter(state.form); } }));
    }
    banner.hidden = false;
    banner.replaceChildren(...parts);
  }

  /** Shows only the questioned criteria (journey 5), by default for the unit while the window is open. */
  function renderFilter(form) {
    const appraisal = form.appraisal;
    const count = appraisalShown(form) && appraisal ? appraisal.questionedCount || 0 : 0;
    if (!count) { root.classList.remove('only-questioned'); return; }
    if (state.onlyQuestioned === null) state.onlyQuestioned = !!appraisal.explanationWindowOpen && isUnitViewer(form);
    root.classList.toggle('only-questioned', state.onlyQuestioned);
    for (const info of state.sections) info.card.classList.toggle('has-questioned', info.leaves.some(leaf => leaf.row.classList.contains('questioned')));
    const button = byId('filter-questioned');
    if (button) {
      button.textContent = state.onlyQuestioned ? 'Xem tất cả tiêu chí' : `Chỉ xem ${count} tiêu chí bị đề nghị`;
      button.setAttribute('aria-pressed', String(state.onlyQuestioned));
    }
  }

  /** Section VII: each deduction with its reason, source and evidence. */
  function renderPenalties(info, appraisal) {
    const penalties = appraisal.penalties || [];
    for (const [code, el] of info.penaltyRows) {
      const item = penalties.find(p => p.code === code);
      const points = item ? Number(item.points || 0) : 0;
      el.hidden = false;
      el.replaceChildren(points
        ? h('span', { class: 'deducted' }, 'Bị trừ ', h('b', { text: num(points) }), ' điểm')
        : h('span', { class: 'muted', text: 'Không bị trừ điểm.' }));
    }
    const deducted = penalties.filter(p => Number(p.points || 0) !== 0);
    const total = byId('penalty-total');
    if (total) total.textContent = num(Number(appraisal.penaltyTotal || 0));
    info.penaltyList.replaceChildren(
      h('h3', { text: 'Điểm trừ đã ghi nhận' }),
      deducted.length
        ? h('ul', {}, deducted.map(p => h('li', { class: 'penalty', dataset: { code: p.code } },
          h('div', {}, h('strong', { class: 'code', text: p.code }), ' ', h('span', { class: 'title', text: p.title }), ': ',
            h('b', { class: 'penalty-points', text: '−' + num(Number(p.points)) }), ' điểm', h('span', { class: 'muted', text: ` (tối đa ${num(Number(p.maxScore))})` })),
          p.reason ? h('div', { class: 'penalty-reason' }, h('span', { class: 'muted', text: 'Lý do: ' }), p.reason) : null,
          p.sourceName ? h('div', { class: 'penalty-source' }, h('span', { class: 'muted', text: 'Nguồn: ' }), p.sourceName) : null,
          p.evidence ? h('div', { class: 'penalty-evidence' }, h('span', { class: 'muted', text: 'Tài liệu: ' }), p.evidence) : null,
          h('div', { class: 'muted' }, [p.agencyName, p.by, p.at ? dateTime(p.at) : null].filter(Boolean).join(' · ')))))
        : h('p', { class: 'muted', text: 'Chưa có điểm trừ.' }));
  }

  // ---------- live totals and the zero list, recomputed while typing ----------

  function evaluate(leaf) {
    const now = current(leaf);
    const reasons = [];
    if (now.scoreError) reasons.push(REASON_SCORE_INVALID);
    else if (now.score === null) reasons.push(REASON_SCORE);
    if (!now.explanation.trim()) reasons.push(REASON_EXPLANATION);
    if ((leaf.item.evidence || []).length === 0 && !now.classified) reasons.push(REASON_EVIDENCE);
    const score = now.scoreError || now.score === null ? 0 : now.score;
    return { score, counted: reasons.length === 0 ? score : 0, reasons };
  }

  function recompute() {
    let totalSelf = 0; let totalCounted = 0; let leafCount = 0; let filled = 0;
    const zero = [];
    for (const info of state.sections) {
      if (!info.section.selfAssessed) continue;
      let self = 0; let counted = 0;
      for (const leaf of info.leaves) {
        const result = evaluate(leaf);
        self += milli(result.score); counted += milli(result.counted); leafCount++;
        if (result.reasons.length) zero.push({ leaf, reasons: result.reasons }); else filled++;
        leaf.row.dataset.counted = String(result.reasons.length === 0);
        leaf.badge.className = 'counted-badge ' + (result.reasons.length ? 'no' : 'yes');
        leaf.badge.textContent = result.reasons.length ? 'Tính 0 điểm' : 'Được tính ' + num(result.counted) + ' điểm';
        leaf.zeroEl.textContent = result.reasons.length ? 'Tính 0 điểm: ' + result.reasons.join('; ') + '.' : '';
      }
      totalSelf += self; totalCounted += counted;
      byId(`section-${info.section.code}-self`).textContent = num(self / 1000);
      byId(`section-${info.section.code}-counted`).textContent = num(counted / 1000);
      info.selfEl.textContent = num(self / 1000);
      info.countedEl.textContent = num(counted / 1000);
    }
    state.totals = { self: totalSelf / 1000, counted: totalCounted / 1000, zero: zero.length, leaves: leafCount };
    byId('total-self').textContent = num(totalSelf / 1000);
    byId('total-counted').textContent = num(totalCounted / 1000);
    byId('filled-count').textContent = String(filled);
    byId('leaf-count').textContent = String(leafCount);
    for (const el of [byId('zero-count'), byId('zero-count-list'), root.querySelector('.sticky-bar .zero-count')]) el.textContent = String(zero.length);
    root.querySelector('.sticky-bar .total-self').textContent = num(totalSelf / 1000);
    root.querySelector('.sticky-bar .total-counted').textContent = num(totalCounted / 1000);
    byId('zero-none').hidden = zero.length > 0;
    byId('zero-list').replaceChildren(...zero.map(({ leaf, reasons }) => h('li', { dataset: { criterion: leaf.code } },
      h('a', { href: '#criterion-' + leaf.code, text: leaf.code, onclick: e => { e.preventDefault(); goTo(leaf); } }),
      ' ', leaf.item.title.length > 90 ? leaf.item.title.slice(0, 90) + '…' : leaf.item.title, ': ',
      h('span', { class: 'why', text: reasons.join('; ') }))));
  }

  function goTo(leaf) {
    if (state.onlyQuestioned && !leaf.row.classList.contains('questioned')) { state.onlyQuestioned = false; renderFilter(state.form); }
    leaf.row.scrollIntoView({ behavior: 'smooth', block: 'center' });
    leaf.row.classList.add('flash');
    setTimeout(() => leaf.row.classList.remove('flash'), 1500);
    const target = !leaf.scoreEl.value ? leaf.scoreEl : leaf.explanationEl;
    if (leafEditable(leaf)) target.focus({ preventScroll: true });
    history.replaceState(null, '', '#criterion-' + leaf.code);
  }

  // ---------- saving one criterion ----------

  function onEdit(leaf) {
    clearErrors(leaf);
    storeDraft(leaf);
    recompute();
    if (!leafEditable(leaf)) return;
    const now = current(leaf);
    if (now.scoreError) {
      leaf.errors.selfScore.textContent = now.scoreError;
      leaf.scoreEl.classList.add('invalid');
    }
    if (leaf.conflict) return;
    if (isDirty(leaf)) {
      setSaveState(leaf, 'dirty', 'Có thay đổi chưa lưu…');
      clearTimeout(leaf.timer);
      leaf.timer = setTimeout(() => save(leaf), SAVE_DELAY_MS);
    } else {
      clearTimeout(leaf.timer);
      leaf.timer = null;
      dropDraft(leaf);
      if (leaf.item.updatedAt) setSaveState(leaf, 'saved', savedAtText(leaf.item.updatedAt));
    }
    updateGlobalState();
  }

  /** Saves the leaf now; one request at a time per leaf, and again if the person typed meanwhile. */
  async function save(leaf) {
    clearTimeout(leaf.timer);
    leaf.timer = null;
    if (leaf.saving) { leaf.again = true; return leaf.saving; }
    leaf.saving = saveOnce(leaf).finally(() => { leaf.saving = null; updateGlobalState(); });
    updateGlobalState();
    await leaf.saving;
    if (leaf.again) { leaf.again = false; await save(leaf); }
  }

  async function saveOnce(leaf) {
    if (!leafEditable(leaf) || leaf.conflict) return;
    if (!isDirty(leaf)) {
      // Nothing left to send (the person undid the change, or the server already has it).
      dropDraft(leaf);
      if (leaf.saveStateEl.dataset.state !== 'saved' && leaf.item.updatedAt) setSaveState(leaf, 'saved', savedAtText(leaf.item.updatedAt));
      return;
    }
    const now = current(leaf);
    if (now.scoreError) {
      leaf.errors.selfScore.textContent = now.scoreError;
      leaf.scoreEl.classList.add('invalid');
      setSaveState(leaf, 'error', 'Chưa lưu – lỗi: ' + now.scoreError);
      return;
    }
    const sent = { score: now.score, explanation: now.explanation, classified: now.classified };
    const headers = leaf.base.etag ? { 'If-Match': leaf.base.etag } : { 'If-None-Match': '*' };
    setSaveState(leaf, 'saving', 'Đang lưu…');
    const r = await call('PUT', criterionUrl(leaf.code), { selfScore: sent.score, explanation: sent.explanation, classified: sent.classified }, headers);
    if (r.ok) {
      leaf.retryDelay = 0;
      leaf.mergeTries = 0;
      leaf.base = Object.assign({}, sent, { etag: leaf.base.etag });
      applyItem(leaf, r.data, true);
      clearErrors(leaf);
      if (!isDirty(leaf)) {
        setSaveState(leaf, 'saved', savedAtText(r.data.updatedAt || new Date()));
        dropDraft(leaf);
      } else {
        // The person typed on while this was saving: that goes next.
        setSaveState(leaf, 'dirty', 'Có thay đổi chưa lưu…');
        storeDraft(leaf);
        if (!leaf.timer) leaf.again = true;
      }
      recompute();
      return;
    }
    await saveFailed(leaf, r);
  }

  /** A refused or failed save: say why next to the criterion, keep the text, retry what can be retried. */
  async function saveFailed(leaf, r) {
    const text = problemText(r.problem);
    if (r.status === 412) {
      // Someone saved first. If their change left the fields this typing is based on alone (e.g. a file added), save again on top.
      const fresh = await refresh();
      if (fresh.ok && leaf.mergeTries < 2 && sameFields(fieldsOf(leaf.item), leaf.base)) {
        leaf.mergeTries++;
        leaf.again = true;
        return;
      }
      if (fresh.ok && !isDirty(leaf)) return;
      showConflict(leaf);
      return;
    }
    if (r.status === 422 || r.status === 400) {
      showProblemErrors(leaf, r.problem);
      setSaveState(leaf, 'error', 'Chưa lưu – lỗi: ' + firstError(r.problem));
      return;
    }
    if (r.status === 401) {
      showSession();
      setSaveState(leaf, 'error', 'Chưa lưu – lỗi: phiên đăng nhập đã hết hạn');
      return;
    }
    if (r.status === 403 || r.status === 409 || r.status === 423) {
      setSaveState(leaf, 'error', 'Chưa lưu – lỗi: ' + text);
      refuse(text, leaf);
      return;
    }
    if (r.status === 404 || r.status === 413 || r.status === 415) {
      leaf.generalError.textContent = text;
      setSaveState(leaf, 'error', 'Chưa lưu – lỗi: ' + text);
      return;
    }
    // Network, 5xx, 429: keep trying with growing pauses; the text is safe in the field and in this browser.
    leaf.retryDelay = Math.min(60000, (leaf.retryDelay || 2500) * 2);
    setSaveState(leaf, 'error', `Chưa lưu – lỗi: ${text.replace(/[.;:]?\s*$/, '.')} Sẽ thử lại sau ${Math.round(leaf.retryDelay / 1000)} giây.`);
    clearTimeout(leaf.timer);
    leaf.timer = setTimeout(() => save(leaf), leaf.retryDelay);
  }

  function firstError(problem) {
    const errors = problem && problem.errors ? Object.values(problem.errors).flat() : [];
    return errors[0] || problemText(problem);
  }

  function showProblemErrors(leaf, problem) {
    const errors = (problem && problem.errors) || {};
    let placed = false;
    for (const [field, messages] of Object.entries(errors)) {
      const key = Object.keys(leaf.errors).find(k => k.toLowerCase() === field.toLowerCase().replace(/^\$\./, ''));
      if (key) {
        leaf.errors[key].textContent = messages.join(' ');
        (key === 'selfScore' ? leaf.scoreEl : key === 'explanation' ? leaf.explanationEl : leaf.classifiedEl).classList.add('invalid');
        placed = true;
      } else {
        leaf.generalError.textContent = (leaf.generalError.textContent + ' ' + messages.join(' ')).trim();
        placed = true;
      }
    }
    if (!placed) leaf.generalError.textContent = problemText(problem);
  }

  function clearErrors(leaf) {
    for (const el of Object.values(leaf.errors)) el.textContent = '';
    for (const el of [leaf.scoreEl, leaf.explanationEl, leaf.classifiedEl]) el.classList.remove('invalid');
    leaf.generalError.textContent = '';
  }

  function setSaveState(leaf, kind, text, title) {
    leaf.errored = kind === 'error';
    leaf.saveStateEl.dataset.state = kind;
    leaf.saveStateEl.textContent = text;
    if (title) leaf.saveStateEl.title = title; else leaf.saveStateEl.removeAttribute('title');
    updateGlobalState();
  }

  /** The sticky bar's one-line summary of saving, and what the unload warning relies on. */
  function pendingWork() {
    let dirty = 0; let saving = 0; let errors = 0;
    for (const leaf of state.leaves.values()) {
      if (leaf.saving) saving++;
      else if (leaf.errored || leaf.conflict) errors++;
      else if (leaf.timer || (leafEditable(leaf) && isDirty(leaf))) dirty++;
    }
    return { dirty, saving, errors, uploads: state.uploads };
  }

  function updateGlobalState() {
    const el = byId('global-save-state');
    if (!el) return;
    const work = pendingWork();
    const bar = byId('sticky-bar');
    bar.dataset.state = work.errors ? 'error' : work.saving || work.dirty || work.uploads ? 'busy' : 'idle';
    if (work.errors) el.textContent = `${work.errors} tiêu chí chưa lưu được – xem thông báo ở tiêu chí`;
    else if (work.saving || work.uploads) el.textContent = work.uploads ? `Đang tải lên ${work.uploads} tệp…` : 'Đang lưu…';
    else if (work.dirty) el.textContent = 'Có thay đổi chưa lưu…';
    else el.textContent = state.anyEditable ? 'Mọi thay đổi đã được lưu' : '';
  }

  /** Saves every criterion with unsaved changes and waits for them. */
  async function saveAll() {
    for (let round = 0; round < 3; round++) {
      const pending = [...state.leaves.values()].filter(leaf => leaf.saving || leaf.timer || (isDirty(leaf) && !leaf.conflict));
      if (!pending.length) return;
      await Promise.all(pending.map(leaf => save(leaf)));
    }
  }

  // ---------- someone else saved first (412) ----------

  function showConflict(leaf) {
    leaf.conflict = true;
    clearTimeout(leaf.timer);
    leaf.timer = null;
    setSaveState(leaf, 'error', 'Chưa lưu – lỗi: người khác vừa cập nhật tiêu chí này');
    leaf.conflictEl.hidden = false;
    leaf.conflictEl.replaceChildren(
      h('p', { text: 'Người khác vừa cập nhật tiêu chí này trước khi nội dung của bạn được lưu. Nội dung bạn đã nhập vẫn được giữ nguyên trong ô nhập.' }),
      h('button', { type: 'button', class: 'load-latest', text: 'Tải bản mới nhất', onclick: () => loadLatest(leaf) }));
  }

  async function loadLatest(leaf) {
    const r = await refresh();
    if (!r.ok) { leaf.generalError.textContent = problemText(r.problem); return; }
    const item = r.data.sections.flatMap(s => s.criteria).find(c => c.code === leaf.code);
    if (!item) return;
    leaf.item = item;
    renderEvidence(leaf);
    renderAppraisal(leaf);
    const server = fieldsOf(item);
    const mine = current(leaf);
    const version = (title, score, explanation, classified) => h('div', { class: 'version' },
      h('strong', { text: title }),
      h('div', { text: 'Điểm tự chấm: ' + (score === null || score === undefined || score === '' ? '(chưa chấm)' : score) }),
      h('div', { text: classified ? 'Tài liệu mật – giải trình trực tiếp với Hội đồng thẩm định' : '' }),
      h('div', { text: 'Giải trình:' }), h('pre', { text: explanation || '(trống)' }));
    leaf.conflictEl.replaceChildren(
      h('p', { text: 'Người khác vừa cập nhật tiêu chí này. So sánh hai bản rồi chọn bản giữ lại:' }),
      h('div', { class: 'versions' },
        version(`Bản mới nhất trên hệ thống${item.updatedBy ? ' (' + item.updatedBy + (item.updatedAt ? ', ' + dateTime(item.updatedAt) : '') + ')' : ''}`,
          server.score === null ? null : num(server.score), server.explanation, server.classified),
        version('Nội dung bạn đang nhập (chưa lưu)', mine.scoreText, mine.explanation, mine.classified)),
      h('button', { type: 'button', class: 'keep-mine', text: 'Giữ nội dung của tôi và lưu', onclick: () => resolveConflict(leaf, item, true) }),
      h('button', { type: 'button', class: 'take-theirs', text: 'Dùng bản mới nhất', onclick: () => resolveConflict(leaf, item, false) }));
  }

  function resolveConflict(leaf, item, keepMine) {
    leaf.conflict = false;
    leaf.mergeTries = 0;
    leaf.conflictEl.hidden = true;
    leaf.conflictEl.replaceChildren();
    if (keepMine) {
      leaf.base = Object.assign(fieldsOf(item), { etag: etagOf(item) });
      onEdit(leaf);
      save(leaf);
    } else {
      setFields(leaf, item);
      dropDraft(leaf);
      clearErrors(leaf);
      recompute();
    }
    updateGlobalState();
  }

  // ---------- locks and refusals ----------

  /**
   * The API refused a change (deadline passed, submitted, no right): show why and make the form read-only. In the
   * explanation window the refusal concerns one criterion (e.g. a file the council judged on, or the window just
   * closed): it is shown there, and the server's fresh answer decides what stays editable.
   */
  function refuse(reason, leaf) {
    if (leaf && state.readOnly && state.form.viewer.canExplain) {
      leaf.generalError.textContent = reason;
      refresh();
      return;
    }
    state.refusal = reason;
    updateLock();
    refresh();
  }

  /**
   * Whether this person may change this criterion now: the whole self-assessment while it is open, or, in the
   * explanation window, the unit head on a criterion the council questioned in round 1.
   */
  function leafEditable(leaf) {
    if (!state.readOnly) return true;
    const form = state.form;
    return !!(form && form.viewer.canExplain && leaf.item && leaf.item.appraisal && leaf.item.appraisal.editableInWindow);
  }

  function updateLock() {
    const form = state.form;
    const reason = !form.editable ? (form.lockReason || state.refusal || 'Bản tự đánh giá đã khóa.') : state.refusal;
    const lock = byId('lock-reason');
    lock.hidden = !reason;
    lock.textContent = reason || '';
    const viewOnly = byId('view-only');
    viewOnly.hidden = !!reason || form.viewer.canEdit;
    viewOnly.textContent = 'Bạn đang xem bản tự đánh giá này; chỉ cán bộ của cơ quan, đơn vị được sửa.';
    state.readOnly = !!reason || !form.viewer.canEdit;
    state.anyEditable = false;
    root.classList.toggle('read-only', state.readOnly);
    for (const leaf of state.leaves.values()) {
      const editable = leafEditable(leaf);
      const inWindow = editable && state.readOnly;
      state.anyEditable = state.anyEditable || editable;
      if (!editable) { clearTimeout(leaf.timer); leaf.timer = null; }
      leaf.explanationEl.readOnly = !editable;
      if (leaf.scoreEl.tagName === 'SELECT') leaf.scoreEl.disabled = !editable; else leaf.scoreEl.readOnly = !editable;
      leaf.classifiedEl.disabled = !editable;
      leaf.fileInput.disabled = !editable;
      leaf.row.classList.toggle('locked', !editable);
      if (leaf.row.classList.contains('explain-editable') !== inWindow) {
        leaf.row.classList.toggle('explain-editable', inWindow);
        renderEvidence(leaf);
      }
      renderExplainHint(leaf, inWindow);
    }
    // In the explanation window the head works on the questioned criteria: the appraisal banner says so instead.
    if (state.readOnly && state.anyEditable) lock.hidden = true;
    const submitted = byId('submitted-info');
    submitted.hidden = !form.submitted;
    if (form.submitted) submitted.textContent = `Đã nộp lúc ${dateTime(form.submitted.at)} (${form.submitted.by})`;
    byId('phase').textContent = form.phaseName;
    byId('phase').className = 'phase ' + form.phase;
    const button = byId('submit');
    button.hidden = !form.viewer.canSubmit || !!reason;
    byId('submit-note').textContent = (reason || form.viewer.canSubmit) ? '' : 'Thủ trưởng cơ quan, đơn vị nộp bản tự đánh giá khi đã hoàn tất.';
    updateGlobalState();
  }

  function showSession() {
    const box = byId('session');
    box.hidden = false;
    box.replaceChildren('Phiên đăng nhập đã hết hạn. Nội dung đang nhập vẫn được giữ trên máy này. ',
      h('a', { href: PAGE.login, text: 'Đăng nhập lại' }), ' rồi mở lại trang để lưu tiếp.');
  }

  // ---------- submission (unit head, R-2.5) ----------

  async function submit() {
    const button = byId('submit');
    const message = byId('submit-message');
    button.disabled = true;
    try {
      await saveAll();
      const work = pendingWork();
      if (work.errors || work.dirty || work.uploads) {
        message.className = 'message error';
        message.textContent = work.uploads
          ? 'Đang tải tệp lên; vui lòng chờ tải xong rồi nộp.'
          : `Còn ${work.errors + work.dirty} tiêu chí chưa lưu được. Vui lòng xem thông báo ở các tiêu chí đó trước khi nộp.`;
        return;
      }
      recompute();
      const t = state.totals;
      const text = `Nộp bản tự đánh giá năm ${PAGE.year} của ${state.form.unitName}?\n\n`
        + `Tổng điểm tự chấm: ${num(t.self)} điểm\n`
        + `Tổng điểm được tính: ${num(t.counted)} điểm\n`
        + `Số tiêu chí bị tính 0 điểm: ${t.zero}/${t.leaves}\n\n`
        + 'Sau khi nộp, bản tự đánh giá bị khóa và không sửa được nữa.';
      if (!window.confirm(text)) return;
      message.className = 'message ok';
      message.textContent = 'Đang nộp bản tự đánh giá…';
      const r = await call('POST', PAGE.api + '/submit');
      if (r.ok) {
        applyForm(r.data);
        message.className = 'message ok';
        message.textContent = 'Đã nộp bản tự đánh giá' + (r.data.submitted ? ' lúc ' + dateTime(r.data.submitted.at) : '') + '.';
        byId('lock-reason').scrollIntoView({ behavior: 'smooth' });
      } else {
        message.className = 'message error';
        message.textContent = problemText(r.problem);
        if (r.status === 401) showSession();
        else if (r.status === 409 || r.status === 423) refresh();
      }
    } finally {
      button.disabled = false;
    }
  }

  // ---------- evidence: upload with progress, several files, drag and drop; delete ----------

  function wireDropZone(leaf) {
    const zone = leaf.dropZone;
    const over = e => { if (!leafEditable(leaf) || !hasFiles(e)) return; e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; zone.classList.add('drag-over'); };
    zone.addEventListener('dragenter', over);
    zone.addEventListener('dragover', over);
    zone.addEventListener('dragleave', e => { if (!zone.contains(e.relatedTarget)) zone.classList.remove('drag-over'); });
    zone.addEventListener('drop', e => {
      zone.classList.remove('drag-over');
      if (!leafEditable(leaf) || !hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      queueFiles(leaf, [...e.dataTransfer.files]);
    });
  }

  const hasFiles = e => !!e.dataTransfer && [...(e.dataTransfer.types || [])].includes('Files');

  /** Why a file cannot be sent, checked before any upload (the server checks again). */
  function fileProblem(file) {
    const limits = state.form.limits || {};
    if (file.size === 0) return `Tệp "${file.name}" rỗng.`;
    if (limits.maxFileBytes && file.size > limits.maxFileBytes) {
      return `Tệp "${file.name}" (${fileSize(file.size)}) vượt quá dung lượng cho phép ${fileSize(limits.maxFileBytes)}. Vui lòng giảm dung lượng rồi tải lên lại.`;
    }
    const types = limits.acceptedTypes || [];
    const isPdfName = /\.pdf$/i.test(file.name);
    if (types.length && !(file.type && types.includes(file.type)) && !(isPdfName && types.includes('application/pdf'))) {
      return `Tệp "${file.name}" không đúng loại được nhận (${types.map(t => t.replace('application/', '').replace('image/', '').toUpperCase()).join(', ')}).`;
    }
    return null;
  }

  function queueFiles(leaf, files) {
    if (!leafEditable(leaf)) return;
    for (const file of files) {
      const bar = h('progress', { max: 100, value: 0 });
      const label = h('span', { class: 'upload-state', text: 'Đang chờ…' });
      const row = h('li', { class: 'upload', dataset: { state: 'queued', file: file.name } }, h('div', {}, h('strong', { text: file.name }), ' · ', label), bar);
      leaf.uploadsEl.append(row);
      const problem = fileProblem(file);
      if (problem) { finishUpload(row, 'error', problem); continue; }
      leaf.queue.push({ file, row, bar, label });
    }
    pumpUploads(leaf);
  }

  /** One file after another per criterion, so each answer's criterion is the latest; criteria upload in parallel. */
  async function pumpUploads(leaf) {
    if (leaf.uploading) return;
    leaf.uploading = true;
    try {
      while (leaf.queue.length && leafEditable(leaf)) {
        const job = leaf.queue.shift();
        state.uploads++;
        updateGlobalState();
        try { await upload(leaf, job); } finally { state.uploads--; updateGlobalState(); }
      }
      for (const job of leaf.queue.splice(0)) finishUpload(job.row, 'error', 'Không tải lên: bản tự đánh giá đã khóa.');
    } finally {
      leaf.uploading = false;
    }
  }

  function upload(leaf, job) {
    return new Promise(resolve => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', criterionUrl(leaf.code) + '/evidence');
      xhr.setRequestHeader('Accept', 'application/json');
      job.row.dataset.state = 'uploading';
      job.label.textContent = 'Đang tải lên… 0%';
      xhr.upload.onprogress = e => {
        if (!e.lengthComputable) return;
        const percent = Math.floor(e.loaded / e.total * 100);
        job.bar.value = percent;
        job.label.textContent = percent >= 100 ? 'Đang kiểm tra chữ ký số…' : `Đang tải lên… ${percent}%`;
      };
      xhr.onload = () => {
        let data = null;
        try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { data = null; }
        if (xhr.status >= 200 && xhr.status < 300 && data) {
          job.bar.value = 100;
          if (data.criterion) applyItem(leaf, data.criterion, false);
          recompute();
          const status = data.signature ? (SIGNATURE_NAMES[data.signature.status] || data.signature.statusName) : '';
          finishUpload(job.row, 'done', 'Đã tải lên' + (status ? ' – chữ ký số: ' + status : '') + '.');
          setTimeout(() => job.row.remove(), 6000);
        } else {
          const problem = data || { title: 'Lỗi ' + xhr.status };
          finishUpload(job.row, 'error', 'Không tải lên được: ' + problemText(problem));
          if (xhr.status === 401) showSession();
          else if (xhr.status === 403 || xhr.status === 409 || xhr.status === 423) refuse(problemText(problem), leaf);
        }
        resolve();
      };
      xhr.onerror = () => { finishUpload(job.row, 'error', 'Không tải lên được: không kết nối được máy chủ. Vui lòng thử lại.'); resolve(); };
      xhr.onabort = () => { finishUpload(job.row, 'error', 'Đã hủy tải lên.'); resolve(); };
      const body = new FormData();
      // The size first: with it the server sends the file to storage in one request.
      body.append('size', String(job.file.size));
      body.append('file', job.file, job.file.name);
      xhr.send(body);
    });
  }

  function finishUpload(row, kind, text) {
    row.dataset.state = kind;
    row.querySelector('.upload-state').textContent = text;
    if (kind === 'error') row.querySelector('progress').hidden = true;
  }

  async function removeEvidence(leaf, file) {
    if (!leafEditable(leaf)) return;
    if (!window.confirm(`Xóa tệp "${file.fileName}" khỏi tiêu chí ${leaf.code}?`)) return;
    const r = await call('DELETE', PAGE.evidenceApi + encodeURIComponent(file.evidenceId));
    if (r.ok) {
      applyItem(leaf, r.data, false);
      recompute();
      return;
    }
    leaf.generalError.textContent = 'Không xóa được tệp: ' + problemText(r.problem);
    if (r.status === 401) showSession();
    else if (r.status === 403 || r.status === 409 || r.status === 423) refuse(problemText(r.problem), leaf);
  }

  // ---------- history of a criterion ----------

  async function toggleHistory(leaf) {
    if (!leaf.historyEl.hidden) { leaf.historyEl.hidden = true; return; }
    leaf.historyEl.hidden = false;
    leaf.historyEl.replaceChildren(h('span', { class: 'muted', text: 'Đang tải lịch sử…' }));
    const r = await call('GET', criterionUrl(leaf.code) + '/history');
    if (!r.ok) { leaf.historyEl.replaceChildren(h('span', { class: 'general-error', text: problemText(r.problem) })); return; }
    const entries = r.data.entries || [];
    const decisions = r.data.decisions || [];
    if (!entries.length && !decisions.length) { leaf.historyEl.replaceChildren(h('span', { class: 'muted', text: 'Chưa có thay đổi nào.' })); return; }
    const score = (a, b) => a === b ? num(b) : `${a === null || a === undefined ? '–' : num(a)} → ${b === null || b === undefined ? '–' : num(b)}`;
    const shorten = text => !text ? '' : text.length > 120 ? text.slice(0, 120) + '…' : text;
    leaf.historyEl.replaceChildren(
      entries.length ? h('table', { class: 'change-history' },
        h('thead', {}, h('tr', {}, ['Lần', 'Thời gian', 'Người thực hiện', 'Thay đổi', 'Điểm', 'Giải trình'].map(t => h('th', { text: t })))),
        h('tbody', {}, entries.map(e => h('tr', {},
          h('td', { text: String(e.revision) }), h('td', { text: dateTime(e.at) }), h('td', { text: e.by }),
          h('td', { text: (HISTORY_CHANGES[e.change] || e.change) + (e.fileName ? ': ' + e.fileName : '') + (e.newClassified !== e.oldClassified ? (e.newClassified ? ' · đánh dấu tài liệu mật' : ' · bỏ đánh dấu tài liệu mật') : '') }),
          h('td', { text: score(e.oldScore, e.newScore) }),
          h('td', { text: e.newExplanation !== e.oldExplanation ? shorten(e.newExplanation) : '' }))))) : null,
      // The council's decisions on it, each kept as given: round, decision, score, reason, who, agency, when.
      decisions.length ? h('div', { class: 'decision-history' },
        h('div', { class: 'evidence-title', text: 'Ý kiến của Hội đồng thẩm định' }),
        h('table', {},
          h('thead', {}, h('tr', {}, ['Vòng', 'Ý kiến', 'Điểm', 'Lý do', 'Người thẩm định', 'Cơ quan', 'Thời gian'].map(t => h('th', { text: t })))),
          h('tbody', {}, decisions.map(d => h('tr', { dataset: { round: String(d.round), decision: d.decision } },
            h('td', { text: DECISION_ROUNDS[d.round] || String(d.round) }), h('td', { text: d.decisionName }), h('td', { text: num(Number(d.score)) }),
            h('td', { text: d.reason && d.reason !== d.decisionName ? d.reason : '' }), h('td', { text: d.by }),
            h('td', { text: d.agencyName || d.agencyId }), h('td', { text: dateTime(d.at) })))))) : null);
  }

  // ---------- unsaved typing kept in this browser ----------

  const draftKey = leaf => DRAFT_PREFIX + leaf.code;

  function storeDraft(leaf) {
    const now = current(leaf);
    try { localStorage.setItem(draftKey(leaf), JSON.stringify({ score: now.scoreText, explanation: now.explanation, classified: now.classified, at: Date.now() })); }
    catch { /* storage full or disabled: the text is still in the field */ }
  }

  function dropDraft(leaf) {
    try { localStorage.removeItem(draftKey(leaf)); } catch { /* ignore */ }
  }

  function readDraft(leaf) {
    try { const text = localStorage.getItem(draftKey(leaf)); return text ? JSON.parse(text) : null; } catch { return null; }
  }

  /** After a reload: offer the typing this browser kept that differs from what the server has. */
  function offerDrafts() {
    const offers = [];
    for (const leaf of state.leaves.values()) {
      const draft = readDraft(leaf);
      if (!draft) continue;
      const parsed = Kit.parseScore(draft.score, 'Điểm tự chấm', leaf.item.maxScore);
      const same = !parsed.error && sameFields({ score: parsed.value, explanation: draft.explanation || '', classified: !!draft.classified }, fieldsOf(leaf.item));
      if (same) dropDraft(leaf); else offers.push({ leaf, draft });
    }
    const panel = byId('restore-panel');
    if (!offers.length) { panel.hidden = true; return; }
    panel.hidden = false;
    panel.replaceChildren(
      h('strong', { text: `Có nội dung chưa lưu của ${offers.length} tiêu chí còn giữ trên máy này (lần làm việc trước).` }),
      h('ul', {}, offers.map(({ leaf, draft }) => h('li', { dataset: { criterion: leaf.code } },
        h('a', { href: '#criterion-' + leaf.code, text: leaf.code }),
        ` · lúc ${dateTime(new Date(draft.at))} · điểm: ${draft.score || '(chưa chấm)'}${draft.classified ? ' · tài liệu mật' : ''}`,
        h('pre', { text: draft.explanation || '' })))),
      !offers.some(o => leafEditable(o.leaf))
        ? h('p', { text: 'Bản tự đánh giá đã khóa nên không thể khôi phục; có thể sao chép nội dung trên để lưu lại nơi khác.' })
        : h('button', { id: 'restore-drafts', type: 'button', text: 'Khôi phục nội dung chưa lưu', onclick: () => restoreDrafts(offers.filter(o => leafEditable(o.leaf))) }),
      h('button', { id: 'discard-drafts', type: 'button', class: 'danger', text: 'Bỏ qua', onclick: () => { if (window.confirm('Xóa nội dung chưa lưu đang giữ trên máy này?')) { offers.forEach(o => dropDraft(o.leaf)); panel.hidden = true; } } }));
  }

  function restoreDrafts(offers) {
    for (const { leaf, draft } of offers) {
      leaf.scoreEl.value = draft.score || '';
      leaf.explanationEl.value = draft.explanation || '';
      leaf.classifiedEl.checked = !!draft.classified;
      onEdit(leaf);
    }
    byId('restore-panel').hidden = true;
  }

  // ---------- page life: never lose work ----------

  window.addEventListener('beforeunload', e => {
    const work = pendingWork();
    if (state.anyEditable && (work.dirty || work.saving || work.uploads || work.errors)) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
  // Leaving the tab or closing it: send what is pending now (keepalive lets the request outlive the page).
  window.addEventListener('pagehide', () => { state.unloading = true; saveAll(); });
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) { state.unloading = true; saveAll().finally(() => { state.unloading = false; }); return; }
    if (state.form && Date.now() - state.loadedAt > REFRESH_AFTER_MS) refresh();
  });
  window.addEventListener('online', () => { for (const leaf of state.leaves.values()) if (leaf.errored && !leaf.conflict && leafEditable(leaf)) save(leaf); });
  // A file dropped beside a drop zone must not make the browser open it and leave the page.
  window.addEventListener('dragover', e => { if (hasFiles(e)) e.preventDefault(); });
  window.addEventListener('drop', e => { if (hasFiles(e)) e.preventDefault(); });

  load();
})();
