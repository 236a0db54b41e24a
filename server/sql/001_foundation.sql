-- 001_foundation: 组织单位、用户、巡察人才库、巡察轮次、巡察组，以及幂等应答与变更记录。
-- Enum columns hold the values of the enums in proto/xuncha.proto.

CREATE TABLE org_unit (
    id          bigserial PRIMARY KEY,
    parent_id   bigint REFERENCES org_unit (id),
    name        text NOT NULL,
    kind        smallint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT org_unit_name_unique UNIQUE NULLS NOT DISTINCT (parent_id, name)
);
COMMENT ON TABLE org_unit IS '组织单位：区/县 → 乡镇/街道 → 村/社区，以及部门、企事业单位';

CREATE TABLE app_user (
    id            bigserial PRIMARY KEY,
    public_key    text NOT NULL CONSTRAINT app_user_key_unique UNIQUE,
    display_name  text NOT NULL,
    role          smallint NOT NULL,
    org_unit_id   bigint REFERENCES org_unit (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);
COMMENT ON TABLE app_user IS '用户：CURVE 公钥即身份；角色为 巡察办/组长/组员/纪委监委/组织部/被巡察单位/只读';

CREATE TABLE inspector (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL,
    home_unit_id  bigint NOT NULL REFERENCES org_unit (id),
    user_id       bigint CONSTRAINT inspector_user_unique UNIQUE REFERENCES app_user (id),
    specialties   text[] NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE inspector IS '巡察人才库：检查人员、所在单位、专长';

CREATE TABLE inspector_relation (
    inspector_id  bigint NOT NULL REFERENCES inspector (id),
    unit_id       bigint NOT NULL REFERENCES org_unit (id),
    relation      text NOT NULL,
    CONSTRAINT inspector_relation_unique PRIMARY KEY (inspector_id, unit_id)
);
COMMENT ON TABLE inspector_relation IS '申报的关系（回避依据）：如配偶、亲属在该单位任职';

CREATE TABLE round (
    id             bigserial PRIMARY KEY,
    committee      text NOT NULL,
    number         integer NOT NULL,
    type           smallint NOT NULL,
    start_date     date NOT NULL,
    end_date       date NOT NULL,
    midpoint_date  date,
    phase          smallint NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT round_number_unique UNIQUE (committee, number),
    CONSTRAINT round_dates_check CHECK (end_date >= start_date),
    CONSTRAINT round_midpoint_check CHECK (midpoint_date IS NULL OR midpoint_date BETWEEN start_date AND end_date)
);
COMMENT ON TABLE round IS '巡察轮次：x届区委第x轮巡察；阶段 准备→进驻→了解→报告→反馈→移交→整改→归档';

CREATE TABLE round_batch (
    round_id    bigint NOT NULL REFERENCES round (id),
    number      integer NOT NULL,
    start_date  date NOT NULL,
    end_date    date NOT NULL,
    CONSTRAINT round_batch_unique PRIMARY KEY (round_id, number),
    CONSTRAINT round_batch_dates_check CHECK (end_date >= start_date)
);
COMMENT ON TABLE round_batch IS '批次：第一批、第二批';

CREATE TABLE round_phase_change (
    id          bigserial PRIMARY KEY,
    round_id    bigint NOT NULL REFERENCES round (id),
    from_phase  smallint NOT NULL,
    to_phase    smallint NOT NULL,
    changed_by  bigint NOT NULL REFERENCES app_user (id),
    changed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inspection_group (
    id        bigserial PRIMARY KEY,
    round_id  bigint NOT NULL REFERENCES round (id),
    number    integer NOT NULL,
    name      text NOT NULL,
    CONSTRAINT group_number_unique UNIQUE (round_id, number)
);
COMMENT ON TABLE inspection_group IS '巡察组';

CREATE TABLE group_member (
    group_id      bigint NOT NULL REFERENCES inspection_group (id),
    round_id      bigint NOT NULL REFERENCES round (id),
    inspector_id  bigint NOT NULL REFERENCES inspector (id),
    position      smallint NOT NULL,
    CONSTRAINT group_member_unique PRIMARY KEY (group_id, inspector_id),
    CONSTRAINT group_member_round_unique UNIQUE (round_id, inspector_id)
);
CREATE UNIQUE INDEX group_leader_unique ON group_member (group_id) WHERE position = 1;
COMMENT ON TABLE group_member IS '巡察组成员：组长/副组长/组员；每轮每人只在一个组';

CREATE TABLE group_unit (
    group_id      bigint NOT NULL REFERENCES inspection_group (id),
    round_id      bigint NOT NULL REFERENCES round (id),
    unit_id       bigint NOT NULL REFERENCES org_unit (id),
    batch_number  integer,
    CONSTRAINT group_unit_round_unique PRIMARY KEY (round_id, unit_id),
    FOREIGN KEY (round_id, batch_number) REFERENCES round_batch (round_id, number)
);
COMMENT ON TABLE group_unit IS '被巡察单位分配：每轮每个单位由一个巡察组巡察';

CREATE TABLE request_reply (
    principal_key  text NOT NULL,
    request_id     uuid NOT NULL,
    request_hash   bytea NOT NULL,
    reply          bytea,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (principal_key, request_id)
);
COMMENT ON TABLE request_reply IS '幂等：每个改变数据的请求的应答，按（公钥，请求编号）保存，重试时原样返回';

CREATE TABLE change_log (
    id           bigserial PRIMARY KEY,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    user_id      bigint NOT NULL REFERENCES app_user (id),
    request_id   uuid NOT NULL,
    action       text NOT NULL,
    record_type  text NOT NULL,
    record_id    bigint
);
COMMENT ON TABLE change_log IS '变更记录：谁、何时、以哪个请求改变了哪条记录';

-- The unit, its parent, …, the root: the chain the 回避 rule reads.
CREATE FUNCTION unit_ancestors(unit bigint) RETURNS bigint[] LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up (id, parent_id, depth) AS (
        SELECT id, parent_id, 0 FROM org_unit WHERE id = unit
        UNION ALL
        SELECT o.id, o.parent_id, up.depth + 1 FROM org_unit o JOIN up ON o.id = up.parent_id)
    SELECT coalesce(array_agg(id ORDER BY depth), '{}') FROM up
$$;

-- 区委/某镇/某村
CREATE FUNCTION unit_path(unit bigint) RETURNS text LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up (id, parent_id, name, depth) AS (
        SELECT id, parent_id, name, 0 FROM org_unit WHERE id = unit
        UNION ALL
        SELECT o.id, o.parent_id, o.name, up.depth + 1 FROM org_unit o JOIN up ON o.id = up.parent_id)
    SELECT string_agg(name, '/' ORDER BY depth DESC) FROM up
$$;
