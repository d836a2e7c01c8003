using System.Data;
using Microsoft.Data.Sqlite;

namespace ScimOrleans.Storage.Orleans;

/// <summary>
/// The connection <see cref="SqliteDbDataSource"/> hands out: a plain <see cref="SqliteConnection"/>
/// (Orleans checks the type against the invariant's factory) that takes the data source's gate
/// before opening, applies the pragmas once open, and gives the gate back when it closes.
/// </summary>
internal sealed class SqliteDataSourceConnection(string connectionString, SqliteDbDataSource dataSource)
    : SqliteConnection(connectionString)
{
    private bool _holdsGate;

    public override void Open()
    {
        if (State != ConnectionState.Closed)
        {
            base.Open(); // Let the base class report the misuse.
            return;
        }

        dataSource.Gate?.Wait();
        OpenHoldingGate();
    }

    // DbConnection.OpenAsync would call Open() and block a thread on the gate; wait asynchronously.
    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (State != ConnectionState.Closed)
        {
            base.Open();
            return;
        }

        if (dataSource.Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        OpenHoldingGate();
    }

    public override void Close()
    {
        try
        {
            base.Close();
        }
        finally
        {
            ReleaseGate();
        }
    }

    private void OpenHoldingGate()
    {
        _holdsGate = dataSource.Gate is not null;
        try
        {
            base.Open();
            dataSource.Prepare(this);
        }
        catch
        {
            Close();
            throw;
        }
    }

    private void ReleaseGate()
    {
        if (_holdsGate)
        {
            _holdsGate = false;
            dataSource.Gate!.Release();
        }
    }
}
