using ModelGate.OpenApi;

// Regenerates the gateway's OpenAPI document:
//   dotnet run --project tools/ModelGate.OpenApi -- [path/to/openai-openapi.yaml] [output.json]
// Defaults: the shared/specs folder found above the repository, and src/ModelGate.Server/Contract/openapi.json.
var root = FindUp(AppContext.BaseDirectory, dir => File.Exists(Path.Combine(dir, "ModelGate.slnx")))
    ?? FindUp(Environment.CurrentDirectory, dir => File.Exists(Path.Combine(dir, "ModelGate.slnx")))
    ?? throw new InvalidOperationException("run inside the repository");
var spec = args.Length > 0 ? args[0] : SpecLocator.Find(root)
    ?? throw new InvalidOperationException("OpenAI's openapi.yaml was not found in a shared/specs folder above the repository; pass its path");
var output = args.Length > 1 ? args[1] : Path.Combine(root, "src", "ModelGate.Server", "Contract", "openapi.json");

var document = OpenApiGenerator.Generate(Path.Combine(root, "tools", "ModelGate.OpenApi", "gateway.yaml"), spec);
File.WriteAllText(output, OpenApiGenerator.Render(document));
Console.WriteLine($"wrote {output}");

static string? FindUp(string start, Func<string, bool> found)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        if (found(dir.FullName))
        {
            return dir.FullName;
        }
    }

    return null;
}
