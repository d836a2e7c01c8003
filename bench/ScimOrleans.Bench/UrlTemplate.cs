using System.Text;

namespace ScimOrleans.Bench;

/// <summary>
/// A request URL or body with placeholders filled per request: <c>{n}</c> a number unique within
/// the run, <c>{run}</c> a tag unique to the run, <c>{id}</c> and <c>{userName}</c> a random
/// loaded user, <c>{worker}</c> the connection's number and <c>{prev}</c> the <c>{n}</c> of that
/// connection's last request answered 2xx (0 before the first), so a request can build on the
/// one before it. Values are URL-escaped in URLs and inserted as they are in bodies.
/// </summary>
public sealed class UrlTemplate
{
    private readonly List<(string Literal, Placeholder Hole)> _parts = [];
    private readonly bool _escape;

    private UrlTemplate(bool escape) => _escape = escape;

    private enum Placeholder { None, Sequence, Run, Id, UserName, Worker, Previous }

    /// <summary>Whether the template needs loaded users to fill it.</summary>
    public bool NeedsUsers => _parts.Any(p => p.Hole is Placeholder.Id or Placeholder.UserName);

    public static UrlTemplate ForUrl(string template) => Compile(template, escape: true);

    public static UrlTemplate ForBody(string template) => Compile(template, escape: false);

    private static UrlTemplate Compile(string template, bool escape)
    {
        var compiled = new UrlTemplate(escape);
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var hole = Placeholder.None;
            foreach (var (name, kind) in Names)
            {
                if (string.CompareOrdinal(template, i, name, 0, name.Length) == 0)
                {
                    hole = kind;
                    i += name.Length - 1;
                    break;
                }
            }

            if (hole == Placeholder.None)
            {
                literal.Append(template[i]);
                continue;
            }

            compiled._parts.Add((literal.ToString(), hole));
            literal.Clear();
        }

        compiled._parts.Add((literal.ToString(), Placeholder.None));
        return compiled;
    }

    private static readonly (string Name, Placeholder Kind)[] Names =
    [
        ("{n}", Placeholder.Sequence),
        ("{run}", Placeholder.Run),
        ("{id}", Placeholder.Id),
        ("{userName}", Placeholder.UserName),
        ("{worker}", Placeholder.Worker),
        ("{prev}", Placeholder.Previous),
    ];

    /// <summary>Fills the template for one request; <paramref name="user"/> is used for both {id} and {userName}.</summary>
    public string Fill(long sequence, string run, LoadedUser? user, int worker = 0, long previous = 0)
    {
        var text = new StringBuilder();
        foreach (var (literal, hole) in _parts)
        {
            text.Append(literal);
            var value = hole switch
            {
                Placeholder.Sequence => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Placeholder.Run => run,
                Placeholder.Id => user?.Id ?? throw new InvalidOperationException("{id} needs loaded users."),
                Placeholder.UserName => user?.UserName ?? throw new InvalidOperationException("{userName} needs loaded users."),
                Placeholder.Worker => worker.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Placeholder.Previous => previous.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            if (value is not null)
            {
                text.Append(_escape ? Uri.EscapeDataString(value) : value);
            }
        }

        return text.ToString();
    }
}
