// Các chỉ số khác: the working group's page for other indices (OtherIndexPage; ). Plain JavaScript, no framework.
// PAGE = { year, types, listApi, importApi (keeps {indexCode}), maxBytes, maxRows, login }.
// One card per index the year's catalogues name: its criteria and conversion rule, the current import and the earlier
// ones, the import form (row errors in a table, nothing changed), and every unit's value and points, the units without
// a value marked. A successful import redraws its card from the API's answer. The API decides every right and rule;
// its answers leave null fields out, hence the "== null" tests.
(() => {
  'use strict';
  const { h, num, dateTime, problemText, call } = Kit;
  const RULES = { bands: 'Theo khoảng giá trị', proportional: 'Tỷ lệ theo giá trị' };

  const loadState = document.getElementById('load-state');
  const lockBox = document.getElementById('lock-reason');
  const indexNav = document.getElementById('index-nav');
  const container = document.getElementById('indices');
  const state = { editable: false, onlyMissing: new Set() };
  // Index code → the object URL of its sample CSV, released when the card is drawn again.
  const sampleUrls = new Map();

  const typeName = code => (PAGE.types.find(type => type.code === code) || { name: '' }).name;
  const typeText = code => (typeName(code) ? `${code} · ${typeName(code)}` : code);

  /** Shows a message box: ok or error, with any of the API's per-field messages (other than rows) listed under it. */
  function show(box, ok, text, messages) {
    box.classList.toggle('ok', ok);
    box.classList.toggle('error', !ok);
    box.hidden = false;
    box.replaceChildren(text);
    if (messages && messages.length > 0) box.append(h('ul', {}, messages.map(([field, message]) => h('li', { dataset: { field }, text: message }))));
  }

  /** The units the index applies to, by unit type then name: those with a value and those still without. */
  function unitsOf(index) {
    const lines = [...index.units.map(unit => ({ ...unit, missing: false })), ...index.missing.map(unit => ({ ...unit, missing: true }))];
    return lines.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name, 'vi'));
  }

  // ---------- parts of an index's card ----------

  function criteriaTable(index) {
    return h('table', { class: 'criteria', id: `criteria-${index.code}` },
      h('thead', {}, h('tr', {}, h('th', { text: 'Bộ chỉ số' }), h('th', { text: 'Tiêu chí' }), h('th', { class: 'num', text: 'Điểm tối đa' }), h('th', { text: 'Cách quy đổi giá trị ra điểm' }))),
      h('tbody', {}, index.criteria.map(criterion => h('tr', { dataset: { indexSet: criterion.indexSet, code: criterion.code } },
        h('td', { text: typeText(criterion.indexSet) }),
        h('td', {}, h('strong', { text: criterion.code }), ' ', criterion.title),
        h('td', { class: 'num', text: num(criterion.maxScore) }),
        h('td', { class: 'rule' }, h('span', { class: 'rule-kind', text: (RULES[criterion.rule] || criterion.rule) + ': ' }), h('span', { class: 'rule-text', text: criterion.ruleText }))))));
  }

  function currentImport(index) {
    const current = index.current;
    if (current == null) {
      return h('p', { class: 'current-import none', text: `Chưa nhập kết quả chỉ số ${index.code}: các tiêu chí trên đang tính 0 điểm cho mọi đơn vị.` });
    }
    return h('p', { class: 'current-import' }, 'Đang dùng: tệp ', h('strong', { class: 'file-name', text: current.fileName }),
      `, do ${current.importedBy} nhập lúc ${dateTime(current.importedAt)} (${current.unitCount} đơn vị).`);
  }

  function importHistory(index) {
    const currentId = index.current == null ? null : index.current.importId;
    return h('details', { class: 'history', open: index.imports.length > 1 },
      h('summary', { text: `Các lần nhập (${index.imports.length})` }),
      index.imports.length === 0
        ? h('p', { class: 'muted', text: 'Chưa có lần nhập nào.' })
        : h('table', { class: 'imports' },
          h('thead', {}, h('tr', {}, h('th', { text: 'Thời điểm' }), h('th', { text: 'Tệp' }), h('th', { text: 'Người nhập' }), h('th', { class: 'num', text: 'Số đơn vị' }), h('th', { text: '' }))),
          h('tbody', {}, index.imports.map(item => h('tr', { class: item.importId === currentId ? 'current' : null, dataset: { importId: item.importId } },
            h('td', { text: dateTime(item.importedAt) }), h('td', { text: item.fileName }), h('td', { text: item.importedBy }),
            h('td', { class: 'num', text: String(item.unitCount) }),
            h('td', {}, item.importId === currentId ? h('span', { class: 'badge', text: 'Đang dùng' }) : null))))));
  }

  /** A CSV of the index's units (id, name, empty value) to start from, made here: separated by ";" as Vietnamese Excel saves it. */
  function sampleLink(index) {
    const field = text => (/[;",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text);
    const lines = ['Mã đơn vị;Tên đơn vị;Giá trị', ...unitsOf(index).map(unit => `${field(unit.unitId)};${field(unit.name)};`)];
    if (sampleUrls.has(index.code)) URL.revokeObjectURL(sampleUrls.get(index.code));
    const url = URL.createObjectURL(new Blob(['\uFEFF' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }));
    sampleUrls.set(index.code, url);
    return h('a', { class: 'sample-link button-link', href: url, download: `mau-${index.code}-${PAGE.year}.csv`, text: 'Tải tệp mẫu (.csv)' });
  }

  function importForm(index) {
    const file = h('input', { class: 'import-file', id: `import-file-${index.code}`, type: 'file', accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const submit = h('button', { type: 'submit', class: 'import-submit', text: `Nhập kết quả ${index.code}` });
    const message = h('div', { class: 'message import-message', role: 'status' });
    const errors = h('div', { class: 'import-errors' });
    const form = h('form', { class: 'import-form inline' },
      h('label', {}, 'Tệp kết quả (.xlsx hoặc .csv)', file), submit, sampleLink(index));
    form.addEventListener('submit', e => { e.preventDefault(); upload(index, file.files[0], submit, message, errors); });
    return h('div', { class: 'import' },
      h('h3', { text: 'Nhập kết quả từ tệp' }),
      h('p', { class: 'hint' }, 'Dòng đầu là tiêu đề với các cột ', h('strong', { text: 'Mã đơn vị' }), ' và ', h('strong', { text: 'Giá trị' }),
        ' (có thể thêm cột ', h('strong', { text: 'Tên đơn vị' }), '), mỗi đơn vị một dòng; giá trị là số, nhận dấu phẩy thập phân (1,5). ',
        `Tệp .xlsx (trang tính đầu tiên) hoặc .csv UTF-8 phân cách bằng dấu ; hoặc dấu phẩy; tối đa ${Math.round(PAGE.maxBytes / 1024 / 1024)} MB, ${PAGE.maxRows.toLocaleString('vi-VN')} dòng. `,
        'Tệp mẫu có sẵn mã và tên các đơn vị áp dụng chỉ số này: điền giá trị, xoá dòng của đơn vị chưa có kết quả. ',
        'Tệp có dòng lỗi thì không giá trị nào được nhập; nhập lại thay toàn bộ giá trị của chỉ số, các lần nhập trước vẫn được lưu.'),
      form, message, errors);
  }

  function pointsCell(unit, code) {
    const points = unit.missing ? null : unit.points.find(item => item.code === code);
    if (points == null) return h('td', { class: 'num points', dataset: { code }, text: unit.missing ? '' : '—' });
    return h('td', { class: 'num points', dataset: { code }, title: points.explanation },
      h('span', { class: 'points-value', text: num(points.points) }), h('span', { class: 'max', text: ` / ${num(points.maxScore)}` }));
  }

  function unitsTable(index) {
    const lines = unitsOf(index);
    const codes = [...new Set(index.criteria.map(criterion => criterion.code))];
    const onlyMissing = state.onlyMissing.has(index.code);
    const filter = h('input', { type: 'checkbox', class: 'only-missing', checked: onlyMissing });
    const table = h('table', { class: 'units', id: `units-${index.code}` },
      h('thead', {}, h('tr', {},
        h('th', { text: 'Cơ quan, đơn vị' }), h('th', { text: 'Mã đơn vị' }), h('th', { text: 'Bộ chỉ số' }), h('th', { class: 'num', text: 'Giá trị' }),
        codes.map(code => h('th', { class: 'num', text: `Điểm ${code}` })))),
      h('tbody', {}, lines.map(unit => h('tr', { class: unit.missing ? 'missing' : null, dataset: { unitId: unit.unitId }, hidden: onlyMissing && !unit.missing },
        h('td', { class: 'name', text: unit.name }), h('td', { class: 'unit-id', text: unit.unitId }), h('td', { text: unit.type }),
        h('td', { class: 'num value', text: unit.missing ? 'Chưa có giá trị' : num(unit.value) }),
        codes.map(code => pointsCell(unit, code))))));
    filter.addEventListener('change', () => {
      if (filter.checked) state.onlyMissing.add(index.code); else state.onlyMissing.delete(index.code);
      for (const row of table.tBodies[0].rows) row.hidden = filter.checked && !row.classList.contains('missing');
    });
    const summary = lines.length === 0
      ? h('p', { class: 'muted', text: 'Năm này chưa có cơ quan, đơn vị nào thuộc các bộ chỉ số trên.' })
      : h('p', { class: 'units-summary' },
        h('span', { class: 'with-value', text: `${index.units.length}/${lines.length} đơn vị có giá trị` }),
        index.missing.length > 0 ? h('span', { class: 'without-value', text: ` · ${index.missing.length} đơn vị chưa có giá trị (tính 0 điểm)` }) : null,
        index.missing.length > 0 ? h('label', { class: 'check' }, filter, 'Chỉ hiện đơn vị chưa có giá trị') : null);
    return h('div', {}, h('h3', { text: 'Giá trị và điểm của từng đơn vị' }), summary, lines.length === 0 ? null : h('div', { class: 'table-wrap' }, table));
  }

  function indexCard(index) {
    return h('section', { class: 'card index', id: `index-${index.code}`, dataset: { code: index.code } },
      h('h2', {}, h('span', { class: 'code', text: index.code }), ' · ', h('span', { class: 'title', text: index.title })),
      h('h3', { text: 'Tiêu chí lấy điểm từ chỉ số này' }),
      h('div', { class: 'table-wrap' }, criteriaTable(index)),
      currentImport(index),
      state.editable ? importForm(index) : null,
      unitsTable(index),
      importHistory(index));
  }

  // ---------- import ----------

  /** multipart PUT of the chosen file; answers like Kit.call: { ok, status, data } or { ok: false, status, problem }. */
  async function putFile(url, file) {
    const body = new FormData();
    body.append('file', file, file.name);
    let response;
    try { response = await fetch(url, { method: 'PUT', body, credentials: 'same-origin', headers: { Accept: 'application/json' } }); }
    catch { return { ok: false, status: 0, problem: { detail: 'Không kết nối được máy chủ; kiểm tra kết nối mạng rồi thử lại. Chưa giá trị nào được nhập.' } }; }
    const data = await response.json().catch(() => null);
    if (response.ok) return { ok: true, status: response.status, data };
    return { ok: false, status: response.status, problem: data && typeof data === 'object' ? data : { title: 'Lỗi ' + response.status } };
  }

  /** The API's row errors ("rows[3]") as a table by row number; "Dòng 3: " is left off each message, the column says it. */
  function rowErrorsTable(index, errors) {
    const rows = Object.entries(errors)
      .map(([field, messages]) => ({ row: Number((/^rows\[(\d+)\]$/.exec(field) || [])[1]), messages }))
      .filter(item => Number.isInteger(item.row))
      .sort((a, b) => a.row - b.row);
    if (rows.length === 0) return null;
    return h('table', { class: 'row-errors', id: `import-errors-${index.code}` },
      h('thead', {}, h('tr', {}, h('th', { class: 'num', text: 'Dòng' }), h('th', { text: 'Lỗi' }))),
      h('tbody', {}, rows.map(item => h('tr', { dataset: { row: item.row } },
        h('td', { class: 'num', text: String(item.row) }),
        h('td', {}, h('ul', {}, item.messages.map(text => h('li', { text: text.replace(new RegExp(`^Dòng ${item.row}: `), '') }))))))));
  }

  async function upload(index, file, button, message, errors) {
    errors.replaceChildren();
    if (!file) { show(message, false, 'Chưa chọn tệp kết quả (.xlsx hoặc .csv).'); return; }
    if (!/\.(xlsx|csv)$/i.test(file.name)) { show(message, false, `Chỉ nhận tệp .xlsx hoặc .csv (tệp đã chọn: ${file.name}).`); return; }
    if (file.size > PAGE.maxBytes) { show(message, false, `Tệp ${file.name} lớn hơn ${Math.round(PAGE.maxBytes / 1024 / 1024)} MB.`); return; }
    button.disabled = true;
    show(message, true, `Đang kiểm tra và nhập ${file.name}…`);
    const r = await putFile(PAGE.importApi.replace('{indexCode}', encodeURIComponent(index.code)), file);
    button.disabled = false;
    if (!r.ok) {
      const fieldErrors = r.problem.errors && typeof r.problem.errors === 'object' ? r.problem.errors : {};
      const others = Object.entries(fieldErrors).filter(([field]) => !/^rows\[\d+\]$/.test(field)).flatMap(([field, list]) => list.map(text => [field, text]));
      show(message, false, problemText(r.problem), others);
      if (r.status === 401) message.append(' ', h('a', { href: PAGE.login, text: 'Đăng nhập lại' }));
      const table = rowErrorsTable(index, fieldErrors);
      if (table) errors.replaceChildren(table);
      return;
    }

    // The answer is the index as now imported: its card is drawn again from it, with the outcome on top of the form.
    const card = indexCard(r.data);
    document.getElementById(`index-${index.code}`).replaceWith(card);
    show(card.querySelector('.import-message'), true,
      `Đã nhập ${file.name}: ${r.data.units.length} đơn vị có giá trị` + (r.data.missing.length > 0 ? `, ${r.data.missing.length} đơn vị chưa có giá trị.` : '.'));
  }

  // ---------- start ----------

  async function load() {
    const r = await call('GET', PAGE.listApi);
    if (!r.ok) {
      show(loadState, false, problemText(r.problem));
      if (r.status === 401) loadState.append(' ', h('a', { href: PAGE.login, text: 'Đăng nhập lại' }));
      return;
    }
    loadState.hidden = true;
    state.editable = r.data.editable;
    if (!state.editable) show(lockBox, false, r.data.lockReason || 'Năm này không nhận nhập kết quả chỉ số nữa.');
    const indices = r.data.indices;
    if (indices.length === 0) {
      container.replaceChildren(h('section', { class: 'card', id: 'no-indices' },
        h('p', { text: `Chưa bộ chỉ số nào của năm ${PAGE.year} có tiêu chí lấy điểm từ chỉ số khác (trường otherIndex của tiêu chí). Nạp bộ chỉ số ở trang chủ.` })));
      return;
    }
    indexNav.hidden = false;
    indexNav.replaceChildren('Chỉ số: ', ...indices.map(index => h('a', { href: `#index-${index.code}`, title: index.title, text: index.code })));
    container.replaceChildren(...indices.map(indexCard));
  }

  load();
})();
