using ScimOrleans.Scim.Projection;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Scim.Tests.TestJson;

namespace ScimOrleans.Scim.Tests.Projection;

/// <summary>
/// A request that names no attributes is projected by pruning the caller's own document; what it
/// returns must be exactly what projecting a copy returns, down to the odd shapes stored data can take.
/// </summary>
public sealed class DefaultProjectionTests
{
    private const string Core = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string Extra = "urn:test:projection:User";

    private static readonly SchemaDefinition ExtraSchema = new(Extra, "Extra", "Attributes of every returned kind",
    [
        new("badges", AttributeType.Complex)
        {
            MultiValued = true,
            SubAttributes = [new("value", AttributeType.String), new("secret", AttributeType.String) { Returned = Returned.Never }, new("hint", AttributeType.String) { Returned = Returned.Request }],
        },
        new("profile", AttributeType.Complex) { SubAttributes = [new("title", AttributeType.String), new("token", AttributeType.String) { Returned = Returned.Never }] },
        new("anchor", AttributeType.Complex) { Returned = Returned.Always, SubAttributes = [new("secret", AttributeType.String) { Returned = Returned.Never }] },
        new("note", AttributeType.String) { Returned = Returned.Request },
        new("pin", AttributeType.String) { Returned = Returned.Never },
        new("plain", AttributeType.String),
    ]);

    private static readonly ResourceSchema Schema = new("User", "/Users", "User Account", ScimSchemas.User,
        [new SchemaExtensionReference(ScimSchemas.EnterpriseUser, Required: false), new SchemaExtensionReference(ExtraSchema, Required: false)]);

    // Never and request attributes and sub-attributes, nulls, empty and stray array elements,
    // unknown keys at the top and inside an extension, an extension listed but absent.
    private const string Odd =
        $"{{'schemas':['{Core}','{Extra}','{Enterprise}'],'id':'u1','userName':'x','password':'p','nickName':null,'name':null," +
        "'emails':[null,{},{'value':'a@x'},'stray'],'phoneNumbers':[],'unknownTop':null,'another':{'k':1}," +
        $"'{Extra}':{{'badges':[{{'value':'v','secret':'s','hint':'h'}},{{'secret':'only'}},null],'profile':{{'token':'t'}}," +
        "'anchor':{'secret':'kept because anchor is always returned whole'},'note':'n','pin':'p','unknownInExtension':1,'plain':null}}";

    public static TheoryData<string> Documents() =>
    [
        // Nothing to remove: the document comes back as it is.
        $"{{'schemas':['{Core}','{Extra}'],'id':'u1','userName':'bjensen','emails':[{{'value':'b@x','primary':true}}],'{Extra}':{{'plain':'p','badges':[{{'value':'v'}}]}}}}",
        Odd,
        // An extension left with nothing is dropped, and so is its URN in schemas.
        $"{{'schemas':['{Core}','{Extra}'],'id':'u1','{Extra}':{{'pin':'p','note':'n','profile':{{'token':'t'}},'badges':[{{'hint':'h'}}]}}}}",
        // An extension whose value is not an object, and schemas holding values that are not URNs.
        $"{{'schemas':['{Core}',5,null,'{Extra}'],'id':'u1','{Extra}':'not an object','{Enterprise}':{{'department':'Tours'}}}}",
        // Only unknown sub-attributes, and a differently cased schemas key.
        $"{{'Schemas':['{Core}','{Enterprise}'],'id':'u1','name':{{'nonsense':1}},'{Enterprise}':{{'manager':{{'value':'m1'}}}}}}",
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Pruning_the_callers_document_returns_what_projecting_a_copy_returns(string document)
    {
        var copied = AttributeProjector.Project(Obj(document), Schema, null, null);
        var owned = Obj(document);

        var pruned = AttributeProjector.ProjectInPlace(owned, Schema, null, null);

        Assert.Same(owned, pruned);
        Assert.Equal(copied.ToJsonString(), pruned.ToJsonString());
    }

    [Fact]
    public void Empty_lists_are_projected_like_no_lists()
    {
        var copied = AttributeProjector.Project(Obj(Odd), Schema, null, null);

        var pruned = AttributeProjector.ProjectInPlace(Obj(Odd), Schema, [], []);

        Assert.Equal(copied.ToJsonString(), pruned.ToJsonString());
    }

    [Fact]
    public void Never_and_request_values_are_gone_and_always_ones_stay_whole()
    {
        var pruned = AttributeProjector.ProjectInPlace(Obj(Odd), Schema, null, null);

        Same($"{{'badges':[{{'value':'v'}}],'anchor':{{'secret':'kept because anchor is always returned whole'}}}}", pruned[Extra]);
        Assert.False(pruned.ContainsKey("password"));
        Same("[{'value':'a@x'},'stray']", pruned["emails"]);
        Same($"['{Core}','{Extra}']", pruned["schemas"]);
    }
}
