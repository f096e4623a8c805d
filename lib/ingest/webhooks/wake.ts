/*
 * "A webhook arrived": the route tells the sync loop of the same process to wake up now instead of
 * at the end of its interval. Kept on globalThis because Next.js bundles route handlers apart from
 * the start script's modules, so a module-level emitter would not be shared. Another process
 * (`npm run sync`) notices the queued event on its next check of the queue (see lib/ingest/loop.ts).
 */
const KEY = Symbol.for("stageboard.webhook-wake");

type Listener = () => void;
const registry = globalThis as unknown as Record<symbol, Set<Listener> | undefined>;

function listeners(): Set<Listener> {
  registry[KEY] ??= new Set();
  return registry[KEY];
}

export function notifyWebhookArrived(): void {
  for (const listener of listeners()) listener();
}

/** Calls `listener` on every webhook received in this process; returns the unsubscribe. */
export function onWebhookArrived(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
