namespace ScimOrleans.Storage.Sqlite;

/// <summary>An activity entry with its text columns already formatted, so the writer thread only binds them.</summary>
internal sealed record ActivityRow(ActivityEntry Entry, string Time, string? Changes)
{
    public static ActivityRow From(ActivityEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.Tenant);
        return new ActivityRow(entry, StoreTimestamps.ToText(entry.Time), entry.Changes?.ToJsonString());
    }
}
