-- 008_least_privilege: 服务器以最小权限的数据库角色连接；信访人身份、问题线索（及其证据）、附件按
-- 请求人的范围在数据库内再把一道关（行级安全）。
--
-- Two database roles. The owner (whoever runs the migrations: `xunchad migrate`, the
-- start-up migration, with the `owner_database` connection) owns every table. The server's
-- requests, its workers, the ZAP handlers and the notifier connect as xuncha_app (the
-- `database` connection), which owns nothing, is no superuser and has no BYPASSRLS: it
-- cannot ALTER, DROP or TRUNCATE a table, cannot create one, and has on each table only
-- the privileges the server's statements need. SELECT … FOR UPDATE / FOR SHARE and
-- INSERT … ON CONFLICT DO UPDATE need UPDATE, so the tables they lock keep it.
--
-- Row-level security on the most sensitive tables: petitioner_identity, clue,
-- clue_evidence and attachment show (and take) only the rows of the principal the server
-- names for the transaction (server/lib/db.c: set_config('xuncha.user_id', …, true) at
-- the start of every request). Role, org unit and groups are read here from app_user
-- and group_member, so the policies cannot be told a role the user does not have:
--   巡察办                      every row;
--   组长, 组员                   the rows of the groups they belong to (an identity goes
--                               further only to the 组长, and that rule is the server's);
--   纪委监委, 组织部              the clues transferred to their unit, their evidence, and
--                               the attachments cited as that evidence;
--   被巡察单位                   the 佐证材料 of its own unit's 整改任务;
--   只读                        the 佐证材料 of every 整改任务;
--   nobody named                nothing.
-- Two scopes name no user. 'system' (xuncha.scope, set by the reminder passes, which act
-- for nobody) reads the clues that were transferred: their state and feedback deadline.
-- 'outline' is set only by the SET clause of the functions below, for their duration:
-- clue_whereabouts and attachment_whereabouts tell where a record belongs (group, the
-- unit it was transferred to, the task) so that the server can refuse a record outside
-- the caller's scope as such rather than report it missing, and clue_figures gives the
-- counts the 巡察办 and 只读 readers see; none returns a clue's or a file's contents.
--
-- This is defence in depth against a handler that forgets a check: the database still
-- shows that handler only the principal's rows. It is not a defence against code that
-- sets these settings itself — any session of xuncha_app may call set_config — nor
-- against the owner or a superuser, who are not subject to it (a superuser bypasses row
-- security; the owner is held to it by FORCE, but may turn it off).
--
-- A later migration that must read or rewrite these tables' rows as a non-superuser owner
-- turns FORCE off and on again in its own transaction. Tables created by later
-- migrations get SELECT, INSERT and UPDATE for xuncha_app by default (and their sequences
-- USAGE); DELETE, and the refusal of UPDATE on an append-only table, are granted or
-- revoked there explicitly.

-- ---------------------------------------------------------------- the server's role

DO $$
BEGIN
    IF current_user = 'xuncha_app' THEN
        RAISE EXCEPTION '迁移须以数据表的所有者运行（xunchad 的 owner_database），不能以服务器的角色 xuncha_app 运行';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xuncha_app') THEN
        BEGIN
            CREATE ROLE xuncha_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;   -- another database's migration made it
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION '运行迁移的角色 % 不能创建角色：请由数据库管理员先执行 CREATE ROLE xuncha_app LOGIN;', current_user;
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xuncha_app' AND (rolsuper OR rolbypassrls)) THEN
        RAISE EXCEPTION '角色 xuncha_app 是超级用户或有 BYPASSRLS，行级安全管不住它：请执行 ALTER ROLE xuncha_app NOSUPERUSER NOBYPASSRLS;';
    END IF;
END $$;

GRANT USAGE ON SCHEMA public TO xuncha_app;
DO $$
BEGIN
    IF has_schema_privilege('xuncha_app', 'public', 'CREATE') THEN   -- before PostgreSQL 15, PUBLIC could
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END $$;

-- Every table: read, add, change; deleting only where the server deletes.
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO xuncha_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO xuncha_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO xuncha_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO xuncha_app;

DO $$
DECLARE
    name text;
BEGIN
    -- rows the server deletes: a member leaves a group, a calendar year is replaced, a
    -- task leaves the reminder schedule, a sealed audit row leaves the sealer's queue
    FOREACH name IN ARRAY ARRAY['group_member', 'calendar_day', 'task_schedule', 'audit_unsealed'] LOOP
        IF to_regclass(name) IS NOT NULL THEN
            EXECUTE format('GRANT DELETE ON %I TO xuncha_app', name);
        END IF;
    END LOOP;
    -- written once, never changed: logs, histories, evidence, identities, files
    FOREACH name IN ARRAY ARRAY['audit_log', 'audit_seal', 'audit_unsealed', 'identity_read', 'round_phase_change',
                                'working_paper_version', 'working_paper_evidence', 'working_paper_event', 'task_event',
                                'talk_inspector', 'petitioner_identity', 'attachment', 'clue_evidence',
                                'clue_reminder', 'task_reminder', 'outbox_event'] LOOP
        IF to_regclass(name) IS NOT NULL THEN
            EXECUTE format('REVOKE UPDATE ON %I FROM xuncha_app', name);
        END IF;
    END LOOP;
    -- read only: the migrations' own record, and views
    FOREACH name IN ARRAY ARRAY['schema_migration', 'change_log'] LOOP
        IF to_regclass(name) IS NOT NULL THEN
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON %I FROM xuncha_app', name);
        END IF;
    END LOOP;
END $$;

-- ---------------------------------------------------------------- who is asking

-- The user the server named for this transaction; NULL when none.
CREATE FUNCTION xuncha_user_id() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('xuncha.user_id', true), '')::bigint
$$;
-- His role and org unit as registered (a revoked key has none).
CREATE FUNCTION xuncha_role() RETURNS smallint LANGUAGE sql STABLE AS $$
    SELECT role FROM app_user WHERE id = xuncha_user_id() AND revoked_at IS NULL
