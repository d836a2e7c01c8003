using Microsoft.Extensions.Options;
using ScimOrleans.Storage.Orleans;

namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// The SQLite file behind Orleans' grain storage (tenants, tokens). A separate file from the
/// resource store so that the resource store's group commits never queue behind it.
/// </summary>
public sealed class SettingsDatabase(IOptions<StorageOptions> options) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(options.Value.ResolvedDataDirectory, "orleans.db");

    public SqliteDbDataSource DataSource => _dataSource.Value;

    private readonly Lazy<SqliteDbDataSource> _dataSource = new(() => SqliteOrleansDatabase.CreateDataSource(
        System.IO.Path.Combine(options.Value.ResolvedDataDirectory, "orleans.db")));

    public void Dispose()
    {
        if (_dataSource.IsValueCreated)
        {
            _dataSource.Value.Dispose();
        }
    }
}
