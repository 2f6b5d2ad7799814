-- crisis team mode, schema version 1: one row per event, keyed by (session, seq).
-- `line` is the event exactly as the file store writes it (export is byte-identical);
-- the other columns repeat what queries need. `db_role` is the database role that
-- wrote the row (session_user), beside the operator name inside the event.
CREATE TABLE crisis_events (
  session text NOT NULL,
  seq integer NOT NULL CHECK (seq > 0),
  line text NOT NULL,
  type text NOT NULL,
  actor text NOT NULL,
  step text,
  prev text NOT NULL,
  hash text NOT NULL,
  db_role text NOT NULL DEFAULT session_user,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session, seq)
);

-- Every joined screen LISTENs on its session's channel; the notice is sent at commit.
CREATE FUNCTION crisis_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('crisis_' || left(encode(sha256(convert_to(NEW.session, 'UTF8')), 'hex'), 32), NEW.seq::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER crisis_events_notify AFTER INSERT ON crisis_events FOR EACH ROW EXECUTE FUNCTION crisis_notify();
