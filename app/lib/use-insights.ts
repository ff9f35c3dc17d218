'use client';
/**
 * A round's insights from `GET /api/rounds/:id/insights`, fetched once the round is closed and
 * again whenever `version` changes (e.g. each final leaderboard update as audits settle).
 */
import { useEffect, useState } from 'react';
import type { InsightsResponse } from '../../game/protocol';
import { fetchInsights } from './api';

export function useInsights(roundId: string | null, closed: boolean, version: unknown): InsightsResponse | null {
  const [insights, setInsights] = useState<InsightsResponse | null>(null);
  useEffect(() => {
    if (!roundId || !closed) {
      setInsights(null);
      return;
    }
    let live = true;
    void fetchInsights(roundId).then((r) => {
      if (live && r.ok) setInsights(r.data);
    });
    return () => {
      live = false;
    };
  }, [roundId, closed, version]);
  return insights;
}
