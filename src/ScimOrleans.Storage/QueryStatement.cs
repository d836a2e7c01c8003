using System.Data.Common;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage;

/// <summary>What a list request needs of an engine's filter translator.</summary>
internal interface IFilterTranslator
{
    /// <summary>The WHERE condition for <paramref name="filter"/>; its values become parameters.</summary>
    string Translate(FilterNode filter);

    /// <summary>The ORDER BY key for <paramref name="sortBy"/>; missing values are SQL NULL.</summary>
    string SortKey(AttributePath sortBy);
}

/// <summary>The values a translator turned into parameters, bound to an engine's command.</summary>
internal interface IStatementParameters<in TCommand>
    where TCommand : DbCommand
{
    void ApplyTo(TCommand command);
}

/// <summary>
/// The COUNT and page statements of one list request, sharing their parameters, and its keyset
/// page (<see cref="Storage.KeysetSql"/>), whose position parameters are bound by <see cref="BindKeyset"/>.
/// The same SQL shape for both engines; the filter and sort key come from the engine's translator.
/// </summary>
internal sealed class QueryStatement<TCommand>
    where TCommand : DbCommand
{
    private readonly IStatementParameters<TCommand> _parameters;
    private readonly string _resourceType;
    private readonly string? _kind;
    private readonly List<KeyValuePair<string, object>> _keysetValues;

    private QueryStatement(IStatementParameters<TCommand> parameters, string resourceType, string? kind, string countSql, string pageSql,
        string keysetSql, List<KeyValuePair<string, object>> keysetValues)
    {
        _parameters = parameters;
        _resourceType = resourceType;
        _kind = kind;
        _keysetValues = keysetValues;
        CountSql = countSql;
        PageSql = pageSql;
        KeysetSql = keysetSql;
    }

    public string CountSql { get; }

    /// <summary>The page; takes <c>@limit</c> and <c>@offset</c> besides the shared parameters.</summary>
    public string PageSql { get; }

    /// <summary>
    /// The keyset page: the rows after the query's position in page order, with the sort key as a
    /// ninth column (when there is one); takes <c>@limit</c>. No OFFSET: a deep page costs what
    /// the first does.
    /// </summary>
    public string KeysetSql { get; }

    /// <summary>Whether <see cref="KeysetSql"/> returns the sort key after the resource columns.</summary>
    public bool HasSortKey { get; private init; }

    /// <param name="translator">The engine's translator, writing its values into <paramref name="parameters"/>.</param>
    public static QueryStatement<TCommand> Build(ResourceSchema schema, ResourceQuery query, IFilterTranslator translator,
        IStatementParameters<TCommand> parameters)
    {
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
        var key = query.SortBy is { } sortBy ? translator.SortKey(sortBy) : null;
        var order = Storage.KeysetSql.OrderBy(key, query.SortDescending);

        // The position's values get their own names, so the COUNT (run without them) and the
        // page share every other parameter.
        var keysetValues = new List<KeyValuePair<string, object>>();
        var keysetWhere = where;
        if (query.Keyset && query.After is { } after)
        {
            keysetWhere += " AND " + Storage.KeysetSql.After(key, query.SortDescending, after, value =>
            {
                var name = $"@after{keysetValues.Count}";
                keysetValues.Add(new(name, value));
                return name;
            });
        }

        return new QueryStatement<TCommand>(parameters, schema.Name, kind,
            $"SELECT COUNT(*) FROM resources r WHERE {where}",
            $"SELECT {ResourceRow.Columns} FROM resources r WHERE {where} ORDER BY {order} {Storage.KeysetSql.Limit} {Storage.KeysetSql.Offset}",
            $"SELECT {ResourceRow.Columns}{(key is null ? "" : ", " + key)} FROM resources r WHERE {keysetWhere} ORDER BY {order} {Storage.KeysetSql.Limit}",
            keysetValues)
        {
            HasSortKey = key is not null,
        };
    }

    public void Bind(TCommand command, string tenant)
    {
        Add(command, "@tenant", tenant);
        Add(command, "@type", _resourceType);
        if (_kind is not null)
        {
            Add(command, "@kind", _kind);
        }

        _parameters.ApplyTo(command);
    }

    public void BindKeyset(TCommand command)
    {
        foreach (var (name, value) in _keysetValues)
        {
            Add(command, name, value);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
