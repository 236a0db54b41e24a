-- throughput_read.sql — pgbench's side of ops/bench/throughput.sh's read: the SQL
-- xunchad runs for one field_record_show, statement for statement, in one transaction
-- (server/lib/dispatch.c, access.c, h_field_records.c, h_attachments.c); a read claims
-- no request id and stores no reply. pgbench sends each statement and waits for it;
-- xunchad sends BEGIN with the user's lookup, the record with its attachments, and the
-- COMMIT with the next request's BEGIN (libpq's pipeline mode). Variables (-D): key, uid, and lo and hi, the range
-- of the records written, one of which is shown.
BEGIN;
SELECT id, role, coalesce(org_unit_id, 0), display_name, set_config('xuncha.user_id', (id)::text, true) FROM app_user WHERE id = key_user(:key);
\set record random(:lo, :hi)
-- the record's group and the caller's scope in it, in one statement (access.c xc_require_record_reader)
SELECT g.id, g.round_id, r.phase, r.type, g.name, r.committee, g.number, (SELECT min(m.position) FROM group_member m JOIN inspector i ON i.id = m.inspector_id WHERE m.group_id = g.id AND i.user_id = :uid) FROM field_record x JOIN inspection_group g ON g.id = x.group_id JOIN round r ON r.id = g.round_id WHERE x.id = :record;
-- the record as a reply shows it, and its attachments
SELECT f.id, f.kind, f.round_id, f.group_id, g.name, f.unit_id, unit_path(f.unit_id), f.occurred_date, u.display_name, to_char((f.recorded_at) AT TIME ZONE INTERVAL E'+08\x3a00', E'YYYY-MM-DD HH24\x3aMI'), f.briefer, f.topic, f.channel, f.received_date, array_to_string(f.concerned_persons, chr(31)), f.concerned_unit_id, unit_path(f.concerned_unit_id), f.petition_status, EXISTS (SELECT 1 FROM petitioner_identity p WHERE p.record_id = f.id), f.interviewee_name, f.interviewee_position, f.interviewee_unit, to_char(f.talk_time, E'YYYY-MM-DD HH24\x3aMI'), f.place, f.outline, f.confirmed, f.materials, f.copied, f.unannounced, f.body FROM field_record f JOIN inspection_group g ON g.id = f.group_id JOIN app_user u ON u.id = f.recorded_by WHERE f.id = :record;
SELECT a.id, a.record_id, a.filename, a.media_type, a.size, encode(a.sha256, 'hex'), u.display_name, to_char((a.uploaded_at) AT TIME ZONE INTERVAL E'+08\x3a00', E'YYYY-MM-DD HH24\x3aMI'), a.task_id FROM attachment a JOIN app_user u ON u.id = a.uploaded_by WHERE a.record_id = :record ORDER BY a.id;
COMMIT;
