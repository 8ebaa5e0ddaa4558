using System.Text.Json;
using Evaluation.LocalHost;
using Evaluation.LocalHost.Development;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Evaluation.IntegrationTests.Contract;

/// <summary>
/// One source of truth for HTTP (ARCHITECTURE.md "Rules of the house"): every HTTP function in the Functions app's
/// generated functions.metadata is served by the local host with the same route and verbs, and the other way round
/// (the local host's development-only endpoints excepted).
/// </summary>
public sealed class HostContractTests
{
    [Fact]
    [Trait("Requirement", "R-10.1")]
    [Trait("Requirement", "R-10.2")]
    public void Both_hosts_serve_the_same_routes_and_verbs()
    {
        var functions = FunctionRoutes();
        var local = LocalHostRoutes();

        Assert.NotEmpty(functions);
        Assert.Empty(functions.Except(local).Select(route => $"only in the Functions app: {route}"));
        Assert.Empty(local.Except(functions).Select(route => $"only in the local host: {route}"));
    }

    [Fact]
    public void The_contract_covers_the_api_of_the_issue()
    {
        var functions = FunctionRoutes();

        // API.md "Setup", the ranking preview, results and the start page must all be there.
        string[] required =
        [
            "PUT api/years/{year}", "GET api/years/{year}", "PUT api/years/{year}/catalogues/{indexSet}",
            "GET api/years/{year}/catalogues/{indexSet}", "PUT api/years/{year}/units/{unitId}", "GET api/years/{year}/units",
            "PUT api/people/{email}", "POST api/years/{year}/start", "POST api/ranking/preview", "GET api/years/{year}/results", "GET app",
        ];
        Assert.Empty(required.Except(functions));
    }

    private static HashSet<string> FunctionRoutes()
    {
        var metadata = FunctionsMetadataPath();
        using var document = JsonDocument.Parse(File.ReadAllBytes(metadata));
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in document.RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() != "httpTrigger")
                {
                    continue;
                }

                var route = binding.GetProperty("route").GetString()!;
                foreach (var method in binding.GetProperty("methods").EnumerateArray())
                {
                    routes.Add(Key(method.GetString()!, route));
                }
            }
        }

        return routes;
    }

    private static HashSet<string> LocalHostRoutes()
    {
        var app = LocalHostApp.Build(["--environment", "Development", "--Evaluation:SeedDemoData", "false", "--EvaluationStorage:ConnectionString", "UseDevelopmentStorage=true"]);
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<ITagsMetadata>()?.Tags.Contains(DevelopmentSignIn.LocalOnlyTag) == true)
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                routes.Add(Key(method, endpoint.RoutePattern.RawText!));
            }
        }

        return routes;
    }

    private static string Key(string method, string route) => $"{method.ToUpperInvariant()} {route.Trim('/')}";

    /// <summary>The Functions build output of the same configuration as this test assembly.</summary>
    private static string FunctionsMetadataPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = directory.Parent!.Name;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EvalFunctions.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var path = Path.Combine(directory.FullName, "src", "Evaluation.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"No {path}: build the Functions app (the test project references it so that it is built first).");
        return path;
    }
}
