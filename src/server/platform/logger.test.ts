// B1 and the standards: a card number, CVC or a whole request body never reaches a log line, even
// when a handler logs them by mistake.
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

function capture() {
  const lines: string[] = [];
  const logger = createLogger("debug", { destination: { write: (line: string) => void lines.push(line) } });
  return { logger, text: () => lines.join("") };
}

describe("logger redaction", () => {
  it("censors a request body, card fields and a body logged as the object itself", () => {
    const { logger, text } = capture();
    const body = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2030, cvc: "123" };
    logger.debug({ body }, "a body");
    logger.debug({ card: body }, "a card");
    logger.debug(body, "the body itself");
    expect(text()).not.toContain("4242");
    expect(text()).not.toContain('"123"');
    expect(text().match(/\[redacted\]/g)?.length).toBe(5);
  });

  it("keeps the route shape of a URL and drops opaque segments and the query", () => {
    const { logger, text } = capture();
    logger.info({ req: { method: "GET", url: "/sign-in/abcdefghijklmnopqrstuvwxyz?x=1", id: "r1" } }, "in");
    expect(text()).toContain('"url":"/sign-in/:secret"');
  });
});
