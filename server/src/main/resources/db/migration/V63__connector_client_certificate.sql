-- A connector's equipment may prove who it is by a client certificate (mutual TLS on the equipment port) instead of
-- the connector's token. The certificate itself is public; its SHA-256 is what a connection's certificate is compared
-- with, the subject and expiry are for the administrator.
alter table connector
    add column client_cert_sha256 bytea,
    add column client_cert_subject text,
    add column client_cert_not_after timestamptz,
    add constraint connector_client_cert_whole check ((client_cert_sha256 is null) = (client_cert_subject is null)
        and (client_cert_sha256 is null) = (client_cert_not_after is null));
