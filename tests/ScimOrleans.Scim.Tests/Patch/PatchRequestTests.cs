using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Patch;
using static ScimOrleans.Scim.Tests.TestJson;

namespace ScimOrleans.Scim.Tests.Patch;

public sealed class PatchRequestTests
{
    private const string PatchOp = "'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp']";

    [Theory]
    [InlineData("{'Operations':[{'op':'remove','path':'title'}]}")]
    [InlineData("{'schemas':['urn:ietf:params:scim:api:messages:2.0:ListResponse'],'Operations':[{'op':'remove','path':'title'}]}")]
    [InlineData("{'schemas':'urn:ietf:params:scim:api:messages:2.0:PatchOp','Operations':[{'op':'remove','path':'title'}]}")]
    [InlineData("{" + PatchOp + "}")]
    [InlineData("{" + PatchOp + ",'Operations':[]}")]
    [InlineData("{" + PatchOp + ",'Operations':{'op':'remove','path':'title'}}")]
    [InlineData("{" + PatchOp + ",'Operations':['remove']}")]
    [InlineData("{" + PatchOp + ",'Operations':[{'path':'title'}]}")]
    [InlineData("{" + PatchOp + ",'Operations':[{'op':'move','path':'title'}]}")]
    [InlineData("{" + PatchOp + ",'Operations':[{'op':'1','path':'title'}]}")]
    [InlineData("{" + PatchOp + ",'Operations':[{'op':'add,replace','path':'title','value':'x'}]}")]
    [InlineData("{" + PatchOp + ",'Operations':[{'op':true,'path':'title'}]}")]
    [InlineData("{" + PatchOp + ",'Operations':[{'op':'remove','path':5}]}")]
    [InlineData("{" + PatchOp + ",'Operations':[{'op':'add','path':'title'}]}")]
    [InlineData("{" + PatchOp + ",'Operations':[{'op':'replace','value':'x'}]}")]
    [InlineData("[]")]
    public void Malformed_patch_messages_are_invalid_syntax(string body) =>
        Fails(() => PatchRequest.Parse(Node(body)), ScimErrorTypes.InvalidSyntax);

    [Theory]
    [InlineData("add", PatchOperationKind.Add)]
    [InlineData("Add", PatchOperationKind.Add)]
    [InlineData("Replace", PatchOperationKind.Replace)]
    [InlineData("REMOVE", PatchOperationKind.Remove)]
    public void Op_names_are_case_insensitive(string op, PatchOperationKind expected)
    {
        var request = PatchRequest.Parse(Node($"{{{PatchOp},'Operations':[{{'op':'{op}','path':'title','value':'x'}}]}}"));

        Assert.Equal(expected, request.Operations.Single().Kind);
    }

    [Fact]
    public void Member_names_are_case_insensitive()
    {
        var request = PatchRequest.Parse(Node("{'SCHEMAS':['urn:ietf:params:scim:api:messages:2.0:patchop'],'operations':[{'OP':'replace','Path':'title','Value':'x'}]}"));

        Assert.Equal(new PatchOperation(PatchOperationKind.Replace, "title", request.Operations[0].Value), request.Operations[0]);
        Assert.Equal("x", request.Operations[0].Value!.GetValue<string>());
    }

    [Fact]
    public void An_explicit_null_value_is_kept_as_null()
    {
        var request = PatchRequest.Parse(Node($"{{{PatchOp},'Operations':[{{'op':'replace','path':'title','value':null}}]}}"));

        Assert.Null(request.Operations[0].Value);
    }

    [Fact]
    public void An_empty_path_means_no_path()
    {
        var request = PatchRequest.Parse(Node($"{{{PatchOp},'Operations':[{{'op':'replace','path':'','value':{{'title':'x'}}}}]}}"));

        Assert.Null(request.Operations[0].Path);
    }
}
