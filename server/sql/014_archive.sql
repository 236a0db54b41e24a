-- 014_archive: 立卷归档 — sealing a round and keeping its archive bundle.
--
-- Archiving a round (xc_archive_round, server/lib/h_archive.c; `round advance --to 归档`
-- does the same) is one transaction: it seals the audit chain, writes every file of the
-- bundle into archive_file (the round's records, 底稿, 线索, 整改任务, 抽检, attachments,
-- the audit chain's head and a manifest with each file's SHA-256), notes the sealing in
-- round_archive (who, when, the audit head, the manifest's own SHA-256), records the
-- phase change and moves the round to 归档 (8). A round is sealed with its whole bundle,
-- or not at all: the round's row may move to 归档 only once its round_archive row exists.
--
-- Sealed means unchangeable. archive_guard() is a BEFORE INSERT/UPDATE/DELETE trigger on
-- every table that holds a round's work: it finds the round of the row (directly, or
-- through its group, field record, 底稿, 线索, 整改任务, 抽检 or report) and refuses with SQLSTATE
-- XCA01 "某某区委第3轮巡察已立卷归档，不能再更改" when that round is in 归档. The server
-- (server/lib/call.c) turns XCA01 into a CONFLICT with that sentence. The guard holds
-- whoever writes (the owner too), so a handler that forgets its phase check still
-- changes nothing of an archived round.
--
-- Not guarded, on purpose: reads and their records (identity_read, the audit log),
-- notifications (outbox_*), and the reminder passes' bookkeeping (task_schedule,
-- task_reminder, clue_reminder). Archiving is refused while a 整改任务 of the round is
-- not 已验收 or a transferred 线索 awaits its result, so an archived round has no task
-- left in the reminder schedule and no clue the clue reminders look at; rounds moved to
-- 归档 before this migration (by a plain phase change, without a bundle) leave the
-- schedule here, and the clue reminders skip archived rounds.
--
-- petitioner_identity is guarded against INSERT and DELETE only: xunchad's start-up
-- sealing of identities recorded before 009 rewrites a row's representation (plaintext
-- to sealed), never its content, and must not fail for an old archived round. The
-- identity is never in the bundle: it stays sealed in the database.
--
-- round_archive and archive_file are written once and never changed (no UPDATE or
-- DELETE for xuncha_app, and a trigger refusing both for everyone). archive_file holds
-- the confidential content of the round (clues, 底稿, attachments): row security shows
-- it to the 巡察办 only, as 008_least_privilege.sql does for clues.
--
-- The reports (012) and the evaluations after the round (013: 作风纪律后评估, 工作鉴定)
-- are guarded too: they are done before the round is archived, and are in its bundle.
-- A later migration with round-scoped tables adds its guard as
--   CREATE TRIGGER x_archived BEFORE INSERT OR UPDATE OR DELETE ON x
--       FOR EACH ROW EXECUTE FUNCTION archive_guard_round_id();

-- ---------------------------------------------------------------- the archive

CREATE TABLE round_archive (
    round_id         bigint PRIMARY KEY REFERENCES round (id),
    sealed_at        timestamptz NOT NULL,
    sealed_by        bigint NOT NULL REFERENCES app_user (id),
    audit_position   bigint NOT NULL,               -- the audit chain's head at sealing (0: empty chain)
    audit_hash       bytea NOT NULL CHECK (octet_length(audit_hash) = 32),
    manifest_sha256  bytea NOT NULL CHECK (octet_length(manifest_sha256) = 32),
    file_count       integer NOT NULL               -- files listed in the manifest
);
COMMENT ON TABLE round_archive IS '立卷归档：何人何时封存、封存时审计链头（第几环、哈希）、归档清单（manifest.json）的 SHA-256；只写一次';

CREATE TABLE archive_file (
    id         bigserial PRIMARY KEY,
    round_id   bigint NOT NULL REFERENCES round (id),
    path       text NOT NULL,
    sha256     bytea NOT NULL CHECK (octet_length(sha256) = 32),
    size       bigint NOT NULL,
    content    bytea NOT NULL,
    CONSTRAINT archive_file_path_unique UNIQUE (round_id, path),
    CONSTRAINT archive_file_hash_check CHECK (sha256 = sha256(content) AND size = octet_length(content))
);
COMMENT ON TABLE archive_file IS '归档文件：归档包中每个文件的路径、SHA-256、大小与内容；只写一次';

