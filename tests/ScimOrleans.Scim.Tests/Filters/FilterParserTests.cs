using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;

namespace ScimOrleans.Scim.Tests.Filters;

public sealed class FilterParserTests
{
    [Theory]
    [InlineData("userName eq \"bjensen\"", "(eq userName \"bjensen\")")]
    [InlineData("userName ne \"bjensen\"", "(ne userName \"bjensen\")")]
    [InlineData("name.familyName co \"O'Malley\"", "(co name.familyName \"O'Malley\")")]
    [InlineData("userName sw \"J\"", "(sw userName \"J\")")]
    [InlineData("userName ew \"sen\"", "(ew userName \"sen\")")]
    [InlineData("meta.lastModified gt \"2011-05-13T04:42:34Z\"", "(gt meta.lastModified \"2011-05-13T04:42:34Z\")")]
    [InlineData("meta.lastModified ge \"2011-05-13T04:42:34Z\"", "(ge meta.lastModified \"2011-05-13T04:42:34Z\")")]
    [InlineData("meta.lastModified lt \"2011-05-13T04:42:34Z\"", "(lt meta.lastModified \"2011-05-13T04:42:34Z\")")]
    [InlineData("meta.lastModified le \"2011-05-13T04:42:34Z\"", "(le meta.lastModified \"2011-05-13T04:42:34Z\")")]
    [InlineData("title pr", "(pr title)")]
    [InlineData("members.$ref eq \"https://x/Users/1\"", "(eq members.$ref \"https://x/Users/1\")")]
    [InlineData("x-custom_attr1 eq \"v\"", "(eq x-custom_attr1 \"v\")")]
    public void Parses_every_operator(string filter, string expected) =>
        Assert.Equal(expected, FilterText.Of(FilterParser.Parse(filter)));

    [Theory]
    [InlineData("a pr or b pr and c pr", "(or (pr a) (and (pr b) (pr c)))")]
    [InlineData("a pr and b pr or c pr", "(or (and (pr a) (pr b)) (pr c))")]
    [InlineData("a pr or b pr or c pr", "(or (or (pr a) (pr b)) (pr c))")]
    [InlineData("a pr and b pr and c pr", "(and (and (pr a) (pr b)) (pr c))")]
    [InlineData("(a pr or b pr) and c pr", "(and (or (pr a) (pr b)) (pr c))")]
    [InlineData("not (a pr) and b pr", "(and (not (pr a)) (pr b))")]
    [InlineData("not(a pr or b pr)", "(not (or (pr a) (pr b)))")]
    [InlineData("not (not (a pr))", "(not (not (pr a)))")]
    [InlineData("((a pr))", "(pr a)")]
    [InlineData("(a pr)and(b pr)", "(and (pr a) (pr b))")]
    public void Applies_precedence_not_then_and_then_or(string filter, string expected) =>
        Assert.Equal(expected, FilterText.Of(FilterParser.Parse(filter)));

    [Theory]
    [InlineData("USERNAME EQ \"x\" AND title PR", "(and (eq USERNAME \"x\") (pr title))")]
    [InlineData("a Eq \"x\" Or NOT (b pR)", "(or (eq a \"x\") (not (pr b)))")]
    [InlineData("active eq TRUE", "(eq active true)")]
    [InlineData("a Ne Null", "(ne a null)")]
    public void Keywords_and_operators_ignore_case(string filter, string expected) =>
        Assert.Equal(expected, FilterText.Of(FilterParser.Parse(filter)));

