// The respondent's questionnaire (SurveyBallotPage), made for a phone: loads the ballot through the API with the link's
// token in a header, one radio group per question, and sends the answers once. Unanswered questions are marked before
// anything is sent (the API checks again); a failed send keeps every answer on screen to try again. An answered
// ballot shows when it was recorded and the answers, read-only. PAGE and Kit come from the server.
(() => {
  'use strict';
  const { h, problemText, call } = Kit;

  const form = document.getElementById('survey-form');
  const questionsBox = document.getElementById('questions');
  const loadState = document.getElementById('load-state');
  const retryBar = document.getElementById('load-retry-bar');
  const sendButton = document.getElementById('send');
  const sendMessage = document.getElementById('send-message');
  const answeredBox = document.getElementById('answered');

  let ballot = null;

  const headers = () => ({ [PAGE.tokenHeader]: PAGE.token });

  function setMessage(ok, text) {
    sendMessage.className = 'form-message ' + (ok ? 'ok' : 'error');
    sendMessage.textContent = text;
  }

  /** The link no longer opens the ballot (expired, altered, respondent removed): only the reason stays. */
  function showRefusal(problem) {
    document.getElementById('survey-head').hidden = true;
    form.hidden = true;
    answeredBox.hidden = true;
    retryBar.hidden = true;
    loadState.hidden = false;
    loadState.className = 'message error';
    loadState.id = 'refusal';
    loadState.textContent = problemText(problem);
  }

  function renderHead() {
    document.getElementById('unit-name').textContent = ballot.unitName;
    const respondent = document.getElementById('respondent');
    respondent.replaceChildren('Người trả lời: ', h('strong', { id: 'respondent-name', text: ballot.name }), ' · ', h('span', { id: 'respondent-group', text: ballot.groupTitle }));
    document.getElementById('deadline').textContent = ballot.expiresText ? 'Hạn trả lời: ' + ballot.expiresText : '';
  }

  function optionText(question, code) {
    const option = question.options.find(o => o.code === code);
    return option ? `${option.code}. ${option.text}` : code;
  }

  /** The recorded answers, read-only: after sending (thanks) or when the link is opened again. */
  function renderAnswered(justSent) {
    form.hidden = true;
    answeredBox.hidden = false;
    document.getElementById('answered-title').textContent = justSent
      ? 'Cảm ơn Ông/Bà đã trả lời phiếu khảo sát!'
      : `Phiếu đã được trả lời lúc ${ballot.answeredAtText}`;
    document.getElementById('answered-note').textContent = justSent
      ? `Phiếu đã được ghi nhận lúc ${ballot.answeredAtText}. Ông/Bà có thể đóng trang này.`
      : 'Mỗi người chỉ trả lời một lần; câu trả lời đã ghi nhận dưới đây không thay đổi được.';
    const answers = ballot.answers || {};
    document.getElementById('answered-list').replaceChildren(...ballot.questions.map(question =>
      h('li', { dataset: { question: question.code } },
        h('span', { class: 'answered-question', text: question.text }),
        h('span', { class: 'answered-option' }, 'Trả lời: ', h('strong', { text: answers[question.code] ? optionText(question, answers[question.code]) : '—' })))));
    answeredBox.scrollIntoView({ block: 'start' });
  }

  function questionBlock(question, index) {
    const name = 'q-' + question.code;
    return h('fieldset', { class: 'question', dataset: { question: question.code }, 'aria-describedby': name + '-error' },
      h('legend', {}, h('span', { class: 'number', text: `Câu ${index + 1}. ` }), question.text),
      ...question.options.map(option => h('label', { class: 'option' },
        h('input', { type: 'radio', name, value: option.code }),
        h('span', { text: `${option.code}. ${option.text}` }))),
      h('p', { id: name + '-error', class: 'question-error', role: 'alert' }));
  }

  function renderForm() {
    answeredBox.hidden = true;
    if (ballot.questions.length === 0) {
      loadState.hidden = false;
      loadState.className = 'message error';
      loadState.textContent = 'Bảng câu hỏi khảo sát chưa sẵn sàng. Vui lòng mở lại đường liên kết sau hoặc liên hệ Sở Nội vụ.';
      return;
    }
    questionsBox.replaceChildren(...ballot.questions.map(questionBlock));
    form.hidden = false;
  }

  function render() {
    loadState.hidden = true;
    retryBar.hidden = true;
    renderHead();
    if (ballot.answered) renderAnswered(false);
    else renderForm();
  }

  function markMissing(block, missing) {
    block.classList.toggle('missing', missing);
    block.querySelector('.question-error').textContent = missing ? 'Chưa chọn câu trả lời cho câu này.' : '';
  }

  /** The chosen answers, or null when a question is unanswered (each one marked, the first in view). */
  function collect() {
    const answers = {};
    const missing = [];
    ballot.questions.forEach((question, index) => {
      const block = questionsBox.querySelector(`fieldset[data-question="${CSS.escape(question.code)}"]`);
      const chosen = block.querySelector('input[type=radio]:checked');
      markMissing(block, !chosen);
      if (chosen) answers[question.code] = chosen.value;
      else missing.push(index + 1);
    });
    if (missing.length === 0) return answers;
    setMessage(false, `Còn ${missing.length} câu chưa trả lời (câu ${missing.join(', ')}). Vui lòng chọn đủ rồi bấm "Gửi phiếu"; phiếu chưa được gửi.`);
    const first = questionsBox.querySelector('fieldset.missing');
    first.scrollIntoView({ block: 'center' });
    first.querySelector('input').focus({ preventScroll: true });
    return null;
  }

  async function send(event) {
    event.preventDefault();
    const answers = collect();
    if (answers === null) return;
    sendButton.disabled = true;
    setMessage(true, 'Đang gửi phiếu…');
    const r = await call('PUT', PAGE.api, { answers }, headers());
    sendButton.disabled = false;
    if (r.ok) {
      ballot = r.data;
      sendMessage.textContent = '';
      renderAnswered(true);
      return;
    }
    if (r.status === 409) {
      // Already answered (another tab, or the working group typed in the paper ballot): show what was recorded.
      const again = await call('GET', PAGE.api, undefined, headers());
      if (!again.ok) { setMessage(false, problemText(r.problem)); return; }
      ballot = again.data;
      render();
      document.getElementById('answered-note').textContent = problemText(r.problem);
      return;
    }
    if (r.status === 403) { showRefusal(r.problem); return; }
    // No connection or a server failure: the answers stay chosen, the button sends again.
    // (Kit's no-connection message already says the answers are kept.)
    const retry = r.status === 0 ? ' Bấm "Gửi phiếu" để gửi lại.'
      : r.status >= 500 ? ' Các câu trả lời vẫn còn trên trang; bấm "Gửi phiếu" để gửi lại.' : '';
    setMessage(false, problemText(r.problem) + retry);
  }

  async function load() {
    loadState.hidden = false;
    loadState.className = 'message ok';
    loadState.textContent = 'Đang tải phiếu khảo sát…';
    retryBar.hidden = true;
    const r = await call('GET', PAGE.api, undefined, headers());
    if (r.ok) { ballot = r.data; render(); return; }
    if (r.status === 403 || r.status === 404) { showRefusal(r.problem); return; }
    loadState.className = 'message error';
    loadState.textContent = problemText(r.problem);
    retryBar.hidden = false;
  }

  form.addEventListener('submit', send);
  questionsBox.addEventListener('change', e => {
    const block = e.target.closest('fieldset.question');
    if (block && block.classList.contains('missing')) markMissing(block, false);
  });
  document.getElementById('load-retry').addEventListener('click', load);
  load();
})();
