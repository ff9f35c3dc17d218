CREATE TABLE `players` (
	`id` text PRIMARY KEY NOT NULL,
	`tournament_id` text NOT NULL,
	`nickname` text NOT NULL,
	`nickname_key` text NOT NULL,
	`token_hash` text NOT NULL,
	`joined_at` text NOT NULL,
	`kicked_at` text,
	FOREIGN KEY (`tournament_id`) REFERENCES `tournaments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `players_tournament_nickname_unique` ON `players` (`tournament_id`,`nickname_key`);--> statement-breakpoint
CREATE INDEX `players_token_hash_idx` ON `players` (`token_hash`);--> statement-breakpoint
CREATE TABLE `round_results` (
	`round_id` text NOT NULL,
	`player_id` text NOT NULL,
	`rank` integer NOT NULL,
	`points` real NOT NULL,
	`public_score` real,
	`private_score` real,
	`audit` text NOT NULL,
	PRIMARY KEY(`round_id`, `player_id`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`player_id`) REFERENCES `players`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`tournament_id` text NOT NULL,
	`round_index` integer NOT NULL,
	`title` text NOT NULL,
	`preset_id` text,
	`status` text NOT NULL,
	`rules` text NOT NULL,
	`train_seed` integer,
	`test_seed` integer,
	`created_at` text NOT NULL,
	`started_at` text,
	`ends_at` text,
	`closed_at` text,
	`finalized_at` text,
	FOREIGN KEY (`tournament_id`) REFERENCES `tournaments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rounds_status_idx` ON `rounds` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_tournament_index_unique` ON `rounds` (`tournament_id`,`round_index`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`player_id` text NOT NULL,
	`network` text NOT NULL,
	`training` text NOT NULL,
	`backend` text NOT NULL,
	`weights` blob NOT NULL,
	`weights_sha256` text NOT NULL,
	`params` integer NOT NULL,
	`public_score` real NOT NULL,
	`private_score` real NOT NULL,
	`full_score` real NOT NULL,
	`claimed` text,
	`audit` text NOT NULL,
	`audit_reason` text,
	`replay_score` real,
	`created_at` text NOT NULL,
	`audited_at` text,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`player_id`) REFERENCES `players`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submissions_round_player_idx` ON `submissions` (`round_id`,`player_id`);--> statement-breakpoint
CREATE INDEX `submissions_round_created_idx` ON `submissions` (`round_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tournaments` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`host_key_hash` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tournaments_code_unique` ON `tournaments` (`code`);