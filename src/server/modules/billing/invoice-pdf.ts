// B4, B6: an invoice as PDF, drawn from its stored snapshot only. The font is embedded (DejaVu
// Sans) so every name renders — Łódź, Ελλάδα, Москва, € — whatever the reader has installed. The
// document's dates come from the snapshot, so the same invoice always renders to the same bytes.
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { InvoiceSnapshot } from "./invoice-snapshot.js";
import { formatMoney } from "./money.js";

const require = createRequire(import.meta.url);
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

const MARGIN = 50;
const GREY = "#555555";

function humanDate(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(iso),
  );
}

export function renderInvoicePdf(invoice: InvoiceSnapshot): Promise<Buffer> {
  const issued = new Date(invoice.issuedAt);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: {
      Title: `Invoice ${invoice.number}`,
      Author: invoice.seller.name,
      CreationDate: issued,
      ModDate: issued,
    },
  });
  doc.registerFont("regular", FONT);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: invoice.currency });
  const width = doc.page.width - 2 * MARGIN;

  // Heading: seller on the left, invoice number and dates on the right.
  doc.font("bold").fontSize(20).text("Invoice", MARGIN, MARGIN);
  doc.font("regular").fontSize(10).fillColor(GREY);
  const top = doc.y + 6;
  doc.text([invoice.seller.name, ...invoice.seller.addressLines].join("\n"), MARGIN, top, { width: width / 2 });
  if (invoice.seller.taxId) doc.text(`Tax ID: ${invoice.seller.taxId}`);
  if (invoice.seller.email) doc.text(invoice.seller.email);
  const leftBottom = doc.y;
  doc
    .fillColor("black")
    .text(`Invoice number: ${invoice.number}`, MARGIN + width / 2, top, { width: width / 2, align: "right" })
    .text(`Date of issue: ${humanDate(invoice.issuedAt)}`, { width: width / 2, align: "right" })
    .text(`Status: paid`, { width: width / 2, align: "right" });
  if (invoice.subscriptionNumber)
    doc.text(`Subscription: ${invoice.subscriptionNumber}`, { width: width / 2, align: "right" });
  doc.text(`Account: ${invoice.buyer.accountNumber}`, { width: width / 2, align: "right" });

  // Bill to: the company, and the billing contact.
  let y = Math.max(leftBottom, doc.y) + 24;
  doc.font("bold").fontSize(11).fillColor("black").text("Bill to", MARGIN, y);
  doc.font("regular").fontSize(10);
  doc.text([invoice.buyer.name, ...invoice.buyer.addressLines].join("\n"), { width: width / 2 });
  if (invoice.buyer.taxId) doc.text(`Tax ID: ${invoice.buyer.taxId}`);
  const billToBottom = doc.y;
  doc
    .font("bold")
    .fontSize(11)
    .text("Billing contact", MARGIN + width / 2, y, { width: width / 2 });
  doc.font("regular").fontSize(10);
  doc.text(
    [invoice.billingContact.name, invoice.billingContact.email ?? "", ...invoice.billingContact.addressLines]
      .filter(Boolean)
      .join("\n"),
    {
      width: width / 2,
    },
  );

  // Lines.
  y = Math.max(billToBottom, doc.y) + 28;
  const columns = {
    description: MARGIN,
    quantity: MARGIN + width * 0.55,
    unit: MARGIN + width * 0.65,
    amount: MARGIN + width * 0.82,
  };
  const columnWidth = { description: width * 0.53, quantity: width * 0.1, unit: width * 0.17, amount: width * 0.18 };
  doc.font("bold").fontSize(9);
  doc.text("Description", columns.description, y, { width: columnWidth.description });
  doc.text("Qty", columns.quantity, y, { width: columnWidth.quantity, align: "right" });
  doc.text("Unit price", columns.unit, y, { width: columnWidth.unit, align: "right" });
  doc.text("Amount", columns.amount, y, { width: columnWidth.amount, align: "right" });
  y = doc.y + 4;
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + width, y)
    .strokeColor("#cccccc")
    .stroke();
  doc.font("regular").fontSize(9);
  for (const line of invoice.lines) {
    y += 6;
    doc.fillColor("black").text(line.description, columns.description, y, { width: columnWidth.description });
    if (line.prorationNote) doc.fillColor(GREY).text(line.prorationNote, { width: columnWidth.description });
    const lineBottom = doc.y;
    doc.fillColor("black");
    doc.text(String(line.quantity), columns.quantity, y, { width: columnWidth.quantity, align: "right" });
    doc.text(money(line.unitAmountMinor), columns.unit, y, { width: columnWidth.unit, align: "right" });
    doc.text(money(line.amountMinor), columns.amount, y, { width: columnWidth.amount, align: "right" });
    y = Math.max(lineBottom, doc.y);
  }
  y += 8;
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + width, y)
    .strokeColor("#cccccc")
    .stroke();

  // Totals.
  const totals: [string, number, boolean][] = [
    ["Subtotal", invoice.subtotalMinor, false],
    ["Tax", invoice.taxMinor, false],
    [`Total (${invoice.currency})`, invoice.totalMinor, true],
  ];
  for (const [label, amount, strong] of totals) {
    y += 8;
    doc.font(strong ? "bold" : "regular").fontSize(strong ? 11 : 9);
    doc.text(label, columns.unit - width * 0.15, y, { width: columnWidth.unit + width * 0.15, align: "right" });
    doc.text(money(amount), columns.amount, y, { width: columnWidth.amount, align: "right" });
    y = doc.y;
  }

  y += 28;
  doc
    .font("regular")
    .fontSize(9)
    .fillColor(GREY)
    .text(
      `Paid ${humanDate(invoice.issuedAt)} with ${invoice.payment.brand} ending in ${invoice.payment.last4} (payment ${invoice.payment.chargeId}).`,
      MARGIN,
      y,
      { width },
    );
  doc.end();
  return done;
}
