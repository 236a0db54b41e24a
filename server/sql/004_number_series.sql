-- 004_number_series: 编号计数按“编号系列”计：同一委员会前缀、年度、组号共用一个系列。
-- 同年的两轮巡察都有“第1组”，其底稿编号 [2026]区巡-1组-NN号 必须接续而不能重复，
-- 所以计数不能按巡察组的内部编号（每轮不同）来记。
CREATE TABLE number_series (
    series  text PRIMARY KEY,        -- e.g. 底稿:区巡:2026:1, 移交批次:区巡:2026:1
    last    integer NOT NULL
);
COMMENT ON TABLE number_series IS '编号系列计数：在编号事务内加一，事务回滚则不留空号';

-- carry over what the per-group counters have already handed out
INSERT INTO number_series (series, last)
SELECT '底稿:' || coalesce(substring(r.committee FROM '(.)委[^委]*$'), '') || '巡:' || c.year || ':' || g.number, max(c.last)
  FROM paper_number_counter c JOIN inspection_group g ON g.id = c.group_id JOIN round r ON r.id = g.round_id
 GROUP BY 1;
INSERT INTO number_series (series, last)
SELECT '移交批次:' || coalesce(substring(r.committee FROM '(.)委[^委]*$'), '') || '巡:' || c.year || ':' || g.number, max(c.last)
  FROM clue_batch_counter c JOIN inspection_group g ON g.id = c.group_id JOIN round r ON r.id = g.round_id
 GROUP BY 1;
DROP TABLE paper_number_counter;
DROP TABLE clue_batch_counter;
