namespace ModelGate.Providers.Bedrock.EventStream;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, the "GZIP CRC32"), which the AWS event-stream
/// encoding uses for its prelude and message checksums. Table-driven; the BCL has no public CRC-32.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var value = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            value = Table[(value ^ b) & 0xFF] ^ (value >> 8);
        }

        return ~value;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? 0xEDB88320u ^ (entry >> 1) : entry >> 1;
            }

            table[i] = entry;
        }

        return table;
    }
}
