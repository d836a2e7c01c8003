namespace ScimOrleans.Scim.Filters;

internal enum FilterTokenKind
{
    /// <summary>An attribute path, a keyword or an operator; the parser decides which by position.</summary>
    Word,
    String,
    Number,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    End,
}

/// <summary>One token of a filter. <see cref="Value"/> holds the decoded string or the number.</summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position, object? Value = null)
{
    public bool IsWord(string keyword) =>
        Kind == FilterTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        FilterTokenKind.End => "the end of the filter",
        _ when Text.Length > 40 => $"'{Text[..40]}...' at position {Position + 1}",
        _ => $"'{Text}' at position {Position + 1}",
    };
}
