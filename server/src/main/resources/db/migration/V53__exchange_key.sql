-- Issue 15: an exchange agreement may carry a key both sides agreed on (base64, at least 32 bytes): documents under
-- it are signed (HMAC-SHA256 over the canonical document) and a document that comes in unsigned or altered is
-- refused. Like federation tokens, the key is kept in the database, which is the secret store; it is never shown.
alter table exchange_agreement add column shared_key text;
