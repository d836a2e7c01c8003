using System.Globalization;
using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Filters;

/// <summary>
/// The filter grammar of RFC 7644 §3.4.2.2 over HTTP. Each case creates three users under a fresh
/// prefix (A, B, C below) and runs <c>userName sw prefix and (filter)</c>, so only its own users count.
/// <c>{P}</c> in a filter is the prefix, <c>{A}</c> the id of user A.
/// </summary>
[Collection(ScimCollection.Name)]
public sealed class UserFilterTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    [Theory]
    // eq and the case rules: userName is caseExact false, externalId and id are caseExact true.
    [InlineData("userName eq \"{P}-alice@x.com\"", "A")]
    [InlineData("userName eq \"{P}-ALICE@X.COM\"", "A")]
    [InlineData("USERNAME EQ \"{P}-alice@x.com\"", "A")]
    [InlineData("externalId eq \"ExtA-{P}\"", "A")]
    [InlineData("externalId eq \"exta-{P}\"", "")]
    [InlineData("id eq \"{A}\"", "A")]
    [InlineData("id eq \"{A_UPPER}\"", "")]
    [InlineData("displayName eq \"alice anders\"", "A")]
    [InlineData("externalId sw \"ext\"", "B")]
    [InlineData("externalId sw \"EXT\"", "")]
    [InlineData("externalId co \"xtA\"", "A")]
    [InlineData("externalId co \"XTA\"", "")]
    [InlineData("userName co \"ALICE\"", "A")]
    [InlineData("userName ew \"@X.COM\"", "AC")]
    [InlineData("name.givenName sw \"a\"", "A")]
    // each operator
    [InlineData("displayName ne \"Alice Anders\"", "BC")]
    [InlineData("displayName co \"o\"", "BC")]
    [InlineData("displayName CO \"ANDERS\"", "A")]
    [InlineData("displayName sw \"Al\"", "A")]
    [InlineData("displayName ew \"own\"", "B")]
    [InlineData("title pr", "AC")]
    [InlineData("externalId pr", "AB")]
    [InlineData("displayName gt \"Bob\"", "BC")]
    [InlineData("displayName ge \"Bob Brown\"", "BC")]
    [InlineData("displayName lt \"Bob\"", "A")]
    [InlineData("displayName le \"Alice Anders\"", "A")]
    // booleans
    [InlineData("active eq false", "B")]
    [InlineData("active eq true", "AC")]
    [InlineData("active ne true", "B")]
    // logical operators, precedence and parentheses
    [InlineData("title eq \"Engineer\" or title eq \"Manager\"", "AC")]
    [InlineData("active eq true and title eq \"Manager\"", "C")]
    [InlineData("title eq \"Engineer\" or active eq false and displayName sw \"Z\"", "A")]
    [InlineData("(title eq \"Engineer\" or active eq false) and displayName sw \"B\"", "B")]
    [InlineData("not (title pr)", "B")]
    [InlineData("not (active eq true) or title eq \"Manager\"", "BC")]
    [InlineData("not ((title eq \"Engineer\") or (displayName eq \"Carol\"))", "B")]
    [InlineData("not (title eq \"Engineer\")", "BC")]
    [InlineData("not (externalId pr) or title eq \"Engineer\"", "AC")]
    [InlineData("not (emails[type eq \"work\"])", "C")]
    [InlineData("emails[type eq \"work\"] and emails[type eq \"home\"]", "AB")]
    [InlineData("emails pr", "ABC")]
    [InlineData("addresses pr", "")]
    // sub-attributes and multi-valued attributes
    [InlineData("name.givenName eq \"Alice\"", "A")]
    [InlineData("name.familyName pr", "AB")]
    [InlineData("emails.value eq \"bob@x.com\"", "B")]
    [InlineData("emails.value eq \"BOB@X.COM\"", "B")]
    [InlineData("emails co \"@z.com\"", "C")]
    [InlineData("emails.type eq \"work\"", "AB")]
    [InlineData("not (emails.value co \"@x.com\")", "C")]
    [InlineData("emails[type eq \"work\" and value co \"@x.com\"]", "A")]
    [InlineData("emails[type eq \"home\" and value co \"@x.com\"]", "B")]
    [InlineData("emails[value ew \".org\"]", "A")]
    [InlineData("emails[type eq \"work\"].value eq \"bob@y.com\"", "B")]
    [InlineData("emails[type eq \"work\"].value eq \"bob@x.com\"", "")]
    [InlineData("emails[primary eq true]", "A")]
    [InlineData("emails[not (type eq \"work\")]", "ABC")]
    // schema-URN-qualified names
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"{P}-bob@y.com\"", "B")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq \"Bob\"", "B")]
    [InlineData(Enterprise + ":employeeNumber eq \"200\"", "B")]
    [InlineData(Enterprise + ":department eq \"R&D\"", "A")]
    [InlineData(Enterprise + ":employeeNumber gt \"150\"", "B")]
    [InlineData(Enterprise + ":manager.value eq \"{A}\"", "B")]
    // meta
    [InlineData("meta.created pr", "ABC")]
    [InlineData("meta.resourceType eq \"User\"", "ABC")]
    [InlineData("meta.lastModified gt \"2000-01-01T00:00:00Z\"", "ABC")]
    [InlineData("meta.lastModified lt \"2000-01-01T00:00:00Z\"", "")]
    [InlineData("meta.lastModified gt \"2000-01-01T02:00:00+02:00\"", "ABC")]
    [InlineData("meta.lastModified lt \"2999-01-01T00:00:00-05:00\"", "ABC")]
    [InlineData("meta.created ge \"2000-01-01T00:00:00.000Z\" and meta.created le \"2999-12-31T23:59:59Z\"", "ABC")]
    public async Task Filter_selects_exactly_the_matching_users(string filter, string expected)
    {
        var data = await CreateDatasetAsync();

        var matched = await MatchAsync(data, filter);

        Assert.Equal(expected, matched);
    }

    [Fact]
    public async Task Meta_last_modified_gt_a_time_between_writes_finds_only_the_later_write()
    {
        var data = await CreateDatasetAsync();
        await Task.Delay(50);
        var between = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        await Task.Delay(50);
        await ExpectAsync(await PatchAsync($"/Users/{data.Ids["C"]}", Patch("""{"op":"replace","path":"nickName","value":"later"}""")), HttpStatusCode.OK);

        Assert.Equal("C", await MatchAsync(data, $"meta.lastModified gt \"{between}\""));
        Assert.Equal("AB", await MatchAsync(data, $"meta.lastModified lt \"{between}\""));
    }

    [Fact]
    public async Task Entra_test_connection_filter_for_an_unknown_user_returns_an_empty_list()
    {
        var list = await ListAsync("/Users", $"userName eq \"{Guid.NewGuid()}\"");

        Assert.Equal(0, list["totalResults"]!.GetValue<int>());
        Assert.Empty(Resources(list));
        Assert.Contains(ListResponseSchema, list["schemas"]!.AsArray().Select(s => Str(s)));
    }

    [Fact]
    public async Task Filter_by_user_name_is_an_exact_match_not_a_prefix()
    {
        var data = await CreateDatasetAsync();

        Assert.Equal("", await MatchAsync(data, $"userName eq \"{data.Prefix}-alice\""));
    }

    [Theory]
    [InlineData("userName eq")]
    [InlineData("userName zz \"a\"")]
    [InlineData("(userName eq \"a\"")]
    [InlineData("userName eq \"a\")")]
    [InlineData("userName eq \"unterminated")]
    [InlineData("and")]
    [InlineData("noSuchAttribute eq \"a\"")]
    [InlineData("emails[type eq \"work\"")]
    [InlineData("active gt true")]
    [InlineData("userName eq \"a\" and")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"a\"")]
    [InlineData("name co \"x\"")]
    public async Task Bad_filter_is_400_invalid_filter(string filter)
    {
        var response = await GetAsync($"/Users?filter={Q(filter)}");

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidFilter");
    }

    [Fact]
    public async Task Filter_with_escaped_quote_in_a_string_matches()
    {
        var prefix = NewPrefix("quote");
        var user = await CreateUserAsync($"{prefix}@example.com", """ "displayName":"Say \"hi\"" """);

        var list = await ListAsync("/Users", $"userName sw \"{prefix}\" and displayName eq \"Say \\\"hi\\\"\"");

        Assert.Equal([Id(user)], Ids(list));
    }

    private sealed record Dataset(string Prefix, Dictionary<string, string> Ids);

    /// <summary>
    /// A: active engineer with a primary work email at x.com and a home email at .org, department R&amp;D.
    /// B: inactive, work email at y.com, home email at x.com, employeeNumber 200, managed by A.
    /// C: active manager with only a home email at z.com, no externalId, no family name.
    /// </summary>
    private async Task<Dataset> CreateDatasetAsync()
    {
        var p = NewPrefix("flt");
        var a = await CreateAsync("/Users", EnterpriseUser($"{p}-alice@x.com", $$"""
            "externalId":"ExtA-{{p}}","displayName":"Alice Anders","name":{"givenName":"Alice","familyName":"Anders"},"active":true,"title":"Engineer",
            "emails":[{"type":"work","value":"alice@x.com","primary":true},{"type":"home","value":"alice@home.org"}],
            "{{Enterprise}}":{"employeeNumber":"100","department":"R&D"}
            """));
        var b = await CreateAsync("/Users", EnterpriseUser($"{p}-bob@y.com", $$"""
            "externalId":"extB-{{p}}","displayName":"Bob Brown","name":{"givenName":"Bob","familyName":"Brown"},"active":false,
            "emails":[{"type":"work","value":"bob@y.com"},{"type":"home","value":"bob@x.com"}],
            "{{Enterprise}}":{"employeeNumber":"200","manager":{"value":"{{Id(a)}}"} }
            """));
        var c = await CreateUserAsync($"{p}-carol@x.com", """
            "displayName":"Carol","name":{"givenName":"Carol"},"active":true,"title":"Manager",
            "emails":[{"type":"home","value":"carol@z.com"}]
            """);
        return new Dataset(p, new Dictionary<string, string> { ["A"] = Id(a), ["B"] = Id(b), ["C"] = Id(c) });
    }

    /// <summary>The letters of the dataset's users that the filter selects, in order.</summary>
    private async Task<string> MatchAsync(Dataset data, string filter)
    {
        var text = filter.Replace("{P}", data.Prefix, StringComparison.Ordinal)
            .Replace("{A_UPPER}", data.Ids["A"].ToUpperInvariant(), StringComparison.Ordinal)
            .Replace("{A}", data.Ids["A"], StringComparison.Ordinal);
        var list = await ListAsync("/Users", $"userName sw \"{data.Prefix}\" and ({text})", "count=50");
        var byId = data.Ids.ToDictionary(kv => kv.Value, kv => kv.Key);
        var found = Ids(list).Select(id => byId.TryGetValue(id, out var letter) ? letter : "?" + id).Order(StringComparer.Ordinal);
        var letters = string.Concat(found);
        Assert.Equal(letters.Length, list["totalResults"]!.GetValue<int>());
        return letters;
    }
}
