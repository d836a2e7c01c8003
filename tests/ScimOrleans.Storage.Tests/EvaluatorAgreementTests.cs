using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;
using Xunit.Abstractions;

namespace ScimOrleans.Storage.Tests;

/// <summary>
/// The SQL translation and the in-memory evaluator must agree on every case, or a filter would
/// answer differently depending on where it runs.
/// </summary>
public abstract class EvaluatorAgreementTestsBase(DirectoryFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Sql_and_in_memory_evaluation_agree()
    {
        var disagreements = new List<string>();
        await Check(DirectoryFixture.UserSchema, "User", FilterTranslationTestsBase.UserCases, ["alice", "bob", "carol", "dave"], disagreements);
        await Check(ScimSchemas.GroupResource, "Group", FilterTranslationTestsBase.GroupCases, ["engineers", "staff", "empty"], disagreements);
        output.WriteLine(string.Join(Environment.NewLine, disagreements));
        Assert.Empty(disagreements);
    }

    private async Task Check(ResourceSchema schema, string type, Dictionary<string, (Func<DirectoryFixture, FilterNode> Filter, string[] Expected)> cases,
        string[] keys, List<string> disagreements)
    {
        var documents = new Dictionary<string, System.Text.Json.Nodes.JsonObject>();
        foreach (var key in keys)
        {
            documents[key] = (await fixture.Store.GetAsync(DirectoryFixture.Tenant, type, fixture.Ids[key]))!.Document;
        }

        foreach (var (name, (filter, expected)) in cases)
        {
            List<string> inMemory;
            try
            {
                inMemory = [.. keys.Where(k => FilterEvaluator.Matches(filter(fixture), documents[k], schema))];
            }
            catch (Exception e)
            {
                disagreements.Add($"{type} '{name}': evaluator threw {e.GetType().Name}: {e.Message}");
                continue;
            }

            if (!inMemory.Order().SequenceEqual(expected.Order()))
            {
                disagreements.Add($"{type} '{name}': store [{string.Join(",", expected)}] evaluator [{string.Join(",", inMemory)}]");
            }
        }
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
[Collection(DirectoryCollection.Name)]
public sealed class EvaluatorAgreementTests(SqliteDirectoryFixture fixture, ITestOutputHelper output) : EvaluatorAgreementTestsBase(fixture, output);
