-- The SCIM resource store (embedded default). Applied once, inside one transaction, by
-- SqliteSchemaMigrator; later changes go in resources-002-*.sql and so on, never here.

-- One row per user or group. Ids are GUIDs unique across resource types within a tenant, so
-- (tenant, id) is the key and group_members can reference either kind of member.
-- Timestamps are UTC text of fixed width ("yyyy-MM-ddTHH:mm:ss.fffffffZ"): text order is
-- chronological order, so the indexes below answer meta.created/meta.lastModified ranges.
-- STRICT so that a wrongly typed parameter fails loudly instead of being stored as text.
-- *_folded columns hold ToLowerInvariant (done in C#: SQLite's lower() only folds ASCII).
CREATE TABLE resources (
    tenant              TEXT    NOT NULL,
    id                  TEXT    NOT NULL,
    type                TEXT    NOT NULL,
    version             INTEGER NOT NULL,
    created             TEXT    NOT NULL,
    last_modified       TEXT    NOT NULL,
    user_name           TEXT,
    user_name_folded    TEXT,
    external_id         TEXT,
    display_name        TEXT,
    display_name_folded TEXT,
    doc                 TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
) STRICT;

-- userName is unique per tenant, case-insensitively; groups leave it NULL, and NULLs never clash.
CREATE UNIQUE INDEX resources_user_name ON resources (tenant, user_name_folded);

-- externalId is unique per tenant and resource type (caseExact, so not folded).
CREATE UNIQUE INDEX resources_external_id ON resources (tenant, type, external_id);

-- id last: an equality on the name then yields rows already in page order (ORDER BY id), so the
-- planner has no reason to prefer walking resources_type_id through the whole tenant.
CREATE INDEX resources_display_name ON resources (tenant, type, display_name_folded, id);

-- Paging through a tenant in id order without a sort step.
CREATE INDEX resources_type_id ON resources (tenant, type, id);

CREATE INDEX resources_created ON resources (tenant, type, created);

CREATE INDEX resources_last_modified ON resources (tenant, type, last_modified);

-- Values of multi-valued attributes that IdPs match users on (emails, phoneNumbers), so that
-- emails.value eq x and emails[type eq "work"].value eq x are index look-ups. is_primary is
-- NULL when the value has no "primary", so that primary pr stays distinguishable from false.
CREATE TABLE resource_values (
    tenant       TEXT    NOT NULL,
    resource_id  TEXT    NOT NULL,
    attribute    TEXT    NOT NULL,
    ordinal      INTEGER NOT NULL,
    value_folded TEXT,
    value_type   TEXT,
    is_primary   INTEGER,
    PRIMARY KEY (tenant, resource_id, attribute, ordinal),
    FOREIGN KEY (tenant, resource_id) REFERENCES resources (tenant, id) ON DELETE CASCADE
) WITHOUT ROWID, STRICT;

-- Covering for emails[type eq "work"].value eq x: without value_type here SQLite (lacking
-- statistics) preferred reading the tenant's whole primary key over index + row look-ups.
CREATE INDEX resource_values_lookup ON resource_values (tenant, attribute, value_folded, value_type, is_primary);

-- Direct memberships only; nested (indirect) ones are derived with recursive queries.
-- Both ends cascade, so deleting a user or a group removes its memberships in the same step.
CREATE TABLE group_members (
    tenant    TEXT NOT NULL,
    group_id  TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (tenant, group_id, member_id),
    FOREIGN KEY (tenant, group_id) REFERENCES resources (tenant, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant, member_id) REFERENCES resources (tenant, id) ON DELETE CASCADE
) WITHOUT ROWID, STRICT;

CREATE INDEX group_members_member ON group_members (tenant, member_id);
