using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Tests.Filters;

public sealed class FilterEvaluatorTests
{
    private static bool UserMatches(string filter) =>
        FilterEvaluator.Matches(FilterParser.Parse(filter), FilterSamples.User(), ScimSchemas.UserResource);

    private static bool GroupMatches(string filter) =>
        FilterEvaluator.Matches(FilterParser.Parse(filter), FilterSamples.Group(), ScimSchemas.GroupResource);

    private static bool DeviceMatches(string filter) =>
        FilterEvaluator.Matches(FilterParser.Parse(filter), FilterSamples.Device(), FilterSamples.DeviceResource);

    [Theory]
    [InlineData("userName eq \"bjensen@example.com\"", true)]
    [InlineData("userName eq \"BJensen@Example.COM\"", true)]
    [InlineData("userName ne \"BJENSEN@EXAMPLE.COM\"", false)]
    [InlineData("userName sw \"BJEN\"", true)]
    [InlineData("userName ew \"@EXAMPLE.com\"", true)]
    [InlineData("userName co \"SEN@\"", true)]
    [InlineData("userName co \"nobody\"", false)]
    [InlineData("USERNAME eq \"bjensen@example.com\"", true)]
    [InlineData("name.familyName eq \"jensen\"", true)]
    public void Eq_on_userName_ignores_case(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("id eq \"2819c223-7f76-453a-919d-413861904646\"", true)]
    [InlineData("id eq \"2819C223-7F76-453A-919D-413861904646\"", false)]
    [InlineData("externalId eq \"Bjensen-EXT\"", true)]
    [InlineData("externalId eq \"bjensen-ext\"", false)]
    [InlineData("externalId sw \"bjensen\"", false)]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:externalId eq \"Bjensen-EXT\"", true)]
    [InlineData("meta.resourceType eq \"user\"", false)]
    public void Eq_on_caseExact_attributes_respects_case(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("userName gt \"a\"", true)]
    [InlineData("userName gt \"C\"", false)]
    [InlineData("userName lt \"C\"", true)]
    [InlineData("userName ge \"BJENSEN@EXAMPLE.COM\"", true)]
    [InlineData("userName le \"bjensen@example.com\"", true)]
    [InlineData("title gt \"Tour Guide\"", false)]
    [InlineData("title ge \"Tour Guide\"", true)]
    public void Ordering_on_strings_is_lexicographic(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("emails.value eq \"babs@jensen.org\"", true)]
    [InlineData("emails.value eq \"BABS@JENSEN.ORG\"", true)]
    [InlineData("emails.type eq \"home\"", true)]
    [InlineData("emails eq \"babs@jensen.org\"", true)]
    [InlineData("emails co \"@example.com\"", true)]
    [InlineData("emails co \"@nowhere\"", false)]
    [InlineData("emails.value ew \".net\"", false)]
    [InlineData("emails.value ne \"babs@jensen.org\"", true)]
    [InlineData("emails.primary eq true", true)]
    [InlineData("emails.primary eq false", false)]
    [InlineData("groups.value eq \"e9e30dba-f08f-4109-8486-d5c6a331660a\"", true)]
    [InlineData("groups.display eq \"tour guides\"", true)]
    [InlineData("groups.$ref ew \"/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a\"", true)]
    public void A_multi_valued_attribute_matches_when_any_value_matches(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"]", true)]
    [InlineData("emails[type eq \"home\" and value co \"@example.com\"]", false)]
    [InlineData("emails[type eq \"home\"] and emails[value co \"@example.com\"]", true)]
    [InlineData("emails[type eq \"work\" and primary eq true]", true)]
    [InlineData("emails[type eq \"home\" and primary eq true]", false)]
    [InlineData("emails[type eq \"home\" and not (primary pr)]", true)]
    [InlineData("emails[TYPE eq \"WORK\"]", true)]
    [InlineData("phoneNumbers[type eq \"work\"]", false)]
    [InlineData("addresses[type pr]", false)]
    [InlineData("name[givenName eq \"barbara\"]", true)]
    [InlineData("name[givenName eq \"barbara\" and familyName eq \"smith\"]", false)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[displayName sw \"john\"]", true)]
    public void Value_filters_require_one_value_to_match_the_whole_inner_filter(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("emails[type eq \"work\"].value eq \"bjensen@example.com\"", true)]
    [InlineData("emails[type eq \"work\"].value eq \"babs@jensen.org\"", false)]
    [InlineData("emails[type eq \"home\"].value eq \"babs@jensen.org\"", true)]
    [InlineData("emails[type eq \"home\"].primary pr", false)]
    [InlineData("emails[type eq \"work\"].primary pr", true)]
    public void Entra_value_path_with_sub_attribute_compares_the_same_value(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"", true)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915-6090-4610-87E4-49D8CA9F808D\"", false)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName eq \"JOHN SMITH\"", true)]
    [InlineData("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:EMPLOYEENUMBER eq \"701984\"", true)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department co \"operations\"", true)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter pr", false)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr", true)]
    public void Extension_attributes_are_read_from_under_their_schema_urn(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Fact]
    public void Extension_attributes_do_not_match_a_top_level_property_of_the_same_name()
    {
        var user = FilterSamples.User();
        user.Remove("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        user["department"] = "Tour Operations";

        var filter = FilterParser.Parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr");

        Assert.False(FilterEvaluator.Matches(filter, user, ScimSchemas.UserResource));
    }

    [Theory]
    [InlineData("meta.created eq \"2010-01-23T04:56:22Z\"", true)]
    [InlineData("meta.created eq \"2010-01-23T05:56:22+01:00\"", true)]
    [InlineData("meta.created eq \"2010-01-23T04:56:22.000Z\"", true)]
    [InlineData("meta.created ne \"2010-01-23T04:56:22Z\"", false)]
    [InlineData("meta.lastModified gt \"2011-05-13T03:00:00Z\"", false)]
    [InlineData("meta.lastModified gt \"2011-05-13T02:00:00Z\"", true)]
    [InlineData("meta.lastModified lt \"2011-05-13T02:42:35Z\"", true)]
    [InlineData("meta.lastModified le \"2011-05-13T02:42:34Z\"", true)]
    [InlineData("meta.lastModified ge \"2011-05-13T02:42:34.001Z\"", false)]
    public void Date_time_comparisons_are_chronological_across_offsets(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("meta.created gt \"not a date\"")]
    [InlineData("meta.created eq 2010")]
    [InlineData("meta.created ne true")]
    public void Date_time_comparisons_with_a_literal_that_is_no_date_never_match(string filter) =>
        Assert.False(UserMatches(filter));

    [Theory]
    [InlineData("active eq true", true)]
    [InlineData("active eq false", false)]
    [InlineData("active ne false", true)]
    [InlineData("active ne true", false)]
    [InlineData("active eq \"true\"", false)]
    [InlineData("active ne \"true\"", false)]
    [InlineData("active eq 1", false)]
    public void Booleans_match_only_boolean_literals(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("ports eq 8", true)]
    [InlineData("ports eq 8.0", true)]
    [InlineData("ports ne 8", false)]
    [InlineData("ports gt 7", true)]
    [InlineData("ports gt 8", false)]
    [InlineData("ports ge 8", true)]
    [InlineData("ports lt 10", true)]
    [InlineData("ports le 7", false)]
    [InlineData("ports eq \"8\"", false)]
    [InlineData("ports ne \"8\"", false)]
    [InlineData("weight gt 2.5", true)]
    [InlineData("weight lt 2.75", false)]
    [InlineData("weight eq 275e-2", true)]
    [InlineData("weight gt -1", true)]
    [InlineData("levels gt 8", true)]
    [InlineData("levels lt 1", false)]
    [InlineData("levels eq 5", true)]
    [InlineData("urn:scim:skillcast:User:Grade ge 3", true)]
    [InlineData("urn:scim:skillcast:User:Grade gt 3", false)]
    public void Numbers_compare_numerically_and_never_coerce_strings(string filter, bool expected) =>
        Assert.Equal(expected, DeviceMatches(filter));

    [Theory]
    [InlineData("serial eq \"SN-0042\"", true)]
    [InlineData("serial eq \"sn-0042\"", false)]
    [InlineData("tags eq \"lab\"", true)]
    [InlineData("tags sw \"SP\"", true)]
    [InlineData("tags ne \"lab\"", true)]
    [InlineData("tags eq \"broken\"", false)]
    [InlineData("enabled eq false", true)]
    [InlineData("firmware eq \"AAEC\"", true)]
    [InlineData("seen eq \"2024-03-01T11:00:00Z\"", true)]
    [InlineData("owner.display eq \"facilities\"", true)]
    [InlineData("owner pr", true)]
    [InlineData("urn:scim:skillcast:User:Division eq \"sales\"", true)]
    [InlineData("urn:scim:skillcast:User:division co \"ale\"", true)]
    public void Custom_schemas_and_simple_multi_valued_attributes_match(string filter, bool expected) =>
        Assert.Equal(expected, DeviceMatches(filter));

    [Theory]
    [InlineData("title pr", true)]
    [InlineData("name pr", true)]
    [InlineData("name.middleName pr", false)]
    [InlineData("emails pr", true)]
    [InlineData("emails.primary pr", true)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value pr", true)]
    [InlineData("meta.version pr", true)]
    [InlineData("locale pr", false)]
    [InlineData("nickName pr", false)]
    [InlineData("userType pr", false)]
    [InlineData("phoneNumbers pr", false)]
    [InlineData("addresses pr", false)]
    [InlineData("not (locale pr)", true)]
    public void Pr_needs_a_non_empty_value(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("locale ne \"en-US\"", true)]
    [InlineData("userType ne \"Employee\"", true)]
    [InlineData("phoneNumbers.value ne \"555\"", true)]
    [InlineData("locale eq \"en-US\"", false)]
    [InlineData("locale co \"en\"", false)]
    [InlineData("locale gt \"a\"", false)]
    [InlineData("not (locale eq \"en-US\")", true)]
    public void Ne_on_an_absent_attribute_matches_because_absent_is_not_equal_to_any_value(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("locale eq null", true)]
    [InlineData("userType eq null", true)]
    [InlineData("phoneNumbers eq null", true)]
    [InlineData("title eq null", false)]
    [InlineData("locale ne null", false)]
    [InlineData("title ne null", true)]
    [InlineData("emails.value ne null", true)]
    [InlineData("title gt null", false)]
    public void Null_literal_means_the_unassigned_state(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("nickName eq \"\"", true)]
    [InlineData("nickName ne \"x\"", true)]
    public void Empty_strings_are_values_for_comparison_though_not_present(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("title eq \"Tour Guide\" and active eq true", true)]
    [InlineData("title eq \"Tour Guide\" and active eq false", false)]
    [InlineData("title eq \"CEO\" or active eq true", true)]
    [InlineData("title eq \"CEO\" or active eq false and userName pr", false)]
    [InlineData("userName pr or title eq \"CEO\" and active eq false", true)]
    [InlineData("(userName pr or title eq \"CEO\") and active eq false", false)]
    [InlineData("not (title eq \"CEO\")", true)]
    [InlineData("not (title eq \"Tour Guide\") or not (active eq true)", false)]
    public void Logical_operators_combine_with_not_and_or_precedence(string filter, bool expected) =>
        Assert.Equal(expected, UserMatches(filter));

    [Theory]
    [InlineData("displayName eq \"tour guides\"", true)]
    [InlineData("members[value eq \"902c246b-6245-4190-8e05-00816be7344a\"]", true)]
    [InlineData("members[value eq \"902C246B-6245-4190-8E05-00816BE7344A\"]", false)]
    [InlineData("members.value eq \"2819c223-7f76-453a-919d-413861904646\"", true)]
    [InlineData("members eq \"2819c223-7f76-453a-919d-413861904646\"", true)]
    [InlineData("members[type eq \"Group\"]", false)]
    [InlineData("members.$ref pr", true)]
    [InlineData("members[display sw \"mandy\" and $ref pr]", false)]
    [InlineData("meta.lastModified ge \"2011-05-13T04:42:34Z\"", true)]
    [InlineData("externalId pr", false)]
    public void Groups_match_on_display_name_and_members(string filter, bool expected) =>
        Assert.Equal(expected, GroupMatches(filter));

    [Theory]
    [InlineData("nosuch eq \"x\"")]
    [InlineData("emails[nosuch eq \"x\"]")]
    [InlineData("active gt true")]
    public void Unknown_attributes_and_bad_operators_are_invalidFilter(string filter)
    {
        var error = Assert.Throws<ScimException>(() => UserMatches(filter));

        Assert.Equal(ScimErrorTypes.InvalidFilter, error.ScimType);
    }

    [Fact]
    public void Attribute_names_in_documents_match_case_insensitively()
    {
        var user = new JsonObject { ["USERNAME"] = "x", ["Emails"] = new JsonArray(new JsonObject { ["VALUE"] = "a@b.c" }) };

        Assert.True(FilterEvaluator.Matches(FilterParser.Parse("userName eq \"x\" and emails.value eq \"a@b.c\""), user, ScimSchemas.UserResource));
    }

    [Fact]
    public void Values_built_in_code_compare_like_parsed_json()
    {
        var device = new JsonObject
        {
            ["ports"] = 8,
            ["weight"] = 2.75,
            ["enabled"] = true,
            ["seen"] = JsonValue.Create(new DateTimeOffset(2024, 3, 1, 11, 0, 0, TimeSpan.Zero)),
            ["serial"] = JsonValue.Create(Guid.Empty),
        };

        var filter = FilterParser.Parse(
            "ports gt 7 and weight eq 2.75 and enabled eq true and seen eq \"2024-03-01T12:00:00+01:00\" and serial sw \"00000000-\"");

        Assert.True(FilterEvaluator.Matches(filter, device, FilterSamples.DeviceResource));
    }

    [Fact]
    public void Compile_validates_once_and_filters_many_resources()
    {
        var matches = FilterEvaluator.Compile(FilterParser.Parse("emails[type eq \"work\"]"), ScimSchemas.UserResource);
        var other = FilterSamples.User();
        other["emails"] = new JsonArray();

        Assert.True(matches(FilterSamples.User()));
        Assert.False(matches(other));
        Assert.Throws<ScimException>(() => FilterEvaluator.Compile(FilterParser.Parse("nosuch pr"), ScimSchemas.UserResource));
    }

    [Theory]
    [InlineData("type eq \"work\"", new[] { 0 })]
    [InlineData("type eq \"home\"", new[] { 1 })]
    [InlineData("value ew \".org\" or primary eq true", new[] { 0, 1 })]
    [InlineData("not (primary pr)", new[] { 1 })]
    [InlineData("type eq \"other\"", new int[0])]
    public void MatchesValue_selects_elements_of_a_multi_valued_attribute(string filter, int[] expectedIndexes)
    {
        var emails = FilterSamples.User()["emails"]!.AsArray();
        var definition = ScimSchemas.User.FindAttribute("emails")!;
        var parsed = FilterParser.Parse(filter);

        var matching = emails.Select((element, index) => (element, index))
            .Where(e => FilterEvaluator.MatchesValue(parsed, e.element, definition))
            .Select(e => e.index)
            .ToList();

        Assert.Equal(expectedIndexes, matching);
    }

    [Fact]
    public void MatchesValue_rejects_paths_that_are_not_sub_attributes_of_the_parent()
    {
        var definition = ScimSchemas.User.FindAttribute("emails")!;

        var error = Assert.Throws<ScimException>(() =>
            FilterEvaluator.MatchesValue(FilterParser.Parse("userName eq \"x\""), new JsonObject(), definition));

        Assert.Equal(ScimErrorTypes.InvalidFilter, error.ScimType);
    }
}
