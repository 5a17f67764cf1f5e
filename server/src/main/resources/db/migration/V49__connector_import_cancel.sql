-- A CSV import can be cancelled by its connector's administrator (a wrong file, the wrong connector, an import that
-- would take the pipeline for too long): the job ends CANCELLED, its file goes at once, the reads it delivered before
-- stay (they are passages under their retention, each in the counts of the job). Posting the same file again starts it
-- over: the lines delivered before count as duplicates.
alter table connector_import drop constraint connector_import_state_check;
alter table connector_import add constraint connector_import_state_check
    check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED'));
alter table connector_import add column cancelled_by text;
