-- Database roles: migrations run as the owner; the application connects as qingfeng_app, which may only
-- INSERT and SELECT the ledger and the login records — so not even a compromised application server can
-- rewrite history (the hash chains would show it, this prevents it). Run as a superuser after `migrate`.
CREATE ROLE qingfeng_owner LOGIN PASSWORD 'change-me';
CREATE ROLE qingfeng_app LOGIN PASSWORD 'change-me';
-- ALTER DATABASE qingfeng OWNER TO qingfeng_owner;  (then run `qingfeng init` with the owner's URL)
GRANT CONNECT ON DATABASE qingfeng TO qingfeng_app;
GRANT USAGE ON SCHEMA public TO qingfeng_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO qingfeng_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO qingfeng_app;
REVOKE UPDATE, DELETE, TRUNCATE ON core_ledgerevent FROM qingfeng_app;
-- Login records leave only through `qingfeng logs archive`, run by the owner (qingfeng-logs-archive.service
-- with the owner's QINGFENG_DATABASE_URL); the application itself never deletes them.
REVOKE UPDATE, DELETE, TRUNCATE ON security_loginrecord FROM qingfeng_app;
ALTER DEFAULT PRIVILEGES FOR ROLE qingfeng_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO qingfeng_app;
ALTER DEFAULT PRIVILEGES FOR ROLE qingfeng_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO qingfeng_app;
