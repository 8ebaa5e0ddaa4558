// Results pages (ResultsPages, R-8.1, R-8.2): every unit type's ranking as a table and an inline SVG bar chart (no
// libraries, nothing fetched from elsewhere), and one unit's result with the council's reasons and "why this rank".
// The server embeds the data in PAGE and has already decided who may see it; this script only draws.
(() => {
  'use strict';
  const { h, num, dateTime } = Kit;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  // Class → name and colour, in the order of Art. 6; the colours keep white text readable (contrast ≥ 4.5).
  const CLASSES = [
    ['excellent', 'Hoàn thành xuất sắc nhiệm vụ', '#1d6b2c'],
    ['good', 'Hoàn thành tốt nhiệm vụ', '#1f5fae'],
    ['done', 'Hoàn thành nhiệm vụ', '#a86e00'],
    ['notDone', 'Chưa hoàn thành nhiệm vụ', '#b3261e'],
  ];
  const CLASS_NAME = Object.fromEntries(CLASSES.map(([key, name]) => [key, name]));
  const CLASS_COLOUR = Object.fromEntries(CLASSES.map(([key, , colour]) => [key, colour]));
  const SECTIONS = [['I', 'I'], ['II', 'II'], ['III', 'III'], ['IV', 'IV'], ['V', 'V'], ['VI', 'VI'], ['VII', 'VII (trừ)']];

  /** Like Kit.h, for SVG elements. */
  function s(tag, attributes, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  const className = key => CLASS_NAME[key] || key;
  const classBadge = key => h('span', { class: 'class-badge ' + key, text: className(key) });
  const points = value => num(value) + ' điểm';
  const truncate = (text, max) => (text.length <= max ? text : text.slice(0, Math.max(1, max - 1)).trimEnd() + '…');
  const table = (headings, rows, tableClass) => h('div', { class: 'table-wrap' },
    h('table', { class: tableClass || null },
      h('thead', {}, h('tr', {}, headings.map(([text, cls]) => h('th', { class: cls || null, text })))),
      h('tbody', {}, rows)));

  // ---- The ranking page --------------------------------------------------------------------------------------------

  function mayOpen(unitId) {
    return PAGE.linkAll || PAGE.ownUnitId === unitId;
  }

  function renderRanking() {
    const root = document.getElementById('results');
    const groups = PAGE.ranking.groups || [];
    if (groups.length === 0) {
      root.append(h('section', { class: 'card' }, h('p', { text: 'Chưa có cơ quan, đơn vị nào được xếp loại.' })));
      return;
    }
    const charts = [];
    for (const group of groups) {
      const typeName = PAGE.typeNames[group.type] || '';
      const figure = h('figure', { class: 'chart' });
      root.append(h('section', { class: 'card type-results', id: 'type-' + group.type, dataset: { type: group.type } },
        h('h2', { text: typeName ? `${group.type} · ${typeName}` : group.type }),
        h('p', { class: 'type-summary', text: `${group.unitCount} cơ quan, đơn vị · tối đa ${group.excellentCap} đơn vị hoàn thành xuất sắc nhiệm vụ` }),
        figure,
        rankingTable(group)));
      charts.push({ figure, group, typeName });
    }
    const draw = () => charts.forEach(chart => drawChart(chart.figure, chart.group, chart.typeName));
    draw();
    // The chart is drawn in real pixels (readable text on a phone), so a new width redraws it.
    let width = root.clientWidth;
    let timer = null;
    window.addEventListener('resize', () => {
      clearTimeout(timer);
      timer = setTimeout(() => { if (root.clientWidth !== width) { width = root.clientWidth; draw(); } }, 150);
    });
  }

  function rankingTable(group) {
    const headings = [['Hạng'], ['Cơ quan, đơn vị'], ...SECTIONS.map(([, heading]) => [heading, 'num']), ['Tổng điểm', 'num'], ['Xếp loại']];
    const rows = group.units.map(unit => h('tr', { dataset: { unitId: unit.unitId } },
      h('td', { class: 'rank' }, String(unit.rank), unit.tie ? h('span', { class: 'tie', title: 'Đồng hạng', text: ' (đồng hạng)' }) : null),
      h('td', { class: 'name' }, mayOpen(unit.unitId)
        ? h('a', { class: 'unit-link', href: PAGE.unitPagePrefix + encodeURIComponent(unit.unitId) + '/result', text: unit.name })
        : unit.name),
      SECTIONS.map(([code]) => h('td', { class: 'num', text: num(unit.sections[code] ?? 0) })),
      h('td', { class: 'num total', text: num(unit.total) }),
      h('td', {}, classBadge(unit.class))));
    return table(headings, rows, 'results-table');
  }

  /** A horizontal bar per unit in rank order: total on a 0–100 scale, coloured by class, the two thresholds as dashed lines. */
  function drawChart(figure, group, typeName) {
    const width = Math.max(280, Math.floor(figure.clientWidth || 600));
    const narrow = width < 560; // on a phone the name goes above its bar
    const top = 22;
    const bottom = 22;
    const valueRoom = 46;
    const rowHeight = narrow ? 40 : 26;
    const barHeight = 16;
    const labelWidth = narrow ? 0 : Math.min(340, Math.round(width * 0.38));
    const x0 = narrow ? 4 : labelWidth + 8;
    const span = width - x0 - valueRoom;
    const x = value => x0 + (Math.max(0, Math.min(100, value)) / 100) * span;
    const height = top + group.units.length * rowHeight + bottom;
    const label = `Biểu đồ tổng điểm loại hình ${group.type}${typeName ? ' ' + typeName : ''}: ${group.units.length} cơ quan, đơn vị theo thứ hạng`;
    const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, 'data-type': group.type },
      s('title', {}, label),
      s('desc', {}, group.units.map(unit => `Hạng ${unit.rank}: ${unit.name}, ${points(unit.total)}, ${className(unit.class)}`).join('; ')));

    for (const tick of [0, 20, 40, 60, 80, 100]) {
      svg.append(
        s('line', { class: 'grid', x1: x(tick), x2: x(tick), y1: top, y2: height - bottom }),
        s('text', { class: 'axis', x: x(tick), y: height - 6, 'text-anchor': 'middle' }, String(tick)));
    }

    const maxChars = Math.max(8, Math.floor((narrow ? width - 8 : labelWidth) / 7.2));
    group.units.forEach((unit, index) => {
      const y = top + index * rowHeight;
      const barY = narrow ? y + 20 : y + (rowHeight - barHeight) / 2;
      const name = `${unit.rank}. ${unit.name}`;
      svg.append(s('g', { class: 'bar-row', 'data-unit-id': unit.unitId },
        s('text', { class: 'label', x: narrow ? x0 : labelWidth, y: narrow ? y + 14 : barY + barHeight - 3, 'text-anchor': narrow ? 'start' : 'end' },
          truncate(name, maxChars)),
        s('rect', { class: 'bar', 'data-class': unit.class, x: x0, y: barY, width: Math.max(1, x(unit.total) - x0), height: barHeight, rx: 2, fill: CLASS_COLOUR[unit.class] || '#777' },
          s('title', {}, `${unit.name}: ${points(unit.total)} – ${className(unit.class)}`)),
        s('text', { class: 'value', x: x(unit.total) + 4, y: barY + barHeight - 3 }, num(unit.total))));
    });

    // Thresholds over the bars, so they stay visible where a bar crosses them.
    for (const [score, what] of [[PAGE.goodMinScore, 'good'], [PAGE.doneMinScore, 'done']]) {
      svg.append(
        s('line', { class: 'threshold', 'data-threshold': what, x1: x(score), x2: x(score), y1: top - 4, y2: height - bottom }),
        s('text', { class: 'threshold-label', x: x(score), y: top - 8, 'text-anchor': 'middle' }, num(score)));
    }

    const legend = h('ul', { class: 'legend' },
      CLASSES.map(([key, name, colour]) => h('li', { dataset: { class: key } }, h('span', { class: 'swatch', style: 'background:' + colour }), name)),
      h('li', {}, h('span', { class: 'dash' }), `Ngưỡng ${points(PAGE.goodMinScore)} (hoàn thành tốt) và ${points(PAGE.doneMinScore)} (hoàn thành)`));
    figure.replaceChildren(svg, legend, h('figcaption', { text: 'Tổng điểm (thang 100) theo thứ hạng; màu theo xếp loại.' }));
  }

  // ---- A unit's result page ----------------------------------------------------------------------------------------

  function renderUnit() {
    const result = PAGE.result;
    document.getElementById('unit-result').append(
      summaryCard(result), sectionsCard(result), whyCard(result), opinionsCard(result), surveyCard(result), penaltiesCard(result));
  }

  function figureBlock(id, label, value) {
    return h('div', {}, h('span', { class: 'big-label', text: label }), h('span', { class: 'big-figure', id, text: value }));
  }

  function summaryCard(r) {
    const card = h('section', { class: 'card', id: 'result-summary' },
      h('h2', { text: 'Kết quả xếp loại' }),
      h('div', { class: 'result-head' },
        figureBlock('result-rank', 'Xếp hạng trong loại hình', `${r.rank}/${r.unitCount}`),
        figureBlock('result-total', 'Tổng điểm', num(r.total)),
        h('div', {}, h('span', { class: 'big-label', text: 'Xếp loại' }), h('span', { id: 'result-class' }, classBadge(r.class)))),
      h('p', { class: 'muted', text: `Loại hình ${r.type} – ${r.typeName}${r.tie ? ' · Đồng hạng với đơn vị khác' : ''}.` }),
      h('p', {}, h('a', { href: PAGE.resultsPage, text: 'Xem bảng xếp hạng chung' })));
    if (r.flags.length) card.append(h('ul', { class: 'flags', id: 'result-flags' }, r.flags.map(text => h('li', { text }))));
    return card;
  }

  function sectionsCard(r) {
    const rows = r.sections.map(section => h('tr', { dataset: { section: section.code } },
      h('td', { text: section.code }),
      h('td', { text: section.title }),
      h('td', { class: 'num', text: section.code === 'VII' ? (section.score ? '−' + num(section.score) : '0') : num(section.score) }),
      h('td', { class: 'num', text: section.maxScore === undefined ? '' : num(section.maxScore) })));
    rows.push(h('tr', {}, h('th', { colspan: 2, text: 'Tổng điểm' }), h('th', { class: 'num', text: num(r.total) }), h('th', { class: 'num', text: '100' })));
    return h('section', { class: 'card', id: 'result-sections' },
      h('h2', { text: 'Điểm theo nội dung' }),
      table([['Nội dung'], [''], ['Điểm', 'num'], ['Tối đa', 'num']], rows));
  }

  function whyCard(r) {
    const why = r.explanation;
    const card = h('section', { class: 'card ' + why.standing, id: 'why' },
      h('h2', { text: 'Vì sao xếp hạng này' }),
      h('p', { class: 'why-summary', id: 'why-summary', text: why.summary }));
    if (why.standing === 'alone') return card;
    const other = why.comparedWith.length === 1 ? why.comparedWith[0].name : `Bình quân hạng ${why.comparedWith[0].rank}`;
    const leads = why.standing === 'leads';
    const gapText = gap => (leads ? '+' : '−') + num(gap.gap);
    const scoreText = gap => (gap.section === 'VII' ? 'bị trừ ' : '') + num(gap.score);
    const otherText = gap => (gap.section === 'VII' ? 'bị trừ ' : '') + num(gap.otherScore);
    if (why.sections.length) {
      card.append(h('h3', { text: leads ? 'Nội dung tạo lợi thế' : 'Nội dung bị kém điểm' }),
        table([['Nội dung'], ['Của đơn vị', 'num'], [other, 'num'], ['Chênh lệch', 'num']],
          why.sections.map(gap => h('tr', { dataset: { section: gap.code } },
            h('td', { text: `${gap.code} – ${gap.title}` }),
            h('td', { class: 'num', text: scoreText(gap) }),
            h('td', { class: 'num', text: otherText(gap) }),
            h('td', { class: 'num gap', text: gapText(gap) })))));
    }
    if (why.criteria.length) {
      card.append(h('h3', { text: leads ? `${why.criteria.length} tiêu chí tạo lợi thế lớn nhất` : `${why.criteria.length} tiêu chí bị kém điểm nhiều nhất` }),
        table([['Tiêu chí'], ['Của đơn vị', 'num'], [other, 'num'], ['Tối đa', 'num'], ['Chênh lệch', 'num']],
          why.criteria.map(gap => h('tr', { class: 'why-criterion', dataset: { code: gap.code } },
            h('td', {}, h('strong', { text: gap.code }), ' ', gap.title),
            h('td', { class: 'num', text: scoreText(gap) }),
            h('td', { class: 'num', text: otherText(gap) }),
            h('td', { class: 'num', text: gap.maxScore === undefined ? '' : num(gap.maxScore) }),
            h('td', { class: 'num gap', text: gapText(gap) })))));
    }
    card.append(h('details', {}, h('summary', { text: 'Diễn giải bằng lời' }), h('ul', { class: 'why-lines' }, why.lines.map(text => h('li', { text })))));
    return card;
  }

  function decisionBlock(decision) {
    return h('div', { class: 'decision', dataset: { round: String(decision.round) } },
      h('div', {}, h('span', { class: 'round', text: `Thẩm định lần ${decision.round}: ` }), decision.decisionName, ` – ${points(decision.score)}`),
      h('p', { class: 'reason', text: decision.reason }),
      h('div', { class: 'who', text: `${decision.agencyName} · ${dateTime(decision.at)}` }));
  }

  function opinionsCard(r) {
    const card = h('section', { class: 'card', id: 'council-opinions' }, h('h2', { text: 'Ý kiến của Hội đồng thẩm định' }));
    if (r.criteria.length === 0) {
      card.append(h('p', { class: 'muted', text: 'Hội đồng thẩm định đồng ý với kết quả tự chấm của đơn vị ở tất cả các tiêu chí.' }));
      return card;
    }
    card.append(h('p', { class: 'muted', text: 'Các tiêu chí Hội đồng chấm thấp hơn điểm tự chấm hoặc đề nghị bổ sung tài liệu, với lý do, để đơn vị khắc phục.' }));
    for (const item of r.criteria) {
      card.append(h('article', { class: 'opinion', dataset: { code: item.code } },
        h('h3', {}, h('span', { class: 'code', text: item.code }), item.title),
        h('p', { class: 'scores', text: `Tự chấm: ${item.selfScore === undefined ? '—' : num(item.selfScore)} · Điểm được tính: ${num(item.score)} / tối đa ${num(item.maxScore)}` }),
        item.round1 ? decisionBlock(item.round1) : null,
        item.round2 ? decisionBlock(item.round2) : null));
    }
    return card;
  }

  // Section V as the survey gave it: ballots against the quotas, then each leaf with the inputs of its points.
  function surveyCard(r) {
    if (!r.survey) return null;
    const s = r.survey;
    const card = h('section', { class: 'card', id: 'survey' },
      h('h2', { text: `Điểm điều tra xã hội học (nội dung V): ${num(s.total)} / ${num(s.maxScore)}` }),
      h('p', { class: 'muted', text: 'Mỗi câu trả lời được tính theo tỷ lệ của phương án đã chọn; điểm của tiêu chí = điểm tối đa × bình quân tỷ lệ các câu hỏi của tiêu chí, trên các phiếu hợp lệ.' }),
      h('ul', { class: 'survey-groups' }, s.groups.map(g => h('li', { dataset: { group: g.code },
        text: `${g.title}: ${g.valid}/${g.quota} phiếu hợp lệ` + (g.excluded ? ` (${g.excluded} phiếu bị loại sau phúc tra)` : '') }))));
    const rows = [];
    for (const c of s.criteria) {
      rows.push(h('tr', { class: 'survey-criterion', dataset: { code: c.code } },
        h('th', { text: `${c.code} – ${c.title}` }), h('th', {}), h('th', {}), h('th', { class: 'num', text: `${num(c.points)} / ${num(c.maxScore)}` })));
      for (const q of c.questions) {
        rows.push(h('tr', { class: 'survey-question', dataset: { code: q.code } },
          h('td', { text: `${q.code}. ${q.text}` }),
          h('td', { class: 'num', text: String(q.validBallots) }),
          h('td', { class: 'num', text: num(q.averagePercent) + ' %' }),
          h('td', { class: 'num', text: num(q.points) })));
      }
    }
    card.append(table([['Tiêu chí, câu hỏi'], ['Phiếu hợp lệ', 'num'], ['Bình quân', 'num'], ['Điểm', 'num']], rows));
    return card;
  }

  function penaltiesCard(r) {
    const card = h('section', { class: 'card', id: 'penalties' }, h('h2', { text: 'Điểm trừ (nội dung VII)' }));
    if (r.penalties.length === 0) {
      card.append(h('p', { class: 'muted', text: 'Đơn vị không bị trừ điểm.' }));
      return card;
    }
    for (const penalty of r.penalties) {
      card.append(h('article', { class: 'opinion penalty', dataset: { code: penalty.code } },
        h('h3', {}, h('span', { class: 'code', text: penalty.code }), penalty.title),
        h('p', {}, h('span', { class: 'points', text: `−${num(penalty.points)} điểm` }), ` (trừ tối đa ${num(penalty.maxScore)})`),
        h('p', { class: 'reason', text: penalty.reason }),
        penalty.sourceName ? h('p', { class: 'muted', text: 'Nguồn: ' + penalty.sourceName }) : null,
        penalty.evidence ? h('p', { class: 'muted', text: 'Căn cứ: ' + penalty.evidence }) : null,
        h('div', { class: 'who', text: `${penalty.agencyName} · ${dateTime(penalty.at)}` })));
    }
    card.append(h('p', {}, 'Tổng điểm trừ: ', h('strong', { id: 'penalty-total', text: '−' + num(r.penaltyTotal) })));
    return card;
  }

  if (PAGE.view === 'ranking') renderRanking();
  else renderUnit();
})();
