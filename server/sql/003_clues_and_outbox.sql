-- 003_clues_and_outbox: 问题线索及其移交批次、签收、处置、结果与质量评价；
-- 以及通知的事务性发件箱（outbox）：每个收件人一行，确认（ack）后才算送达。

CREATE TABLE clue_batch (
    id                bigserial PRIMARY KEY,
    round_id          bigint NOT NULL REFERENCES round (id),
    group_id          bigint NOT NULL REFERENCES inspection_group (id),
    number            text NOT NULL CONSTRAINT clue_batch_number_unique UNIQUE,
    year              integer NOT NULL,
    sequence          integer NOT NULL,
    receiver_unit_id  bigint NOT NULL REFERENCES org_unit (id),
    transferred_by    bigint NOT NULL REFERENCES app_user (id),
    transferred_at    timestamptz NOT NULL DEFAULT now(),
    received_by       bigint REFERENCES app_user (id),
    received_at       timestamptz,
    CONSTRAINT clue_batch_sequence_unique UNIQUE (group_id, year, sequence)
);
COMMENT ON TABLE clue_batch IS '问题线索移交批次：按组、年度编号，移交给纪委监委或组织部，对方签收';

CREATE TABLE clue (
    id                   bigserial PRIMARY KEY,
    round_id             bigint NOT NULL REFERENCES round (id),
    group_id             bigint NOT NULL REFERENCES inspection_group (id),
    unit_id              bigint NOT NULL REFERENCES org_unit (id),
    state                smallint NOT NULL DEFAULT 1,       -- ClueState
    person_name          text NOT NULL,
    person_position      text NOT NULL DEFAULT '',
    person_unit          text NOT NULL DEFAULT '',
    conduct              text NOT NULL,
    time_place           text NOT NULL DEFAULT '',
    amount               text NOT NULL DEFAULT '',
    suggested_disposal   smallint NOT NULL DEFAULT 0,
    suggestion           text NOT NULL DEFAULT '',
    cadre_selection      boolean NOT NULL DEFAULT false,
    drafted_by           bigint NOT NULL REFERENCES app_user (id),
    drafted_at           timestamptz NOT NULL DEFAULT now(),
    approved_by          bigint REFERENCES app_user (id),
    approved_at          timestamptz,
    batch_id             bigint REFERENCES clue_batch (id),
    received_at          timestamptz,
    feedback_due_date    date,
    disposal             smallint,                           -- ClueDisposal
    disposal_note        text NOT NULL DEFAULT '',
    disposed_by          bigint REFERENCES app_user (id),
    disposed_at          timestamptz,
    result               text NOT NULL DEFAULT '',
    result_at            timestamptz,
    quality              smallint CONSTRAINT clue_quality_range CHECK (quality BETWEEN 1 AND 5),
    quality_comment      text NOT NULL DEFAULT '',
    rated_by             bigint REFERENCES app_user (id),
    rated_at             timestamptz
);
CREATE INDEX clue_by_group ON clue (group_id, state);
CREATE INDEX clue_by_batch ON clue (batch_id);
COMMENT ON TABLE clue IS '问题线索：被反映人、具体问题、时间地点金额、证据、处置建议；组长批准后按批次移交';

CREATE TABLE clue_evidence (
    clue_id        bigint NOT NULL REFERENCES clue (id),
    position       integer NOT NULL,
    record_id      bigint REFERENCES field_record (id),
    attachment_id  bigint REFERENCES attachment (id),
    paper_id       bigint REFERENCES working_paper (id),
    note           text NOT NULL DEFAULT '',
    PRIMARY KEY (clue_id, position),
    CONSTRAINT clue_evidence_points_somewhere
        CHECK (record_id IS NOT NULL OR attachment_id IS NOT NULL OR paper_id IS NOT NULL)
);

CREATE TABLE clue_batch_counter (
    group_id  bigint NOT NULL REFERENCES inspection_group (id),
    year      integer NOT NULL,
    last      integer NOT NULL,
    PRIMARY KEY (group_id, year)
);

-- 签收后尚待反馈结果的线索，按反馈期限找出（提醒）。
CREATE INDEX clue_awaiting_result ON clue (feedback_due_date) WHERE state IN (4, 5);

-- 系统设置：巡察办可查看、修改（xuncha setting list/set）；可设的键及其取值范围
-- 由服务器（server/lib/h_settings.c）规定。
CREATE TABLE setting (
    key    text PRIMARY KEY,
    value  text NOT NULL
);
COMMENT ON TABLE setting IS '系统设置（键值）：如 clue_feedback_months，问题线索签收后反馈结果的期限（月），默认 3';
INSERT INTO setting (key, value) VALUES ('clue_feedback_months', '3');

-- 反馈期限提醒：每条线索每一级提醒只发一次。
CREATE TABLE clue_reminder (
    clue_id  bigint NOT NULL REFERENCES clue (id),
    level    smallint NOT NULL,      -- 1: due within 7 days, 2: overdue
    sent_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clue_id, level)
);

-- 发件箱：事件与变更在同一事务中写入；每个收件人一行投递记录。
CREATE TABLE outbox_event (
    id          bigserial PRIMARY KEY,
    kind        smallint NOT NULL,   -- NotificationKind
    title       text NOT NULL,       -- what happened; never a clue's contents
    clue_id     bigint REFERENCES clue (id),
    batch_id    bigint REFERENCES clue_batch (id),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
COMMENT ON TABLE outbox_event IS '通知事件（发件箱）：与引起它的变更同一事务写入';

CREATE TABLE outbox_delivery (
    event_id       bigint NOT NULL REFERENCES outbox_event (id),
    user_id        bigint NOT NULL REFERENCES app_user (id),
    claimed_by     text,             -- the notifier session sending it now
    claimed_until  timestamptz,
    sent_count     integer NOT NULL DEFAULT 0,
    acked_at       timestamptz,
    PRIMARY KEY (user_id, event_id)
);
CREATE INDEX outbox_pending ON outbox_delivery (user_id, event_id) WHERE acked_at IS NULL;
COMMENT ON TABLE outbox_delivery IS '逐收件人的投递：收件人确认前一直保留，超时与重连时重发';

-- Wakes the notifiers: the payload is the recipient's user id.
CREATE FUNCTION outbox_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('xuncha_outbox', NEW.user_id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_delivery_wake AFTER INSERT ON outbox_delivery
    FOR EACH ROW EXECUTE FUNCTION outbox_wake();
