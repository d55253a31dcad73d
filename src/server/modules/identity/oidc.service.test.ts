import { describe, expect, it } from "vitest";
import { oidcErrorCodes, oidcErrorText } from "../../../shared/oidc.js";
import { isLoopbackHttpIssuer } from "../../platform/config.js";
import { safeReturnPath } from "./oidc.service.js";
import { deactivatedMessage } from "./sign-in-link.service.js";

describe("safeReturnPath (I9: the callback lands on this portal's own paths)", () => {
  it.each([
    ["/profile", "/profile"],
    ["/billing-accounts/1?tab=managers#top", "/billing-accounts/1?tab=managers#top"],
    ["//evil.example", null],
    ["/\\evil.example", null],
    ["/ok\\..\\x", null],
    ["https://evil.example/", null],
    ["javascript:alert(1)", null],
    ["profile", null],
    ["/with space", null],
    ["", null],
    [`/${"a".repeat(600)}`, null],
    [null, null],
    [undefined, null],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});

describe("isLoopbackHttpIssuer (the only case where plain HTTP is allowed)", () => {
  it.each([
    ["http://127.0.0.1:8080", true],
    ["http://localhost:3001/realm", true],
    ["http://[::1]:9000", true],
    ["https://127.0.0.1", false],
    ["https://gitlab.com", false],
    ["http://gitlab.example", false],
    ["http://127.0.0.1.nip.io", false],
  ])("%s → %s", (issuer, expected) => {
    expect(isLoopbackHttpIssuer(issuer)).toBe(expected);
  });
});

describe("OIDC error texts", () => {
  it("every code has a title and a message", () => {
    for (const code of oidcErrorCodes) {
      const text = oidcErrorText(code);
      expect(text.title.length).toBeGreaterThan(0);
      expect(text.message.length).toBeGreaterThan(20);
    }
  });

  it("login_deactivated says what every other sign-in method says (I6)", () => {
    expect(oidcErrorText("login_deactivated").message).toBe(deactivatedMessage());
  });
});
