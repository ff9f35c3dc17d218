CREATE TABLE "tournament_blocks" (
	"tournament_id" text NOT NULL,
	"block_key" text NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "tournament_blocks_tournament_id_block_key_pk" PRIMARY KEY("tournament_id","block_key")
);
--> statement-breakpoint
ALTER TABLE "tournaments" ADD COLUMN "locked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tournament_blocks" ADD CONSTRAINT "tournament_blocks_tournament_id_tournaments_id_fk" FOREIGN KEY ("tournament_id") REFERENCES "public"."tournaments"("id") ON DELETE no action ON UPDATE no action;