-- Who looked up what, on which legal basis and for which case: one row per auditable act, hash-chained so that an
-- edited, removed or reordered row is found by `anpr audit verify`. hash = SHA-256 over the row's fields and
-- prev_hash (see org.openanpr.audit.AuditEntry); the first row's prev_hash is 32 zero bytes.
-- Appends choose seq themselves (last seq + 1, under an advisory lock) rather than take the identity's next value:
-- a sequence value used by a rolled-back append would leave a gap that reads as a removed record.
create table audit_log (
    seq           bigint generated always as identity primary key,
    at            timestamptz not null,
    actor         text not null,
    organisation  text,
    action        text not null,
    target        text,
    legal_basis   text,
    case_number   text,
    purpose       text,
    result_count  int,
    details       jsonb,
    prev_hash     bytea not null check (length(prev_hash) = 32),
    hash          bytea not null check (length(hash) = 32)
);

create index audit_log_actor on audit_log (actor, seq);
create index audit_log_at on audit_log (at);

-- Append-only: the application never updates or deletes a record. Someone who disables these triggers (or edits
-- the files) can still change rows, which the hash chain then shows.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_log_no_update_delete before update or delete on audit_log
    for each row execute function audit_log_append_only();

create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();
