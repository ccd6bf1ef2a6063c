using ModelGate.Core.Governance;

namespace ModelGate.Storage.Tests.Governance;

public sealed class KeyHasherTests
{
    [Fact]
    public void Keys_are_mg_and_32_random_bytes_in_base64url()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => KeyHasher.Generate()).ToList();

        Assert.All(keys, key => Assert.Matches("^mg-[A-Za-z0-9_-]{43}$", key));
        Assert.Equal(1000, keys.Distinct().Count());
    }

    [Fact]
    public void The_hash_is_an_hmac_under_the_pepper()
    {
        var key = KeyHasher.Generate();
        var one = new KeyHasher(new byte[32]);
        var other = new KeyHasher(Enumerable.Repeat((byte)7, 32).ToArray());

        Assert.Equal(one.Hash(key), one.Hash(key));
        Assert.NotEqual(one.Hash(key), other.Hash(key));
        Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(new byte[32], System.Text.Encoding.UTF8.GetBytes(key)), one.Hash(key));
        Assert.Throws<ArgumentException>(() => new KeyHasher(new byte[16]));
    }

    [Fact]
    public void The_hint_shows_the_start_and_the_last_four_characters_only()
    {
        const string key = "mg-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq";

        Assert.Equal("mg-ABCD...nopq", KeyHasher.Hint(key));
    }
}
