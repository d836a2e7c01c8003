-- Users get a kind (dashboard, learner, ...), fixed at creation; groups have none (NULL).
-- Every user stored before kinds existed was a dashboard user.
ALTER TABLE resources ADD COLUMN kind TEXT;

UPDATE resources SET kind = 'dashboard' WHERE type = 'User';

-- Paging through one kind of user in id order without a sort step. resources_type_id stays for
-- lists that ignore the kind (groups, all users): with kind in between, its id order is lost.
-- userName eq stays a look-up on resources_user_name: uniqueness is per tenant across kinds,
-- and a unique equality beats any range of this index.
CREATE INDEX resources_kind_id ON resources (tenant, type, kind, id);

-- displayName eq with a kind. Lacking statistics, SQLite rates walking resources_kind_id (three
-- equalities, already in id order) as good as resources_display_name (three too) and may pick
-- the walk; four equalities here win. id last, as in resources_display_name: page order.
CREATE INDEX resources_kind_display_name ON resources (tenant, type, kind, display_name_folded, id);

-- The provisioning log of each tenant. AUTOINCREMENT so a sequence number is never handed out
-- twice, even after a purge removed the newest entries: clients page by it (keyset).
-- Times are in the same fixed-width UTC text as the resources, so text order is time order.
-- changes is a JSON object (masked by the caller) or NULL.
CREATE TABLE activity (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant        TEXT    NOT NULL,
    time          TEXT    NOT NULL,
    token_id      TEXT,
    token_name    TEXT,
    operation     TEXT    NOT NULL,
    resource_type TEXT    NOT NULL,
    resource_id   TEXT,
    status        INTEGER NOT NULL,
    scim_type     TEXT,
    detail        TEXT,
    changes       TEXT
) STRICT;

-- Newest first within a tenant; seq is the rowid, so this is a walk of the index backwards.
CREATE INDEX activity_tenant_seq ON activity (tenant, seq);

-- The history of one resource, newest first, without a sort.
CREATE INDEX activity_resource ON activity (tenant, resource_id, seq);

-- Purging by age and time-window filters.
CREATE INDEX activity_time ON activity (tenant, time);
