// E1: mail is a job enqueued in the same transaction as the change that causes it; the worker
// delivers it with retries and backoff, and a message that keeps failing is kept in `mail-dead`.
import type { WriteScope } from "../change/write-scope.js";
import type { JobQueue, QueueDefinition } from "../jobs/queue.js";
import { type MailContent, type MailMessage, renderMail } from "./message.js";
import type { MailTransport } from "./transport.js";

export const MAIL_QUEUE: QueueDefinition = {
  name: "mail",
  retryLimit: 8,
  retryDelaySeconds: 5,
  expireInSeconds: 60,
};

/** The mail is enqueued with the change's other writes: only a change's scope is accepted (E1). */
export type Outbox = { send(scope: WriteScope, content: MailContent): Promise<void> };

/**
 * The job holds the mail's content, not its rendering: the request that causes a mail writes a
 * smaller row and does not render it; the worker renders it when it delivers.
 */
export function createOutbox(jobs: JobQueue, queue: QueueDefinition = MAIL_QUEUE): Outbox {
  return {
    send: (scope, content) => jobs.enqueue(scope, queue, content),
  };
}

export async function startMailWorker(
  jobs: JobQueue,
  transport: MailTransport,
  queue: QueueDefinition = MAIL_QUEUE,
): Promise<void> {
  // Jobs queued before mail was rendered by the worker hold the rendered message already.
  await jobs.work(queue, (job: MailContent | MailMessage) => transport.deliver("html" in job ? job : renderMail(job)));
}
