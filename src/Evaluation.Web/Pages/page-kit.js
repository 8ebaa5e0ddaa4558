// Shared by the pages' scripts (prepended to each by the server): element building, numbers and times as people in
// the province read them, score input, and API calls that never throw. Plain JavaScript, no framework.
const Kit = (() => {
  'use strict';

  /** Creates an element: h('div', { class: 'x', text: 'y', dataset: {...}, onclick: fn }, children…). */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  const pad = n => String(n).padStart(2, '0');

  /** A number as people read it here: decimal comma, no trailing zeros (12,5; 93,98). */
  function num(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return '';
    const rounded = Math.round(value * 1000) / 1000;
    return String(Object.is(rounded, -0) ? 0 : rounded).replace('.', ',');
  }

  /** Province time (UTC+7, no daylight saving) of an ISO instant or Date, in parts. */
  function provinceParts(value) {
    const date = value instanceof Date ? value : new Date(value);
    if (value === null || value === undefined || Number.isNaN(date.getTime())) return null;
    const p = new Date(date.getTime() + 7 * 3600 * 1000);
    return { d: pad(p.getUTCDate()), m: pad(p.getUTCMonth() + 1), y: p.getUTCFullYear(), hh: pad(p.getUTCHours()), mm: pad(p.getUTCMinutes()) };
  }

  function dateTime(value) {
    const p = provinceParts(value);
    return p ? `${p.d}/${p.m}/${p.y} ${p.hh}:${p.mm}` : '';
  }

  /**
   * A score as typed ("1,5" or "1.5"): { value: null } when empty, { value } when valid, { value: NaN, error } with
   * a Vietnamese message otherwise. <label> names the score in messages ("Điểm tự chấm"); <max> is optional.
   */
  function parseScore(text, label, max) {
    const trimmed = (text || '').trim().replace(/\s+/g, '');
    if (trimmed === '') return { value: null, error: null };
    const normal = trimmed.replace(',', '.');
    if (!/^\d+(\.\d+)?$/.test(normal)) return { value: NaN, error: `${label} phải là một số không âm, ví dụ 1,5.` };
    if ((normal.split('.')[1] || '').length > 2) return { value: NaN, error: `${label} có tối đa 2 chữ số thập phân.` };
    const value = Number(normal);
    if (max !== undefined && value > max) return { value: NaN, error: `${label} không được vượt quá điểm tối đa ${num(max)}.` };
    return { value, error: null };
  }

  function problemText(problem) {
    if (!problem) return 'Có lỗi';
    return problem.detail || problem.title || 'Có lỗi';
  }

  /**
   * fetch against the API with the same-origin sign-in; never throws. Answers { ok, status, data, etag } or
   * { ok: false, status, problem } (status 0: no connection). <keepalive> lets a save outlive the page's unload.
   */
  async function call(method, url, body, headers, keepalive) {
    const options = { method, headers: Object.assign({ Accept: 'application/json' }, headers || {}), credentials: 'same-origin', keepalive: !!keepalive };
    if (body !== undefined) { options.headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(body); }
    let response;
    try { response = await fetch(url, options); }
    catch { return { ok: false, status: 0, problem: { title: 'Không kết nối được máy chủ', detail: 'Không kết nối được máy chủ; kiểm tra kết nối mạng rồi thử lại. Nội dung đã nhập vẫn còn trên trang.' } }; }
    const text = await response.text().catch(() => '');
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (response.ok) return { ok: true, status: response.status, data, etag: response.headers.get('ETag') };
    return { ok: false, status: response.status, problem: data && typeof data === 'object' ? data : { title: 'Lỗi ' + response.status } };
  }

  return Object.freeze({ h, num, provinceParts, dateTime, parseScore, problemText, call });
})();
