using Xunit.Abstractions;

namespace ScimOrleans.Storage.Tests.Postgres;

// Every engine-neutral test class of the SQLite store, run again on PostgreSQL: one schema per
// test class instance on the shared server, so classes still run in parallel.

/// <summary>The CRUD tests on PostgreSQL.</summary>
public sealed class PostgresCrudTests() : CrudTestsBase(new PostgresTestDatabase());

/// <summary>The membership tests on PostgreSQL.</summary>
public sealed class PostgresMembershipTests() : MembershipTestsBase(new PostgresTestDatabase());

/// <summary>The paging tests on PostgreSQL.</summary>
public sealed class PostgresPagingTests() : PagingTestsBase(new PostgresTestDatabase());

/// <summary>The activity log tests on PostgreSQL.</summary>
public sealed class PostgresActivityTests() : ActivityTestsBase(new PostgresTestDatabase());

/// <summary>The user kind tests on PostgreSQL.</summary>
public sealed class PostgresKindTests() : KindTestsBase(new PostgresTestDatabase());

/// <summary>The group identity tests on PostgreSQL.</summary>
public sealed class PostgresGroupIdentityTests() : GroupIdentityTestsBase(new PostgresTestDatabase());

/// <summary>The extension value purge tests on PostgreSQL.</summary>
public sealed class PostgresExtensionValueRemovalTests() : ExtensionValueRemovalTestsBase(new PostgresTestDatabase());

/// <summary>The concurrency tests on PostgreSQL (one store; see <see cref="PostgresClusterTests"/> for several).</summary>
public sealed class PostgresConcurrencyTests(ITestOutputHelper output) : ConcurrencyTestsBase(new PostgresTestDatabase(), output);

/// <summary>The shared directory of users and groups on PostgreSQL.</summary>
public sealed class PostgresDirectoryFixture() : DirectoryFixture(new PostgresTestDatabase());

[CollectionDefinition(Name)]
public sealed class PostgresDirectoryCollection : ICollectionFixture<PostgresDirectoryFixture>
{
    public const string Name = "postgres directory";
}

/// <summary>Every filter case on PostgreSQL.</summary>
[Collection(PostgresDirectoryCollection.Name)]
public sealed class PostgresFilterTranslationTests(PostgresDirectoryFixture fixture) : FilterTranslationTestsBase(fixture);

/// <summary>The sort tests on PostgreSQL.</summary>
[Collection(PostgresDirectoryCollection.Name)]
public sealed class PostgresSortTests(PostgresDirectoryFixture fixture) : SortTestsBase(fixture);

/// <summary>Filters through the parser on PostgreSQL.</summary>
[Collection(PostgresDirectoryCollection.Name)]
public sealed class PostgresParsedFilterTests(PostgresDirectoryFixture fixture) : ParsedFilterTestsBase(fixture);

/// <summary>The evaluator agrees with the expectations on documents read from PostgreSQL.</summary>
[Collection(PostgresDirectoryCollection.Name)]
public sealed class PostgresEvaluatorAgreementTests(PostgresDirectoryFixture fixture, ITestOutputHelper output) : EvaluatorAgreementTestsBase(fixture, output);

/// <summary>The store span tests on PostgreSQL.</summary>
public sealed class PostgresTracingTests() : TracingTestsBase(new PostgresTestDatabase(), "postgresql");
