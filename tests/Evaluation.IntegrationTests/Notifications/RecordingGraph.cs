using System.Net.Http.Json;
using System.Text.Json;
using Evaluation.Domain.Common;
using Evaluation.Infrastructure.Notifications;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.LocalHost.Development;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Notifications;

/// <summary>The local host's recording Graph endpoint as tests use it: the notifier it feeds, its outbox JSON and its faults.</summary>
public static class RecordingGraph
{
    public static INotifier Notifier(LocalHostFixture host) => host.Services.GetRequiredService<INotifier>();

    /// <summary>A recipient no other test writes to, so each test reads only its own messages.</summary>
    public static string NewRecipient(string what) => $"{what}-{Guid.NewGuid():N}@test.local";

    /// <summary>What the outbox recorded for <paramref name="to"/>, newest first, read as any script would.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> MessagesAsync(LocalHostFixture host, string to)
    {
        using var client = host.Client(null);
        var answer = await client.GetFromJsonAsync<JsonElement>($"{OutboxPage.MessagesPath}?to={Uri.EscapeDataString(to)}");
        return answer.GetProperty("messages").Deserialize<List<OutboxMessage>>(EvaluationJson.Options)!;
    }

    /// <summary>Arms a fault on this fixture's host only, for this recipient only.</summary>
    public static async Task<GraphFaultState> ArmAsync(LocalHostFixture host, int status, int count, int? retryAfterSeconds, string to)
    {
        using var client = host.Client(null);
        using var response = await client.PostAsJsonAsync(GraphRecorder.FaultsPath, new { status, count, retryAfterSeconds, to });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<GraphFaultState>(EvaluationJson.Options))!;
    }

    public static async Task<GraphFaultState> FaultsAsync(LocalHostFixture host)
    {
        using var client = host.Client(null);
        return (await client.GetFromJsonAsync<GraphFaultState>(GraphRecorder.FaultsPath, EvaluationJson.Options))!;
    }
}
