namespace ScimOrleans.Storage;

/// <summary>
/// The store's database cannot be reached or refused to work for a reason that says nothing
/// about the request (connection refused or lost, server shutting down, database locked or
/// out of disk). The write was not acknowledged and may be retried; a host answers 503.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
        : this("The resource store is unavailable.")
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
