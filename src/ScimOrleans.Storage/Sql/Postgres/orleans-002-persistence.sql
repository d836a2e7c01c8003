-- Orleans ADO.NET grain persistence (Microsoft.Orleans.Persistence.AdoNet 10.4.2) on PostgreSQL,
-- version 1: tenants and tokens (storage name "scim-settings"). Written from
-- /work/shared/orleans-adonet-contract.md, section 2; idempotent like every orleans-*.sql script.
--
-- Conflicts return no row (Orleans then throws InconsistentStateException), never a database error.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

-- PayloadBinary NULL = cleared: the row and its version survive so a stale writer still conflicts.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash integer NOT NULL,
    GrainIdN0 bigint NOT NULL,
    GrainIdN1 bigint NOT NULL,
    GrainTypeHash integer NOT NULL,
    GrainTypeString text NOT NULL,
    GrainIdExtensionString text NULL,
    ServiceId text NOT NULL,
    PayloadBinary bytea NULL,
    ModifiedOn timestamptz NOT NULL DEFAULT now(),
    Version integer NOT NULL
);

-- The hashes are not unique; they only lead the index. NULLS NOT DISTINCT (PostgreSQL 15+): a NULL
-- extension equals NULL and differs from ''. This index is what makes two concurrent first writes
-- collide: the loser's INSERT ... ON CONFLICT DO NOTHING returns no row.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
    NULLS NOT DISTINCT;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    'SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;'
),
(
    -- A NULL version inserts at 1 unless a row exists; a version v updates only a row still at v and
    -- never inserts. One statement: the one row returned is the new ETag, no row is a conflict.
    'WriteToStorageKey',
    'WITH updated AS
    (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
        WHERE @GrainStateVersion IS NOT NULL
            AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
            AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
            AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
            AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
            AND Version = @GrainStateVersion
        RETURNING Version
    ),
    inserted AS
    (
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
             ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
            @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version
    )
    SELECT Version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT Version FROM inserted;'
),
(
    'ClearStorageKey',
    'UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;'
),
(
    -- Only with DeleteStateOnClear = true: the first column must be non-null and differ from the
    -- version passed; old + 1 does. The ETag becomes null, so the next write inserts.
    'DeleteStorageKey',
    'DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;'
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
