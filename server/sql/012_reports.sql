-- 012_reports: 巡察报告、个别谈话情况报告、专题报告 — 巡察组起草文字部分，生成部分取自本组已签批并
-- 纳入报告的问题底稿（按问题分类）与现场记录；组长审定后报巡察办审定，审定与退回均留记录。
--
-- A report belongs to one 巡察组 and one 被巡察单位 (kind ReportKind, part ReportPart, and
-- for a 专题报告 its problem category); there is one of each per (group, unit, kind, part,
-- category). Its narrative sections (基本情况, 主要成效, 意见建议 …) are rows of report_section,
-- written by the group while the report is 起草. Its generated parts — the cited 底稿 by
-- category, the counts of field records, the talks per interviewee — are not stored while
-- it is 起草: they are read from their sources every time (server/lib/h_reports.c), so they
-- always follow the papers. The 组长's 审定 freezes them: the generated parts are packed
-- (a Report message holding only those fields) into `snapshot`, with the cited papers'
-- ids and numbers, and from then on the report shows the snapshot, whatever happens to the
-- papers; the 巡察办's 审定 makes it final. A 退回 (with its reason) puts it back to 起草,
-- where the snapshot is dropped and the parts are live again.
--
-- state: ReportState — 1 起草, 2 组长已审定, 3 巡察办已审定.
-- Row security as for clues (008_least_privilege.sql): the 巡察办 and the 只读 readers see
-- every report, 组长 and 组员 the reports of their own groups; sections and events go
-- with their report. Events are written once and never changed.

CREATE TABLE report (
    id                   bigserial PRIMARY KEY,
    round_id             bigint NOT NULL REFERENCES round (id),
    group_id             bigint NOT NULL REFERENCES inspection_group (id),
    unit_id              bigint NOT NULL REFERENCES org_unit (id),
    kind                 smallint NOT NULL,                  -- ReportKind
    part                 smallint NOT NULL DEFAULT 1,        -- ReportPart
    category_id          bigint REFERENCES problem_category (id),   -- 专题报告 only
    state                smallint NOT NULL DEFAULT 1,        -- ReportState
    title                text NOT NULL,
    -- the generated parts as frozen at 组长审定 (a packed Report); NULL while 起草 (live)
    snapshot             bytea,
    cited_paper_ids      bigint[] NOT NULL DEFAULT '{}',
    cited_numbers        text[] NOT NULL DEFAULT '{}',
    generated_at         timestamptz,
    created_by           bigint NOT NULL REFERENCES app_user (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    leader_approved_by   bigint REFERENCES app_user (id),
    leader_approved_at   timestamptz,
    office_approved_by   bigint REFERENCES app_user (id),
    office_approved_at   timestamptz,
    returned_by          bigint REFERENCES app_user (id),
    returned_at          timestamptz,
    returned_reason      text NOT NULL DEFAULT '',
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT report_unique UNIQUE NULLS NOT DISTINCT (group_id, unit_id, kind, part, category_id),
    CONSTRAINT report_kind_range CHECK (kind BETWEEN 1 AND 3),
    CONSTRAINT report_part_range CHECK (part BETWEEN 1 AND 3),
    CONSTRAINT report_state_range CHECK (state BETWEEN 1 AND 3),
    CONSTRAINT report_thematic_category CHECK ((kind = 3) = (category_id IS NOT NULL)),
    CONSTRAINT report_frozen_snapshot CHECK ((state = 1) = (snapshot IS NULL)),
    CONSTRAINT report_leader_approval CHECK (state = 1 OR leader_approved_at IS NOT NULL),
    CONSTRAINT report_office_approval CHECK ((state = 3) = (office_approved_at IS NOT NULL))
);
CREATE INDEX report_by_round ON report (round_id, group_id);
COMMENT ON TABLE report IS '巡察报告、个别谈话情况报告、专题报告：起草→组长审定（生成部分冻结）→巡察办审定；退回须说明理由';

-- 文字部分：每份报告每个部分一行（部分的键由报告类型规定，见 h_reports.c）。
CREATE TABLE report_section (
    report_id   bigint NOT NULL REFERENCES report (id),
    key         text NOT NULL,
    text        text NOT NULL,
    written_by  bigint NOT NULL REFERENCES app_user (id),
    written_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (report_id, key)
);
COMMENT ON TABLE report_section IS '报告的文字部分（基本情况、主要成效、意见建议等），巡察组在起草时撰写';

-- 报告的经过：生成（action 0）、修改文字（4）、组长审定（1）、巡察办审定（2）、退回（3，理由）；
-- 每步记下当时所引底稿的编号。
CREATE TABLE report_event (
    id             bigserial PRIMARY KEY,
    report_id      bigint NOT NULL REFERENCES report (id),
    action         smallint NOT NULL,     -- ReportAction; 0 built or rebuilt, 4 a section written
    by_user        bigint NOT NULL REFERENCES app_user (id),
    at             timestamptz NOT NULL DEFAULT now(),
    reason         text NOT NULL DEFAULT '',
    cited_numbers  text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX report_event_by_report ON report_event (report_id, id);
COMMENT ON TABLE report_event IS '报告流转记录：谁在何时生成、修改、审定、退回（理由），及当时所引底稿编号';

ALTER TABLE report ENABLE ROW LEVEL SECURITY;
ALTER TABLE report FORCE ROW LEVEL SECURITY;
CREATE POLICY report_of_scope ON report
    USING ((SELECT xuncha_role()) IN (1, 7) OR group_id IN (SELECT unnest (xuncha_groups())));

ALTER TABLE report_section ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_section FORCE ROW LEVEL SECURITY;
CREATE POLICY report_section_of_scope ON report_section
    USING (EXISTS (SELECT 1 FROM report r WHERE r.id = report_id));

ALTER TABLE report_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_event FORCE ROW LEVEL SECURITY;
CREATE POLICY report_event_of_scope ON report_event
    USING (EXISTS (SELECT 1 FROM report r WHERE r.id = report_id));

-- Which group a report belongs to, for any caller: the server refuses a report of another
-- group as such (FORBIDDEN, naming the group) rather than report it missing. No contents.
CREATE POLICY report_read_outline ON report FOR SELECT
    USING ((SELECT xuncha_scope()) = 'outline');
CREATE FUNCTION report_whereabouts(the_report bigint) RETURNS TABLE (group_id bigint)
    LANGUAGE sql STABLE SET xuncha.scope = 'outline' AS $$
    SELECT r.group_id FROM report r WHERE r.id = the_report
$$;

-- The server adds reports, sections and events; it rewrites a report's state, snapshot and
-- approvals and a section's text; an event is never changed; nothing is deleted.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xuncha_app') THEN
        REVOKE ALL ON report, report_section, report_event FROM xuncha_app;
        GRANT SELECT, INSERT ON report, report_section, report_event TO xuncha_app;
        GRANT UPDATE (state, title, snapshot, cited_paper_ids, cited_numbers, generated_at, leader_approved_by,
                      leader_approved_at, office_approved_by, office_approved_at, returned_by, returned_at,
                      returned_reason, updated_at) ON report TO xuncha_app;
        GRANT UPDATE (text, written_by, written_at) ON report_section TO xuncha_app;
        GRANT USAGE, SELECT ON SEQUENCE report_id_seq, report_event_id_seq TO xuncha_app;
    END IF;
END $$;
