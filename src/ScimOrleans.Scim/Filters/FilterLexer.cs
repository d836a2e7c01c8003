using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Scim.Filters;

/// <summary>Splits a filter into tokens; string and number literals follow JSON (RFC 8259).</summary>
internal static partial class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            FilterToken token = c switch
            {
                '(' => new(FilterTokenKind.OpenParen, "(", i),
                ')' => new(FilterTokenKind.CloseParen, ")", i),
                '[' => new(FilterTokenKind.OpenBracket, "[", i),
                ']' => new(FilterTokenKind.CloseBracket, "]", i),
                '"' => ReadString(text, i),
                '-' or (>= '0' and <= '9') => ReadNumber(text, i),
                _ when IsWordChar(c) => ReadWord(text, i),
                _ => throw Error($"Unexpected character '{c}' at position {i + 1}."),
            };
            tokens.Add(token);
            i += token.Text.Length;
        }

        tokens.Add(new(FilterTokenKind.End, "", text.Length));
        return tokens;
    }

    // '.', ':' and '$' belong to words so that "urn:...:2.0:User:name.givenName" and "$ref" stay one token.
    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '$';

    private static FilterToken ReadWord(string text, int start)
    {
        var end = start;
        while (end < text.Length && IsWordChar(text[end]))
        {
            end++;
        }

        return new(FilterTokenKind.Word, text[start..end], start);
    }

    private static FilterToken ReadNumber(string text, int start)
    {
        var match = NumberPattern().Match(text, start);
        var end = start + match.Length;
        if (!match.Success || (end < text.Length && IsWordChar(text[end])))
        {
            var wordEnd = end;
            while (wordEnd < text.Length && IsWordChar(text[wordEnd]))
            {
                wordEnd++;
            }

            throw Error($"Invalid number '{text[start..Math.Max(wordEnd, start + 1)]}' at position {start + 1}.");
        }

        if (!decimal.TryParse(match.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw Error($"Number '{match.Value}' at position {start + 1} is out of range.");
        }

        return new(FilterTokenKind.Number, match.Value, start, number);
    }

    private static FilterToken ReadString(string text, int start)
    {
        var value = new StringBuilder();
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                return new(FilterTokenKind.String, text[start..(i + 1)], start, value.ToString());
            }

            if (c < ' ')
            {
                throw Error($"Control character in string at position {i + 1}; escape it.");
            }

            if (c != '\\')
            {
                value.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                break;
            }

            var escape = text[i + 1];
            switch (escape)
            {
                case '"' or '\\' or '/':
                    value.Append(escape);
                    break;
                case 'b':
                    value.Append('\b');
                    break;
                case 'f':
                    value.Append('\f');
                    break;
                case 'n':
                    value.Append('\n');
                    break;
                case 'r':
                    value.Append('\r');
                    break;
                case 't':
                    value.Append('\t');
                    break;
                case 'u' when i + 6 <= text.Length
                    && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    value.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw Error($"Invalid escape '\\{escape}' in string at position {i + 1}.");
            }

            i += 2;
        }

        throw Error($"Unterminated string starting at position {start + 1}.");
    }

    private static ScimException Error(string detail) => ScimException.InvalidFilter(detail);

    [GeneratedRegex(@"\G-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
