-- 015_require.sql — xc_require (OK, WHAT): true when OK, else an error (SQLSTATE XCR01)
-- whose message is WHAT. For a check that must fail its statement, and with it the
-- transaction, from inside the statement itself: the deferred writes' flush
-- (server/lib/deferred_writes.c) checks that every stored reply landed in the row its
-- request claimed, and is sent together with the COMMIT, which then never commits a
-- change without its stored reply.
CREATE FUNCTION xc_require (ok boolean, what text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION USING ERRCODE = 'XCR01', MESSAGE = what;
    END IF;
    RETURN true;
END
$$;
