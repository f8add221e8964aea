-- The support role: a personal token that reads the customer lookup and nothing else.
ALTER TABLE tokens DROP CONSTRAINT IF EXISTS tokens_role_check;
ALTER TABLE tokens ADD CONSTRAINT tokens_role_check CHECK (role IN ('admin', 'editor', 'viewer', 'support'));
