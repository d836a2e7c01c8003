using ScimOrleans.Scim.Bulk;

namespace ScimOrleans.Scim.Tests.Bulk;

public sealed class BulkPlanTests
{
    private const string PatchData = """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"x"}]}""";

    [Fact]
    public void Independent_operations_wait_for_nothing()
    {
        var plan = BulkJson.Plan(BulkJson.PostUser("a", "a"), BulkJson.PostUser("b", "b"), """{"method":"DELETE","path":"/Users/1"}""");

        Assert.All(plan.Steps, s => Assert.Equal((null, 0, null), (s.Predecessor, s.Creators.Count, s.Fault)));
    }

    [Fact]
    public void A_group_waits_for_the_posts_of_its_members_wherever_they_stand()
    {
        var plan = BulkJson.Plan(BulkJson.PostGroup("g", "bulkId:u1", "bulkId:u2"), BulkJson.PostUser("u1", "a"), BulkJson.PostUser("u2", "b"));

        Assert.Equal([1, 2], plan.Steps[0].Creators);
        Assert.Null(plan.Steps[0].Fault);
    }

    [Fact]
    public void Operations_on_one_resource_keep_request_order_with_the_post_first()
    {
        var plan = BulkJson.Plan(
            $$"""{"method":"PATCH","path":"/Users/bulkId:u","data":{{PatchData}}}""",
            BulkJson.PostUser("u", "a"),
            """{"method":"DELETE","path":"/Users/bulkId:u"}""",
            $$"""{"method":"PATCH","path":"/Users/42","data":{{PatchData}}}""",
            $$"""{"method":"PATCH","path":"/Users/42","data":{{PatchData}}}""");

        Assert.Null(plan.Steps[1].Predecessor);
        Assert.Equal(1, plan.Steps[0].Predecessor);
        Assert.Equal([1], plan.Steps[0].Creators);
        Assert.Equal(0, plan.Steps[2].Predecessor);
        Assert.Null(plan.Steps[3].Predecessor);
        Assert.Equal(3, plan.Steps[4].Predecessor);
    }

    [Fact]
    public void A_reference_no_post_declares_is_409()
    {
        var plan = BulkJson.Plan(BulkJson.PostGroup("g", "bulkId:nobody"), """{"method":"DELETE","path":"/Users/bulkId:ghost"}""");

        Assert.All(plan.Steps, s => Assert.Equal(409, s.Fault?.Status));
    }

    [Fact]
    public void Circular_references_are_409_for_the_operations_of_the_cycle_only()
    {
        var plan = BulkJson.Plan(
            BulkJson.PostGroup("a", "bulkId:b"),
            BulkJson.PostGroup("b", "bulkId:c"),
            BulkJson.PostGroup("c", "bulkId:a"),
            BulkJson.PostGroup("d", "bulkId:a"),
            BulkJson.PostUser("self", "s", """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"bulkId:self"}} """),
            BulkJson.PostUser("free", "f"));

        Assert.All(plan.Steps.Take(3), s => Assert.Equal(409, s.Fault?.Status));
        Assert.Contains("Circular", plan.Steps[0].Fault!.Detail, StringComparison.Ordinal);
        Assert.Null(plan.Steps[3].Fault);
        Assert.Equal([0], plan.Steps[3].Creators);
        Assert.Equal(409, plan.Steps[4].Fault?.Status);
        Assert.Null(plan.Steps[5].Fault);
    }

    [Fact]
    public void A_long_chain_of_references_plans_without_recursion()
    {
        var operations = Enumerable.Range(0, 5000)
            .Select(i => i == 0 ? BulkJson.PostGroup("g0") : BulkJson.PostGroup($"g{i}", $"bulkId:g{i - 1}"))
            .ToArray();

        var plan = BulkPlan.Create(BulkRequest.Parse(BulkJson.Request(operations), 10_000).Operations);

        Assert.All(plan.Steps, s => Assert.Null(s.Fault));
        Assert.Equal([4998], plan.Steps[4999].Creators);
    }

    [Fact]
    public void A_long_cycle_is_found()
    {
        var operations = Enumerable.Range(0, 3000).Select(i => BulkJson.PostGroup($"g{i}", $"bulkId:g{(i + 1) % 3000}")).ToArray();

        var plan = BulkPlan.Create(BulkRequest.Parse(BulkJson.Request(operations), 10_000).Operations);

        Assert.All(plan.Steps, s => Assert.Equal(409, s.Fault?.Status));
    }
}
