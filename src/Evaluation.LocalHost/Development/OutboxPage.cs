using System.Globalization;
using System.Text.Json;
using Evaluation.Infrastructure.Notifications;
using Evaluation.Web.Http;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Mvc;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.LocalHost.Development;

/// <summary>
/// The local host's outbox (<c>GET /dev/outbox</c>, Development only): every e-mail and Teams notification the
/// recording Graph endpoint received, newest first, filtered by recipient, the body shown in a sandboxed frame (no
/// scripts). The script polls <see cref="MessagesPath"/> every few seconds and redraws only when something arrived.
/// <see cref="MessagesPath"/><c>?to=</c> is also the JSON tests and scripts read.
/// </summary>
public static class OutboxPage
{
    public const string PagePath = "/dev/outbox";

    public const string MessagesPath = "/dev/outbox/messages";

    private const int RefreshSeconds = 3;

    public static void MapOutboxPage(this WebApplication app)
    {
        app.MapGet(PagePath, (HttpContext http) => ApiResults.Html(Render(http.Request.Query["to"].ToString()))).WithTags(DevelopmentSignIn.LocalOnlyTag);
        app.MapGet(MessagesPath, (HttpContext http, [FromServices] EndpointRunner runner, [FromServices] OutboxStore outbox) => runner.RunAsync(http, async () =>
        {
            var take = int.TryParse(http.Request.Query["take"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 100;
            var to = http.Request.Query["to"].ToString();
            return ApiResults.Json(new { messages = await outbox.ListAsync(to, take, http.RequestAborted) });
        })).WithTags(DevelopmentSignIn.LocalOnlyTag);
    }

    private static string Render(string to)
    {
        var config = JsonSerializer.Serialize(new { messagesApi = MessagesPath, to, refreshSeconds = RefreshSeconds });
        var body = $"""
            <style>{Styles}</style>
            <section class="card"><h1 id="outbox-title">Hộp thư đi (máy phát triển)</h1>
            <p class="muted">Thư điện tử và thông báo Microsoft Teams mà hệ thống gửi qua Microsoft Graph được ghi lại ở đây thay vì gửi đi. Trang tự cập nhật {RefreshSeconds} giây một lần; giờ là giờ Việt Nam.</p>
            <form id="outbox-filter" class="inline">
            <label>Người nhận<input id="outbox-to" name="to" type="text" value="{E(to)}" placeholder="ten@phutho.gov.vn" maxlength="254"></label>
            <button type="submit">Lọc</button><button type="button" id="outbox-clear">Bỏ lọc</button></form>
            <div id="outbox-status" class="muted" role="status">Đang tải…</div></section>
            <noscript><section class="card"><p>Trang này cần bật JavaScript.</p></section></noscript>
            <section class="card"><table id="outbox-table"><thead><tr><th>Thời điểm</th><th>Loại</th><th>Người gửi → người nhận</th><th>Tiêu đề / nội dung</th><th>Liên kết</th></tr></thead>
            <tbody id="outbox-rows"></tbody></table></section>
            """;
        return PageLayout.Render("Hộp thư đi", body, script: "const PAGE = " + config + ";\n" + PageResources.Read("page-kit.js") + "\n" + Script);
    }

    private const string Styles = """
        #outbox-table td{font-size:.9rem}#outbox-table .kind{white-space:nowrap}.kind-mail{color:#1a3d7c}.kind-teams{color:#5b2a86}
        #outbox-table iframe{width:100%;min-height:220px;border:1px solid #d9dee5;border-radius:4px;background:#fff}
        #outbox-table details summary{cursor:pointer;color:#1a3d7c}#outbox-table .id{font-family:monospace;font-size:.75rem;color:#666;word-break:break-all}
        """;

    // Plain JavaScript on page-kit.js (Kit.h builds elements with textContent, so nothing received is run or parsed as
    // markup here; an e-mail's HTML goes only into a sandboxed iframe without scripts).
    private const string Script = """
        (() => {
          'use strict';
          const { h, call, dateTime } = Kit;
          const rows = document.getElementById('outbox-rows');
          const status = document.getElementById('outbox-status');
          const toInput = document.getElementById('outbox-to');
          let shown = null;
          let to = PAGE.to || '';

          const kindName = kind => kind === 'mail' ? 'Thư điện tử' : kind === 'teams' ? 'Thông báo Teams' : kind;
          const safeLink = url => /^https?:\/\//i.test(url || '') ? url : null;

          function row(message) {
            const link = safeLink(message.webUrl);
            const content = [];
            if (message.subject) content.push(h('div', { class: 'subject' }, h('strong', { text: message.subject })));
            if (message.preview) content.push(h('div', { class: 'preview', text: message.preview }));
            if (message.htmlBody) {
              const frame = h('iframe', { sandbox: 'allow-popups allow-popups-to-escape-sandbox', title: 'Nội dung thư', referrerpolicy: 'no-referrer' });
              // Links in the mail open in a new tab; the frame itself runs nothing.
              frame.srcdoc = '<base target="_blank">' + message.htmlBody;
              content.push(h('details', { class: 'body' }, h('summary', { text: message.bodyTruncated ? 'Xem nội dung (đã cắt bớt vì quá dài)' : 'Xem nội dung' }), frame));
            }
            if (message.messageId) content.push(h('div', { class: 'id', text: 'Mã thư: ' + message.messageId }));
            if (message.attempt > 0) content.push(h('div', { class: 'muted', text: 'Gửi lại lần ' + message.attempt + ' sau khi Graph từ chối' }));
            return h('tr', { dataset: { id: message.id, kind: message.kind, to: message.to } },
              h('td', { class: 'when', text: dateTime(message.receivedAt) }),
              h('td', { class: 'kind kind-' + message.kind, text: kindName(message.kind) }),
              h('td', { class: 'who' }, message.from ? h('div', { text: message.from + ' →' }) : null, h('div', { class: 'to', text: message.to })),
              h('td', { class: 'content' }, content),
              h('td', { class: 'link' }, link ? h('a', { href: link, target: '_blank', rel: 'noopener noreferrer', text: 'Mở liên kết' }) : null));
          }

          async function refresh() {
            const answer = await call('GET', PAGE.messagesApi + (to ? '?to=' + encodeURIComponent(to) : ''));
            if (!answer.ok) { status.textContent = 'Không tải được hộp thư: ' + Kit.problemText(answer.problem); return; }
            const messages = answer.data.messages || [];
            const key = to + '|' + messages.map(m => m.id).join(',');
            const now = dateTime(new Date());
            status.textContent = (messages.length ? messages.length + ' thư.' : (to ? 'Chưa có thư nào gửi tới ' + to + '.' : 'Chưa có thư nào.')) + ' Cập nhật lúc ' + now + '.';
            if (key === shown) return;
            // Redraw only when something changed, keeping open bodies open.
            const open = new Set([...rows.querySelectorAll('tr')].filter(tr => tr.querySelector('details[open]')).map(tr => tr.dataset.id));
            rows.replaceChildren(...messages.map(row));
            for (const tr of rows.querySelectorAll('tr')) if (open.has(tr.dataset.id)) tr.querySelector('details')?.setAttribute('open', '');
            shown = key;
          }

          document.getElementById('outbox-filter').addEventListener('submit', event => {
            event.preventDefault();
            to = toInput.value.trim();
            history.replaceState(null, '', to ? '?to=' + encodeURIComponent(to) : location.pathname);
            refresh();
          });
          document.getElementById('outbox-clear').addEventListener('click', () => { toInput.value = ''; to = ''; history.replaceState(null, '', location.pathname); refresh(); });
          refresh();
          setInterval(refresh, PAGE.refreshSeconds * 1000);
        })();
        """;
}
