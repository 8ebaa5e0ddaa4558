using Evaluation.Web;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure Functions isolated worker with ASP.NET Core integration: the same handlers as the local host.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddEvaluation(builder.Configuration);
builder.Build().Run();
