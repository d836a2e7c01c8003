namespace ScimOrleans.Scim.Bulk;

/// <summary>
/// When one operation of a bulk request may run: after <see cref="Predecessor"/> (the previous
/// operation on the same resource) has finished, and after each of <see cref="Creators"/> (the
/// POSTs whose bulkIds it references) has succeeded. A step with a <see cref="Fault"/> waits for
/// nothing and is answered with that error.
/// </summary>
public sealed record BulkStep(int Index, int? Predecessor, IReadOnlyList<int> Creators, BulkFault? Fault);
