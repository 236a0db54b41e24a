-- 005_rectification: 工作日历（节假日、调休上班）、反馈、整改任务（含延期、验收）、
-- 整改期限提醒（绿/黄/红，每个任务每个期限每级每次只发一次），整改证据附件。

-- 工作日历：管理员导入，按年覆盖；没有数据的年份不计算期限。
CREATE TABLE calendar_year (
    year         integer PRIMARY KEY,
    source       text NOT NULL DEFAULT '',
    imported_by  bigint REFERENCES app_user (id),
    imported_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE calendar_year IS '工作日历已导入的年份：期限落在未导入的年份时拒绝计算';

CREATE TABLE calendar_day (
    day   date PRIMARY KEY,
    kind  smallint NOT NULL,          -- CalendarDayKind: 1 休（节假日）, 2 班（调休上班）
    name  text NOT NULL DEFAULT '',
    CONSTRAINT calendar_day_kind CHECK (kind IN (1, 2)),
    CONSTRAINT calendar_workday_on_weekend CHECK (kind <> 2 OR extract(isodow FROM day) >= 6)
);
COMMENT ON TABLE calendar_day IS '工作日历的例外日：周一至周五的节假日（休）、周末的调休上班日（班）';

-- 反馈：巡察办登记；反馈会日期起算整改方案、整改情况报告、公开的期限。
CREATE TABLE feedback (
    id                   bigserial PRIMARY KEY,
    round_id             bigint NOT NULL REFERENCES round (id),
    unit_id              bigint NOT NULL REFERENCES org_unit (id),
    group_id             bigint NOT NULL REFERENCES inspection_group (id),
    talk_date            date NOT NULL,
    meeting_date         date NOT NULL,
    plan_due_date        date NOT NULL,
    report_due_date      date NOT NULL,
    disclosure_due_date  date NOT NULL,
    recorded_by          bigint NOT NULL REFERENCES app_user (id),
    recorded_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT feedback_unit_unique UNIQUE (round_id, unit_id),
    CONSTRAINT feedback_dates_check CHECK (meeting_date >= talk_date)
);
COMMENT ON TABLE feedback IS '巡察反馈：一对一反馈、反馈会；登记即开始整改计时';

-- 整改任务：每个反馈的问题一项（kind 1），另有整改方案、整改情况报告、公开各一项（kind 2–4）。
-- 逾期不存储：由期限与当天推出。下一次提醒日不在这里，在 task_schedule。
CREATE TABLE rectification_task (
    id                 bigserial PRIMARY KEY,
    feedback_id        bigint NOT NULL REFERENCES feedback (id),
    round_id           bigint NOT NULL REFERENCES round (id),
    unit_id            bigint NOT NULL REFERENCES org_unit (id),
    kind               smallint NOT NULL,     -- TaskKind
    paper_id           bigint REFERENCES working_paper (id),
    title              text NOT NULL,
    leader_user_id     bigint REFERENCES app_user (id),   -- 责任领导
    handler_user_id    bigint REFERENCES app_user (id),   -- 经办人
    measures           text NOT NULL DEFAULT '',
    status             smallint NOT NULL DEFAULT 1,       -- TaskStatus
    deadline           date NOT NULL,
    original_deadline  date NOT NULL,
    completion_note    text NOT NULL DEFAULT '',
    completed_by       bigint REFERENCES app_user (id),
    completed_at       timestamptz,
    verified_by        bigint REFERENCES app_user (id),
    verified_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT task_paper_unique UNIQUE (paper_id),
    CONSTRAINT task_kind_paper CHECK ((kind = 1) = (paper_id IS NOT NULL)),
    CONSTRAINT task_status_range CHECK (status BETWEEN 1 AND 4)
);
CREATE UNIQUE INDEX task_kind_once ON rectification_task (feedback_id, kind) WHERE kind <> 1;
CREATE INDEX task_by_unit ON rectification_task (unit_id, status);
CREATE INDEX task_by_round ON rectification_task (round_id, unit_id);
COMMENT ON TABLE rectification_task IS '整改任务：单位、责任领导、经办人、整改措施、期限；未开始→整改中→已完成→已验收（或退回整改中）';

-- 整改任务的经过：开始、进展、申请验收、验收、退回（理由）、明确责任人、延期。
CREATE TABLE task_event (
    id       bigserial PRIMARY KEY,
    task_id  bigint NOT NULL REFERENCES rectification_task (id),
    action   smallint NOT NULL,      -- TaskAction
    note     text NOT NULL DEFAULT '',
    user_id  bigint NOT NULL REFERENCES app_user (id),
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_event_by_task ON task_event (task_id, id);

-- 延期：单位申请，巡察办批准或不批准；原期限留档。
CREATE TABLE task_extension (
    id                  bigserial PRIMARY KEY,
    task_id             bigint NOT NULL REFERENCES rectification_task (id),
    previous_deadline   date NOT NULL,
    requested_deadline  date NOT NULL,
    reason              text NOT NULL,
    requested_by        bigint NOT NULL REFERENCES app_user (id),
    requested_at        timestamptz NOT NULL DEFAULT now(),
    approved            boolean,
    comment             text NOT NULL DEFAULT '',
    decided_by          bigint REFERENCES app_user (id),
    decided_at          timestamptz,
    CONSTRAINT task_extension_later CHECK (requested_deadline > previous_deadline)
);
CREATE UNIQUE INDEX task_extension_one_pending ON task_extension (task_id) WHERE approved IS NULL;

-- 整改期限提醒的日程：每个未完成的任务一行，记下一次可能到期的提醒日；完成即删除。
-- 与宽的任务行分开：调度每天改的只是这一窄行和它的两个索引，不是任务行和任务的全部索引。
CREATE TABLE task_schedule (
    task_id           bigint PRIMARY KEY REFERENCES rectification_task (id),
    next_reminder_on  date NOT NULL
);
CREATE INDEX task_schedule_due ON task_schedule (next_reminder_on, task_id);
COMMENT ON TABLE task_schedule IS '未完成的整改任务下一次可能到期的提醒日（提醒调度按它走索引）';

-- 整改期限提醒：每个任务、每个期限、每一级、每一次（逾期按周重复）只发一次。
-- 主键以期限开头：同一天发出的提醒期限只有几个（绿色今天 + 20 天、黄色今天 + 10 天、红色逾期的
-- 几个期限），新行集中在索引的几处，不散落到所有任务之间。
-- task_id 不设外键（outbox_event.task_id 同）：外键检查要锁被引用的任务行，每天的调度便要为检查
-- 改写几千个宽的任务行（实测约占一次调度的五分之一）。编号取自 task_schedule（其外键指向
-- rectification_task），任务从不删除。
CREATE TABLE task_reminder (
    task_id     bigint NOT NULL,
    deadline    date NOT NULL,
    level       smallint NOT NULL,    -- ReminderLevel: 1 绿, 2 黄, 3 红
    occurrence  integer NOT NULL,     -- 0, or the week of being overdue
    due_on      date NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (deadline, task_id, level, occurrence)
);

-- 通知可指向整改任务，并带提醒级别（颜色）。
ALTER TABLE outbox_event ADD COLUMN task_id bigint;   -- 整改任务；不设外键，见 task_reminder
ALTER TABLE outbox_event ADD COLUMN level smallint NOT NULL DEFAULT 0;

-- 唤醒通知服务：每条插入投递的语句按收件人各 NOTIFY 一次（频道、载荷同 003），
-- 不再逐行：一次提醒调度插入上万条投递，收件人却只有几千个。
DROP TRIGGER outbox_delivery_wake ON outbox_delivery;
DROP FUNCTION outbox_wake();
CREATE FUNCTION outbox_wake_recipients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('xuncha_outbox', recipient.user_id::text)
       FROM (SELECT DISTINCT user_id FROM delivered) AS recipient;
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_delivery_wake AFTER INSERT ON outbox_delivery
    REFERENCING NEW TABLE AS delivered FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_recipients();

-- 被巡察单位的主要负责人（红色逾期提醒的收件人）。
ALTER TABLE app_user ADD COLUMN unit_head boolean NOT NULL DEFAULT false;

-- 附件也可是整改任务的证据：二者必居其一。
ALTER TABLE attachment ALTER COLUMN record_id DROP NOT NULL;
ALTER TABLE attachment ADD COLUMN task_id bigint REFERENCES rectification_task (id);
ALTER TABLE attachment ADD CONSTRAINT attachment_belongs_once CHECK ((record_id IS NULL) <> (task_id IS NULL));
CREATE INDEX attachment_task ON attachment (task_id) WHERE task_id IS NOT NULL;

INSERT INTO setting (key, value) VALUES
    ('rectification_plan_workdays', '15'),
    ('rectification_report_months', '2'),
    ('reminder_green_days', '20'),
    ('reminder_yellow_days', '10'),
    ('reminder_overdue_repeat_days', '7');
