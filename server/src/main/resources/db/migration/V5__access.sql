-- Users, sessions and per-user tokens; sharing agreements between organisations; passage-search requests.
alter table organisation add column kind text not null default 'POLICE'
    check (kind in ('POLICE', 'NATIONAL', 'MUNICIPALITY', 'AGENCY', 'OTHER'));

create table app_user (
    id                   bigserial primary key,
    organisation         text not null references organisation (code),
    username             text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    display_name         text not null,
    password_hash        text not null,
    roles                text[] not null,
    failed_logins        int not null default 0,
    locked_until         timestamptz,
    disabled             boolean not null default false,
    created_at           timestamptz not null default now(),
    password_changed_at  timestamptz not null default now()
);

-- Sessions are tokens too (kind SESSION, sent as a cookie); USER tokens are a person's API tokens.
alter table api_token drop constraint api_token_kind_check;
alter table api_token drop constraint api_token_check;
alter table api_token add column user_id bigint references app_user (id) on delete cascade;
alter table api_token add column expires_at timestamptz;
alter table api_token add constraint api_token_kind_check check (kind in ('ADMIN', 'CAMERA', 'USER', 'SESSION'));
alter table api_token add constraint api_token_owner_check
    check ((kind = 'CAMERA') = (camera_id is not null) and (kind in ('USER', 'SESSION')) = (user_id is not null));
create index api_token_user on api_token (user_id) where user_id is not null;

-- Organisation A shares chosen cameras with B for a purpose and a period; revoking ends it at once.
create table sharing_agreement (
    id                 bigserial primary key,
    from_organisation  text not null references organisation (code),
    to_organisation    text not null references organisation (code),
    purpose            text not null check (purpose in ('HITS', 'PASSAGES')),
    valid_from         timestamptz not null,
    valid_until        timestamptz not null,
    reason             text not null,
    created_by         text not null,
    created_at         timestamptz not null default now(),
    revoked_at         timestamptz,
    revoked_by         text,
    check (from_organisation <> to_organisation),
    check (valid_from < valid_until)
);

create table sharing_camera (
    agreement_id  bigint not null references sharing_agreement (id) on delete cascade,
    camera_id     text not null references camera (id) on delete cascade,
    primary key (agreement_id, camera_id)
);

-- A passage search over the legal threshold waits here for a second person's approval.
create table search_request (
    id             bigserial primary key,
    organisation   text not null references organisation (code),
    requested_by   text not null,
    plate          text,
    fuzzy          boolean not null,
    camera_id      text,
    from_at        timestamptz not null,
    to_at          timestamptz not null,
    case_number    text not null,
    offence        text not null,
    purpose        text not null,
    reasons        text[] not null,
    status         text not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    decided_by     text,
    decided_at     timestamptz,
    decision_note  text,
    valid_until    timestamptz,
    created_at     timestamptz not null default now()
);
create index search_request_org on search_request (organisation, status);
