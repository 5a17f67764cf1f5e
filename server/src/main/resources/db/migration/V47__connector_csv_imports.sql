-- A connector's CSV import of historical reads as a job (issue 14): the file is kept until the job has read it to the
-- end, delivered in chunks of 1,000 lines through the connector's delivery path, its progress committed after each
-- chunk. A job nobody moved on for two minutes (a crash, a restart) is taken up again from next_line.
-- No foreign keys: a connector's jobs are deleted with it by the route that deletes it.
create table connector_import (
    id            bigserial primary key,
    connector_id  text not null,
    organisation  text not null,
    -- The file's SHA-256 (hex): the same file posted again to the same connector is this job, not a second import.
    sha256        text not null,
    file_name     text,
    size          bigint not null,
    -- The file's data lines (not the header, not blank lines), counted when it was posted.
    lines         integer not null,
    -- The file until the job is done; then dropped (its reads are passages now, under their retention).
    content       bytea,
    state         text not null check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    -- The file's line (1 = the header) the next chunk starts at.
    next_line     integer not null default 2,
    lines_read    integer not null default 0,
    accepted      integer not null default 0,
    duplicates    integer not null default 0,
    held          integer not null default 0,
    refused       integer not null default 0,
    -- Who runs the job now (a new id at every take-up): progress is written only by its holder.
    runner        uuid,
    attempts      integer not null default 0,
    error         text,
    created_by    text not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    finished_at   timestamptz,
    unique (connector_id, sha256)
);
create index connector_import_unfinished on connector_import (updated_at) where state in ('QUEUED', 'RUNNING');

-- The first 1,000 refused lines of a job: the line's number and why (never the line itself).
create table connector_import_refusal (
    import_id  bigint not null,
    line       integer not null,
    reason     text not null,
    primary key (import_id, line)
);
