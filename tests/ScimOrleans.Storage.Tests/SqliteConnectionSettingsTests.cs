using Microsoft.Data.Sqlite;
using ScimOrleans.Storage.Sqlite;
using SQLitePCL;

namespace ScimOrleans.Storage.Tests;

/// <summary>
/// How the store's SQLite connections and statements are set up for reads that repeat all day.
/// A list statement is prepared once per connection and run again with new values; SQLite
/// re-plans a statement whose plan read a bound value as a constant every time that value is
/// bound again, which a bare <c>LIMIT @limit</c> is: the store's paging clauses must not be.
/// </summary>
public sealed class SqliteConnectionSettingsTests
{
    private const int ReprepareCount = 5; // SQLITE_STMTSTATUS_REPREPARE

    [Fact]
    public void The_stores_limit_and_offset_keep_a_statement_prepared_across_executions()
    {
        var reprepared = RunThreeTimes($"SELECT x FROM t ORDER BY x {KeysetSql.Limit} {KeysetSql.Offset}");

        Assert.Equal(0, reprepared);
    }

    /// <summary>Why the store writes its LIMIT through a CAST: the bare form is planned anew each run.</summary>
    [Fact]
    public void A_bare_bound_limit_is_planned_anew_whenever_it_is_bound_again()
    {
        var reprepared = RunThreeTimes("SELECT x FROM t ORDER BY x LIMIT @limit OFFSET @offset");

        Assert.True(reprepared >= 2, $"re-prepared {reprepared} times");
    }

    /// <summary>
    /// A GET composes memberships with a recursive query whose queue is a temporary table; kept
    /// on disk, every read would create and delete a file.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_store_connection_keeps_temporary_tables_in_memory(bool readOnly)
    {
        var directory = Directory.CreateTempSubdirectory("scim-temp-store-");
        try
        {
            var factory = new SqliteConnectionFactory(new SqliteStoreOptions { DatabasePath = Path.Combine(directory.FullName, "scim.db") });
            using var connection = factory.Open(readOnly);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA temp_store";

            Assert.Equal(2L, pragma.ExecuteScalar()); // MEMORY
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static int RunThreeTimes(string sql)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);";
            setup.ExecuteNonQuery();
        }

        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement));
        using (statement)
        {
            for (var run = 0; run < 3; run++)
            {
                raw.sqlite3_reset(statement);
                raw.sqlite3_bind_int(statement, raw.sqlite3_bind_parameter_index(statement, "@limit"), 2);
                raw.sqlite3_bind_int(statement, raw.sqlite3_bind_parameter_index(statement, "@offset"), 0);
                while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
                {
                }
            }

            return raw.sqlite3_stmt_status(statement, ReprepareCount, 0);
        }
    }
}
