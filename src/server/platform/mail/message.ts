// One way to write an email: a greeting, paragraphs and an optional button, rendered to plain
// text and to HTML with every interpolated value escaped.
/** A file the worker produces when it delivers (an invoice PDF), named by kind and reference. */
export type AttachmentRef = { kind: string; ref: string };
export type Attachment = { filename: string; content: Buffer; contentType: string };

export type MailMessage = {
  to: string;
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: Attachment[];
};

export type MailContent = {
  to: string;
  cc?: string[];
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
  /** Made by the worker at delivery, so the job stays small and holds no document. */
  attachments?: AttachmentRef[];
};

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export function renderMail(content: MailContent): MailMessage {
  const footer = content.footer ?? "You received this email from Billfold, the customers portal.";
  const textParts = [...content.paragraphs];
  if (content.action) textParts.push(`${content.action.label}: ${content.action.url}`);
  textParts.push("--", footer);

  const htmlParagraphs = content.paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`);
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#1c64d8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555">Or open this address: ${escapeHtml(content.action.url)}</p>`
    : "";
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1a1a;max-width:560px;margin:0 auto;padding:24px">
${htmlParagraphs.join("\n")}
${button}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0"><p style="font-size:12px;color:#666">${escapeHtml(footer)}</p>
</body></html>`;
  return {
    to: content.to,
    ...(content.cc && content.cc.length > 0 ? { cc: content.cc } : {}),
    subject: content.subject,
    text: `${textParts.join("\n\n")}\n`,
    html,
  };
}
