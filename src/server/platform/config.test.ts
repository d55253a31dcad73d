import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("configuration", () => {
  it("has working defaults: embedded database, port 3000, sign-up by link", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      baseUrl: "http://localhost:3000",
      databaseUrl: null,
      smtpUrl: null,
      signUp: "link",
      resellerCustomerLogin: "read_only",
      paymentGateway: "sandbox",
      oidc: null,
    });
  });

  it.each([
    ["PORT", "eighty", /PORT/],
    ["BASE_URL", "localhost:3000", /BASE_URL: must be a URL/],
    ["DATABASE_URL", "mysql://x", /DATABASE_URL/],
    ["SMTP_URL", "http://mail", /SMTP_URL/],
    ["SIGN_UP", "open", /SIGN_UP/],
    ["RESELLER_CUSTOMER_LOGIN", "maybe", /RESELLER_CUSTOMER_LOGIN/],
    ["REDIS_URL", "6379", /REDIS_URL/],
  ])("names the variable and the reason when %s is %s", (name, value, pattern) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(pattern);
  });

  it("refuses to start in production without SMTP_URL, and keeps the development mailbox otherwise", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production", SMTP_URL: " " })).toThrow(
      /^Invalid configuration:\nSMTP_URL: must be set when NODE_ENV=production/,
    );
    expect(loadConfig({ NODE_ENV: "production", SMTP_URL: "smtp://mail.example.com:587" }).smtpUrl).toBe(
      "smtp://mail.example.com:587",
    );
    expect(loadConfig({ NODE_ENV: "development" }).smtpUrl).toBeNull();
    expect(loadConfig({ NODE_ENV: "test" }).smtpUrl).toBeNull();
  });

  it("needs the three OIDC variables together", () => {
    expect(() => loadConfig({ OIDC_ISSUER: "https://gitlab.com" })).toThrow(/must be set together/);
    const config = loadConfig({
      OIDC_ISSUER: "https://gitlab.com",
      OIDC_CLIENT_ID: "id",
      OIDC_CLIENT_SECRET: "secret",
    });
    expect(config.oidc).toEqual({ issuer: "https://gitlab.com", clientId: "id", clientSecret: "secret" });
  });

  it("refuses a plain-http OIDC issuer unless it is on loopback", () => {
    const oidc = { OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "secret" };
    expect(() => loadConfig({ ...oidc, OIDC_ISSUER: "http://gitlab.example.com" })).toThrow(
      /OIDC_ISSUER: must be an https:\/\/ URL/,
    );
    expect(loadConfig({ ...oidc, OIDC_ISSUER: "http://127.0.0.1:4000" }).oidc?.issuer).toBe("http://127.0.0.1:4000");
    expect(loadConfig({ ...oidc, OIDC_ISSUER: "https://gitlab.com" }).oidc?.issuer).toBe("https://gitlab.com");
  });

  it("treats empty values as unset and marks cookies secure on https", () => {
    const config = loadConfig({ DATABASE_URL: "", BASE_URL: "https://billing.example.com/" });
    expect(config.databaseUrl).toBeNull();
    expect(config.baseUrl).toBe("https://billing.example.com");
    expect(config.secureCookies).toBe(true);
  });
});
