-- 002_field_work: 巡察了解的现场记录（听取汇报、信访、个别谈话、调阅资料、走访）、附件、
-- 问题底稿及其版本与流转、问题分类、抽检，以及信访人身份的查阅记录。

-- 现场记录：每条属于一个轮次、一个巡察组、一个被巡察单位。kind 取 RecordKind。
CREATE TABLE field_record (
    id             bigserial PRIMARY KEY,
    kind           smallint NOT NULL,
    round_id       bigint NOT NULL REFERENCES round (id),
    group_id       bigint NOT NULL REFERENCES inspection_group (id),
    unit_id        bigint NOT NULL REFERENCES org_unit (id),
    occurred_date  date NOT NULL,
    recorded_by    bigint NOT NULL REFERENCES app_user (id),
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    -- 听取汇报
    briefer        text,
    topic          text,
    -- 信访 (the petitioner's identity lives in petitioner_identity)
    channel        smallint,
    received_date  date,
    concerned_persons text[],
    concerned_unit_id bigint REFERENCES org_unit (id),
    petition_status smallint,
    -- 个别谈话
    interviewee_name text,
    interviewee_position text,
    interviewee_unit text,
    talk_time      timestamp,
    place          text,               -- 个别谈话 and 走访
    outline        text,
    confirmed      boolean,
    -- 调阅资料
    materials      text,
    copied         boolean,
    -- 走访
    unannounced    boolean,
    -- the body of the record: notes, petition content, talk record, findings
    body           text NOT NULL DEFAULT ''
);
CREATE INDEX field_record_group ON field_record (group_id, unit_id, kind);
COMMENT ON TABLE field_record IS '现场记录：听取汇报、信访、个别谈话、调阅资料、走访/下沉';

CREATE TABLE talk_inspector (
    record_id     bigint NOT NULL REFERENCES field_record (id),
    inspector_id  bigint NOT NULL REFERENCES inspector (id),
    PRIMARY KEY (record_id, inspector_id)
);
COMMENT ON TABLE talk_inspector IS '个别谈话在场的巡察人员（至少两名）';

CREATE TABLE petitioner_identity (
    record_id  bigint PRIMARY KEY REFERENCES field_record (id),
    name       text NOT NULL DEFAULT '',
    contact    text NOT NULL DEFAULT '',
    id_number  text NOT NULL DEFAULT '',
    address    text NOT NULL DEFAULT ''
);
COMMENT ON TABLE petitioner_identity IS '信访人身份：仅本组组长与巡察办可查阅，每次查阅记入 identity_read';

CREATE TABLE identity_read (
    id          bigserial PRIMARY KEY,
    record_id   bigint NOT NULL REFERENCES field_record (id),
    reader_id   bigint NOT NULL REFERENCES app_user (id),
    read_at     timestamptz NOT NULL DEFAULT now(),
    request_id  uuid NOT NULL
);
COMMENT ON TABLE identity_read IS '信访人身份查阅记录：谁、何时、哪件信访';

CREATE TABLE attachment (
    id           bigserial PRIMARY KEY,
    record_id    bigint NOT NULL REFERENCES field_record (id),
    filename     text NOT NULL,
    media_type   text NOT NULL,
    size         bigint NOT NULL,
    sha256       bytea NOT NULL,
    content      bytea NOT NULL,
    uploaded_by  bigint NOT NULL REFERENCES app_user (id),
    uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachment_record ON attachment (record_id);
COMMENT ON TABLE attachment IS '附件：文件内容、SHA-256、类型、大小；下载时重新校验哈希';

-- 问题分类：可由巡察办编辑；默认为“四个落实”“三个聚焦”。
CREATE TABLE problem_category (
    id         bigserial PRIMARY KEY,
    parent_id  bigint REFERENCES problem_category (id),
    name       text NOT NULL,
    retired    boolean NOT NULL DEFAULT false,
    CONSTRAINT category_name_unique UNIQUE NULLS NOT DISTINCT (parent_id, name)
);
COMMENT ON TABLE problem_category IS '问题分类（可编辑），默认：三个聚焦及其细项';

DO $$
DECLARE
    top bigint;
BEGIN
    INSERT INTO problem_category (name) VALUES ('党的理论路线方针政策和党中央决策部署') RETURNING id INTO top;
    INSERT INTO problem_category (parent_id, name) VALUES
        (top, '学习贯彻'), (top, '履行职能责任'), (top, '党的全面领导');
    INSERT INTO problem_category (name) VALUES ('群众身边腐败问题和不正之风') RETURNING id INTO top;
    INSERT INTO problem_category (parent_id, name) VALUES
        (top, '形式主义、官僚主义'), (top, '担当尽责、为民服务'), (top, '依法廉洁用权、侵害群众利益'),
        (top, '中央八项规定精神'), (top, '资金管理、资产处置、资源配置、资本运作和工程项目');
    INSERT INTO problem_category (name) VALUES ('基层党组织领导班子和干部队伍建设') RETURNING id INTO top;
    INSERT INTO problem_category (parent_id, name) VALUES
        (top, '党组织建设'), (top, '选人用人'), (top, '管党治党政治责任（主体责任）'),
        (top, '管党治党政治责任（监督责任）');
    INSERT INTO problem_category (name) VALUES ('落实巡视、审计、主题教育等发现问题的整改');
END $$;

CREATE FUNCTION category_path(category bigint) RETURNS text LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up (id, parent_id, name, depth) AS (
        SELECT id, parent_id, name, 0 FROM problem_category WHERE id = category
        UNION ALL
        SELECT c.id, c.parent_id, c.name, up.depth + 1 FROM problem_category c JOIN up ON c.id = up.parent_id)
    SELECT string_agg(name, '/' ORDER BY depth DESC) FROM up
$$;

-- 问题底稿：state 取 PaperState；编号在组长签批时按组、年度连续分配。
CREATE TABLE working_paper (
    id                bigserial PRIMARY KEY,
    round_id          bigint NOT NULL REFERENCES round (id),
    group_id          bigint NOT NULL REFERENCES inspection_group (id),
    unit_id           bigint NOT NULL REFERENCES org_unit (id),
    state             smallint NOT NULL DEFAULT 1,
    version           integer NOT NULL DEFAULT 1,
    number            text CONSTRAINT paper_number_unique UNIQUE,
    number_year       integer,
    number_sequence   integer,
    signed_by         bigint REFERENCES app_user (id),
    signed_at         timestamptz,
    decided_by        bigint REFERENCES app_user (id),
    decided_at        timestamptz,
    exclusion_reason  text,
    created_by        bigint NOT NULL REFERENCES app_user (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT paper_sequence_unique UNIQUE (group_id, number_year, number_sequence),
    CONSTRAINT paper_exclusion_reason CHECK (state <> 5 OR coalesce(exclusion_reason, '') <> '')
);
COMMENT ON TABLE working_paper IS '问题底稿：起草→组内审议→组长签批（编号）→纳入报告 / 不纳入报告（须有理由，可倒查）';

-- 底稿的每个版本：签批后的底稿不在原处修改，修改生成新版本，历史保留。
CREATE TABLE working_paper_version (
    paper_id             bigint NOT NULL REFERENCES working_paper (id),
    version              integer NOT NULL,
    title                text NOT NULL,
    facts                text NOT NULL,
    category_id          bigint NOT NULL REFERENCES problem_category (id),
    basis                text NOT NULL,
    responsible_persons  text[] NOT NULL DEFAULT '{}',
    found_by             text NOT NULL DEFAULT '',
    found_date           date,
    written_by           bigint NOT NULL REFERENCES app_user (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    change_note          text NOT NULL DEFAULT '',
    PRIMARY KEY (paper_id, version)
);

CREATE TABLE working_paper_evidence (
    paper_id       bigint NOT NULL,
    version        integer NOT NULL,
    position       integer NOT NULL,
    record_id      bigint REFERENCES field_record (id),
    attachment_id  bigint REFERENCES attachment (id),
    note           text NOT NULL DEFAULT '',
    PRIMARY KEY (paper_id, version, position),
    FOREIGN KEY (paper_id, version) REFERENCES working_paper_version (paper_id, version),
    CONSTRAINT evidence_points_somewhere CHECK (record_id IS NOT NULL OR attachment_id IS NOT NULL)
);

CREATE TABLE working_paper_event (
    id          bigserial PRIMARY KEY,
    paper_id    bigint NOT NULL REFERENCES working_paper (id),
    action      smallint NOT NULL,     -- PaperAction; 0 = drafted or edited
    version     integer NOT NULL,
    by_user     bigint NOT NULL REFERENCES app_user (id),
    at          timestamptz NOT NULL DEFAULT now(),
    reason      text NOT NULL DEFAULT ''
);
COMMENT ON TABLE working_paper_event IS '底稿流转记录：谁在何时做了什么（提交、退回、签批、纳入、不纳入、修订）';

-- 签批编号计数：每组每年一行；在签批的事务内加一，事务回滚则不留空号。
CREATE TABLE paper_number_counter (
    group_id  bigint NOT NULL REFERENCES inspection_group (id),
    year      integer NOT NULL,
    last      integer NOT NULL,
    PRIMARY KEY (group_id, year)
);

-- 抽检：巡察办对本轮已签批底稿随机抽样，逐份记录结果。
CREATE TABLE spot_check (
    id        bigserial PRIMARY KEY,
    round_id  bigint NOT NULL REFERENCES round (id),
    drawn_by  bigint NOT NULL REFERENCES app_user (id),
    drawn_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE spot_check_item (
    spot_check_id  bigint NOT NULL REFERENCES spot_check (id),
    paper_id       bigint NOT NULL REFERENCES working_paper (id),
    result         smallint,
    comment        text NOT NULL DEFAULT '',
    checked_by     bigint REFERENCES app_user (id),
    checked_at     timestamptz,
    PRIMARY KEY (spot_check_id, paper_id)
);
COMMENT ON TABLE spot_check IS '底稿抽检：抽样与逐份结果（合格/基本合格/不合格）';