-- ---------------------------------------------------------------- the guard

-- The round a row belongs to, found from KEY as VIA says: the round itself, or its
-- group, field record, 底稿, 线索, 整改任务 or 抽检. The 'outline' scope lets it find the
-- round of a clue outside the principal's rows (008_least_privilege.sql); it returns no
-- content.
CREATE FUNCTION archive_round_of(via text, key bigint) RETURNS bigint
    LANGUAGE plpgsql STABLE SET xuncha.scope = 'outline' AS $$
BEGIN
    RETURN CASE via
        WHEN 'round' THEN key
        WHEN 'group' THEN (SELECT g.round_id FROM inspection_group g WHERE g.id = key)
        WHEN 'record' THEN (SELECT r.round_id FROM field_record r WHERE r.id = key)
        WHEN 'paper' THEN (SELECT p.round_id FROM working_paper p WHERE p.id = key)
        WHEN 'clue' THEN (SELECT c.round_id FROM clue c WHERE c.id = key)
        WHEN 'task' THEN (SELECT t.round_id FROM rectification_task t WHERE t.id = key)
        WHEN 'spot_check' THEN (SELECT s.round_id FROM spot_check s WHERE s.id = key)
        WHEN 'report' THEN (SELECT r.round_id FROM report r WHERE r.id = key)
    END;
END
$$;

-- Arguments: pairs (column, via). The old row (UPDATE, DELETE) and the new one (INSERT,
-- UPDATE) are both checked: nothing moves into or out of an archived round either.
CREATE FUNCTION archive_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    checked jsonb[] := '{}';
    row_json jsonb;
    key bigint;
    archived record;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        checked := checked || to_jsonb(OLD);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        checked := checked || to_jsonb(NEW);
    END IF;
    FOREACH row_json IN ARRAY checked LOOP
        FOR i IN 0 .. TG_NARGS - 1 BY 2 LOOP
            key := (row_json ->> TG_ARGV[i])::bigint;
            CONTINUE WHEN key IS NULL;
            SELECT r.committee, r.number INTO archived FROM round r
             WHERE r.id = archive_round_of(TG_ARGV[i + 1], key) AND r.phase = 8;
            IF FOUND THEN
                RAISE EXCEPTION '%第%轮巡察已立卷归档，不能再更改', archived.committee, archived.number
                    USING ERRCODE = 'XCA01', DETAIL = format('%s %s', TG_OP, TG_TABLE_NAME);
            END IF;
        END LOOP;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

-- The same for a table with the round's id in its own column round_id, the most
-- written ones (a field record of a sync batch, a 底稿, a task): the column read as it
-- is, one index lookup, no row copied to JSON.
CREATE FUNCTION archive_guard_round_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    archived record;
BEGIN
    SELECT r.committee, r.number INTO archived FROM round r
     WHERE r.phase = 8 AND (r.id = CASE WHEN TG_OP <> 'INSERT' THEN OLD.round_id END
                            OR r.id = CASE WHEN TG_OP <> 'DELETE' THEN NEW.round_id END);
    IF FOUND THEN
        RAISE EXCEPTION '%第%轮巡察已立卷归档，不能再更改', archived.committee, archived.number
            USING ERRCODE = 'XCA01', DETAIL = format('%s %s', TG_OP, TG_TABLE_NAME);
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

-- The round itself: an archived round's row stays as it is; a round enters 归档 only
-- with its archive written (its round_archive row first, in the same transaction).
CREATE FUNCTION archive_guard_round() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.phase = 8 THEN
        RAISE EXCEPTION '%第%轮巡察已立卷归档，不能再更改', OLD.committee, OLD.number
            USING ERRCODE = 'XCA01', DETAIL = format('%s round', TG_OP);
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.phase = 8 AND NOT EXISTS (SELECT 1 FROM round_archive a WHERE a.round_id = NEW.id) THEN
        RAISE EXCEPTION '%第%轮巡察须立卷归档（写出归档包）才能进入“归档”阶段', NEW.committee, NEW.number
            USING ERRCODE = 'XCA02';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER round_archived BEFORE UPDATE OR DELETE ON round
    FOR EACH ROW EXECUTE FUNCTION archive_guard_round();

