-- Least privilege on a Postgres server: one role owns the schema and runs migrations, another serves
-- the console and can read and write rows but change no structure. With it the append-only tables hold
-- even against the console's own credentials: the serving role cannot TRUNCATE them, cannot disable
-- their triggers (only an owner can), and holds no UPDATE or DELETE on them at all. Daily log partitions
-- are created and dropped through two functions the owner defines (migration 0007), which it may call.
--
-- Create the two login roles first (CREATE ROLE console_owner LOGIN PASSWORD '…'; likewise console_app),
-- then, as a superuser, in the console's database:
--   psql "$ADMIN_URL" -v owner=console_owner -v app=console_app -f docs/postgres-roles.sql
--   DATABASE_URL=postgres://console_owner:…@db/console npm run db:migrate
--   psql "$ADMIN_URL" -v owner=console_owner -v app=console_app -v after_migrate=1 -f docs/postgres-roles.sql
--   DATABASE_URL=postgres://console_app:…@db/console npm start    # sees the schema migrated: no DDL
-- Run it with after_migrate=1 again after each later migration (it is idempotent).
-- Tested by tests/integration/postgres-roles.test.ts.

\set ON_ERROR_STOP on
SELECT current_database() AS db \gset

-- The owner owns the schema and drizzle's migration journal; the app connects and creates nothing.
GRANT CONNECT, CREATE ON DATABASE :"db" TO :"owner";
ALTER SCHEMA public OWNER TO :"owner";
CREATE SCHEMA IF NOT EXISTS drizzle AUTHORIZATION :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
GRANT USAGE ON SCHEMA public, drizzle TO :"app";

-- What the owner creates (every migration), the app may use as rows only; it reads the journal.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA drizzle GRANT SELECT ON TABLES TO :"app";

\if :{?after_migrate}
-- The append-only tables: the app appends and reads, nothing else.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, timeline_entries, platform_events FROM :"app";
GRANT EXECUTE ON FUNCTION ops_console_log_partition(text, date), ops_console_drop_log_partitions(text, date) TO :"app";
GRANT EXECUTE ON FUNCTION ops_console_drop_platform_events(timestamptz) TO :"app";
\endif
