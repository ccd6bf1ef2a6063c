using ModelGate.Core.Configuration;

namespace ModelGate.Core.Tests.Configuration;

public sealed class ConfigLoaderStorageTests
{
    private const string Models = "providers:\n  demo: { type: mock }\nmodels:\n  demo:\n    deployments: [{ provider: demo, model: echo }]\n";

    [Fact]
    public void Without_a_storage_section_the_database_is_modelgate_db_beside_the_config()
    {
        var config = Load(Models);

        Assert.Null(config.Storage.SqlitePath);
        Assert.Equal(Path.GetFullPath("/etc/modelgate/modelgate.db"), config.Storage.ResolveSqlitePath("/etc/modelgate/modelgate.yaml"));
    }

    [Fact]
    public void Relative_paths_are_taken_from_the_config_folder_and_absolute_ones_kept()
    {
        Assert.Equal(Path.GetFullPath("/etc/modelgate/data/g.db"),
            Load("storage:\n  sqlite_path: data/g.db\n" + Models).Storage.ResolveSqlitePath("/etc/modelgate/modelgate.yaml"));
        Assert.Equal(Path.GetFullPath("/var/lib/mg.db"),
            Load("storage:\n  sqlite_path: /var/lib/mg.db\n" + Models).Storage.ResolveSqlitePath("/etc/modelgate/modelgate.yaml"));
    }

    [Fact]
    public void Unknown_storage_fields_are_errors_with_their_path()
    {
        var result = new ConfigLoader(new EnvInterpolator(_ => null)).Load("storage:\n  postgres_url: x\n" + Models);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, error => error.Path == "storage.postgres_url");
    }

    private static GatewayConfig Load(string yaml)
    {
        var result = new ConfigLoader(new EnvInterpolator(_ => null)).Load(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config!;
    }
}
