// Khảo sát: the working group's survey page (SurveyPage, journey 6). Plain JavaScript, no framework.
// PAGE = { year, types, *Api route templates, login }; each template keeps its {indexSet}/{unitId}/{code} for fill().
// Four tabs: the overview of every unit's ballots against the quotas, an index set's questionnaire, the spreadsheet
// import, and one unit's detail (conversion with its inputs, ballots with re-verification, respondents and links).
// The tab, index set and unit live in the address so a reload keeps them. The API decides every right and rule; the
// answers leave null fields out, hence the "== null" tests.
(() => {
  'use strict';
  const { h, num, dateTime, problemText, call } = Kit;
  const TABS = ['overview', 'questionnaire', 'import', 'unit'];
  const SOURCES = { import: 'Nhập từ tệp Excel', online: 'Trả lời trực tuyến', entered: 'Nhập từ phiếu giấy' };

  const loadState = document.getElementById('load-state');
  const views = Object.fromEntries(TABS.map(tab => [tab, document.getElementById('view-' + tab)]));
  const params = new URLSearchParams(location.search);
  const firstType = PAGE.types.length > 0 ? PAGE.types[0].code : '';
  const state = {
    tab: TABS.includes(params.get('tab')) ? params.get('tab') : (params.get('unit') ? 'unit' : 'overview'),
    set: params.get('set') || firstType,
    unit: params.get('unit') || '',
    overview: null,
    // The last chosen file and answer of the import, so "import only the valid rows" sends the same file.
    importFile: null,
  };

  // ---------- helpers ----------

  /** A route template with its {placeholders} filled in, each value encoded. */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? encodeURIComponent(values[name]) : whole));
  }

  function remember() {
    const query = new URLSearchParams();
    if (state.tab !== 'overview') query.set('tab', state.tab);
    if (state.set && state.set !== firstType) query.set('set', state.set);
    if (state.unit) query.set('unit', state.unit);
    const text = query.toString();
    history.replaceState(null, '', location.pathname + (text ? '?' + text : ''));
  }

  /** Shows a message box: ok or error, with the API's per-field errors listed under it. */
  function show(box, ok, text, errors) {
    box.className = 'message ' + (ok ? 'ok' : 'error');
    box.replaceChildren(text);
    if (errors && typeof errors === 'object') {
      box.append(h('ul', {}, Object.entries(errors).flatMap(([field, messages]) =>
        messages.map(message => h('li', { dataset: { field }, text: message })))));
    }
  }

  /** A refused call: the server's Vietnamese reason and errors; a lapsed sign-in gets a link to sign in again. */
  function failure(box, r, withErrors = true) {
    show(box, false, problemText(r.problem), withErrors ? r.problem.errors : null);
    if (r.status === 401) box.append(' ', h('a', { href: PAGE.login, text: 'Đăng nhập lại' }));
  }

  const messageBox = id => h('div', { id, class: 'message', role: 'status' });
  const typeName = code => (PAGE.types.find(type => type.code === code) || { name: '' }).name;
  const typeOptions = selected => PAGE.types.map(type => h('option', { value: type.code, selected: type.code === selected, text: `Chỉ số ${type.code} – ${type.name}` }));
  const methodText = method => (String(method).toLowerCase() === 'phone' ? 'Qua điện thoại' : 'Gặp trực tiếp');

  /** "17/20" with a small bar and the shortfall, for one group of one unit. */
  function tallyCell(group) {
    const shortfall = Math.max(0, group.quota - group.valid);
    const share = group.quota > 0 ? Math.min(1, group.valid / group.quota) : 1;
    return h('td', { class: 'tally' + (shortfall > 0 ? ' short' : ''), dataset: { group: group.code } },
      h('span', { class: 'count', text: `${group.valid}/${group.quota}` }),
      h('div', { class: 'bar', title: `${group.valid} phiếu hợp lệ trên ${group.quota} phiếu cần thu` }, h('span', { style: `width:${Math.round(share * 100)}%` })),
      shortfall > 0 ? h('span', { class: 'shortfall', text: `thiếu ${shortfall}` }) : null);
  }

  async function loadOverview() {
    const r = await call('GET', PAGE.overviewApi);
    if (!r.ok) { failure(loadState, r); loadState.hidden = false; return false; }
    state.overview = r.data;
    return true;
  }

  // ---------- tabs ----------

  function go(tab, changes) {
    Object.assign(state, changes || {});
    state.tab = tab;
    remember();
    for (const button of document.querySelectorAll('.tabs .tab')) {
      const active = button.dataset.tab === tab;
      button.classList.toggle('active', active);
      button.setAttribute('aria-selected', active ? 'true' : 'false');
    }
    for (const [name, view] of Object.entries(views)) view.hidden = name !== tab;
    ({ overview: showOverview, questionnaire: showQuestionnaire, import: showImport, unit: showUnit })[tab]();
  }

  // ---------- overview ----------

  async function showOverview() {
    if (!state.overview && !(await loadOverview())) return;
    loadState.hidden = true;
    renderOverview();
  }

  function renderOverview() {
    const data = state.overview;
    const view = views.overview;
    const missing = data.indexSetsWithoutQuestionnaire.map(set => h('p', { class: 'missing-questionnaire', dataset: { indexSet: set } },
      h('strong', { text: `Bộ chỉ số ${set}` }), ' chưa có bảng câu hỏi được lưu: chưa nhận được phiếu khảo sát cho các đơn vị loại này. ',
      h('button', { type: 'button', class: 'open-questionnaire', onclick: () => go('questionnaire', { set }), text: 'Mở bảng câu hỏi' })));
    const types = [...new Set([...PAGE.types.map(type => type.code), ...data.units.map(unit => unit.type)])];
    const sections = types.map(type => {
      const lines = data.units.filter(unit => unit.type === type);
      if (lines.length === 0) return null;
      const groups = [];
      for (const line of lines) for (const group of line.groups) if (!groups.some(g => g.code === group.code)) groups.push(group);
      const head = h('tr', {},
        h('th', { text: 'Cơ quan, đơn vị' }),
        groups.map(group => h('th', { text: `${group.title} (${group.code}): hợp lệ/cần thu` })),
        h('th', { class: 'num', text: 'Bị loại khi phúc tra' }),
        h('th', { class: 'num', text: 'Người đã đăng ký' }),
        h('th', { class: 'num', text: 'Điểm nội dung V' }));
      const rows = lines.map(line => h('tr', { dataset: { unitId: line.unitId }, class: line.quotasMet ? null : 'short-row' },
        h('td', { class: 'name' }, h('a', {
          href: '?tab=unit&unit=' + encodeURIComponent(line.unitId), class: 'unit-link',
          onclick: e => { e.preventDefault(); go('unit', { unit: line.unitId }); }, text: line.name,
        })),
        line.hasQuestionnaire
          ? groups.map(group => {
            const tally = line.groups.find(g => g.code === group.code);
            return tally ? tallyCell(tally) : h('td', { class: 'muted', text: '—' });
          })
          : h('td', { colspan: groups.length || 1, class: 'muted', text: 'Chưa có bảng câu hỏi' }),
        h('td', { class: 'num excluded', text: String(line.groups.reduce((sum, group) => sum + group.excluded, 0)) }),
        h('td', { class: 'num registered', text: String(line.registered) }),
        h('td', { class: 'num points', text: num(line.total) })));
      return h('section', { class: 'card overview-type', dataset: { type } },
        h('h2', { text: `Chỉ số ${type}${typeName(type) ? ' · ' + typeName(type) : ''} (${lines.length})` }),
        h('div', { class: 'table-wrap' }, h('table', { class: 'overview', id: 'overview-' + type }, h('thead', {}, head), h('tbody', {}, rows))));
    });
    view.replaceChildren(
      h('section', { class: 'card', id: 'overview-head' },
        h('p', {}, 'Mỗi đơn vị cần 20 phiếu hợp lệ của đại biểu HĐND tỉnh và 40 phiếu của doanh nghiệp, người dân, tổ chức (Điều 3.2). ',
          'Phiếu không đạt khi phúc tra bị loại. ', data.published ? h('strong', { text: 'Kết quả năm đã công bố: không thay đổi được phiếu.' }) : null),
        missing.length > 0 ? h('div', { id: 'missing-questionnaires', class: 'warn-box' }, missing) : null,
        data.units.length === 0 ? h('p', { class: 'muted', text: 'Năm này chưa có cơ quan, đơn vị nào.' }) : null),
      ...sections.filter(Boolean));
  }

  // ---------- questionnaire ----------

  function showQuestionnaire() {
    loadState.hidden = true;
    const select = h('select', { id: 'questionnaire-set' }, typeOptions(state.set));
    select.addEventListener('change', () => { state.set = select.value; remember(); loadQuestionnaire(); });
    views.questionnaire.replaceChildren(
      h('section', { class: 'card' },
        h('form', { class: 'inline', onsubmit: e => e.preventDefault() }, h('label', {}, 'Bộ chỉ số', select)),
        h('div', { id: 'questionnaire-body' }, h('p', { class: 'muted', text: 'Đang tải bảng câu hỏi…' }))));
    loadQuestionnaire();
  }

  async function loadQuestionnaire() {
    const body = document.getElementById('questionnaire-body');
    const r = await call('GET', fill(PAGE.questionnaireApi, { indexSet: state.set }));
    if (!r.ok) { const box = messageBox('questionnaire-message'); body.replaceChildren(box); failure(box, r); return; }
    renderQuestionnaire(r.data, r.etag);
  }

  function renderQuestionnaire(data, etag) {
    const body = document.getElementById('questionnaire-body');
    const message = messageBox('questionnaire-message');
    const locked = data.lockedReason != null;
    const editable = { groups: data.groups, questions: data.questions };

    async function save(content, button) {
      button.disabled = true;
      show(message, true, 'Đang lưu bảng câu hỏi…');
      const r = await call('PUT', fill(PAGE.questionnaireApi, { indexSet: data.indexSet }), content, etag ? { 'If-Match': etag } : {});
      button.disabled = false;
      if (!r.ok) { failure(message, r); return; }
      state.overview = null;
      renderQuestionnaire(r.data, r.etag);
      show(document.getElementById('questionnaire-message'), true, `Đã lưu bảng câu hỏi của bộ chỉ số ${r.data.indexSet}: ${r.data.questions.length} câu hỏi.`);
    }

    const status = data.draft
      ? h('p', { id: 'questionnaire-status', class: 'draft' }, h('strong', { text: 'Bản nháp: ' }),
        'hệ thống lập từ các tiêu chí của nội dung V (một câu mỗi tiêu chí, thang 4 mức). Chưa được lưu nên chưa nhận được phiếu.')
      : h('p', { id: 'questionnaire-status' }, `Đã lưu bởi ${data.savedBy} lúc ${dateTime(data.savedAt)}. `, `${data.ballots} phiếu đã trả lời theo bảng câu hỏi này.`);
    const saveButton = data.draft && !locked
      ? h('button', { type: 'button', id: 'save-questionnaire', text: 'Lưu bảng câu hỏi này' })
      : null;
    if (saveButton) saveButton.addEventListener('click', () => save(editable, saveButton));

    const groups = h('table', { id: 'questionnaire-groups' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Mã nhóm' }), h('th', { text: 'Nhóm người trả lời' }), h('th', { class: 'num', text: 'Số phiếu cần thu' }))),
      h('tbody', {}, data.groups.map(group => h('tr', { dataset: { group: group.code } },
        h('td', { text: group.code }), h('td', { text: group.title }), h('td', { class: 'num', text: String(group.quota) })))));
    const questions = h('table', { id: 'questionnaire-questions' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Câu' }), h('th', { text: 'Tiêu chí' }), h('th', { text: 'Nhóm' }), h('th', { text: 'Nội dung câu hỏi' }), h('th', { text: 'Phương án (tỷ lệ điểm)' }))),
      h('tbody', {}, data.questions.map(question => h('tr', { dataset: { question: question.code } },
        h('td', { text: question.code }), h('td', { text: question.criterion }), h('td', { text: question.group }), h('td', { text: question.text }),
        h('td', {}, h('ul', { class: 'options' }, question.options.map(option => h('li', { text: `${option.code}. ${option.text} (${num(option.percent)} %)` }))))))));

    let advanced = null;
    if (!locked) {
      const textarea = h('textarea', { id: 'questionnaire-json', rows: 16, spellcheck: 'false' });
      textarea.value = JSON.stringify(editable, null, 2);
      const jsonButton = h('button', { type: 'button', id: 'save-questionnaire-json', text: 'Lưu theo nội dung JSON' });
      jsonButton.addEventListener('click', () => {
        let content;
        try { content = JSON.parse(textarea.value); } catch (error) {
          show(message, false, 'Nội dung không phải JSON hợp lệ: ' + error.message + '. Chưa lưu gì.');
          return;
        }
        save(content, jsonButton);
      });
      advanced = h('details', { id: 'questionnaire-advanced' },
        h('summary', { text: 'Sửa nâng cao (JSON): nhóm, số phiếu cần thu, câu hỏi, phương án và tỷ lệ điểm' }),
        h('p', { class: 'muted', text: 'Mỗi tiêu chí của nội dung V cần ít nhất một câu hỏi; tỷ lệ điểm từ 0 đến 100. Hệ thống kiểm tra và báo từng lỗi, không lưu gì khi còn lỗi.' }),
        textarea, h('p', {}, jsonButton));
    }

    // Through h(), which leaves out the nulls (replaceChildren would write them as text).
    body.replaceChildren(h('div', { id: 'questionnaire-view' },
      h('h2', { text: `Bảng câu hỏi bộ chỉ số ${data.indexSet}` }),
      status,
      locked ? h('p', { id: 'questionnaire-locked', class: 'warn', text: data.lockedReason }) : null,
      saveButton ? h('p', {}, saveButton) : null,
      message,
      h('h3', { text: 'Nhóm người trả lời' }), groups,
      h('h3', { text: `Câu hỏi (${data.questions.length})` }), h('div', { class: 'table-wrap' }, questions),
      advanced));
  }

  // ---------- import ----------

  function showImport() {
    loadState.hidden = true;
    const select = h('select', { id: 'import-set' }, typeOptions(state.set));
    const template = h('a', { id: 'template-link', class: 'button-link', text: 'Tải tệp mẫu (.xlsx)' });
    const file = h('input', { id: 'import-file', type: 'file', accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const submit = h('button', { type: 'submit', id: 'import-submit', text: 'Nhập phiếu' });
    const setTemplate = () => { template.href = fill(PAGE.templateApi, { indexSet: select.value }); };
    setTemplate();
    select.addEventListener('change', () => { state.set = select.value; remember(); setTemplate(); });
    const form = h('form', { id: 'import-form', class: 'inline' },
      h('label', {}, 'Bộ chỉ số', select), template, h('label', {}, 'Tệp phiếu đã điền (.xlsx)', file), submit);
    form.addEventListener('submit', e => {
      e.preventDefault();
      state.importFile = file.files[0] || null;
      upload(false, submit);
    });
    views.import.replaceChildren(h('section', { class: 'card' },
      h('h2', { text: 'Nhập phiếu khảo sát từ tệp Excel' }),
      h('p', { class: 'muted', text: 'Tải tệp mẫu của bộ chỉ số (mỗi người được khảo sát chưa có phiếu một dòng), điền câu trả lời từ phiếu giấy, rồi nhập. '
        + 'Mọi dòng được kiểm tra trước; khi có dòng lỗi, chưa phiếu nào được lưu cho đến khi bạn xác nhận chỉ nhập các dòng hợp lệ.' }),
      form, messageBox('import-message'), h('div', { id: 'import-result' })));
  }

  /** multipart POST of the chosen file; answers like Kit.call: { ok, status, data } or { ok: false, status, problem }. */
  async function post(url, formData) {
    let response;
    try { response = await fetch(url, { method: 'POST', body: formData, credentials: 'same-origin', headers: { Accept: 'application/json' } }); }
    catch { return { ok: false, status: 0, problem: { detail: 'Không kết nối được máy chủ; kiểm tra kết nối mạng rồi thử lại. Chưa phiếu nào được nhập.' } }; }
    let data = null;
    try { data = await response.json(); } catch { data = null; }
    if (response.ok) return { ok: true, status: response.status, data };
    return { ok: false, status: response.status, problem: data && typeof data === 'object' ? data : { title: 'Lỗi ' + response.status } };
  }

  async function upload(validRowsOnly, button) {
    const message = document.getElementById('import-message');
    const result = document.getElementById('import-result');
    const file = state.importFile;
    if (!file) { show(message, false, 'Chưa chọn tệp phiếu (.xlsx).'); return; }
    if (file.size > 5 * 1024 * 1024) { show(message, false, 'Tệp lớn hơn 5 MB; hãy chia thành nhiều tệp.'); return; }
    const indexSet = document.getElementById('import-set').value;
    const form = new FormData();
    form.append('file', file, file.name);
    if (validRowsOnly) form.append('confirm', 'validRows');
    button.disabled = true;
    show(message, true, `Đang kiểm tra và nhập ${file.name}…`);
    const r = await post(fill(PAGE.importApi, { indexSet }), form);
    button.disabled = false;
    const answer = r.ok ? r.data : r.problem;
    if (r.ok) {
      show(message, true, answer.message);
      state.overview = null;
      await loadOverview();
    } else {
      // 422 lists the rows in a table below; 400 (file unreadable) and others carry their reasons in errors.
      failure(message, r, !answer.rowErrors);
    }
    result.replaceChildren(...importResult(answer, !r.ok && r.status === 422));
  }

  function importResult(answer, canConfirm) {
    if (!answer || !Array.isArray(answer.rowErrors)) return [];
    const parts = [h('p', { id: 'import-counts' },
      `Số dòng phiếu: ${answer.rows} · chưa trả lời (bỏ qua): ${answer.unanswered} · hợp lệ: ${answer.validRows} · lỗi: ${answer.rowErrors.length} · đã nhập: ${answer.imported}`)];
    if (answer.rowErrors.length > 0) {
      parts.push(h('table', { id: 'import-errors' },
        h('thead', {}, h('tr', {}, h('th', { class: 'num', text: 'Dòng' }), h('th', { text: 'Mã người trả lời' }), h('th', { text: 'Lỗi' }))),
        h('tbody', {}, answer.rowErrors.map(error => h('tr', { dataset: { row: error.row } },
          h('td', { class: 'num', text: String(error.row) }), h('td', { text: error.respondent || '—' }),
          h('td', {}, h('ul', {}, error.messages.map(text => h('li', { text })))))))));
    }
    if (canConfirm && answer.validRows > 0) {
      const confirmButton = h('button', { type: 'button', id: 'import-confirm', text: `Chỉ nhập ${answer.validRows} phiếu hợp lệ` });
      confirmButton.addEventListener('click', () => upload(true, confirmButton));
      parts.push(h('p', {}, confirmButton, h('span', { class: 'muted', text: ' Các dòng lỗi sẽ không được nhập; sửa chúng rồi nhập lại sau.' })));
    }
    return parts;
  }

  // ---------- one unit ----------

  function showUnit() {
    loadState.hidden = true;
    if (!state.unit) { renderUnitChooser(); return; }
    views.unit.replaceChildren(h('p', { class: 'muted', text: 'Đang tải số liệu khảo sát của đơn vị…' }));
    loadUnit();
  }

  async function renderUnitChooser() {
    if (!state.overview && !(await loadOverview())) return;
    const select = h('select', { id: 'unit-select' }, h('option', { value: '', text: '— Chọn đơn vị —' }),
      state.overview.units.map(unit => h('option', { value: unit.unitId, text: unit.name })));
    select.addEventListener('change', () => { if (select.value) go('unit', { unit: select.value }); });
    views.unit.replaceChildren(h('section', { class: 'card' },
      h('p', { text: 'Chọn một đơn vị (hoặc bấm tên đơn vị ở bảng Tổng hợp) để xem quy đổi điểm, phiếu và người được khảo sát.' }),
      h('label', {}, 'Đơn vị', select)));
  }

  async function loadUnit() {
    const unitId = state.unit;
    const [survey, respondents] = await Promise.all([
      call('GET', fill(PAGE.unitSurveyApi, { unitId })),
      call('GET', PAGE.respondentsApi + '?unitId=' + encodeURIComponent(unitId)),
    ]);
    if (unitId !== state.unit || state.tab !== 'unit') return;
    if (!survey.ok || !respondents.ok) {
      const box = messageBox('unit-message');
      views.unit.replaceChildren(h('section', { class: 'card' }, box, h('p', {}, h('a', { href: '?', text: 'Về bảng tổng hợp' }))));
      failure(box, survey.ok ? respondents : survey);
      return;
    }
    renderUnit(survey.data, respondents.data.respondents);
  }

  function renderUnit(data, respondents) {
    views.unit.replaceChildren(
      unitSummary(data),
      unitConversion(data),
      unitBallots(data),
      unitRespondents(data, respondents));
  }

  function unitSummary(data) {
    const rows = data.groups.map(group => h('tr', { dataset: { group: group.code }, class: group.valid < group.quota ? 'short' : null },
      h('td', { text: `${group.title} (${group.code})` }),
      h('td', { class: 'num quota', text: String(group.quota) }),
      h('td', { class: 'num received', text: String(group.received) }),
      h('td', { class: 'num excluded', text: String(group.excluded) }),
      h('td', { class: 'num valid', text: String(group.valid) }),
      h('td', { class: 'num shortfall', text: String(Math.max(0, group.quota - group.valid)) })));
    return h('section', { class: 'card', id: 'unit-summary', dataset: { unitId: data.unitId } },
      h('h2', { id: 'unit-name', text: data.unitName }),
      h('p', {}, `Bộ chỉ số ${data.indexSet} · Điểm nội dung V: `, h('strong', { id: 'unit-total', text: num(data.total) }), ` / ${num(data.maxScore)} điểm`),
      data.hasQuestionnaire ? null : h('p', { class: 'warn', text: `Bộ chỉ số ${data.indexSet} chưa có bảng câu hỏi được lưu; đơn vị chưa nhận được phiếu.` }),
      h('p', { id: 'quota-state', class: data.quotasMet ? 'ok-text' : 'warn', text: data.quotasMet ? 'Đủ số phiếu hợp lệ theo quy định ở mọi nhóm.' : 'Chưa đủ số phiếu hợp lệ theo quy định.' }),
      h('table', { id: 'unit-groups' },
        h('thead', {}, h('tr', {}, h('th', { text: 'Nhóm' }), h('th', { class: 'num', text: 'Cần thu' }), h('th', { class: 'num', text: 'Đã nhận' }),
          h('th', { class: 'num', text: 'Bị loại khi phúc tra' }), h('th', { class: 'num', text: 'Hợp lệ' }), h('th', { class: 'num', text: 'Còn thiếu' }))),
        h('tbody', {}, rows)));
  }

  /** Every input of section V, so anyone can recompute it by hand. */
  function unitConversion(data) {
    const criteria = data.criteria.map(criterion => {
      const codes = [];
      for (const question of criterion.questions) for (const code of Object.keys(question.optionCounts)) if (!codes.includes(code)) codes.push(code);
      return h('div', { class: 'criterion', dataset: { criterion: criterion.code } },
        h('h3', {}, h('span', { class: 'code', text: criterion.code + ' ' }), criterion.title, ' — ',
          h('strong', { class: 'criterion-points', text: num(criterion.points) }), ` / ${num(criterion.maxScore)} điểm`),
        criterion.questions.length === 0
          ? h('p', { class: 'muted', text: 'Chưa có câu hỏi cho tiêu chí này (0 điểm).' })
          : h('div', { class: 'table-wrap' }, h('table', { class: 'conversion' },
            h('thead', {}, h('tr', {}, h('th', { text: 'Câu' }), h('th', { text: 'Nhóm' }), h('th', { text: 'Nội dung' }), h('th', { class: 'num', text: 'Phiếu hợp lệ' }),
              codes.map(code => h('th', { class: 'num', text: `Chọn ${code}` })), h('th', { class: 'num', text: 'Tỷ lệ bình quân' }), h('th', { class: 'num', text: 'Điểm' }))),
            h('tbody', {}, criterion.questions.map(question => h('tr', { dataset: { question: question.code } },
              h('td', { text: question.code }), h('td', { text: question.group }), h('td', { text: question.text }),
              h('td', { class: 'num valid-ballots', text: String(question.validBallots) }),
              codes.map(code => h('td', { class: 'num', dataset: { option: code }, text: String(question.optionCounts[code] ?? 0) })),
              h('td', { class: 'num average', text: num(question.averagePercent) + ' %' }),
              h('td', { class: 'num', text: num(question.points) })))))));
    });
    return h('section', { class: 'card', id: 'unit-conversion' },
      h('h2', { text: 'Quy đổi điểm nội dung V' }),
      h('p', { class: 'muted', text: 'Mỗi phiếu hợp lệ được tỷ lệ điểm của phương án đã chọn (theo bảng câu hỏi). Tỷ lệ bình quân của một câu tính trên các phiếu hợp lệ của nhóm được hỏi; '
        + 'điểm một tiêu chí = điểm tối đa × trung bình tỷ lệ bình quân các câu của tiêu chí ÷ 100, làm tròn 2 chữ số thập phân; điểm nội dung V là tổng điểm các tiêu chí. Phiếu không đạt khi phúc tra không được tính.' }),
      criteria);
  }

  function checkHistory(checks) {
    if (checks.length === 0) return h('p', { class: 'muted history-empty', text: 'Chưa phúc tra.' });
    return h('table', { class: 'check-history' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Thời điểm' }), h('th', { text: 'Hình thức' }), h('th', { text: 'Kết quả' }), h('th', { text: 'Ghi chú' }), h('th', { text: 'Người ghi' }))),
      h('tbody', {}, checks.map(check => h('tr', { class: check.confirmed ? 'confirmed' : 'refuted' },
        h('td', { text: dateTime(check.at) }), h('td', { text: methodText(check.method) }),
        h('td', { text: check.confirmed ? 'Xác nhận' : 'Không xác nhận' }), h('td', { text: check.note || '' }), h('td', { text: check.by })))));
  }

  /** The re-verification form of one ballot: how it was checked, the outcome and a note (required when not confirmed). */
  function verifyForm(ballot) {
    const id = 'verify-' + ballot.respondent;
    const method = h('select', { class: 'verify-method', name: 'method' },
      h('option', { value: 'phone', text: 'Qua điện thoại' }), h('option', { value: 'direct', text: 'Gặp trực tiếp' }));
    const yes = h('input', { type: 'radio', name: id + '-outcome', value: 'yes', class: 'verify-confirmed' });
    const no = h('input', { type: 'radio', name: id + '-outcome', value: 'no', class: 'verify-refuted' });
    const note = h('input', { type: 'text', class: 'verify-note', name: 'note', maxlength: 1000, placeholder: 'Bắt buộc khi không xác nhận' });
    const save = h('button', { type: 'submit', class: 'verify-save', text: 'Ghi kết quả phúc tra' });
    const message = h('div', { class: 'message verify-message', role: 'status' });
    const form = h('form', { class: 'verify-form inline', dataset: { respondent: ballot.respondent } },
      h('label', {}, 'Hình thức', method),
      h('fieldset', { class: 'outcome' }, h('legend', { text: 'Kết quả' }),
        h('label', { class: 'check' }, yes, 'Xác nhận đã trực tiếp trả lời'), h('label', { class: 'check' }, no, 'Không xác nhận')),
      h('label', { class: 'wide' }, 'Ghi chú', note), save);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      if (!yes.checked && !no.checked) { show(message, false, 'Chọn kết quả phúc tra: xác nhận hoặc không xác nhận.'); return; }
      if (no.checked && !note.value.trim()) { show(message, false, 'Phúc tra không đạt: cần ghi rõ lý do ở ô Ghi chú.'); note.focus(); return; }
      save.disabled = true;
      show(message, true, 'Đang ghi…');
      const body = { method: method.value, confirmed: yes.checked, note: note.value.trim() || null };
      const r = await call('PUT', fill(PAGE.verificationApi, { code: ballot.respondent }), body);
      save.disabled = false;
      if (!r.ok) { failure(message, r); return; }
      state.overview = null;
      await loadUnit();
      const row = document.querySelector(`#unit-ballots tr.ballot[data-respondent="${CSS.escape(ballot.respondent)}"]`);
      const status = row && row.querySelector('.ballot-status');
      if (status) status.append(h('span', { class: 'just-saved', text: ' · vừa ghi phúc tra' }));
    });
    return h('div', { class: 'verify', id }, form, message, h('h4', { text: 'Lịch sử phúc tra' }), checkHistory(ballot.checks));
  }

  function unitBallots(data) {
    const ballots = data.ballots || [];
    const rows = ballots.flatMap(ballot => {
      const detailRow = h('tr', { class: 'verify-row', dataset: { respondent: ballot.respondent }, hidden: true },
        h('td', { colspan: 8 }, verifyForm(ballot)));
      const toggle = h('button', { type: 'button', class: 'verify-open', text: 'Phúc tra' });
      toggle.addEventListener('click', () => { detailRow.hidden = !detailRow.hidden; });
      const latest = ballot.checks.length > 0 ? ballot.checks[ballot.checks.length - 1] : null;
      return [
        h('tr', { class: 'ballot' + (ballot.excluded ? ' excluded' : ''), dataset: { respondent: ballot.respondent } },
          h('td', { text: ballot.respondent }), h('td', { text: ballot.name }), h('td', { text: ballot.group }),
          h('td', { text: SOURCES[ballot.source] || ballot.source }), h('td', { text: dateTime(ballot.at) }), h('td', { class: 'by', text: ballot.by }),
          h('td', { class: 'ballot-status' }, ballot.excluded
            ? h('span', { class: 'badge excluded-badge', text: 'Bị loại (phúc tra không đạt)' })
            : h('span', { class: 'badge valid-badge', text: latest ? 'Hợp lệ · đã phúc tra' : 'Hợp lệ' })),
          h('td', {}, toggle)),
        detailRow,
      ];
    });
    return h('section', { class: 'card', id: 'unit-ballots' },
      h('h2', { text: `Phiếu đã nhận (${ballots.length})` }),
      ballots.length === 0
        ? h('p', { class: 'muted', text: 'Chưa có phiếu nào.' })
        : h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, h('th', { text: 'Mã' }), h('th', { text: 'Người trả lời' }), h('th', { text: 'Nhóm' }), h('th', { text: 'Nguồn' }),
            h('th', { text: 'Thời điểm' }), h('th', { text: 'Người ghi' }), h('th', { text: 'Trạng thái' }), h('th', { text: '' }))),
          h('tbody', {}, rows))));
  }

  function respondentState(respondent) {
    if (!respondent.answered) return h('span', { class: 'muted', text: 'Chưa trả lời' });
    const when = `Đã trả lời lúc ${dateTime(respondent.answeredAt)} (${SOURCES[respondent.source] || respondent.source})`;
    return h('span', { class: respondent.excluded ? 'excluded-text' : null, text: respondent.excluded ? when + ' · bị loại khi phúc tra' : when });
  }

  function linkCell(respondent) {
    if (respondent.answered) return h('td', {});
    const output = h('div', { class: 'link-output' });
    const button = h('button', { type: 'button', class: 'create-link', text: 'Tạo đường liên kết' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      const r = await call('POST', fill(PAGE.linkApi, { code: respondent.code }));
      button.disabled = false;
      if (!r.ok) { const box = messageBox(null); output.replaceChildren(box); failure(box, r); return; }
      const field = h('input', { type: 'text', class: 'link-url', readonly: true, value: r.data.url });
      const copy = h('button', { type: 'button', class: 'copy-link', text: 'Sao chép' });
      copy.addEventListener('click', async () => {
        field.select();
        try { await navigator.clipboard.writeText(field.value); copy.textContent = 'Đã sao chép'; }
        catch { copy.textContent = 'Đã chọn: nhấn Ctrl+C để sao chép'; }
      });
      output.replaceChildren(field, copy, h('div', { class: 'muted', text: `Dùng được một lần, đến ${r.data.expiresText}. Gửi riêng cho ${respondent.name} (tin nhắn, Zalo…).` }));
    });
    return h('td', { class: 'link-cell' }, button, output);
  }

  function respondentForm(data) {
    const groups = data.groups.length > 0 ? data.groups : [{ code: 'HDND', title: 'Đại biểu HĐND tỉnh' }, { code: 'DN', title: 'Doanh nghiệp, người dân, tổ chức' }];
    const field = (name, label, input) => h('label', {}, label, input, h('span', { class: 'field-error', dataset: { field: name } }));
    const inputs = {
      code: h('input', { name: 'code', maxlength: 32, required: true }),
      group: h('select', { name: 'group' }, groups.map(group => h('option', { value: group.code, text: `${group.title} (${group.code})` }))),
      name: h('input', { name: 'name', maxlength: 200, required: true }),
      phone: h('input', { name: 'phone', type: 'tel', maxlength: 20 }),
      email: h('input', { name: 'email', type: 'email', maxlength: 254 }),
      organisation: h('input', { name: 'organisation', maxlength: 300 }),
    };
    const message = messageBox('respondent-message');
    const submit = h('button', { type: 'submit', id: 'respondent-save', text: 'Đăng ký' });
    // novalidate: the API checks every field and its Vietnamese message goes next to the field.
    const form = h('form', { id: 'respondent-form', class: 'inline', novalidate: true },
      field('code', 'Mã người được khảo sát', inputs.code), field('group', 'Nhóm', inputs.group), field('name', 'Họ tên', inputs.name),
      field('phone', 'Điện thoại', inputs.phone), field('email', 'Thư điện tử', inputs.email), field('organisation', 'Cơ quan, doanh nghiệp, địa chỉ', inputs.organisation),
      submit);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      for (const span of form.querySelectorAll('.field-error')) span.textContent = '';
      const respondent = { unitId: data.unitId };
      for (const [name, input] of Object.entries(inputs)) respondent[name] = input.value.trim() || null;
      submit.disabled = true;
      const r = await call('POST', PAGE.respondentsApi, { respondents: [respondent] });
      submit.disabled = false;
      if (!r.ok) {
        // "respondents[0].email" → next to the e-mail field; the rest in the box.
        for (const [key, messages] of Object.entries(r.problem.errors || {})) {
          const span = form.querySelector(`.field-error[data-field="${CSS.escape(key.replace(/^respondents\[0\]\./, ''))}"]`);
          if (span) span.textContent = messages.join(' ');
        }
        failure(message, r);
        return;
      }
      state.overview = null;
      await loadUnit();
      show(document.getElementById('respondent-message'), true, `Đã đăng ký ${respondent.name} (${respondent.code}).`);
    });
    return h('div', {}, h('h3', { text: 'Đăng ký một người được khảo sát' }), form, message);
  }

  function unitRespondents(data, respondents) {
    const invite = h('button', { type: 'button', id: 'send-invitations', text: 'Gửi thư mời khảo sát' });
    const inviteMessage = messageBox('invitations-message');
    invite.addEventListener('click', async () => {
      invite.disabled = true;
      show(inviteMessage, true, 'Đang gửi thư mời…');
      const r = await call('POST', PAGE.invitationsApi, { unitId: data.unitId });
      invite.disabled = false;
      if (!r.ok) { failure(inviteMessage, r); return; }
      const d = r.data;
      show(inviteMessage, true, `Đã gửi ${d.sent} thư mời mới; ${d.alreadySent} người đã được gửi trước đó (không gửi lại); ${d.answered} người đã trả lời; `
        + (d.noEmail.length === 0 ? 'ai chưa trả lời cũng có thư điện tử.' : `${d.noEmail.length} người chưa có thư điện tử (${d.noEmail.join(', ')}): hãy tạo đường liên kết và gửi cách khác.`));
    });
    const rows = respondents.map(respondent => h('tr', { class: 'respondent', dataset: { code: respondent.code } },
      h('td', { text: respondent.code }), h('td', { text: respondent.name }), h('td', { text: respondent.group }),
      h('td', { text: respondent.phone || '' }), h('td', { text: respondent.email || '' }), h('td', { text: respondent.organisation || '' }),
      h('td', {}, respondentState(respondent)), linkCell(respondent)));
    return h('section', { class: 'card', id: 'unit-respondents' },
      h('h2', { text: `Người được khảo sát (${respondents.length})` }),
      h('p', {}, invite, h('span', { class: 'muted', text: ' Gửi đường liên kết riêng qua thư điện tử cho người chưa trả lời; người đã được gửi không nhận thư lần hai.' })),
      inviteMessage,
      respondents.length === 0
        ? h('p', { class: 'muted', text: 'Chưa có ai được đăng ký khảo sát về đơn vị này.' })
        : h('div', { class: 'table-wrap' }, h('table', { id: 'respondents' },
          h('thead', {}, h('tr', {}, h('th', { text: 'Mã' }), h('th', { text: 'Họ tên' }), h('th', { text: 'Nhóm' }), h('th', { text: 'Điện thoại' }),
            h('th', { text: 'Thư điện tử' }), h('th', { text: 'Cơ quan, địa chỉ' }), h('th', { text: 'Phiếu' }), h('th', { text: 'Đường liên kết' }))),
          h('tbody', {}, rows))),
      respondentForm(data));
  }

  // ---------- start ----------

  for (const button of document.querySelectorAll('.tabs .tab')) {
    button.addEventListener('click', () => go(button.dataset.tab));
  }
  go(state.tab);
})();
