-- 006_audit: 审计日志 — every committed change and every read of a petitioner's identity,
-- a clue's contents or an attachment, as rows nobody can quietly rewrite: a hash chain
-- (each link covers the link before it and its own row's canonical content, computed by
-- common/xc_audit_hash.c), and triggers that refuse UPDATE, DELETE and TRUNCATE.
--
-- A request writes its rows into audit_log inside its own transaction, unsealed: no
-- request waits for a chain lock. The sealer (xuncha-notifier every second, `xunchad
-- audit-seal`, and the start of every verify) takes the committed rows queued in
-- audit_unsealed in seq order, under a transaction-level advisory lock, and appends
-- each to audit_seal at the next position. The position order is the chain order: a
-- row committed late is simply sealed later. Positions are given by the sealer without
-- gaps, so a missing position is a deleted link.
--
-- The server needs only INSERT and SELECT on audit_log and audit_seal (and INSERT,
-- SELECT, DELETE on the queue audit_unsealed); nothing in xuncha updates or deletes a
-- row of either. change_log, the record of changes before this migration, moves here
-- in its order (its id becomes the seq) and stays as a view of the change rows.

CREATE TABLE audit_log (
    seq          bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    user_id      bigint NOT NULL REFERENCES app_user (id),
    request_id   uuid NOT NULL,
    action       text NOT NULL,      -- a change's verb (record_field_work …), or read_identity / read_clue / read_attachment
    record_type  text NOT NULL,      -- field_record, clue, attachment …
    record_id    bigint
);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id, seq);
CREATE INDEX audit_log_user ON audit_log (user_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);
COMMENT ON TABLE audit_log IS '审计日志：谁、何时、以哪个请求改变或查阅了哪条记录；只能追加';

-- The rows committed but not yet sealed: the sealer's work queue, so that a pass costs
-- what is new, not the whole log. A row is queued by the statement that writes it.
CREATE TABLE audit_unsealed (
    seq  bigint PRIMARY KEY REFERENCES audit_log (seq)
);
COMMENT ON TABLE audit_unsealed IS '待封存的审计记录（封存后移出）';

CREATE FUNCTION audit_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_unsealed (seq) SELECT seq FROM added;
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_log_queue AFTER INSERT ON audit_log
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION audit_queue();

CREATE TABLE audit_seal (
    position   bigint PRIMARY KEY CHECK (position > 0),
    seq        bigint NOT NULL UNIQUE REFERENCES audit_log (seq),
    prev_hash  bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash       bytea NOT NULL CHECK (octet_length(hash) = 32)
);
COMMENT ON TABLE audit_seal IS '审计哈希链：按封存顺序，每一环 = SHA-256(上一环 || 本行规范内容)；只能追加';

-- The time of a row as the canonical content has it: UTC with microseconds.
CREATE FUNCTION audit_at_utc(at timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- Append-only: any UPDATE, DELETE or TRUNCATE is refused, whoever asks. A superuser can
-- still disable the trigger; that is what `xuncha audit verify` detects.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除：拒绝对 % 执行 %', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_seal
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The changes recorded so far, in their order; they are sealed by the first pass.
INSERT INTO audit_log (seq, at, user_id, request_id, action, record_type, record_id)
    SELECT id, changed_at, user_id, request_id, action, record_type, record_id FROM change_log ORDER BY id;
SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), coalesce((SELECT max(seq) FROM audit_log), 0) + 1, false);
DROP TABLE change_log;

-- The changes alone (reads are the actions named read_…), as change_log was.
CREATE VIEW change_log AS
    SELECT seq AS id, at AS changed_at, user_id, request_id, action, record_type, record_id
    FROM audit_log WHERE action NOT LIKE 'read\_%';
COMMENT ON VIEW change_log IS '变更记录：审计日志中的变更（不含查阅）';
