using System.Collections.Concurrent;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.LocalHost.Development;
using Microsoft.Playwright;

namespace Evaluation.IntegrationTests.Browser;

/// <summary>
/// What every browser journey does the same way: contexts in Vietnamese and the province's time zone, signed in
/// through the local host's development cookie, and tabs that accept every dialog and record script errors (a test
/// asserts there are none).
/// </summary>
public sealed class BrowserSession(BrowserFixture browser, LocalHostFixture host)
{
    public ConcurrentBag<string> ScriptErrors { get; } = [];

    /// <summary>A browser context; with an e-mail, already signed in.</summary>
    public async Task<IBrowserContext> NewContextAsync(string? email = null)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(),
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        if (email is not null)
        {
            await context.AddCookiesAsync([new Cookie { Name = DevelopmentSignIn.CookieName, Value = email, Url = host.BaseAddress.ToString() }]);
        }

        return context;
    }

    /// <summary>A new tab on <paramref name="path"/> that accepts every dialog (confirmations, the unload warning) and records script errors.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        page.PageError += (_, error) => ScriptErrors.Add(error);
        await page.GotoAsync(path);
        return page;
    }
}
