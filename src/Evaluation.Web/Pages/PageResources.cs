using System.Collections.Concurrent;

namespace Evaluation.Web.Pages;

/// <summary>The pages' scripts and styles, embedded in this assembly, read once; each script gets the shared kit first.</summary>
public static class PageResources
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Read(string name) => Cache.GetOrAdd(name, static key =>
    {
        using var stream = typeof(PageResources).Assembly.GetManifestResourceStream("Evaluation.Web.Pages." + key)
            ?? throw new InvalidOperationException($"Embedded resource Evaluation.Web.Pages.{key} is missing from Evaluation.Web.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>A page's script: its settings as <c>PAGE</c>, the shared helpers (<c>Kit</c>, page-kit.js), then the page's own code.</summary>
    public static string Script(string pageConfigJson, string scriptName) =>
        "const PAGE = " + pageConfigJson + ";\n" + Read("page-kit.js") + "\n" + Read(scriptName);
}
