-- Syslog over TLS (RFC 5425) for a control room's feed (issue 14): the CA certificate(s) the feed trusts for its
-- receiver, as PEM; null: the JVM's default trust store. Only for tls:// targets.
alter table hit_feed add column ca_certificate text;