    [Theory]
    [InlineData("emails[type eq \"work\"]", "(emails[] (eq type \"work\"))")]
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"]", "(emails[] (and (eq type \"work\") (co value \"@example.com\")))")]
    [InlineData("userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
        "(and (eq userType \"Employee\") (emails[] (and (eq type \"work\") (co value \"@example.com\"))))")]
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
        "(or (emails[] (and (eq type \"work\") (co value \"@example.com\"))) (ims[] (and (eq type \"xmpp\") (co value \"@foo.com\"))))")]
    [InlineData("emails[not (type eq \"work\") or (primary eq true)]", "(emails[] (or (not (eq type \"work\")) (eq primary true)))")]
    [InlineData("a[b[c pr]]", "(a[] (b[] (pr c)))")]
    [InlineData("not (emails[value ew \".org\"])", "(not (emails[] (ew value \".org\")))")]
    public void Parses_value_paths(string filter, string expected) =>
        Assert.Equal(expected, FilterText.Of(FilterParser.Parse(filter)));

    [Theory]
    [InlineData("emails[type eq \"work\"].value eq \"a@b.c\"", "(emails[] (and (eq type \"work\") (eq value \"a@b.c\")))")]
    [InlineData("emails[type eq \"work\"].value pr", "(emails[] (and (eq type \"work\") (pr value)))")]
    [InlineData("emails[type eq \"work\"].value eq \"a@b.c\" and active eq true",
        "(and (emails[] (and (eq type \"work\") (eq value \"a@b.c\"))) (eq active true))")]
    public void Parses_the_Entra_value_path_followed_by_a_sub_attribute_comparison(string filter, string expected) =>
        Assert.Equal(expected, FilterText.Of(FilterParser.Parse(filter)));

    [Theory]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\"", "urn:ietf:params:scim:schemas:core:2.0:User", "userName", null)]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq \"x\"", "urn:ietf:params:scim:schemas:core:2.0:User", "name", "givenName")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x\"", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "manager", "value")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"x\"", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "employeeNumber", null)]
    [InlineData("urn:scim:skillcast:User:Division eq \"x\"", "urn:scim:skillcast:User", "Division", null)]
    [InlineData("URN:Scim:Skillcast:User:Division eq \"x\"", "URN:Scim:Skillcast:User", "Division", null)]
    [InlineData("name.givenName eq \"x\"", null, "name", "givenName")]
    [InlineData("meta.lastModified eq \"x\"", null, "meta", "lastModified")]
    public void Splits_attribute_paths_at_the_last_colon_keeping_the_urn_as_written(string filter, string? urn, string name, string? sub)
    {
        var comparison = Assert.IsType<ComparisonFilter>(FilterParser.Parse(filter));
        Assert.Equal(new AttributePath(urn, name, sub), comparison.Path);
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"quote \\\" backslash \\\\ slash \\/\"", "quote \" backslash \\ slash /")]
    [InlineData("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t")]
    [InlineData("\"\\u00e9t\\u00C9\"", "étÉ")]
    [InlineData("\"\"", "")]
    [InlineData("\"a ] ) [ ( and or\"", "a ] ) [ ( and or")]
    [InlineData("\"ünïcödé\"", "ünïcödé")]
    public void Decodes_json_string_escapes(string literal, string expected)
    {
        var comparison = Assert.IsType<ComparisonFilter>(FilterParser.Parse("a eq " + literal));
        Assert.Equal(expected, comparison.Value);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("3.25", "3.25")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("2.5E-2", "0.025")]
    [InlineData("1E+2", "100")]
    public void Parses_json_numbers_as_decimals(string literal, string expected)
    {
        var comparison = Assert.IsType<ComparisonFilter>(FilterParser.Parse("a eq " + literal));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<decimal>(comparison.Value));
    }

    [Theory]
    [InlineData("active eq true", true)]
    [InlineData("active eq false", false)]
    [InlineData("active eq null", null)]
    public void Parses_true_false_and_null(string filter, object? expected) =>
        Assert.Equal(expected, Assert.IsType<ComparisonFilter>(FilterParser.Parse(filter)).Value);

    [Fact]
    public void Produces_the_fixed_record_shapes()
    {
        var filter = FilterParser.Parse("emails[type eq \"work\"] and not (title pr)");

        var expected = new AndFilter(
            new ValuePathFilter(new AttributePath(null, "emails", null),
                new ComparisonFilter(new AttributePath(null, "type", null), ComparisonOperator.Equal, "work")),
            new NotFilter(new PresentFilter(new AttributePath(null, "title", null))));
        Assert.Equal(expected, filter);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("userName", "Expected an operator")]
    [InlineData("userName eq", "Expected a value")]
    [InlineData("userName eq bjensen", "Expected a value")]
    [InlineData("meta.created lt meta.lastModified", "Expected a value")]
    [InlineData("userName xx \"a\"", "Expected an operator")]
    [InlineData("userName pr \"a\"", "Unexpected")]
    [InlineData("userName eq \"a\" and", "Expected an attribute path")]
    [InlineData("userName eq \"a\" or or title pr", "Expected an operator")]
    [InlineData("and title pr", "Expected an operator")]
    [InlineData("(userName pr", "Expected ')'")]
    [InlineData("userName pr)", "Unexpected ')'")]
    [InlineData("()", "Expected an attribute path")]
    [InlineData("not title pr", "Expected an operator")]
    [InlineData("emails[type eq \"work\"", "Expected ']'")]
    [InlineData("emails[type eq \"work\")", "Expected ']'")]
    [InlineData("emails type eq \"work\"]", "Expected an operator")]
    [InlineData("emails[]", "Expected an attribute path")]
    [InlineData("emails[type eq \"work\"].value", "Expected an operator")]
    [InlineData("emails[type eq \"work\"].value.x eq \"a\"", "not a valid sub-attribute")]
    [InlineData("emails[type eq \"work\"].urn:x:y eq \"a\"", "not a valid sub-attribute")]
    [InlineData("userName eq \"unterminated", "Unterminated string")]
    [InlineData("userName eq \"bad \\x escape\"", "Invalid escape")]
    [InlineData("userName eq \"\\u12\"", "Invalid escape")]
    [InlineData("userName eq 'single'", "Unexpected character")]
    [InlineData("userName eq \"a\" & title pr", "Unexpected character")]
    [InlineData("userName eq 01", "Invalid number")]
    [InlineData("userName eq 1.", "Invalid number")]
    [InlineData("userName eq -", "Invalid number")]
    [InlineData("userName eq 12abc", "Invalid number")]
    [InlineData("userName eq 1e99", "out of range")]
    [InlineData("name.givenName.x eq \"a\"", "not a valid attribute path")]
    [InlineData("1name eq \"a\"", "Invalid number")]
    [InlineData("_name eq \"a\"", "not a valid attribute path")]
    [InlineData("name. eq \"a\"", "not a valid attribute path")]
    [InlineData(".name eq \"a\"", "not a valid attribute path")]
    [InlineData("urn:a::b:name eq \"a\"", "not a valid attribute path")]
    [InlineData("urn:a:b: eq \"a\"", "not a valid attribute path")]
    [InlineData("user:Name eq \"a\"", "not a valid attribute path")]
    [InlineData("userName eq \"a\" title pr", "Unexpected 'title'")]
    public void Rejects_syntax_errors_as_invalidFilter(string filter, string detailFragment)
    {
        var error = Assert.Throws<ScimException>(() => FilterParser.Parse(filter));

        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorTypes.InvalidFilter, error.ScimType);
        Assert.Contains(detailFragment, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_name_the_position()
    {
        var error = Assert.Throws<ScimException>(() => FilterParser.Parse("userName eq \"a\" and title xx \"b\""));

        Assert.Contains("position 27", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_filters_longer_than_the_limit()
    {
        var filter = "userName eq \"" + new string('a', FilterParser.MaxLength) + "\"";

        var error = Assert.Throws<ScimException>(() => FilterParser.Parse(filter));

        Assert.Equal(ScimErrorTypes.InvalidFilter, error.ScimType);
    }

    [Fact]
    public void Accepts_nesting_up_to_the_depth_limit()
    {
        var filter = new string('(', FilterParser.MaxDepth) + "a pr" + new string(')', FilterParser.MaxDepth);

        Assert.IsType<PresentFilter>(FilterParser.Parse(filter));
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("not (", ")")]
    [InlineData("a[", "]")]
    public void Rejects_nesting_beyond_the_depth_limit(string open, string close)
    {
        var depth = FilterParser.MaxDepth + 1;
        var inner = open == "a[" ? "b pr" : "a pr";
        var filter = string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

        var error = Assert.Throws<ScimException>(() => FilterParser.Parse(filter));

        Assert.Equal(ScimErrorTypes.InvalidFilter, error.ScimType);
        Assert.Contains("nests deeper", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_flat_chains_of_or_parse_without_a_depth_error()
    {
        var filter = string.Join(" or ", Enumerable.Range(0, 300).Select(i => $"a eq {i}"));

        Assert.IsType<OrFilter>(FilterParser.Parse(filter));
    }
}
