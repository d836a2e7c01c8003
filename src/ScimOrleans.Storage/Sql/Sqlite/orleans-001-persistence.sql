-- Orleans ADO.NET grain persistence (Microsoft.Orleans.Persistence.AdoNet 10.4.2) on SQLite, version 1.
-- See /work/shared/orleans-adonet-contract.md, section 2. Applied at every start by
-- SqliteOrleansDatabase.ApplySchemaAsync inside one IMMEDIATE transaction, so every statement here
-- must be idempotent: IF NOT EXISTS for objects, INSERT OR REPLACE for query texts (a later
-- version of this file, or a later script, replaces them).
--
-- Query texts are run by Orleans as-is on a pooled connection without a transaction, so each key is
-- a single atomic statement (SQLite takes the write lock for the whole statement), never
-- BEGIN/COMMIT or PRAGMA. Conflicts return no row; Orleans turns that into
-- InconsistentStateException. Quotes inside the texts are doubled for the string literal.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
) STRICT;

-- One row per (service, state name, grain key). PayloadBinary NULL means "cleared" (the row and its
-- version survive so stale writers still conflict). STRICT so a wrongly typed parameter fails loudly.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash INTEGER NOT NULL,
    GrainIdN0 INTEGER NOT NULL,
    GrainIdN1 INTEGER NOT NULL,
    GrainTypeHash INTEGER NOT NULL,
    GrainTypeString TEXT NOT NULL,
    GrainIdExtensionString TEXT NULL,
    ServiceId TEXT NOT NULL,
    PayloadBinary BLOB NULL,
    ModifiedOn TEXT NOT NULL,
    Version INTEGER NOT NULL
) STRICT;

-- The hashes are not unique, they only lead the index. A NULL extension must equal NULL and differ
-- from '', which a plain column cannot express in a SQLite unique index (NULLs are distinct there):
-- hence the two expressions. The write's ON CONFLICT target repeats them verbatim.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
(
    GrainIdHash,
    GrainTypeHash,
    ServiceId,
    GrainTypeString,
    GrainIdN0,
    GrainIdN1,
    GrainIdExtensionString IS NULL,
    COALESCE(GrainIdExtensionString, '')
);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    'SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
        AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId
        AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString IS @GrainIdExtensionString;'
);

-- A NULL version inserts at 1 unless the row exists (the DO UPDATE guard then fails: Version = NULL).
-- A version v only passes the SELECT's WHERE when the row exists, so nothing is ever inserted for
-- it; the DO UPDATE then bumps the version only if it is still v. RETURNING yields the new ETag on
-- success and no row on any conflict.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'WriteToStorageKey',
    'INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
         ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
        @ServiceId, @PayloadBinary, strftime(''%Y-%m-%d %H:%M:%f'', ''now''), 1
    WHERE @GrainStateVersion IS NULL
        OR EXISTS
        (
            SELECT 1
            FROM OrleansStorage
            WHERE GrainIdHash = @GrainIdHash
                AND GrainTypeHash = @GrainTypeHash
                AND ServiceId = @ServiceId
                AND GrainTypeString = @GrainTypeString
                AND GrainIdN0 = @GrainIdN0
                AND GrainIdN1 = @GrainIdN1
                AND GrainIdExtensionString IS @GrainIdExtensionString
        )
    ON CONFLICT (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
        GrainIdExtensionString IS NULL, COALESCE(GrainIdExtensionString, ''''))
    DO UPDATE SET
        PayloadBinary = excluded.PayloadBinary,
        ModifiedOn = excluded.ModifiedOn,
        Version = Version + 1
    WHERE Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;'
);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ClearStorageKey',
    'UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = strftime(''%Y-%m-%d %H:%M:%f'', ''now''),
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash
        AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId
        AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString IS @GrainIdExtensionString
        AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;'
);

-- Used only with DeleteStateOnClear = true. Orleans wants a non-null first column different from
-- the version it passed; old + 1 is that. The ETag becomes null, so the next write inserts.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'DeleteStorageKey',
    'DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
        AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId
        AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString IS @GrainIdExtensionString
        AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;'
);
