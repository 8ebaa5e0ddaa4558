using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Evaluation.Infrastructure.Notifications;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.IntegrationTests.Leaders;
using Evaluation.Web;
using Evaluation.Web.Pages;
using Evaluation.Workflow.Reminders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Evaluation.IntegrationTests.Contract;

/// <summary>
/// The Teams app (teams/manifest.json) against the code that relies on it (R-5.2): Graph shows a leader's notification
/// only if the app declares the activity type and template the notifier sends and names the identity that sends them,
/// and a click on it lands on the ballot only if the deep link, the manifest's tab and the tab route agree.
/// </summary>
public sealed partial class TeamsManifestTests(TeamsAppHostFixture host) : IClassFixture<TeamsAppHostFixture>
{
    private const string HostPlaceholder = "https://{{APP_HOSTNAME}}";

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    [Trait("Requirement", "R-5.2")]
    public void The_manifest_declares_the_ballot_activity_the_sending_identity_and_the_ballot_tab()
    {
        var manifest = Manifest();

        var version = Version.Parse(manifest.GetProperty("manifestVersion").GetString()!);
        Assert.True(version >= new Version(1, 17), $"manifestVersion {version} is older than 1.17.");
        Assert.Contains($"/v{version}/", manifest.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        Assert.Equal("Sở Nội vụ tỉnh Phú Thọ", manifest.GetProperty("developer").GetProperty("name").GetString());

        Assert.Contains(GraphNotifier.BallotReadyActivityType, ActivityTypes(manifest).Select(type => type.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(manifest.GetProperty("webApplicationInfo").GetProperty("id").GetString()));

        var tab = BallotTab(manifest);
        Assert.Equal(["personal"], tab.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()));
        Assert.Equal(
            $"{HostPlaceholder}/{Routes.LeaderBallotTab}?{LeaderBallotTabPage.TokenParameter}={{subEntityId}}",
            tab.GetProperty("contentUrl").GetString());
        Assert.Equal(LeaderBallotTabPage.TabName, tab.GetProperty("name").GetString());
        Assert.Contains("{{APP_HOSTNAME}}", manifest.GetProperty("validDomains").EnumerateArray().Select(domain => domain.GetString()));
        // The tab loads no Teams script, so nothing would ever tell Teams to take a loading indicator away.
        Assert.False(manifest.GetProperty("showLoadingIndicator").GetBoolean());
    }

    [Fact]
    [Trait("Requirement", "R-5.2")]
    public async Task The_template_names_exactly_the_parameters_the_notifier_sends()
    {
        var sent = await SentActivityAsync(new ActivityNotification("chutich@lanhdao.phutho.vn", "https://teams.microsoft.com/l/entity/x/y", "Phiếu chấm điểm", "2025-abc"));

        var activityType = Assert.Single(ActivityTypes(Manifest()), type => type.GetProperty("type").GetString() == sent.GetProperty("activityType").GetString());
        // {actor} is Graph's own: the name of the app that sent the notification.
        var inTemplate = TemplateParameter().Matches(activityType.GetProperty("templateText").GetString()!)
            .Select(match => match.Groups[1].Value).Where(name => name != "actor").Order();
        var sentNames = sent.GetProperty("templateParameters").EnumerateArray().Select(parameter => parameter.GetProperty("name").GetString()!).Order();
        Assert.Equal(sentNames, inTemplate);
    }

    [Fact]
    [Trait("Requirement", "R-5.2")]
    public void The_icons_are_the_PNG_sizes_Teams_wants_the_outline_one_transparent()
    {
        var icons = Manifest().GetProperty("icons");

        var color = Png(icons.GetProperty("color").GetString()!);
        Assert.Equal((192, 192), (color.Width, color.Height));
        var outline = Png(icons.GetProperty("outline").GetString()!);
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.Equal(6, outline.ColorType); // RGBA: white on transparent
    }

    [Fact]
    [Trait("Requirement", "R-5.2")]
    public async Task The_Teams_notification_opens_the_ballot_tab_on_the_leaders_own_ballot()
    {
        await LeaderBallotYear.SetStageAsync(host, AppraisalCalendar.Closed);
        var leader = await LeaderBallotYear.AddLeaderAsync(host, "phochutich.teams@lanhdao.phutho.vn", "Hồ Đại Dũng");
        var token = await LeaderBallotYear.TokenAsync(host, leader);
        var pages = host.Services.GetRequiredService<IPageLinks>();
        var mailLink = pages.LeaderBallot(LeaderBallotYear.Year, token);

        var deepLink = new Uri(pages.LeaderBallotInTeams(LeaderBallotYear.Year, token));

        // Graph accepts only a Teams address for a text topic; the link names the app in the catalogue and the manifest's tab.
        var tab = BallotTab(Manifest());
        Assert.Equal("https://teams.microsoft.com", deepLink.GetLeftPart(UriPartial.Authority));
        Assert.Equal($"/l/entity/{TeamsAppHostFixture.TeamsAppId}/{tab.GetProperty("entityId").GetString()}", deepLink.AbsolutePath);
        var query = QueryHelpers.ParseQuery(deepLink.Query);
        Assert.Equal(mailLink, query["webUrl"].ToString()); // where a client that cannot show the tab goes: the e-mail's link
        var subEntityId = JsonDocument.Parse(query["context"].ToString()).RootElement.GetProperty("subEntityId").GetString()!;

        // What Teams then loads: the tab's content URL with the sub-entity in place of its placeholder.
        var contentUrl = tab.GetProperty("contentUrl").GetString()!
            .Replace(HostPlaceholder, host.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace("{subEntityId}", Uri.EscapeDataString(subEntityId), StringComparison.Ordinal);
        using var teams = host.Client(email: null, followRedirects: false);
        using var tabAnswer = await teams.GetAsync(contentUrl);
        Assert.Equal(HttpStatusCode.Found, tabAnswer.StatusCode);
        var ballot = new Uri(host.BaseAddress, tabAnswer.Headers.Location!);
        Assert.Equal(new Uri(mailLink), ballot);

        using var page = await teams.GetAsync(ballot);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Hồ Đại Dũng", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", HttpStatusCode.OK, "Phiếu chấm điểm được mở từ thông báo")]
    [InlineData("abc.def", HttpStatusCode.BadRequest, "không đúng định dạng")]
    [InlineData("{subEntityId}", HttpStatusCode.BadRequest, "không đúng định dạng")]
    [Trait("Requirement", "R-5.2")]
    public async Task The_tab_without_a_readable_token_says_where_the_ballot_comes_from(string token, HttpStatusCode status, string message)
    {
        using var teams = host.Client(email: null, followRedirects: false);

        using var answer = await teams.GetAsync($"/{Routes.LeaderBallotTab}?{LeaderBallotTabPage.TokenParameter}={Uri.EscapeDataString(token)}");

        Assert.Equal(status, answer.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "R-5.2")]
    public async Task The_package_script_fills_every_placeholder_and_zips_the_manifest_with_its_icons()
    {
        const string manifestId = "0b4ee2f8-4b8a-4d5b-9a44-0f6c3b7f1e2a";
        const string identity = "5e7c1b2a-1111-4222-8333-944455556666";
        var output = Path.Combine(Path.GetTempPath(), $"teams-{Guid.NewGuid():N}.zip");
        try
        {
            // The names azd's environment has after `azd up` (infra/main.bicep outputs), plus the app's own id.
            var (exitCode, error) = await RunPackageScriptAsync(new()
            {
                ["TEAMS_MANIFEST_ID"] = manifestId,
                ["EVALUATION_SITE_URL"] = "https://func-abc123.azurewebsites.net",
                ["AZURE_MANAGED_IDENTITY_CLIENT_ID"] = identity,
                ["TEAMS_PACKAGE_OUT"] = output,
            });
            Assert.True(exitCode == 0, error);

            using var zip = ZipFile.OpenRead(output);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(entry => entry.FullName).Order());
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var text = await reader.ReadToEndAsync();
            Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            var manifest = JsonDocument.Parse(text).RootElement;
            Assert.Equal(manifestId, manifest.GetProperty("id").GetString());
            Assert.Equal(identity, manifest.GetProperty("webApplicationInfo").GetProperty("id").GetString());
            Assert.Equal(
                $"https://func-abc123.azurewebsites.net/{Routes.LeaderBallotTab}?{LeaderBallotTabPage.TokenParameter}={{subEntityId}}",
                BallotTab(manifest).GetProperty("contentUrl").GetString());
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    [Trait("Requirement", "R-5.2")]
    public async Task The_package_script_names_every_missing_value_and_writes_nothing()
    {
        var output = Path.Combine(Path.GetTempPath(), $"teams-{Guid.NewGuid():N}.zip");

        var (exitCode, error) = await RunPackageScriptAsync(new() { ["TEAMS_PACKAGE_OUT"] = output });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("TEAMS_MANIFEST_ID APP_HOSTNAME GRAPH_CLIENT_ID", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>Runs eng/teams-package.sh with only <paramref name="values"/> of the variables it reads set.</summary>
    private static async Task<(int ExitCode, string Error)> RunPackageScriptAsync(Dictionary<string, string> values)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "eng", "teams-package.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] read = ["TEAMS_MANIFEST_ID", "APP_HOSTNAME", "EVALUATION_SITE_URL", "GRAPH_CLIENT_ID", "AZURE_MANAGED_IDENTITY_CLIENT_ID", "TEAMS_APP_VERSION", "TEAMS_PACKAGE_OUT"];
        foreach (var name in read)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in values)
        {
            start.Environment[name] = value;
        }

        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var error = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (script.ExitCode, await error + await output);
    }

    /// <summary>The JSON body <see cref="GraphNotifier"/> posts for <paramref name="notification"/>, caught by a loopback server.</summary>
    private static async Task<JsonElement> SentActivityAsync(ActivityNotification notification)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var graph = builder.Build();
        var body = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        graph.Run(async http =>
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body);
            body.TrySetResult(document.RootElement.Clone());
            http.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await graph.StartAsync();
        var address = graph.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var options = Options.Create(new GraphOptions { SenderMailbox = "danhgia@localhost", LocalRecorder = true, MaxRetries = 0 });
        using var notifier = new GraphNotifier(options, new FixedGraphEndpoint(address + "/v1.0"), NullLogger<GraphNotifier>.Instance);
        await notifier.SendActivityNotificationAsync(notification);
        return await body.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static JsonElement Manifest()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TeamsFolder(), "manifest.json")));
        return document.RootElement.Clone();
    }

    private static JsonElement.ArrayEnumerator ActivityTypes(JsonElement manifest) =>
        manifest.GetProperty("activities").GetProperty("activityTypes").EnumerateArray();

    private static JsonElement BallotTab(JsonElement manifest) =>
        Assert.Single(manifest.GetProperty("staticTabs").EnumerateArray(), tab => tab.GetProperty("entityId").GetString() == LeaderBallotTabPage.EntityId);

    /// <summary>Width, height and colour type from a PNG's IHDR chunk.</summary>
    private static (int Width, int Height, byte ColorType) Png(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TeamsFolder(), relativePath));
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), bytes[25]);
    }

    private static string TeamsFolder() => Path.Combine(RepositoryRoot(), "teams");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EvalFunctions.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return directory.FullName;
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex TemplateParameter();

    private sealed class FixedGraphEndpoint(string baseUrl) : IGraphEndpoint
    {
        public Task<string> BaseUrlAsync(CancellationToken cancellationToken) => Task.FromResult(baseUrl);
    }
}

/// <summary>A local host configured with a Teams app id, so the leaders' notifications deep-link into Teams as in Azure.</summary>
public sealed class TeamsAppHostFixture : LocalHostFixture
{
    /// <summary>The app's id in the organisation's catalogue (made up: Teams is not called).</summary>
    public const string TeamsAppId = "5f0c2d4e-7a1b-4c3d-9e8f-0a1b2c3d4e5f";

    protected override IEnumerable<string> ExtraArguments => ["--Graph:TeamsAppId", TeamsAppId];
}
