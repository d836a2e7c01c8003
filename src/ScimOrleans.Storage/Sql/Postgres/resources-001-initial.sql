-- The SCIM resource store on PostgreSQL (cluster mode). Applied once, inside one transaction
-- and under an advisory lock, by PostgresSchemaMigrator; later changes go in
-- resources-002-*.sql and so on, never here. Mirrors Sql/Sqlite/resources-00{1,2}-*.sql.
--
-- Text columns use COLLATE "C": comparisons and ORDER BY are in code point order, as in
-- SQLite and in the in-memory evaluator, whatever locale the database was created with, and
-- the btree indexes answer ranges (sw, timestamps) in that order.
-- *_folded columns hold ToLowerInvariant, done in .NET; scim_fold() below folds document
-- values inside queries the same way.
-- Timestamps are UTC text of fixed width ("yyyy-MM-ddTHH:mm:ss.fffffffZ") as in SQLite: text
-- order is chronological order and a DateTimeOffset survives the round trip to the tick.

-- Folding of document values for case-insensitive comparisons: ICU's root locale when the
-- server has ICU (closest to .NET's invariant culture, and independent of the database's
-- locale), else the database's own lower().
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
        EXECUTE 'CREATE FUNCTION scim_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT '
             || 'AS $f$ SELECT lower(value COLLATE "und-x-icu") COLLATE "C" $f$';
    ELSE
        EXECUTE 'CREATE FUNCTION scim_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT '
             || 'AS $f$ SELECT lower(value) COLLATE "C" $f$';
    END IF;
END
$$;

-- An xsd:dateTime written by a client inside a document, as an instant; NULL when the text is
-- not one (a filter must not fail on one odd value). Values without an offset are UTC.
CREATE FUNCTION scim_timestamp(value text) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT SET timezone = 'UTC'
AS $$
BEGIN
    IF value !~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)?$' THEN
        RETURN NULL;
    END IF;
    RETURN value::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- One row per user or group. Ids are unique across resource types within a tenant, so
-- (tenant, id) is the key and group_members can reference either kind of member.
-- kind: a user's kind (dashboard, learner, ...), fixed at creation; NULL for groups.
CREATE TABLE resources (
    tenant              text COLLATE "C" NOT NULL,
    id                  text COLLATE "C" NOT NULL,
    type                text COLLATE "C" NOT NULL,
    version             bigint NOT NULL,
    created             text COLLATE "C" NOT NULL,
    last_modified       text COLLATE "C" NOT NULL,
    user_name           text COLLATE "C",
    user_name_folded    text COLLATE "C",
    external_id         text COLLATE "C",
    display_name        text COLLATE "C",
    display_name_folded text COLLATE "C",
    kind                text COLLATE "C",
    doc                 jsonb NOT NULL,
    CONSTRAINT resources_pkey PRIMARY KEY (tenant, id)
);

-- userName is unique per tenant, case-insensitively; groups leave it NULL, and NULLs never clash.
-- The constraint names are what PostgresResourceWriter maps a 23505 to (userName, externalId).
CREATE UNIQUE INDEX resources_user_name ON resources (tenant, user_name_folded);

-- externalId is unique per tenant and resource type (caseExact, so not folded).
CREATE UNIQUE INDEX resources_external_id ON resources (tenant, type, external_id);

-- id last: an equality on the name yields rows already in page order (ORDER BY id).
CREATE INDEX resources_display_name ON resources (tenant, type, display_name_folded, id);

-- Paging through a tenant (or one kind of user) in id order without a sort step.
CREATE INDEX resources_type_id ON resources (tenant, type, id);
CREATE INDEX resources_kind_id ON resources (tenant, type, kind, id);
CREATE INDEX resources_kind_display_name ON resources (tenant, type, kind, display_name_folded, id);

CREATE INDEX resources_created ON resources (tenant, type, created);
CREATE INDEX resources_last_modified ON resources (tenant, type, last_modified);

-- Values of multi-valued attributes that IdPs match users on (emails, phoneNumbers), so that
-- emails.value eq x and emails[type eq "work"].value eq x are index look-ups. is_primary is
-- NULL when the value has no "primary", so that primary pr stays distinguishable from false.
CREATE TABLE resource_values (
    tenant       text COLLATE "C" NOT NULL,
    resource_id  text COLLATE "C" NOT NULL,
    attribute    text COLLATE "C" NOT NULL,
    ordinal      integer NOT NULL,
    value_folded text COLLATE "C",
    value_type   text COLLATE "C",
    is_primary   boolean,
    CONSTRAINT resource_values_pkey PRIMARY KEY (tenant, resource_id, attribute, ordinal),
    CONSTRAINT resource_values_resource FOREIGN KEY (tenant, resource_id) REFERENCES resources (tenant, id) ON DELETE CASCADE
);

CREATE INDEX resource_values_lookup ON resource_values (tenant, attribute, value_folded, value_type, is_primary);

-- Direct memberships only; nested (indirect) ones are derived with recursive queries.
-- Both ends cascade, so deleting a user or a group removes its memberships in the same step.
CREATE TABLE group_members (
    tenant    text COLLATE "C" NOT NULL,
    group_id  text COLLATE "C" NOT NULL,
    member_id text COLLATE "C" NOT NULL,
    CONSTRAINT group_members_pkey PRIMARY KEY (tenant, group_id, member_id),
    CONSTRAINT group_members_group FOREIGN KEY (tenant, group_id) REFERENCES resources (tenant, id) ON DELETE CASCADE,
    CONSTRAINT group_members_member_fk FOREIGN KEY (tenant, member_id) REFERENCES resources (tenant, id) ON DELETE CASCADE
);

CREATE INDEX group_members_member ON group_members (tenant, member_id);

-- The provisioning log of each tenant. A sequence never hands a number out twice, even after
-- a purge removed the newest entries: clients page by it (keyset). changes is the caller's
-- JSON text as written (json, not jsonb: key order kept), or NULL.
CREATE TABLE activity (
    seq           bigserial PRIMARY KEY,
    tenant        text COLLATE "C" NOT NULL,
    time          text COLLATE "C" NOT NULL,
    token_id      text COLLATE "C",
    token_name    text COLLATE "C",
    operation     text COLLATE "C" NOT NULL,
    resource_type text COLLATE "C" NOT NULL,
    resource_id   text COLLATE "C",
    status        integer NOT NULL,
    scim_type     text COLLATE "C",
    detail        text,
    changes       json
);

CREATE INDEX activity_tenant_seq ON activity (tenant, seq);
CREATE INDEX activity_resource ON activity (tenant, resource_id, seq);
CREATE INDEX activity_time ON activity (tenant, time);
