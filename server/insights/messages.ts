/** Messages between the server and its insights worker thread (structured clone, no functions). */
import type { InsightRow, InsightsFold } from '../../game/insights';

export interface InsightsRequest {
  id: number;
  version: number;
  rows: InsightRow[];
}

export type InsightsReply = { id: number; ok: true; result: InsightsFold } | { id: number; ok: false; message: string };
