// Delivers a rendered message: over SMTP when SMTP_URL is set, otherwise into the development
// mailbox table (with the links printed to the console so a first-time user can sign in).
import nodemailer from "nodemailer";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { MailMessage } from "./message.js";

/**
 * SMTP connections per transport (nodemailer's default, named): the deliveries one worker has
 * under way at once, so also the most mails a crash can leave accepted but not marked done.
 */
export const SMTP_CONNECTIONS = 5;

export type MailTransport = {
  /** `jobId`: the queued job the message comes from; it becomes the message's Message-ID. */
  deliver(message: MailMessage, options: { jobId: string }): Promise<void>;
  close(): void;
};

/**
 * The same Message-ID for every attempt at one job (`<job-id@domain of MAIL_FROM>`): a mail sent
 * again after a crash (issue 12) is the same message, which receiving systems drop as a duplicate.
 */
export function messageIdFor(jobId: string, from: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "billfold.invalid";
  return `<${jobId}@${domain}>`;
}

export function createMailTransport(options: {
  smtpUrl: string | null;
  from: string;
  db: Db;
  logger: Logger;
  printLinks: boolean;
}): MailTransport {
  if (options.smtpUrl) {
    // Pooled: a worker delivers a batch at a time, and a new connection (TCP, greeting, EHLO,
    // maybe TLS) per message would cost more than the message. `?pool=false` in SMTP_URL turns it off.
    const transporter = nodemailer.createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
    });
    return {
      async deliver(message, { jobId }) {
        await transporter.sendMail({ from: options.from, ...message, messageId: messageIdFor(jobId, options.from) });
      },
      close: () => transporter.close(),
    };
  }
  return {
    async deliver(message) {
      await options.db
        .insertInto("dev_mailbox")
        .values({
          to_address: [message.to, ...(message.cc ?? []).map((cc) => `cc ${cc}`)].join(", "),
          subject: message.subject,
          // The development mailbox keeps no files; it says what would have been attached.
          text_body: message.attachments?.length
            ? `${message.text}\n[Attached: ${message.attachments.map((a) => a.filename).join(", ")}]\n`
            : message.text,
          html_body: message.html,
        })
        .execute();
      if (options.printLinks) {
        // Development only (no SMTP configured): the console is the mailbox of last resort.
        const links = message.text.match(/https?:\/\/\S+/g) ?? [];
        process.stdout.write(
          `\n[dev mailbox] To: ${message.to} — ${message.subject}\n${links.map((l) => `  ${l}\n`).join("")}`,
        );
      }
    },
    close() {},
  };
}
