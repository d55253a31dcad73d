// E1: mail is a job enqueued in the same transaction as the change that causes it; the worker
// delivers it with retries and backoff, and a message that keeps failing is kept in `mail-dead`.
import type { WriteScope } from "../change/write-scope.js";
import type { JobQueue, QueueDefinition } from "../jobs/queue.js";
import type { Logger } from "../logger.js";
import { type Attachment, type AttachmentRef, type MailContent, type MailMessage, renderMail } from "./message.js";
import type { MailTransport } from "./transport.js";

export const MAIL_QUEUE: QueueDefinition = {
  name: "mail",
  retryLimit: 8,
  retryDelaySeconds: 5,
  expireInSeconds: 60,
};

/**
 * Mail a person is waiting for at a screen ("check your email"): sign-in links and address
 * confirmations. A queue of its own, fetched by its own loop every half second, so it never waits
 * behind a backlog of bulk mail (issue 12: a sign-in link sat behind 18,000 invitations).
 */
export const MAIL_URGENT_QUEUE: QueueDefinition = {
  name: "mail-urgent",
  retryLimit: 8,
  retryDelaySeconds: 5,
  expireInSeconds: 60,
  pollingIntervalSeconds: 0.5,
};

export const MAIL_QUEUES = [MAIL_QUEUE, MAIL_URGENT_QUEUE];

export type SendOptions = {
  /** Someone is waiting for this mail right now: it goes ahead of any bulk mail queued. */
  urgent?: boolean;
};

/** The mail is enqueued with the change's other writes: only a change's scope is accepted (E1). */
export type Outbox = { send(scope: WriteScope, content: MailContent, options?: SendOptions): Promise<void> };

/**
 * The job holds the mail's content, not its rendering: the request that causes a mail writes a
 * smaller row and does not render it; the worker renders it when it delivers.
 */
export function createOutbox(
  jobs: JobQueue,
  queue: QueueDefinition = MAIL_QUEUE,
  urgentQueue: QueueDefinition = MAIL_URGENT_QUEUE,
): Outbox {
  return {
    send: (scope, content, options) => jobs.enqueue(scope, options?.urgent ? urgentQueue : queue, content),
  };
}

/** The part of an address a log may carry: never the mailbox, never a link (standards). */
function recipientDomain(to: string): string {
  return to.split("@").pop() ?? "";
}

/** A server's refusal can quote the recipient; logs keep only its domain. */
function withoutAddresses(message: string): string {
  return message.replace(/[^\s<>"'@:;,]+@/g, "…@");
}

/** Produces an attachment a mail names (the app wires the modules' producers in). */
export type AttachmentResolver = (ref: AttachmentRef) => Promise<Attachment>;

async function messageOf(
  job: MailContent | MailMessage,
  resolve: AttachmentResolver | undefined,
): Promise<MailMessage> {
  // Jobs queued before mail was rendered by the worker hold the rendered message already.
  if ("html" in job) return job;
  const message = renderMail(job);
  if (!job.attachments?.length) return message;
  if (!resolve) throw new Error("this worker cannot produce the mail's attachments");
  return { ...message, attachments: await Promise.all(job.attachments.map(resolve)) };
}

export async function startMailWorker(
  jobs: JobQueue,
  transport: MailTransport,
  logger: Logger,
  queue: QueueDefinition = MAIL_QUEUE,
  resolveAttachment?: AttachmentResolver,
): Promise<void> {
  await jobs.work(queue, async (job: MailContent | MailMessage, meta) => {
    try {
      await transport.deliver(await messageOf(job, resolveAttachment), { jobId: meta.id });
    } catch (error) {
      // Issue 12: an unreachable SMTP server used to go unnoticed. Every failed attempt is a
      // warning; a mail that will not be tried again is an error (it stays in `<queue>-dead`).
      const fields = {
        jobId: meta.id,
        queue: queue.name,
        attempt: meta.attempt,
        recipientDomain: recipientDomain(job.to),
        err: withoutAddresses(String((error as Error)?.message ?? error)),
      };
      if (meta.lastAttempt) logger.error(fields, "mail not delivered: no attempts left, kept in the dead-letter queue");
      else logger.warn(fields, "mail delivery failed; it will be retried");
      throw error;
    }
  });
}
