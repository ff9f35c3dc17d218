CREATE TABLE `tournament_blocks` (
	`tournament_id` text NOT NULL,
	`block_key` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`tournament_id`, `block_key`),
	FOREIGN KEY (`tournament_id`) REFERENCES `tournaments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `tournaments` ADD `locked` integer DEFAULT false NOT NULL;