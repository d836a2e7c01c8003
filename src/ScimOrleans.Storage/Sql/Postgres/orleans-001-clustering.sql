-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.4.2) on PostgreSQL, version 1.
-- Written from /work/shared/orleans-adonet-contract.md, section 3. Applied by
-- PostgresOrleansDatabase.ApplySchemaAsync in one transaction under an advisory lock (several silos
-- start at once), at every start or by the `migrate` command: every statement here is idempotent
-- (IF NOT EXISTS for objects, an upsert for query texts), so a changed script simply runs again.
--
-- Orleans runs each query text as-is on a pooled connection without a transaction. The two keys that
-- change a member and the table version together are each ONE statement with data-modifying CTEs,
-- so the version check, the bump and the member change commit or fail together. Two writers at the
-- same version serialise on the version row's lock; the loser re-checks `Version = @Version`
-- against the committed row, matches nothing, and returns 0. A stale version never raises an error.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

-- One per deployment (ClusterId). Version starts at 0 and moves with every member insert/update.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp timestamptz NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0
);

-- One row per silo incarnation. Times are stored at full (microsecond) precision so that what Orleans
-- reads round-trips unchanged.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer NOT NULL DEFAULT 0,
    SuspectTimes text NULL,
    StartTime timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'InsertMembershipVersionKey',
    'WITH created AS
    (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS Created FROM created;'
),
(
    'InsertMembershipKey',
    'WITH bumped AS
    (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId
            AND Version = @Version
            AND NOT EXISTS
            (
                SELECT 1 FROM OrleansMembershipTable
                WHERE DeploymentId = @DeploymentId AND Address = @Address
                    AND Port = @Port AND Generation = @Generation
            )
        RETURNING DeploymentId
    ),
    inserted AS
    (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
             SuspectTimes, StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
            COALESCE(@ProxyPort, 0), NULL, @StartTime, @IAmAliveTime
        FROM bumped
        RETURNING 1
    )
    SELECT count(*)::integer AS Inserted FROM inserted;'
),
(
    'UpdateMembershipKey',
    'WITH bumped AS
    (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId
            AND Version = @Version
            AND EXISTS
            (
                SELECT 1 FROM OrleansMembershipTable
                WHERE DeploymentId = @DeploymentId AND Address = @Address
                    AND Port = @Port AND Generation = @Generation
            )
        RETURNING DeploymentId
    ),
    updated AS
    (
        UPDATE OrleansMembershipTable AS m
        SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
        FROM bumped
        WHERE m.DeploymentId = bumped.DeploymentId AND m.Address = @Address
            AND m.Port = @Port AND m.Generation = @Generation
        RETURNING 1
    )
    SELECT count(*)::integer AS Updated FROM updated;'
),
(
    -- The heartbeat: never bumps the version; Orleans ignores the result.
    'UpdateIAmAlivetimeKey',
    'UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address
        AND Port = @Port AND Generation = @Generation;'
),
(
    -- Always at least one row: the version row, with NULL member columns when the silo is absent.
    'MembershipReadRowKey',
    'SELECT m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
        m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT OUTER JOIN OrleansMembershipTable AS m
        ON m.DeploymentId = v.DeploymentId AND m.Address = @Address
        AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;'
),
(
    'MembershipReadAllKey',
    'SELECT m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
        m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT OUTER JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;'
),
(
    'GatewaysQueryKey',
    'SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;'
),
(
    'DeleteMembershipTableEntriesKey',
    'DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;'
),
(
    -- Periodic clean-up of dead silos (6 = Dead) last alive before the cut-off; no version bump.
    -- The optional CleanupDefunctSiloEntryKey is left out, so Orleans uses this one.
    'CleanupDefunctSiloEntriesKey',
    'DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = 6 AND IAmAliveTime < @IAmAliveTime;'
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