$$;
CREATE FUNCTION xuncha_org_unit() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT org_unit_id FROM app_user WHERE id = xuncha_user_id() AND revoked_at IS NULL
$$;
-- The 巡察组 he belongs to, through his inspector entry.
CREATE FUNCTION xuncha_groups() RETURNS bigint[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(m.group_id), '{}') FROM group_member m JOIN inspector i ON i.id = m.inspector_id
     JOIN app_user u ON u.id = i.user_id WHERE u.id = xuncha_user_id() AND u.revoked_at IS NULL
$$;
-- 'system' (the reminder passes), 'outline' (the functions below), or NULL.
CREATE FUNCTION xuncha_scope() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('xuncha.scope', true), '')
$$;

-- ---------------------------------------------------------------- the policies
-- Each reads the principal once per statement ((SELECT f()) is evaluated once).

ALTER TABLE petitioner_identity ENABLE ROW LEVEL SECURITY;
ALTER TABLE petitioner_identity FORCE ROW LEVEL SECURITY;
CREATE POLICY petitioner_identity_of_scope ON petitioner_identity
    USING ((SELECT xuncha_role()) = 1
           OR (SELECT r.group_id FROM field_record r WHERE r.id = record_id) IN (SELECT unnest (xuncha_groups())));

ALTER TABLE clue ENABLE ROW LEVEL SECURITY;
ALTER TABLE clue FORCE ROW LEVEL SECURITY;
CREATE POLICY clue_of_scope ON clue
    USING ((SELECT xuncha_role()) = 1
           OR group_id IN (SELECT unnest (xuncha_groups()))
           OR ((SELECT xuncha_role()) IN (4, 5)
               AND batch_id IN (SELECT b.id FROM clue_batch b WHERE b.receiver_unit_id = (SELECT xuncha_org_unit()))));
