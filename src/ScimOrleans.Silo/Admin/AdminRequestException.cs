namespace ScimOrleans.Silo.Admin;

/// <summary>A request the admin API refuses, raised where the input is read and answered as a problem.</summary>
public sealed class AdminRequestException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public static AdminRequestException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);
}
