using System.Net;
using System.Text.Json;

namespace Evaluation.IntegrationTests.Infrastructure;

/// <summary>Checks the API.md error convention: problem+json, a Vietnamese title, the status, and named fields.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var title = problem.GetProperty("title").GetString();
        Assert.False(string.IsNullOrWhiteSpace(title));
        Assert.True(title!.Any(c => c > 127), $"The title should be Vietnamese, was: {title}");
        foreach (var field in fields)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
                $"Expected an error for field '{field}' in {body}");
        }

        return problem;
    }

    /// <summary>A problem with that status whose detail or field messages contain <paramref name="text"/>; returns them all.</summary>
    public static async Task<string> HasStatusAsync(HttpResponseMessage response, HttpStatusCode status, string text)
    {
        var problem = await IsProblemAsync(response, status);
        var messages = Text(problem);
        Assert.True(messages.Contains(text, StringComparison.Ordinal), $"Expected \"{text}\" in the problem, was: {messages}");
        return messages;
    }

    /// <summary>The problem's detail and every field message, one per line, as a person reads them.</summary>
    public static string Text(JsonElement problem)
    {
        var lines = new List<string>();
        if (problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
        {
            lines.Add(detail.GetString()!);
        }

        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            lines.AddRange(errors.EnumerateObject().SelectMany(field => field.Value.EnumerateArray().Select(message => $"{field.Name}: {message.GetString()}")));
        }

        return string.Join("\n", lines);
    }
}
