-- 010_uploads: 附件分块续传 — 离线时记下的附件，联网后分块上传，断了从断点接着传。
--
-- The client picks an upload id (a UUID) when it journals the attachment, then sends
-- Begin (what the file is: its record or 整改任务, name, type, size, SHA-256), the
-- chunks in order from byte 0, and Finish. attachment_upload is that upload's state:
-- `received` is how many bytes have arrived in order, where a broken transfer resumes.
-- The chunks wait in attachment_upload_chunk until Finish checks the size and the
-- SHA-256 of their concatenation, makes the attachment the way attachment_add does
-- (server/lib/h_attachments.c, xc_attach), notes its id here and deletes the chunks.
-- A Finish again finds attachment_id and answers with the same attachment.
--
-- An upload is its user's alone: row security shows a user only his own uploads and
-- their chunks (as for attachment in 008_least_privilege.sql), so another's upload id
-- is not found. The server adds uploads and moves `received` and `attachment_id`; it
-- adds chunks and deletes them once the attachment exists; it changes nothing else.

CREATE TABLE attachment_upload (
    upload_id      uuid PRIMARY KEY,
    user_id        bigint NOT NULL REFERENCES app_user (id),
    record_id      bigint REFERENCES field_record (id),
    task_id        bigint REFERENCES rectification_task (id),
    filename       text NOT NULL,
    media_type     text NOT NULL,
    size           bigint NOT NULL,
    sha256         bytea NOT NULL,
    received       bigint NOT NULL DEFAULT 0,
    attachment_id  bigint REFERENCES attachment (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT attachment_upload_belongs_once CHECK ((record_id IS NULL) <> (task_id IS NULL)),
    CONSTRAINT attachment_upload_received_check CHECK (size > 0 AND received >= 0 AND received <= size),
    CONSTRAINT attachment_upload_sha256_check CHECK (length(sha256) = 32),
    CONSTRAINT attachment_upload_finished_check CHECK (attachment_id IS NULL OR received = size)
);
CREATE INDEX attachment_upload_of_user ON attachment_upload (user_id);
COMMENT ON TABLE attachment_upload IS '附件分块上传：上传编号由客户端选定；已按顺序收到的字节数即续传位置；完成后记下所建附件';

CREATE TABLE attachment_upload_chunk (
    upload_id    uuid NOT NULL REFERENCES attachment_upload (upload_id),
    byte_offset  bigint NOT NULL,
    data         bytea NOT NULL,
    PRIMARY KEY (upload_id, byte_offset),
    CONSTRAINT attachment_upload_chunk_check CHECK (byte_offset >= 0 AND length(data) > 0)
);
COMMENT ON TABLE attachment_upload_chunk IS '附件分块上传中已收到的块（byte_offset 起的 data）；附件建成后删除';

ALTER TABLE attachment_upload ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachment_upload FORCE ROW LEVEL SECURITY;
CREATE POLICY attachment_upload_of_user ON attachment_upload
    USING (user_id = (SELECT xuncha_user_id()))
    WITH CHECK (user_id = (SELECT xuncha_user_id()));

ALTER TABLE attachment_upload_chunk ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachment_upload_chunk FORCE ROW LEVEL SECURITY;
CREATE POLICY attachment_upload_chunk_of_user ON attachment_upload_chunk
    USING (EXISTS (SELECT 1 FROM attachment_upload u WHERE u.upload_id = attachment_upload_chunk.upload_id));

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xuncha_app') THEN
        REVOKE ALL ON attachment_upload, attachment_upload_chunk FROM xuncha_app;
        GRANT SELECT, INSERT ON attachment_upload TO xuncha_app;
        GRANT UPDATE (received, attachment_id) ON attachment_upload TO xuncha_app;
        GRANT SELECT, INSERT, DELETE ON attachment_upload_chunk TO xuncha_app;
    END IF;
END $$;
