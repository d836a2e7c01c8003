using System.Text.RegularExpressions;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Filters;

/// <summary>Parses RFC 7644 §3.4.2.2 filters into <see cref="FilterNode"/> trees.</summary>
public static partial class FilterParser
{
    /// <summary>Longer filters are refused before any parsing work is done.</summary>
    public const int MaxLength = 4096;

    /// <summary>How deeply parentheses, <c>not</c> and value filters may nest.</summary>
    public const int MaxDepth = 32;

    private static readonly Dictionary<string, ComparisonOperator> Operators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eq"] = ComparisonOperator.Equal,
        ["ne"] = ComparisonOperator.NotEqual,
        ["co"] = ComparisonOperator.Contains,
        ["sw"] = ComparisonOperator.StartsWith,
        ["ew"] = ComparisonOperator.EndsWith,
        ["gt"] = ComparisonOperator.GreaterThan,
        ["ge"] = ComparisonOperator.GreaterThanOrEqual,
        ["lt"] = ComparisonOperator.LessThan,
        ["le"] = ComparisonOperator.LessThanOrEqual,
    };

    /// <summary>Throws <see cref="ScimException"/> 400 <c>invalidFilter</c> on any error.</summary>
    public static FilterNode Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ScimException.InvalidFilter("The filter is empty.");
        }

        if (text.Length > MaxLength)
        {
            throw ScimException.InvalidFilter($"The filter is {text.Length} characters long; at most {MaxLength} are allowed.");
        }

        var reader = new Reader(FilterLexer.Tokenize(text));
        var filter = reader.ParseOr();
        reader.ExpectEnd();
        return filter;
    }

    /// <summary>
    /// Parses a PATCH <c>path</c> (RFC 7644 §3.5.2): <c>attrPath</c> or
    /// <c>attrPath[valFilter]</c> optionally followed by <c>.subAttr</c>, e.g.
    /// <c>emails[type eq "work"].value</c>. A malformed path is 400 <c>invalidPath</c>, a
    /// malformed filter inside the brackets 400 <c>invalidFilter</c>. With a
    /// <paramref name="schema"/>, the attribute part is split by
    /// <see cref="ResourceSchema.ParsePath"/>, so a bare extension URN names the whole extension.
    /// </summary>
    public static PathExpression ParsePath(string text, ResourceSchema? schema = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ScimException.InvalidPath("The path is empty.");
        }

        if (text.Length > MaxLength)
        {
            throw ScimException.InvalidPath($"The path is {text.Length} characters long; at most {MaxLength} are allowed.");
        }

        text = text.Trim();
        var open = text.IndexOf('[');
        if (open < 0)
        {
            return new PathExpression(ParsePathPart(text, schema), null, null);
        }

        // A string inside the filter may hold ']', but nothing after the filter can.
        var close = text.LastIndexOf(']');
        if (close < open)
        {
            throw ScimException.InvalidPath($"'[' at position {open + 1} of the path is never closed.");
        }

        var attribute = ParsePathPart(text[..open], schema);
        if (attribute.SubAttribute is not null || attribute.Name.Length == 0)
        {
            throw ScimException.InvalidPath($"A value filter must follow a top-level attribute, not '{attribute}'.");
        }

        var filter = Parse(text[(open + 1)..close]);
        var rest = text[(close + 1)..];
        if (rest.Length == 0)
        {
            return new PathExpression(attribute, filter, null);
        }

        if (rest[0] != '.' || !IsAttributeName(rest[1..]))
        {
            throw ScimException.InvalidPath($"Expected '.subAttribute' or the end of the path after the value filter, found '{rest}'.");
        }

        return new PathExpression(attribute, filter, rest[1..]);
    }

    private static AttributePath ParsePathPart(string text, ResourceSchema? schema)
    {
        if (schema is not null)
        {
            var path = schema.ParsePath(text);
            if (path.Name.Length > 0 && (!IsAttributeName(path.Name) || (path.SubAttribute is { } sub && !IsAttributeName(sub))))
            {
                throw ScimException.InvalidPath($"'{text}' is not a valid attribute path.");
            }

            return path;
        }

        return SplitAttributePath(text) ?? throw ScimException.InvalidPath($"'{text}' is not a valid attribute path.");
    }

    /// <summary>
    /// Splits <c>[URN ":"] ATTRNAME ["." ATTRNAME]</c>. URNs contain dots (<c>2.0</c>), so the URN
    /// ends at the last ':'. Null when the text is not an attribute path.
    /// </summary>
    internal static AttributePath? SplitAttributePath(string text)
    {
        string? urn = null;
        var local = text;
        if (text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var colon = text.LastIndexOf(':');
            urn = text[..colon];
            local = text[(colon + 1)..];
            if (urn.Split(':').Any(segment => segment.Length == 0))
            {
                return null;
            }
        }

        var parts = local.Split('.');
        return parts.Length switch
        {
            1 when IsAttributeName(parts[0]) => new AttributePath(urn, parts[0], null),
            2 when IsAttributeName(parts[0]) && IsAttributeName(parts[1]) => new AttributePath(urn, parts[0], parts[1]),
            _ => null,
        };
    }

    private static bool IsAttributeName(string text) => AttributeNamePattern().IsMatch(text);

    // RFC 7644 ATTRNAME, plus the leading '$' of "$ref" (RFC 7643 §2.4 reference sub-attributes).
    [GeneratedRegex(@"^\$?[A-Za-z][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeNamePattern();

    /// <summary>Recursive descent over the tokens; precedence is not, then and, then or.</summary>
    private sealed class Reader(List<FilterToken> tokens)
    {
        private int _index;
        private int _depth;

        private FilterToken Peek(int ahead = 0) => tokens[Math.Min(_index + ahead, tokens.Count - 1)];

        private FilterToken Next()
        {
            var token = Peek();
            if (_index < tokens.Count - 1)
            {
                _index++;
            }

            return token;
        }

        public void ExpectEnd()
        {
            var token = Peek();
            if (token.Kind != FilterTokenKind.End)
            {
                throw Error($"Unexpected {token.Describe()}; expected 'and', 'or' or the end of the filter.");
            }
        }

        public FilterNode ParseOr()
        {
            var left = ParseAnd();
            while (Peek().IsWord("or"))
            {
                Next();
                left = new OrFilter(left, ParseAnd());
            }

            return left;
        }

        private FilterNode ParseAnd()
        {
            var left = ParseUnary();
            while (Peek().IsWord("and"))
            {
                Next();
                left = new AndFilter(left, ParseUnary());
            }

            return left;
        }

        private FilterNode ParseUnary()
        {
            var token = Peek();
            if (token.Kind == FilterTokenKind.OpenParen)
            {
                Next();
                return ParseGroup(token, FilterTokenKind.CloseParen, "')'");
            }

            // "not" is only an operator before '('; otherwise it could be an attribute's name.
            if (token.IsWord("not") && Peek(1).Kind == FilterTokenKind.OpenParen)
            {
                Next();
                var open = Next();
                return new NotFilter(ParseGroup(open, FilterTokenKind.CloseParen, "')'"));
            }

            if (token.Kind == FilterTokenKind.Word)
            {
                return ParseAttributeExpression();
            }

            throw Error($"Expected an attribute path, '(' or 'not (' but found {token.Describe()}.");
        }

        private FilterNode ParseGroup(FilterToken open, FilterTokenKind closeKind, string closeText)
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"The filter nests deeper than {MaxDepth} levels at position {open.Position + 1}.");
            }

            var inner = ParseOr();
            var close = Next();
            if (close.Kind != closeKind)
            {
                throw Error($"Expected {closeText} to close {open.Describe()} but found {close.Describe()}.");
            }

            _depth--;
            return inner;
        }

        private FilterNode ParseAttributeExpression()
        {
            var token = Next();
            var path = SplitAttributePath(token.Text)
                ?? throw Error($"{Capitalize(token.Describe())} is not a valid attribute path.");
            if (Peek().Kind != FilterTokenKind.OpenBracket)
            {
                return ParseOperation(path);
            }

            var open = Next();
            var inner = ParseGroup(open, FilterTokenKind.CloseBracket, "']'");
            var next = Peek();
            if (next.Kind != FilterTokenKind.Word || !next.Text.StartsWith('.'))
            {
                return new ValuePathFilter(path, inner);
            }

            // Entra ID sends emails[type eq "work"].value eq "x", outside the RFC grammar: the
            // trailing comparison applies to the same value as the bracketed filter.
            Next();
            var subPath = SplitAttributePath(next.Text[1..]);
            if (subPath is null || subPath.SchemaUrn is not null || subPath.SubAttribute is not null)
            {
                throw Error($"{Capitalize(next.Describe())} is not a valid sub-attribute.");
            }

            return new ValuePathFilter(path, new AndFilter(inner, ParseOperation(subPath)));
        }

        private FilterNode ParseOperation(AttributePath path)
        {
            var token = Next();
            if (token.IsWord("pr"))
            {
                return new PresentFilter(path);
            }

            if (token.Kind == FilterTokenKind.Word && Operators.TryGetValue(token.Text, out var op))
            {
                return new ComparisonFilter(path, op, ParseValue(token));
            }

            throw Error($"Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after '{path}' but found {token.Describe()}.");
        }

        private object? ParseValue(FilterToken op)
        {
            var token = Next();
            switch (token.Kind)
            {
                case FilterTokenKind.String:
                case FilterTokenKind.Number:
                    return token.Value;
                case FilterTokenKind.Word when token.IsWord("true"):
                    return true;
                case FilterTokenKind.Word when token.IsWord("false"):
                    return false;
                case FilterTokenKind.Word when token.IsWord("null"):
                    return null;
                default:
                    throw Error($"Expected a value (a \"string\", a number, true, false or null) after '{op.Text}' but found {token.Describe()}.");
            }
        }

        private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

        private static ScimException Error(string detail) => ScimException.InvalidFilter(detail);
    }
}
