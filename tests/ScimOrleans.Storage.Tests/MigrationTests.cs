using Microsoft.Data.Sqlite;
using ScimOrleans.Storage.Sqlite;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

/// <summary>A database created before kinds and activity existed is brought forward on open.</summary>
public sealed class MigrationTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Users_stored_before_kinds_existed_become_dashboard_users()
    {
        var userId = NewId();
        var groupId = NewId();
        CreateVersion1Database(userId, groupId);

        await using var store = await _database.OpenAsync();

        Assert.Equal("dashboard", (await store.GetAsync("t", "User", userId))!.Kind);
        Assert.Null((await store.GetAsync("t", "Group", groupId))!.Kind);
        var learner = await store.CreateAsync(User("t", NewId(), "new") with { Kind = "learner" });
        Assert.Equal("learner", learner.Kind);
        await store.AppendActivityAsync(new ActivityEntry("t", _database.Time.GetUtcNow(), null, null, "Create", "User", userId, 201, null, null, null));
        Assert.Single((await store.QueryActivityAsync("t", new ActivityQuery())).Entries);
    }

    /// <summary>What the store of the first release left behind: script 001 and two resources.</summary>
    private void CreateVersion1Database(string userId, string groupId)
    {
        Directory.CreateDirectory(_database.Directory);
        var assembly = typeof(SqliteResourceStore).Assembly;
        var script = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Sqlite.resources-001-initial.sql", StringComparison.Ordinal));
        using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        using (var reader = new StreamReader(assembly.GetManifestResourceStream(script)!))
        {
            command.CommandText = reader.ReadToEnd();
        }

        command.ExecuteNonQuery();
        command.CommandText = $$"""
            CREATE TABLE resource_store_schema (version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied TEXT NOT NULL) STRICT;
            INSERT INTO resource_store_schema VALUES (1, '{{script}}', '2024-01-01T00:00:00.0000000Z');
            INSERT INTO resources (tenant, id, type, version, created, last_modified, user_name, user_name_folded, doc)
            VALUES ('t', '{{userId}}', 'User', 1, '2024-01-01T00:00:00.0000000Z', '2024-01-01T00:00:00.0000000Z', 'old', 'old',
                    '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"{{userId}}","userName":"old"}');
            INSERT INTO resources (tenant, id, type, version, created, last_modified, display_name, display_name_folded, doc)
            VALUES ('t', '{{groupId}}', 'Group', 1, '2024-01-01T00:00:00.0000000Z', '2024-01-01T00:00:00.0000000Z', 'G', 'g',
                    '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{groupId}}","displayName":"G"}');
            """;
        command.ExecuteNonQuery();
    }
}
