'use client';
/**
 * Submitting a trained result (`submission:create`), taken out of the play page: one idempotency
 * key per trained result, the last acknowledged submission, why Submit is disabled, and the
 * resend after a dropped connection. A call that failed with NETWORK is sent again by itself as
 * soon as the socket is back (with the same key, so a stored row is answered, never duplicated),
 * and the stale "Cannot reach the server." goes away with the reconnect.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientPayload, SubmissionPublic } from '../../game/protocol';
import type { MessageKey } from '../i18n/en';
import { packWeights } from '../../game/weights';
import { getSocket, request, type UiError } from './socket-client';
import { createSubmissionKeys } from './submission-key';
import type { TrainerState } from './use-trainer';

export interface LastSubmission {
  submission: SubmissionPublic;
  /** The player's rank on the live board when the ack left (the rank of their best entry). */
  rank: number;
}

export interface SubmitOptions {
  token: string;
  roundId: string;
  open: boolean;
  /** Submissions left by the board's count. */
  left: number;
  state: Pick<TrainerState, 'phase' | 'job' | 'result'>;
}

export interface SubmitState {
  submit: () => void;
  submitting: boolean;
  error: UiError | null;
  last: LastSubmission | null;
  canSubmit: boolean;
  /** Why Submit is disabled (a dictionary key), or null when it is enabled or busy sending. */
  blocked: MessageKey | null;
}

type Payload = ClientPayload<'submission:create'> & { weights: Uint8Array };

/**
 * @example const sub = useSubmit({ token, roundId: round.id, open, left, state }); <button disabled={!sub.canSubmit} onClick={sub.submit} />
 */
export function useSubmit({ token, roundId, open, left, state }: SubmitOptions): SubmitState {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [last, setLast] = useState<LastSubmission | null>(null);
  const [keys] = useState(createSubmissionKeys);
  const submitted = useRef<Float32Array | null>(null);
  // The call to send again once the socket is back, and how many times it connected so far (a
  // NETWORK failure that arrives after a reconnect is resent at once instead of waiting for the next).
  const retry = useRef<{ payload: Payload; weights: Float32Array } | null>(null);
  const connects = useRef(0);
  const inFlight = useRef(false);

  const send = useCallback(async (payload: Payload, weights: Float32Array) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    const startedAt = connects.current;
    // A connection that drops mid-call loses the ack for good: fail at once (to be resent on the
    // reconnect) rather than after the ack timeout.
    const socket = getSocket();
    let onDrop = (): void => undefined;
    const dropped = new Promise<{ ok: false; error: UiError }>((resolve) => {
      onDrop = () => resolve({ ok: false, error: { code: 'NETWORK', message: 'The connection dropped before the answer.' } });
      socket.once('disconnect', onDrop);
    });
    const r = await Promise.race([request('submission:create', payload), dropped]);
    socket.off('disconnect', onDrop);
    inFlight.current = false;
    setSubmitting(false);
    if (r.ok) {
      retry.current = null;
      submitted.current = weights;
      setError(null);
      setLast({ submission: r.submission, rank: r.rank });
      return;
    }
    if (r.error.code !== 'NETWORK') {
      retry.current = null;
      setError(r.error);
      return;
    }
    retry.current = { payload, weights };
    if (connects.current !== startedAt && getSocket().connected) {
      void send(payload, weights);
      return;
    }
    setError(r.error);
  }, []);

  useEffect(() => {
    const socket = getSocket();
    const onConnect = () => {
      connects.current += 1;
      setError((e) => (e?.code === 'NETWORK' ? null : e));
      const again = retry.current;
      if (again) void send(again.payload, again.weights);
    };
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
    };
  }, [send]);

  const submit = useCallback(() => {
    const { job, result } = state;
    if (!job || !result) return;
    setError(null);
    const payload: Payload = {
      playerToken: token,
      roundId,
      network: job.network,
      training: job.training,
      backend: job.backend,
      weights: packWeights(result.weights),
      claimed: { trainLoss: result.loss, trainAccuracy: Math.min(1, Math.max(0, result.accuracy)) },
      submissionKey: keys.keyFor(result.weights),
    };
    void send(payload, result.weights);
  }, [state, token, roundId, keys, send]);

  const weights = state.result?.weights;
  // The same trained weights are submitted once: a second copy would only spend a submission. A
  // retry of weights already sent stays possible at the limit: the server answers the stored one.
  let blocked: MessageKey | null = null;
  if (!open) blocked = 'submit.why.closed';
  else if (state.phase !== 'done' || !weights) blocked = 'submit.needTraining';
  else if (submitted.current === weights) blocked = 'submit.why.sent';
  else if (left <= 0 && !keys.pending(weights)) blocked = 'submit.why.noneLeft';
  const canSubmit = blocked === null && !submitting;
  return { submit, submitting, error, last, canSubmit, blocked: submitting ? null : blocked };
}
