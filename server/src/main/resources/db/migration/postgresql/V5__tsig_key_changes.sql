-- Every change to a TSIG key, and to the bound domain of an account that has one, is announced on the
-- channel acme_delegate_tsig_keys with the account's username (delivered at commit), so every node of a
-- cluster re-reads that key at once. Triggers, so that a key deleted with its account is announced too.
CREATE FUNCTION acme_delegate_tsig_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('acme_delegate_tsig_keys', OLD.username);
    ELSE
        PERFORM pg_notify('acme_delegate_tsig_keys', NEW.username);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tsig_keys_changed AFTER INSERT OR UPDATE OR DELETE ON tsig_keys
    FOR EACH ROW EXECUTE FUNCTION acme_delegate_tsig_key_changed();

-- Signed queries find the apex at _acme-challenge.<domain> of the key holder's bound domain.
CREATE TRIGGER tsig_key_holder_domain_changed AFTER UPDATE OF domain ON accounts
    FOR EACH ROW
    WHEN (OLD.domain IS DISTINCT FROM NEW.domain)
    EXECUTE FUNCTION acme_delegate_tsig_key_changed();