DO $$
DECLARE
    guard record;
BEGIN
    FOR guard IN SELECT * FROM (VALUES
        ('round_batch', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('round_phase_change', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('inspection_group', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('group_member', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('group_unit', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('field_record', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('talk_inspector', 'INSERT OR UPDATE OR DELETE', '''record_id'', ''record'''),
        ('petitioner_identity', 'INSERT OR DELETE', '''record_id'', ''record'''),
        ('attachment', 'INSERT OR UPDATE OR DELETE', '''record_id'', ''record'', ''task_id'', ''task'''),
        ('attachment_upload', 'INSERT OR UPDATE', '''record_id'', ''record'', ''task_id'', ''task'''),
        ('working_paper', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('working_paper_version', 'INSERT OR UPDATE OR DELETE', '''paper_id'', ''paper'''),
        ('working_paper_evidence', 'INSERT OR UPDATE OR DELETE', '''paper_id'', ''paper'''),
        ('working_paper_event', 'INSERT OR UPDATE OR DELETE', '''paper_id'', ''paper'''),
        ('spot_check', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('spot_check_item', 'INSERT OR UPDATE OR DELETE', '''spot_check_id'', ''spot_check'''),
        ('clue_batch', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('clue', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('clue_evidence', 'INSERT OR UPDATE OR DELETE', '''clue_id'', ''clue'''),
        ('feedback', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('rectification_task', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('task_event', 'INSERT OR UPDATE OR DELETE', '''task_id'', ''task'''),
        ('task_extension', 'INSERT OR UPDATE OR DELETE', '''task_id'', ''task'''),
        ('report', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('report_section', 'INSERT OR UPDATE OR DELETE', '''report_id'', ''report'''),
        ('report_event', 'INSERT OR UPDATE OR DELETE', '''report_id'', ''report'''),
        ('conduct_rating', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        ('inspector_appraisal', 'INSERT OR UPDATE OR DELETE', '''round_id'', ''round'''),
        -- the archive itself is written before the round enters 归档, never after
        ('round_archive', 'INSERT', '''round_id'', ''round'''),
        ('archive_file', 'INSERT', '''round_id'', ''round''')
    ) AS g (tab, ops, args) LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE %s ON %I FOR EACH ROW EXECUTE FUNCTION %s',
                       guard.tab || '_archived', guard.ops, guard.tab,
                       CASE WHEN guard.args = '''round_id'', ''round''' THEN 'archive_guard_round_id()'
                            ELSE format('archive_guard(%s)', guard.args) END);
    END LOOP;
END $$;

-- Written once: the archive is never changed nor removed, whoever asks.
CREATE FUNCTION archive_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '归档包只写一次，不能修改或删除：拒绝对 % 执行 %', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER round_archive_written_once BEFORE UPDATE OR DELETE OR TRUNCATE ON round_archive
    FOR EACH STATEMENT EXECUTE FUNCTION archive_refuse_change();
CREATE TRIGGER archive_file_written_once BEFORE UPDATE OR DELETE OR TRUNCATE ON archive_file
    FOR EACH STATEMENT EXECUTE FUNCTION archive_refuse_change();

-- ---------------------------------------------------------------- privileges, row security

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xuncha_app') THEN
        REVOKE ALL ON round_archive, archive_file FROM xuncha_app;
        GRANT SELECT, INSERT ON round_archive, archive_file TO xuncha_app;
        GRANT USAGE, SELECT ON SEQUENCE archive_file_id_seq TO xuncha_app;
    END IF;
END $$;

ALTER TABLE archive_file ENABLE ROW LEVEL SECURITY;
ALTER TABLE archive_file FORCE ROW LEVEL SECURITY;
CREATE POLICY archive_file_of_office ON archive_file
    USING ((SELECT xuncha_role()) = 1)
    WITH CHECK ((SELECT xuncha_role()) = 1);

-- ---------------------------------------------------------------- rounds archived before

-- A round moved to 归档 by a plain phase change keeps no task in the reminder schedule.
DELETE FROM task_schedule s USING rectification_task t, round r
 WHERE t.id = s.task_id AND r.id = t.round_id AND r.phase = 8;
