using Npgsql;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Postgres;

/// <summary>The COUNT and page statements of one list request, sharing their parameters.</summary>
internal sealed class PostgresQueryStatement
{
    private readonly PostgresParameters _parameters;
    private readonly string _resourceType;
    private readonly string? _kind;

    private PostgresQueryStatement(PostgresParameters parameters, string resourceType, string? kind, string countSql, string pageSql)
    {
        _parameters = parameters;
        _resourceType = resourceType;
        _kind = kind;
        CountSql = countSql;
        PageSql = pageSql;
    }

    public string CountSql { get; }

    /// <summary>The page; takes <c>@limit</c> and <c>@offset</c> besides the shared parameters.</summary>
    public string PageSql { get; }

    public static PostgresQueryStatement Build(ResourceSchema schema, ResourceQuery query)
    {
        var parameters = new PostgresParameters();
        var translator = new PostgresFilterTranslator(schema, parameters);
        var where = "r.tenant = @tenant AND r.type = @type";
        // Only users have a kind; a group list ignores it (groups have none).
        var kind = schema.Name == ResourceTypeNames.User ? query.Kind : null;
        if (kind is not null)
        {
            where += " AND r.kind = @kind";
        }

        if (query.Filter is { } filter)
        {
            where += " AND " + translator.Translate(filter);
        }

        // id last: ties (and missing sort values) still page in one stable order.
        var order = "r.id";
        if (query.SortBy is { } sortBy)
        {
            var key = translator.SortKey(sortBy);
            // RFC 7644 §3.4.2.3: resources without a value come last ascending, first descending.
            order = query.SortDescending ? $"{key} DESC NULLS FIRST, r.id" : $"{key} ASC NULLS LAST, r.id";
        }

        return new PostgresQueryStatement(parameters, schema.Name, kind,
            $"SELECT COUNT(*) FROM resources r WHERE {where}",
            $"SELECT {ResourceRow.Columns} FROM resources r WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset");
    }

    public void Bind(NpgsqlCommand command, string tenant)
    {
        command.With("@tenant", tenant).With("@type", _resourceType);
        if (_kind is not null)
        {
            command.With("@kind", _kind);
        }

        _parameters.ApplyTo(command);
    }
}
