// Delivers a rendered message: over SMTP when SMTP_URL is set, otherwise into the development
// mailbox table (with the links printed to the console so a first-time user can sign in).
import nodemailer from "nodemailer";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { MailMessage } from "./message.js";

export type MailTransport = { deliver(message: MailMessage): Promise<void>; close(): void };

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
    const transporter = nodemailer.createTransport({ url: options.smtpUrl, pool: true });
    return {
      async deliver(message) {
        await transporter.sendMail({ from: options.from, ...message });
      },
      close: () => transporter.close(),
    };
  }
  return {
    async deliver(message) {
      await options.db
        .insertInto("dev_mailbox")
        .values({ to_address: message.to, subject: message.subject, text_body: message.text, html_body: message.html })
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
