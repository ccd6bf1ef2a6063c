namespace ModelGate.Storage.Tests.Governance;

public sealed class KeyPepperTests
{
    [Fact]
    public async Task Without_the_variable_a_pepper_is_generated_once_into_an_owner_only_file()
    {
        await using var db = new TempDatabase();

        var first = KeyPepper.Resolve(db.Path, null, out var file);
        var second = KeyPepper.Resolve(db.Path, "", out var again);

        Assert.Equal(db.Path + ".pepper", file);
        Assert.Equal(file, again);
        Assert.Equal(first, second);
        Assert.True(first.Length >= 32);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file!));
        }
    }

    [Fact]
    public void The_variable_wins_and_must_be_long_enough()
    {
        var pepper = KeyPepper.Resolve("/nonexistent/x.db", new string('p', 40), out var file);

        Assert.Null(file);
        Assert.Equal(40, pepper.Length);
        Assert.Throws<InvalidOperationException>(() => KeyPepper.Resolve("/nonexistent/x.db", "short", out _));
    }
}
