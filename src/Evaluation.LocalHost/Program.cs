using Evaluation.LocalHost;

var app = LocalHostApp.Build(args);
app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
    {
        app.Logger.LogInformation("Local host ready: open {Url}/app", url.Replace("0.0.0.0", "localhost", StringComparison.Ordinal));
    }
});
await app.RunAsync();
