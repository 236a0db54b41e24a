-- throughput_write.sql — pgbench's side of ops/bench/throughput.sh's write: the SQL
-- xunchad runs for one field_record_create (a 走访 record), statement for statement, in
-- one transaction (server/lib/dispatch.c, access.c, h_field_records.c,
-- deferred_writes.c). Only what the server computes in C is computed here in SQL, in the
-- statement that needs it: the request id (gen_random_uuid(), as a client's fresh UUID),
-- its advisory-lock key (a random bigint: the server hashes the key and the id) and the
-- request's hash (sha256 of the id: the server hashes the request's bytes); the reply
-- stored for retries is the findings' bytes, as long as the server's packed reply less
-- its few fields. pgbench takes every ":name" for a variable, even inside quotes: a
-- colon in a constant is written E'\x3a'. Variables (-D): key (the 组员's public key), uid (his user id), group,
-- unit, date, findings.
BEGIN;
-- the key's user, and the row-security scope set to him (dispatch.c s_begin_as_principal)
SELECT id, role, coalesce(org_unit_id, 0), display_name, set_config('xuncha.user_id', (id)::text, true) FROM app_user WHERE id = key_user(:key);
-- the claim of (key, request id): no other try running, then the claimed row
\set lock random(1, 4611686018427387903)
WITH r AS (SELECT gen_random_uuid() AS id), lock AS (SELECT pg_try_advisory_xact_lock(:lock::bigint) AS first), claim AS (INSERT INTO request_reply (principal_key, request_id, request_hash) SELECT :key, r.id, sha256(uuid_send(r.id)) FROM lock, r WHERE lock.first ON CONFLICT DO NOTHING RETURNING 1) SELECT (SELECT first FROM lock), EXISTS (SELECT 1 FROM claim), (SELECT id FROM r) AS rid \gset
-- the group, its round locked against a phase change (access.c s_load_scope)
SELECT g.round_id, r.phase, r.type, g.name, r.committee, g.number, (SELECT min(m.position) FROM group_member m JOIN inspector i ON i.id = m.inspector_id WHERE m.group_id = g.id AND i.user_id = :uid) FROM inspection_group g JOIN round r ON r.id = g.round_id WHERE g.id = :group FOR SHARE OF r \gset scope_
-- the record checked, inserted and read back (h_field_records.c s_insert_record)
WITH f AS (INSERT INTO field_record (kind, round_id, group_id, unit_id, occurred_date, recorded_by, place, unannounced, body) SELECT 5, :scope_round_id, :group, :unit, :date, :uid, '东关村村委会', true, :findings WHERE EXISTS (SELECT 1 FROM group_unit g WHERE g.group_id = :group AND g.unit_id = ANY (unit_ancestors(:unit))) RETURNING *) SELECT f.id, f.kind, f.round_id, f.group_id, g.name, f.unit_id, unit_path(f.unit_id), f.occurred_date, u.display_name, to_char((f.recorded_at) AT TIME ZONE INTERVAL E'+08\x3a00', E'YYYY-MM-DD HH24\x3aMI'), f.briefer, f.topic, f.channel, f.received_date, array_to_string(f.concerned_persons, chr(31)), f.concerned_unit_id, unit_path(f.concerned_unit_id), f.petition_status, EXISTS (SELECT 1 FROM petitioner_identity p WHERE p.record_id = f.id), f.interviewee_name, f.interviewee_position, f.interviewee_unit, to_char(f.talk_time, E'YYYY-MM-DD HH24\x3aMI'), f.place, f.outline, f.confirmed, f.materials, f.copied, f.unannounced, f.body FROM f JOIN inspection_group g ON g.id = f.group_id JOIN app_user u ON u.id = f.recorded_by \gset record_
-- the audit row and the stored reply, one statement just before COMMIT, which must find
-- the claimed row (deferred_writes.c)
WITH audit AS (INSERT INTO audit_log (user_id, request_id, action, record_type, record_id) SELECT u, r::uuid, a, t, nullif(i, 0) FROM unnest(ARRAY[:uid::bigint], string_to_array(nullif(:rid, ''), chr(31)), string_to_array(nullif('record_field_work', ''), chr(31)), string_to_array(nullif('field_record', ''), chr(31)), ARRAY[:record_id::bigint]) WITH ORDINALITY AS x (u, r, a, t, i, n) ORDER BY n), stored AS (UPDATE request_reply q SET reply = substring(convert_to(:findings, 'UTF8') FROM x.o FOR x.l) FROM unnest(string_to_array(nullif(:key, ''), chr(31)), string_to_array(nullif(:rid, ''), chr(31)), ARRAY[1], ARRAY[octet_length(:findings::text)]) AS x (k, r, o, l) WHERE q.principal_key = x.k AND q.request_id = x.r::uuid RETURNING 1) SELECT xc_require ((SELECT count(*) FROM stored) = 1, '存储的回复未能写入其请求登记的行');
COMMIT;
