-- 011: the org tree's two helpers in PL/pgSQL. As LANGUAGE sql functions that cannot
-- be inlined (a recursive query), unit_path and unit_ancestors were planned afresh at
-- every call; every field record read calls unit_path twice, every write to a unit
-- calls unit_ancestors, and the planning was most of a sync batch entry's time. In
-- PL/pgSQL the plan of their query is kept for the session, and unit_path is STRICT: NULL for
-- NULL (a record without a concerned unit) without running it. Same results.

CREATE OR REPLACE FUNCTION unit_ancestors(unit bigint) RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (WITH RECURSIVE up (id, parent_id, depth) AS (
                SELECT o.id, o.parent_id, 0 FROM org_unit o WHERE o.id = unit
                UNION ALL
                SELECT o.id, o.parent_id, up.depth + 1 FROM org_unit o JOIN up ON o.id = up.parent_id)
            SELECT coalesce(array_agg(up.id ORDER BY up.depth), '{}') FROM up);
END
$$;

-- 区委/某镇/某村
CREATE OR REPLACE FUNCTION unit_path(unit bigint) RETURNS text LANGUAGE plpgsql STABLE STRICT AS $$
BEGIN
    RETURN (WITH RECURSIVE up (id, parent_id, name, depth) AS (
                SELECT o.id, o.parent_id, o.name, 0 FROM org_unit o WHERE o.id = unit
                UNION ALL
                SELECT o.id, o.parent_id, o.name, up.depth + 1 FROM org_unit o JOIN up ON o.id = up.parent_id)
            SELECT string_agg(up.name, '/' ORDER BY up.depth DESC) FROM up);
END
$$;
