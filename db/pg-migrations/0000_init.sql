CREATE TABLE "players" (
	"id" text PRIMARY KEY NOT NULL,
	"tournament_id" text NOT NULL,
	"nickname" text NOT NULL,
	"nickname_key" text NOT NULL,
	"token_hash" text NOT NULL,
	"joined_at" text NOT NULL,
	"kicked_at" text
);
--> statement-breakpoint
CREATE TABLE "round_leases" (
	"round_id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"expires_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "round_results" (
	"round_id" text NOT NULL,
	"player_id" text NOT NULL,
	"rank" integer NOT NULL,
	"points" double precision NOT NULL,
	"public_score" double precision,
	"private_score" double precision,
	"audit" text NOT NULL,
	CONSTRAINT "round_results_round_id_player_id_pk" PRIMARY KEY("round_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" text PRIMARY KEY NOT NULL,
	"tournament_id" text NOT NULL,
	"round_index" integer NOT NULL,
	"title" text NOT NULL,
	"preset_id" text,
	"status" text NOT NULL,
	"rules" text NOT NULL,
	"train_seed" bigint,
	"test_seed" bigint,
	"created_at" text NOT NULL,
	"started_at" text,
	"ends_at" text,
	"closed_at" text,
	"finalized_at" text
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" text PRIMARY KEY NOT NULL,
	"round_id" text NOT NULL,
	"player_id" text NOT NULL,
	"network" text NOT NULL,
	"training" text NOT NULL,
	"backend" text NOT NULL,
	"weights" "bytea" NOT NULL,
	"weights_sha256" text NOT NULL,
	"params" integer NOT NULL,
	"public_score" double precision NOT NULL,
	"private_score" double precision NOT NULL,
	"full_score" double precision NOT NULL,
	"claimed" text,
	"audit" text NOT NULL,
	"audit_reason" text,
	"replay_score" double precision,
	"created_at" text NOT NULL,
	"audited_at" text,
	"submission_key" text,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "submissions_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1)
);
--> statement-breakpoint
CREATE TABLE "tournaments" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"host_key_hash" text NOT NULL,
	"status" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "players" ADD CONSTRAINT "players_tournament_id_tournaments_id_fk" FOREIGN KEY ("tournament_id") REFERENCES "public"."tournaments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_leases" ADD CONSTRAINT "round_leases_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_results" ADD CONSTRAINT "round_results_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_results" ADD CONSTRAINT "round_results_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_tournament_id_tournaments_id_fk" FOREIGN KEY ("tournament_id") REFERENCES "public"."tournaments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "players_tournament_nickname_unique" ON "players" USING btree ("tournament_id","nickname_key");--> statement-breakpoint
CREATE INDEX "players_token_hash_idx" ON "players" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "rounds_status_idx" ON "rounds" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "rounds_tournament_index_unique" ON "rounds" USING btree ("tournament_id","round_index");--> statement-breakpoint
CREATE INDEX "submissions_round_player_idx" ON "submissions" USING btree ("round_id","player_id");--> statement-breakpoint
CREATE INDEX "submissions_round_created_idx" ON "submissions" USING btree ("round_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_player_round_key_unique" ON "submissions" USING btree ("player_id","round_id","submission_key");--> statement-breakpoint
CREATE UNIQUE INDEX "tournaments_code_unique" ON "tournaments" USING btree ("code");