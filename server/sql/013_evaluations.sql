-- 013_evaluations: 巡察结束后的两种评估 — 被巡察单位对巡察组的作风纪律后评估（“谁来监督巡察组”），
-- 巡察办对每名检查人员的工作鉴定（决定其是否留在巡察人才库）；以及统计分析所读的问题线索概况。
--
-- Both evaluations are records: written once, never changed (xuncha_app has no UPDATE on
-- them), one per rater and subject. A 被巡察单位 user rates a 巡察组 once, after the
-- feedback (the round in 反馈, 移交 or 整改); a second rating by the same user is
-- refused, naming the first. The 巡察办 appraises an inspector once per round, in 整改;
-- an appraisal that says exclude_from_pool marks the inspector (inspector.excluded_from_pool
-- points at it), and the server then refuses to draw him into a group again. The mark is
-- not cleared or moved by a later appraisal: the trigger below keeps the first one.
--
-- Row-level security, as 008_least_privilege.sql does for the sensitive tables: a unit's
-- rating of the group that inspected it is seen by the 巡察办 and the 只读 readers and by
-- the user who gave it — never by the group rated; an appraisal by the 巡察办 and the
-- 只读 readers. Each is added only in the name of the user the server names for the
-- transaction.

CREATE TABLE conduct_rating (
    id          bigserial PRIMARY KEY,
    round_id    bigint NOT NULL REFERENCES round (id),
    group_id    bigint NOT NULL REFERENCES inspection_group (id),
    unit_id     bigint NOT NULL REFERENCES org_unit (id),      -- the rating unit (the user's)
    rated_by    bigint NOT NULL REFERENCES app_user (id),
    score       smallint NOT NULL CONSTRAINT conduct_rating_score_range CHECK (score BETWEEN 1 AND 5),
    comment     text NOT NULL DEFAULT '',
    rated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conduct_rating_once UNIQUE (group_id, rated_by)
);
CREATE INDEX conduct_rating_by_round ON conduct_rating (round_id, group_id);
COMMENT ON TABLE conduct_rating IS '作风纪律后评估：被巡察单位在反馈后对巡察组作风纪律的评价（1–5 分、意见）；每个用户对每个巡察组一次';

CREATE TABLE inspector_appraisal (
    id                 bigserial PRIMARY KEY,
    round_id           bigint NOT NULL REFERENCES round (id),
    inspector_id       bigint NOT NULL REFERENCES inspector (id),
    grade              smallint NOT NULL CONSTRAINT inspector_appraisal_grade_range CHECK (grade BETWEEN 1 AND 4),
    comment            text NOT NULL DEFAULT '',
    exclude_from_pool  boolean NOT NULL DEFAULT false,
    appraised_by       bigint NOT NULL REFERENCES app_user (id),
    appraised_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT inspector_appraisal_once UNIQUE (round_id, inspector_id)
);
CREATE INDEX inspector_appraisal_of_inspector ON inspector_appraisal (inspector_id);
COMMENT ON TABLE inspector_appraisal IS '工作鉴定：巡察办对本轮检查人员的鉴定（优秀/称职/基本称职/不称职、评语、是否不再抽调）；每轮每人一次';

-- 不再抽调: the appraisal that took the inspector out of the pool (NULL: in the pool).
ALTER TABLE inspector ADD COLUMN excluded_from_pool bigint REFERENCES inspector_appraisal (id);
COMMENT ON COLUMN inspector.excluded_from_pool IS '经哪一次工作鉴定不再抽调（NULL：在库可抽调）';

-- The first exclusion stays: it is neither cleared nor pointed at another appraisal.
CREATE FUNCTION inspector_keep_exclusion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.excluded_from_pool IS NOT NULL AND NEW.excluded_from_pool IS DISTINCT FROM OLD.excluded_from_pool THEN
        RAISE EXCEPTION '检查人员 #% 已经工作鉴定 #% 不再抽调，不能撤销或改写', OLD.id, OLD.excluded_from_pool
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER inspector_exclusion_kept BEFORE UPDATE OF excluded_from_pool ON inspector
    FOR EACH ROW EXECUTE FUNCTION inspector_keep_exclusion();

-- ---------------------------------------------------------------- row-level security

ALTER TABLE conduct_rating ENABLE ROW LEVEL SECURITY;
ALTER TABLE conduct_rating FORCE ROW LEVEL SECURITY;
CREATE POLICY conduct_rating_of_scope ON conduct_rating
    USING ((SELECT xuncha_role()) IN (1, 7) OR rated_by = (SELECT xuncha_user_id()));
CREATE POLICY conduct_rating_by_the_unit ON conduct_rating AS RESTRICTIVE FOR INSERT
    WITH CHECK ((SELECT xuncha_role()) = 6 AND rated_by = (SELECT xuncha_user_id())
                AND unit_id = (SELECT xuncha_org_unit()));

ALTER TABLE inspector_appraisal ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspector_appraisal FORCE ROW LEVEL SECURITY;
CREATE POLICY inspector_appraisal_of_scope ON inspector_appraisal
    USING ((SELECT xuncha_role()) IN (1, 7));
CREATE POLICY inspector_appraisal_by_the_office ON inspector_appraisal AS RESTRICTIVE FOR INSERT
    WITH CHECK ((SELECT xuncha_role()) = 1 AND appraised_by = (SELECT xuncha_user_id()));

-- Records: added, read, never changed or removed by the server.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xuncha_app') THEN
        REVOKE ALL ON conduct_rating, inspector_appraisal FROM xuncha_app;
        GRANT SELECT, INSERT ON conduct_rating, inspector_appraisal TO xuncha_app;
        GRANT USAGE, SELECT ON SEQUENCE conduct_rating_id_seq, inspector_appraisal_id_seq TO xuncha_app;
    END IF;
END $$;

-- ---------------------------------------------------------------- figures for 统计分析

-- The clues of the given rounds (NULL: every round) as figures: transfer, disposal,
-- whether a result came back — no person, no conduct. The 只读 readers, who see no clue
-- row, get their statistics from it (as clue_figures in 008_least_privilege.sql).
CREATE FUNCTION clue_statistics(of_rounds bigint[])
    RETURNS TABLE (id bigint, round_id bigint, group_id bigint, transferred boolean, disposal smallint,
                   has_result boolean)
    LANGUAGE sql STABLE SET xuncha.scope = 'outline' AS $$
    SELECT c.id, c.round_id, c.group_id, c.batch_id IS NOT NULL, c.disposal, c.result_at IS NOT NULL FROM clue c
     WHERE of_rounds IS NULL OR c.round_id = ANY (of_rounds)
$$;
