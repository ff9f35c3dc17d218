ALTER TABLE `submissions` ADD `submission_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_player_round_key_unique` ON `submissions` (`player_id`,`round_id`,`submission_key`);