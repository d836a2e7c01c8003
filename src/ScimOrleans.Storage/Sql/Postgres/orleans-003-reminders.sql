-- Orleans ADO.NET reminders (Microsoft.Orleans.Reminders.AdoNet 10.4.2) on PostgreSQL, version 1.
-- Written from /work/shared/orleans-adonet-contract.md, section 4; idempotent like every
-- orleans-*.sql script. GrainHash is Orleans' uint ring hash cast to a signed int32, stored and
-- compared signed; Period is 64-bit milliseconds.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId text NOT NULL,
    GrainId text NOT NULL,
    ReminderName text NOT NULL,
    StartTime timestamptz NOT NULL,
    Period bigint NOT NULL,
    GrainHash integer NOT NULL,
    Version integer NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_Hash ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    -- Insert or overwrite; either way a new version, returned as the ETag.
    'UpsertReminderRowKey',
    'INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
    SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
        Version = r.Version + 1
    RETURNING Version;'
),
(
    'ReadReminderRowKey',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;'
),
(
    'ReadReminderRowsKey',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId;'
),
(
    -- Used when the signed BeginHash < EndHash: the half-open range (Begin, End].
    'ReadRangeRows1Key',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;'
),
(
    -- Otherwise the range wraps (Begin = End is the whole ring).
    'ReadRangeRows2Key',
    'SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);'
),
(
    'DeleteReminderRowKey',
    'WITH deleted AS
    (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
            AND Version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer AS Deleted FROM deleted;'
),
(
    'DeleteReminderRowsKey',
    'DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;'
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
