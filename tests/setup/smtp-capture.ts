// A real SMTP server (smtp-server) on a loopback port; received mail is parsed with mailparser.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CapturedMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The Cc header's addresses (the envelope's recipients, in `to`, include them). */
  cc: string[];
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** When the server accepted it (Date.now()). */
  acceptedAt: number;
};

export type SmtpCapture = {
  url: string;
  messages: CapturedMail[];
  waitForMail(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** The first URL in the mail's text whose path starts with `pathPrefix`. */
  linkIn(mail: CapturedMail, pathPrefix: string): string;
  /** Make the next `count` deliveries fail with a temporary SMTP error. */
  failNext(count: number): void;
  close(): Promise<void>;
};

/** `delayMs`: a slow server, answering each message that much later. */
export async function startSmtpCapture(options: { delayMs?: number } = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  // A message counts as delivered only once the client heard it accepted: one whose connection
  // dropped during a slow server's delay never got its answer (its sender will try again).
  const closedSessions = new Set<string>();
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onClose(session) {
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      if (failures > 0) {
        failures--;
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("try again later"), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          const accept = () => {
            if (closedSessions.has(session.id)) return;
            const to = session.envelope.rcptTo.map((r) => r.address).join(", ");
            messages.push({
              to,
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: parsed.html || "",
              messageId: parsed.messageId ?? "",
              cc: (Array.isArray(parsed.cc) ? parsed.cc : parsed.cc ? [parsed.cc] : []).flatMap((a) =>
                a.value.map((v) => v.address ?? ""),
              ),
              attachments: parsed.attachments.map((a) => ({
                filename: a.filename ?? "",
                contentType: a.contentType,
                content: a.content,
              })),
              acceptedAt: Date.now(),
            });
            callback();
            for (const wake of waiters) wake();
          };
          if (options.delayMs) setTimeout(accept, options.delayMs);
          else accept();
        },
        (error: Error) => callback(error),
      );
    },
  });
  // A client dropping its connection (a pooled one, when its process stops) is not our failure.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMail(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no matching mail within ${timeoutMs} ms (got: ${messages.map((m) => m.subject).join(" | ")})`),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    linkIn(mail, pathPrefix) {
      for (const match of mail.text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
        if (new URL(match[0]).pathname.startsWith(pathPrefix)) return match[0];
      }
      throw new Error(`no link to ${pathPrefix} in mail "${mail.subject}"`);
    },
    failNext(count) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
