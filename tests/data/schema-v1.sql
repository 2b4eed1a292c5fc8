-- SPDX-License-Identifier: GPL-3.0-or-later
-- A Resonanz database at schema version 1 with a few rows of every kind,
-- as 'sqlite3 resonanz.db .dump' wrote it (plus the user_version, which
-- .dump leaves out). Never edit: test-database-migrations migrates it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE profile (  id INTEGER PRIMARY KEY,  name TEXT NOT NULL DEFAULT '',  industry TEXT,  market TEXT CHECK (market IN ('b2b', 'b2c', 'both')),  region TEXT,  hours_per_week REAL CHECK (hours_per_week >= 0),  regulated INTEGER NOT NULL DEFAULT 0,  languages TEXT NOT NULL DEFAULT '[]',  formats TEXT NOT NULL DEFAULT '[]',  wizard_step INTEGER NOT NULL DEFAULT 0,  wizard_state TEXT,  updated_at INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0);
INSERT INTO profile VALUES(1,'Hofladen Grünwiese','food','b2c','local',2.5,0,'["de"]','["photo"]',4,NULL,1700000000,0);
CREATE TABLE audiences (  id INTEGER PRIMARY KEY,  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,  label TEXT NOT NULL,  age_min INTEGER,  age_max INTEGER,  position INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0,  CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max));
INSERT INTO audiences VALUES(1,1,'Nachbarschaft',30,65,0,0);
CREATE TABLE goals (  id INTEGER PRIMARY KEY,  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,  goal TEXT NOT NULL,  position INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0,  UNIQUE (profile_id, goal));
INSERT INTO goals VALUES(1,1,'awareness',0,0);
INSERT INTO goals VALUES(2,1,'customer-service',1,0);
CREATE TABLE forbidden_channels (  id INTEGER PRIMARY KEY,  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,  channel TEXT NOT NULL,  is_demo INTEGER NOT NULL DEFAULT 0,  UNIQUE (profile_id, channel));
CREATE TABLE plan_channels (  id INTEGER PRIMARY KEY,  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,  channel TEXT NOT NULL,  kind TEXT,  name TEXT,  purpose TEXT,  audiences TEXT NOT NULL DEFAULT '[]',  posts_per_week REAL CHECK (posts_per_week >= 0),  target_response_minutes INTEGER CHECK (target_response_minutes > 0),  responsible TEXT,  stand_in TEXT,  position INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0,  UNIQUE (profile_id, channel));
INSERT INTO plan_channels VALUES(1,1,'facebook','social-network','Facebook','Erntekalender und Öffnungszeiten','["Nachbarschaft"]',1.0,480,'Ute Sommer','',0,0);
CREATE TABLE plan_messages (  id INTEGER PRIMARY KEY,  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,  message_type TEXT NOT NULL,  channel TEXT NOT NULL,  audience TEXT NOT NULL,  position INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0);
INSERT INTO plan_messages VALUES(1,1,'news-and-offers','facebook','Nachbarschaft',0,0);
CREATE TABLE guidelines (  id INTEGER PRIMARY KEY,  profile_id INTEGER NOT NULL UNIQUE REFERENCES profile (id) ON DELETE CASCADE,  markdown TEXT NOT NULL DEFAULT '',  updated_at INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0);
INSERT INTO guidelines VALUES(1,1,replace('# Leitfaden\nWir siezen.','\n',char(10)),1700000000,0);
CREATE TABLE accounts (  id INTEGER PRIMARY KEY,  channel TEXT NOT NULL,  display_name TEXT NOT NULL DEFAULT '',  base_url TEXT,  handle TEXT,  remote_user_id TEXT,  state TEXT NOT NULL DEFAULT 'new',  sync_cursor TEXT,  created_at INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0);
INSERT INTO accounts VALUES(1,'mastodon','Hofladen Grünwiese','https://social.example','@gruenwiese',NULL,'connected',NULL,1700000000,0);
CREATE TABLE drafts (  id INTEGER PRIMARY KEY,  core_text TEXT NOT NULL DEFAULT '',  message_type TEXT,  created_at INTEGER NOT NULL DEFAULT 0,  updated_at INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0);
INSERT INTO drafts VALUES(1,'Die ersten Äpfel sind reif!','news-and-offers',1700000000,1700000100,0);
CREATE TABLE draft_variants (  id INTEGER PRIMARY KEY,  draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,  channel TEXT NOT NULL,  text TEXT NOT NULL DEFAULT '',  updated_at INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0,  UNIQUE (draft_id, channel));
INSERT INTO draft_variants VALUES(1,1,'mastodon','Die ersten Äpfel sind reif! 🍎',1700000100,0);
CREATE TABLE posts (  id INTEGER PRIMARY KEY,  variant_id INTEGER NOT NULL REFERENCES draft_variants (id) ON DELETE CASCADE,  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,  state TEXT NOT NULL DEFAULT 'queued'    CHECK (state IN ('queued', 'sending', 'posted', 'failed')),  remote_id TEXT,  remote_url TEXT,  error TEXT,  idempotency_key TEXT NOT NULL UNIQUE,  scheduled_at INTEGER,  posted_at INTEGER,  created_at INTEGER NOT NULL DEFAULT 0,  updated_at INTEGER NOT NULL DEFAULT 0,  is_demo INTEGER NOT NULL DEFAULT 0);
INSERT INTO posts VALUES(1,1,1,'posted','110001','https://social.example/@gruenwiese/110001',NULL,'a1b2c3d4',1700000200,1700000200,1700000100,1700000200,0);
CREATE TABLE comments (  id INTEGER PRIMARY KEY,  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,  channel TEXT NOT NULL,  remote_id TEXT NOT NULL,  parent_remote_id TEXT,  author TEXT,  author_handle TEXT,  text TEXT NOT NULL DEFAULT '',  url TEXT,  context TEXT,  created_at INTEGER NOT NULL DEFAULT 0,  sentiment INTEGER NOT NULL DEFAULT 0 CHECK (sentiment BETWEEN 0 AND 2),  sentiment_user_set INTEGER NOT NULL DEFAULT 0,  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),  is_demo INTEGER NOT NULL DEFAULT 0,  UNIQUE (account_id, remote_id));
INSERT INTO comments VALUES(1,1,'mastodon','110002',NULL,'Ilse','@ilse@social.example','Gibt es wieder Süßkartoffeln? Die waren großartig.','https://social.example/@ilse/110002','Die ersten Äpfel sind reif!',1700000300,1,0,1,0);
INSERT INTO comments VALUES(2,1,'mastodon','110003',NULL,'Bernd','@bernd@social.example','Samstags war um 10 Uhr schon zu, obwohl bis 12 angegeben.','https://social.example/@bernd/110003','Die ersten Äpfel sind reif!',1700000400,2,0,0,0);
INSERT INTO comments VALUES(3,1,'mastodon','110004',NULL,'Kim','@kim@social.example','Do you sell honey too?',NULL,NULL,1700000500,0,0,0,0);
CREATE TABLE replies (  id INTEGER PRIMARY KEY,  comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,  text TEXT NOT NULL,  remote_id TEXT,  remote_url TEXT,  state TEXT NOT NULL DEFAULT 'draft'    CHECK (state IN ('draft', 'queued', 'sending', 'sent', 'failed')),  error TEXT,  created_at INTEGER NOT NULL DEFAULT 0,  sent_at INTEGER,  is_demo INTEGER NOT NULL DEFAULT 0);
INSERT INTO replies VALUES(1,1,'Ja, ab nächster Woche!','110005',NULL,'sent',NULL,1700000350,1700000360,0);
CREATE UNIQUE INDEX profile_is_demo ON profile (is_demo);
CREATE INDEX audiences_profile ON audiences (profile_id, position);
CREATE INDEX plan_messages_profile ON plan_messages (profile_id, position);
CREATE INDEX posts_state ON posts (state, scheduled_at);
CREATE INDEX comments_inbox ON comments (state, sentiment, created_at);
CREATE INDEX replies_comment ON replies (comment_id);
PRAGMA user_version = 1;
COMMIT;