CREATE POLICY clue_read_without_user ON clue FOR SELECT
    USING ((SELECT xuncha_scope()) = 'outline' OR ((SELECT xuncha_scope()) = 'system' AND batch_id IS NOT NULL));
CREATE POLICY clue_drafted_by_the_user ON clue AS RESTRICTIVE FOR INSERT
    WITH CHECK (drafted_by = (SELECT xuncha_user_id()));

-- A clue's evidence goes with the clue: the rows of the clues the principal sees.
ALTER TABLE clue_evidence ENABLE ROW LEVEL SECURITY;
ALTER TABLE clue_evidence FORCE ROW LEVEL SECURITY;
CREATE POLICY clue_evidence_of_scope ON clue_evidence
    USING (EXISTS (SELECT 1 FROM clue c WHERE c.id = clue_id));

ALTER TABLE attachment ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachment FORCE ROW LEVEL SECURITY;
CREATE POLICY attachment_of_scope ON attachment
    USING ((SELECT xuncha_role()) = 1
           OR (record_id IS NOT NULL
               AND (SELECT r.group_id FROM field_record r WHERE r.id = record_id) IN (SELECT unnest (xuncha_groups())))
           OR (task_id IS NOT NULL AND (SELECT xuncha_role()) = 7)
           OR (task_id IS NOT NULL AND (SELECT xuncha_role()) = 6
               AND (SELECT t.unit_id FROM rectification_task t WHERE t.id = task_id) = (SELECT xuncha_org_unit())));
CREATE POLICY attachment_read_as_clue_evidence ON attachment FOR SELECT
    USING ((SELECT xuncha_role()) IN (4, 5)
           AND id IN (SELECT e.attachment_id FROM clue_evidence e WHERE e.attachment_id IS NOT NULL));
CREATE POLICY attachment_read_outline ON attachment FOR SELECT
    USING ((SELECT xuncha_scope()) = 'outline');
CREATE POLICY attachment_uploaded_by_the_user ON attachment AS RESTRICTIVE FOR INSERT
    WITH CHECK (uploaded_by = (SELECT xuncha_user_id()));

-- ---------------------------------------------------------------- outlines, never contents

-- Where clues belong: their group, and the unit they were transferred to (NULL before).
CREATE FUNCTION clue_whereabouts(clue_ids bigint[])
    RETURNS TABLE (id bigint, group_id bigint, receiver_unit_id bigint)
    LANGUAGE sql STABLE SET xuncha.scope = 'outline' AS $$
    SELECT c.id, c.group_id, b.receiver_unit_id FROM clue c LEFT JOIN clue_batch b ON b.id = c.batch_id
     WHERE c.id = ANY (clue_ids)
$$;

-- What an attachment belongs to: a field record (and its group) or a 整改任务.
CREATE FUNCTION attachment_whereabouts(the_attachment bigint)
    RETURNS TABLE (record_id bigint, task_id bigint, group_id bigint)
    LANGUAGE sql STABLE SET xuncha.scope = 'outline' AS $$
    SELECT a.record_id, a.task_id, r.group_id FROM attachment a LEFT JOIN field_record r ON r.id = a.record_id
     WHERE a.id = the_attachment
$$;

-- The clues of a round as figures: state, transfer, rating, deadline — no person, no conduct.
CREATE FUNCTION clue_figures(of_round bigint)
    RETURNS TABLE (id bigint, group_id bigint, state smallint, batch_id bigint, quality smallint,
                   feedback_due_date date)
    LANGUAGE sql STABLE SET xuncha.scope = 'outline' AS $$
    SELECT c.id, c.group_id, c.state, c.batch_id, c.quality, c.feedback_due_date FROM clue c
     WHERE c.round_id = of_round
$$;
