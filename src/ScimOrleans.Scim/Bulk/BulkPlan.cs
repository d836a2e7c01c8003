using System.Globalization;

namespace ScimOrleans.Scim.Bulk;

/// <summary>
/// The order a bulk request runs in, computed before anything runs. Operations on different
/// resources are independent and may run in parallel; operations on one resource keep the
/// request's order, except that the POST creating a bulkId always comes first on its resource;
/// an operation that references a bulkId waits for the POST that creates it, wherever that POST
/// stands in the request (RFC 7644 §3.7.2).
/// <para>
/// A reference to a bulkId no POST declares cannot be resolved: 409. Operations whose references
/// form a cycle (group A has B as a member and B has A, or a user is its own manager) are each
/// answered 409 (Conflict), the answer RFC 7644 §3.7.1 allows when the service provider does not
/// resolve the cycle; the rest of the request runs.
/// </para>
/// </summary>
public sealed class BulkPlan
{
    private BulkPlan(IReadOnlyList<BulkStep> steps) => Steps = steps;

    public IReadOnlyList<BulkStep> Steps { get; }

    public static BulkPlan Create(IReadOnlyList<BulkOperation> operations)
    {
        var creators = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            if (operation.Method == BulkMethod.Post && operation.BulkId is { } bulkId)
            {
                creators.TryAdd(bulkId, operation.Index);
            }
        }

        var faults = new BulkFault?[operations.Count];
        var waitsFor = new List<int>[operations.Count];
        foreach (var operation in operations)
        {
            var i = operation.Index;
            waitsFor[i] = [];
            faults[i] = operation.Fault;
            foreach (var reference in operation.References)
            {
                if (creators.TryGetValue(reference, out var creator))
                {
                    waitsFor[i].Add(creator);
                }
                else
                {
                    faults[i] ??= BulkFault.Conflict($"'{BulkReferences.Prefix}{reference}' names no POST of this request.");
                }
            }
        }

        var predecessors = Predecessors(operations, faults);
        foreach (var cycle in Cycles(operations.Count, i => faults[i] is null ? waitsFor[i] : []))
        {
            var bulkIds = string.Join(", ", cycle.OrderBy(i => i).Select(i => operations[i].BulkId ?? (i + 1).ToString(CultureInfo.InvariantCulture)));
            foreach (var i in cycle)
            {
                faults[i] = BulkFault.Conflict($"Circular bulkId references between {bulkIds} were not resolved.");
            }
        }

        return new BulkPlan([.. operations.Select(o => faults[o.Index] is { } fault
            ? new BulkStep(o.Index, null, [], fault)
            : new BulkStep(o.Index, predecessors[o.Index], [.. waitsFor[o.Index].Distinct()], null))]);
    }

    /// <summary>The previous operation on the same resource, the creating POST placed first.</summary>
    private static int?[] Predecessors(IReadOnlyList<BulkOperation> operations, BulkFault?[] faults)
    {
        var predecessors = new int?[operations.Count];
        var byResource = operations
            .Where(o => faults[o.Index] is null && ResourceOf(o) is not null)
            .GroupBy(o => ResourceOf(o)!, StringComparer.Ordinal);
        foreach (var resource in byResource)
        {
            int? previous = null;
            foreach (var operation in resource.OrderBy(o => o.Method == BulkMethod.Post ? 0 : 1).ThenBy(o => o.Index))
            {
                predecessors[operation.Index] = previous;
                previous = operation.Index;
            }
        }

        return predecessors;
    }

    private static string? ResourceOf(BulkOperation operation) => operation switch
    {
        { Method: BulkMethod.Post, BulkId: { } bulkId } => "bulkId\n" + bulkId,
        { Target.BulkIdReference: { } reference } => "bulkId\n" + reference,
        { Target: { Id: { } id } target } => target.Endpoint.ToUpperInvariant() + "\n" + id,
        _ => null,
    };

    /// <summary>
    /// The strongly connected components with more than one member or a self-reference
    /// (Tarjan's algorithm without recursion, so a long chain of references cannot overflow the stack).
    /// </summary>
    private static List<List<int>> Cycles(int count, Func<int, IReadOnlyList<int>> edges)
    {
        var index = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var cycles = new List<List<int>>();
        var next = 0;
        for (var root = 0; root < count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            var work = new Stack<(int Node, int Edge)>();
            work.Push((root, 0));
            index[root] = low[root] = next++;
            stack.Push(root);
            onStack[root] = true;
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                var targets = edges(node);
                if (edge < targets.Count)
                {
                    work.Push((node, edge + 1));
                    var target = targets[edge];
                    if (index[target] < 0)
                    {
                        index[target] = low[target] = next++;
                        stack.Push(target);
                        onStack[target] = true;
                        work.Push((target, 0));
                    }
                    else if (onStack[target])
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }

                    continue;
                }

                if (low[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);

                    if (component.Count > 1 || targets.Contains(node))
                    {
                        cycles.Add(component);
                    }
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }

        return cycles;
    }
}
