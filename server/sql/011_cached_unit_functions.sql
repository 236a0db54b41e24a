-- 011: the org tree's path and ancestors kept on each unit. unit_path and
-- unit_ancestors walked the tree with a recursive query at every call, and as LANGUAGE
-- sql functions that cannot be inlined they were planned afresh each time: every field
-- record read calls unit_path twice and every write to a unit calls unit_ancestors, and
-- this was most of a sync batch entry's time. A unit's path and ancestors depend only
-- on its name and its parent's: a trigger works them out when a unit is made, renamed
-- or moved (and passes a change down to its descendants), and the two functions read
-- them. Same results as before, for every unit, a missing one and NULL.

ALTER TABLE org_unit ADD COLUMN path text, ADD COLUMN ancestors bigint[];

CREATE FUNCTION org_unit_place() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent_path text;
    parent_ancestors bigint[];
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.path := NEW.name;
        NEW.ancestors := ARRAY[NEW.id];
    ELSE
        -- FOR SHARE: a rename or move of the parent running now is waited for
        SELECT p.path, p.ancestors INTO parent_path, parent_ancestors FROM org_unit p WHERE p.id = NEW.parent_id
           FOR SHARE;
        NEW.path := parent_path || '/' || NEW.name;
        NEW.ancestors := NEW.id || parent_ancestors;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER org_unit_place BEFORE INSERT OR UPDATE OF name, parent_id ON org_unit
    FOR EACH ROW EXECUTE FUNCTION org_unit_place();

-- a renamed or moved unit: its children work theirs out again (and theirs, down the tree)
CREATE FUNCTION org_unit_place_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.path IS DISTINCT FROM OLD.path THEN
        UPDATE org_unit SET name = name WHERE parent_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER org_unit_place_children AFTER UPDATE OF name, parent_id ON org_unit
    FOR EACH ROW EXECUTE FUNCTION org_unit_place_children();

-- the units there are, top down
DO $$
BEGIN
    UPDATE org_unit SET path = name, ancestors = ARRAY[id] WHERE parent_id IS NULL;
    LOOP
        UPDATE org_unit c SET path = p.path || '/' || c.name, ancestors = c.id || p.ancestors
          FROM org_unit p WHERE p.id = c.parent_id AND c.path IS NULL AND p.path IS NOT NULL;
        EXIT WHEN NOT FOUND;
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION unit_ancestors(unit bigint) RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN coalesce((SELECT o.ancestors FROM org_unit o WHERE o.id = unit), '{}');
END
$$;

-- 区委/某镇/某村
CREATE OR REPLACE FUNCTION unit_path(unit bigint) RETURNS text LANGUAGE plpgsql STABLE STRICT AS $$
BEGIN
    RETURN (SELECT o.path FROM org_unit o WHERE o.id = unit);
END
$$;
