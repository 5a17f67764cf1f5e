-- Issue 15: cross-border exchange of hits and list entries with an authority abroad (Belgium, Germany, ...), in the
-- JSON document of docs/exchange.schema.json, only under an exchange agreement, audited on both sides.

-- An agreement an organisation has with one authority abroad: what may go which way, on which legal basis, when.
create table exchange_agreement (
    id                bigserial primary key,
    organisation      text not null references organisation (code),
    own_authority     text not null,     -- how this organisation is named in the documents (e.g. NL-POLITIE-LE)
    own_country       text not null,     -- ISO 3166-1 alpha-2
    partner_authority text not null,     -- the authority abroad (e.g. BE-FGP-ANTWERPEN)
    partner_name      text not null,
    partner_country   text not null,
    direction         text not null check (direction in ('SEND', 'RECEIVE', 'BOTH')),
    kinds             text[] not null,   -- HITS, LIST_ENTRIES
    legal_basis       text not null,
    valid_from        timestamptz not null,
    valid_until       timestamptz not null,
    created_by        text not null,
    created_at        timestamptz not null default now(),
    revoked_at        timestamptz,
    revoked_by        text,
    check (valid_until > valid_from),
    check (own_country <> partner_country)
);
create index exchange_agreement_partner on exchange_agreement (organisation, partner_authority);

-- Every document sent or received, with what it held: what went abroad and what came in, and under what.
create table exchange_document (
    id            bigserial primary key,
    document_id   uuid not null,           -- the document's own id, as sent
    organisation  text not null references organisation (code),
    direction     text not null check (direction in ('SENT', 'RECEIVED')),
    agreement_id  bigint not null references exchange_agreement (id),
    kind          text not null check (kind in ('HITS', 'LIST_ENTRIES')),
    sender        text not null,
    recipient     text not null,
    legal_basis   text not null,
    purpose       text not null,
    items         int not null,
    list_id       bigint references reference_list (id) on delete set null,  -- entries: the list sent, or imported into
    content       jsonb not null,
    by_whom       text not null,
    at            timestamptz not null default now(),
    unique (organisation, direction, document_id)
);
create index exchange_document_time on exchange_document (organisation, at);
