using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Tests.Filters;

public sealed class FilterValidatorTests
{
    [Theory]
    [InlineData("userName eq \"a\"")]
    [InlineData("USERNAME eq \"a\"")]
    [InlineData("id eq \"a\" or externalId eq \"b\"")]
    [InlineData("meta.lastModified gt \"2011-05-13T04:42:34Z\"")]
    [InlineData("meta.resourceType eq \"User\"")]
    [InlineData("name.givenName sw \"B\"")]
    [InlineData("emails co \"@example.com\"")]
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"]")]
    [InlineData("emails[type eq \"work\"].value eq \"a@b.c\"")]
    [InlineData("name[givenName eq \"Barbara\"]")]
    [InlineData("groups.$ref pr")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"a\"")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:id eq \"a\"")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"a\"")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber gt \"1\"")]
    [InlineData("userName gt \"a\" and userName le \"z\"")]
    [InlineData("x509Certificates pr")]
    [InlineData("active eq true and active ne false and active pr")]
    public void Accepts_filters_that_fit_the_user_schema(string filter) =>
        FilterValidator.Validate(FilterParser.Parse(filter), ScimSchemas.UserResource);

    [Theory]
    [InlineData("nosuch eq \"a\"", "'nosuch' is not an attribute of User")]
    [InlineData("name.nosuch eq \"a\"", "not an attribute")]
    [InlineData("title pr and not (nosuch pr)", "not an attribute")]
    [InlineData("urn:example:unknown:2.0:User:userName eq \"a\"", "not an attribute")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName eq \"a\"", "not an attribute")]
    [InlineData("emails[nosuch eq \"a\"]", "not a sub-attribute of 'emails'")]
    [InlineData("emails[emails.value eq \"a\"]", "not a sub-attribute")]
    [InlineData("emails[type eq \"work\"].nosuch eq \"a\"", "not a sub-attribute")]
    [InlineData("userName[value eq \"a\"]", "not complex")]
    [InlineData("emails.value[value eq \"a\"]", "not complex")]
    [InlineData("emails[value[x pr]]", "not complex")]
    [InlineData("active gt true", "'gt' cannot compare 'active', which is boolean")]
    [InlineData("emails.primary le false", "boolean")]
    [InlineData("x509Certificates.value ge \"AAEC\"", "binary")]
    [InlineData("x509Certificates lt \"AAEC\"", "binary")]
    [InlineData("name eq \"Barbara\"", "complex and has no 'value'")]
    [InlineData("name pr and name.givenName pr and name co \"a\"", "complex and has no 'value'")]
    [InlineData("active co \"t\"", "'co' needs a string attribute")]
    [InlineData("meta.created sw \"2010\"", "datetime")]
    [InlineData("emails[primary ew \"e\"]", "boolean")]
    public void Rejects_filters_that_do_not_fit_the_user_schema(string filter, string detailFragment)
    {
        var parsed = FilterParser.Parse(filter);

        var error = Assert.Throws<ScimException>(() => FilterValidator.Validate(parsed, ScimSchemas.UserResource));

        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorTypes.InvalidFilter, error.ScimType);
        Assert.Contains(detailFragment, error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ports gt 3", true)]
    [InlineData("weight le 2.5", true)]
    [InlineData("seen ge \"2024-01-01T00:00:00Z\"", true)]
    [InlineData("tags co \"a\"", true)]
    [InlineData("urn:scim:skillcast:User:Division sw \"S\"", true)]
    [InlineData("urn:scim:skillcast:User:grade ge 2", true)]
    [InlineData("ports co \"8\"", false)]
    [InlineData("weight sw \"2\"", false)]
    [InlineData("enabled lt true", false)]
    [InlineData("firmware gt \"A\"", false)]
    [InlineData("owner gt \"A\"", false)]
    [InlineData("urn:scim:skillcast:User:Grade ew \"3\"", false)]
    [InlineData("urn:scim:skillcast:User:Nosuch pr", false)]
    public void Checks_operators_against_attribute_types(string filter, bool valid)
    {
        var parsed = FilterParser.Parse(filter);

        var error = Record.Exception(() => FilterValidator.Validate(parsed, FilterSamples.DeviceResource));

        if (valid)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Equal(ScimErrorTypes.InvalidFilter, Assert.IsType<ScimException>(error).ScimType);
        }
    }

    [Theory]
    [InlineData("members[value eq \"a\" and type eq \"User\"]", true)]
    [InlineData("members.$ref pr and displayName sw \"T\"", true)]
    [InlineData("userName eq \"a\"", false)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"a\"", false)]
    public void Validates_against_the_group_schema(string filter, bool valid)
    {
        var parsed = FilterParser.Parse(filter);

        var error = Record.Exception(() => FilterValidator.Validate(parsed, ScimSchemas.GroupResource));

        Assert.Equal(valid, error is null);
    }

    [Theory]
    [InlineData("type eq \"work\" and value ew \".com\"", true)]
    [InlineData("primary eq true", true)]
    [InlineData("nosuch pr", false)]
    [InlineData("primary gt false", false)]
    public void Validates_value_filters_against_the_parent_attribute(string filter, bool valid)
    {
        var emails = ScimSchemas.User.FindAttribute("emails")!;

        var error = Record.Exception(() => FilterValidator.ValidateValueFilter(FilterParser.Parse(filter), emails));

        Assert.Equal(valid, error is null);
    }
}
