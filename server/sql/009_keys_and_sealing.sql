-- 009_keys_and_sealing: 用户密钥与用户分开（签发、列出、吊销，丢失的密钥可以更换而人的记录不变）；
-- 信访人身份加密保存（密封给巡察办持有的身份密钥，数据库转储本身看不出谁信访）。
--
-- Keys. Until now app_user.public_key was the person: a lost laptop meant a new user and
-- a history cut in two. A user now holds keys in user_key — issued (when, by whom),
-- revoked (when, by whom, why) — and a key is admitted only while it is unrevoked and its
-- user is not (app_user.revoked_at, the account). key_user() is that one rule, used by the
-- ZAP handlers, the dispatcher's principal lookup, the notifier and the key watch that
-- closes a revoked key's open connections. A revocation NOTIFYs xuncha_key_revoked with
-- the key, at commit. A public key is registered once: revoked, it is never admitted again.
--
-- Identities. petitioner_identity keeps the identity sealed (libsodium crypto_box_seal)
-- to the identity key of the 巡察办, whose secret half lives in a file outside the
-- database (xunchad's identity_key): `sealed` holds the sealed PetitionerIdentity message
-- (proto/xuncha.proto), `sealed_to` the public key it was sealed to. The plaintext
-- columns stay only for the rows recorded before this migration, which the migration
-- cannot seal (it does not know the key): xunchad seals them at its next start, with its
-- identity key, and refuses to start without one while any is left. The constraint
-- petitioner_identity_sealed holds every new or changed row to "sealed, no plaintext";
-- it is NOT VALID while old plaintext rows remain, and validated once none does, which
-- is how xunchad knows, from the catalogue alone, that there is nothing left to seal.

-- ---------------------------------------------------------------- keys

CREATE TABLE user_key (
    id             bigserial PRIMARY KEY,
    user_id        bigint NOT NULL REFERENCES app_user (id),
    public_key     text NOT NULL CONSTRAINT user_key_unique UNIQUE,
    issued_at      timestamptz NOT NULL DEFAULT now(),
    issued_by      bigint REFERENCES app_user (id),      -- NULL: bootstrap-office, or carried over
    revoked_at     timestamptz,
    revoked_by     bigint REFERENCES app_user (id),
    revoke_reason  text,
    CONSTRAINT user_key_revocation_check CHECK (revoked_at IS NOT NULL OR (revoked_by IS NULL AND revoke_reason IS NULL))
);
CREATE INDEX user_key_of_user ON user_key (user_id);
COMMENT ON TABLE user_key IS '用户密钥：CURVE 公钥即连接上的身份；签发、吊销（何时、何人、理由），吊销后不再接纳';

-- Every key registered so far becomes its user's first key.
INSERT INTO user_key (user_id, public_key, issued_at) SELECT id, public_key, created_at FROM app_user ORDER BY id;
ALTER TABLE app_user DROP COLUMN public_key;
COMMENT ON TABLE app_user IS '用户：角色为 巡察办/组长/组员/纪委监委/组织部/被巡察单位/只读；其密钥见 user_key；revoked_at 为停用账号';

-- The user a key is admitted as: an unrevoked key of an active user; NULL otherwise.
CREATE FUNCTION key_user(key text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT k.user_id FROM user_key k JOIN app_user u ON u.id = k.user_id
     WHERE k.public_key = key AND k.revoked_at IS NULL AND u.revoked_at IS NULL
$$;

-- A revoked key stays revoked: its revocation is neither undone nor rewritten.
CREATE FUNCTION user_key_keep_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION '密钥 #% 已于 % 吊销，吊销不能撤销或改写', OLD.id, OLD.revoked_at
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER user_key_revocation_kept BEFORE UPDATE ON user_key
    FOR EACH ROW EXECUTE FUNCTION user_key_keep_revocation();

-- The server adds keys and revokes them; it changes nothing else of a key.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xuncha_app') THEN
        REVOKE UPDATE ON user_key FROM xuncha_app;
        GRANT SELECT, INSERT ON user_key TO xuncha_app;
        GRANT UPDATE (revoked_at, revoked_by, revoke_reason) ON user_key TO xuncha_app;
        GRANT USAGE, SELECT ON SEQUENCE user_key_id_seq TO xuncha_app;
    END IF;
END $$;

-- ---------------------------------------------------------------- sealed identities

ALTER TABLE petitioner_identity
    ALTER COLUMN name DROP NOT NULL, ALTER COLUMN name DROP DEFAULT,
    ALTER COLUMN contact DROP NOT NULL, ALTER COLUMN contact DROP DEFAULT,
    ALTER COLUMN id_number DROP NOT NULL, ALTER COLUMN id_number DROP DEFAULT,
    ALTER COLUMN address DROP NOT NULL, ALTER COLUMN address DROP DEFAULT,
    ADD COLUMN sealed bytea,
    ADD COLUMN sealed_to text;
COMMENT ON COLUMN petitioner_identity.sealed IS '信访人身份（PetitionerIdentity），以 crypto_box_seal 密封给巡察办的身份公钥';
COMMENT ON COLUMN petitioner_identity.sealed_to IS '密封所用的身份公钥（Z85）';
COMMENT ON COLUMN petitioner_identity.name IS '仅升级前录入、尚未加密的行：xunchad 启动时加密后清空';

ALTER TABLE petitioner_identity ADD CONSTRAINT petitioner_identity_sealed
    CHECK (sealed IS NOT NULL AND sealed_to IS NOT NULL
           AND name IS NULL AND contact IS NULL AND id_number IS NULL AND address IS NULL) NOT VALID;
DO $$
BEGIN
    ALTER TABLE petitioner_identity VALIDATE CONSTRAINT petitioner_identity_sealed;
EXCEPTION WHEN check_violation THEN
    RAISE NOTICE '信访人身份仍有明文（升级前录入）：xunchad 下次启动时用 identity_key 加密';
END $$;
