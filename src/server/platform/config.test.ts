import { generateKeyPairSync } from "node:crypto";
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

  it("trusts no proxy unless told which: a hop count or the proxies' addresses (issue 12, item 2)", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: " 10.0.0.7, 192.168.0.0/16,fd00::/8, loopback" }).trustProxy).toEqual([
      "10.0.0.7",
      "192.168.0.0/16",
      "fd00::/8",
      "loopback",
    ]);
  });

  it.each([
    ["true", /TRUST_PROXY: `true` would trust every X-Forwarded-For hop.*number of proxies.*addresses/],
    ["yes", /TRUST_PROXY: must be false, a hop count or .*"yes"/],
    ["11", /TRUST_PROXY: a hop count must be between 1 and 10/],
    ["10.0.0.0/33", /TRUST_PROXY: .*not understood: "10.0.0.0\/33"/],
    ["10.0.0.1,,10.0.0.2", /TRUST_PROXY: .*not understood: ""/],
    ["10.0.0.1, proxy.internal", /TRUST_PROXY: .*not understood: "proxy.internal"$/],
  ])("refuses TRUST_PROXY=%s with one line saying what to give instead", (value, pattern) => {
    let message = "";
    try {
      loadConfig({ TRUST_PROXY: value });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    const lines = message.split("\n");
    expect(lines).toHaveLength(2); // "Invalid configuration:" and the variable's line
    expect(lines[1]).toMatch(pattern);
  });

  it("refuses to publish the development mailbox: a HOST other machines reach needs SMTP_URL or production", () => {
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(/HOST: 0\.0\.0\.0 .*development mailbox.*SMTP_URL/);
    expect(() => loadConfig({ HOST: "::", NODE_ENV: "test" })).toThrow(/HOST: ::/);
    expect(() => loadConfig({ HOST: "192.168.1.20" })).toThrow(/HOST/);
    for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]) {
      expect(loadConfig({ HOST: host }).host).toBe(host);
    }
    expect(loadConfig({ HOST: "0.0.0.0", SMTP_URL: "smtp://mail.example.com:587" }).host).toBe("0.0.0.0");
  });

  it("treats empty values as unset and marks cookies secure on https", () => {
    const config = loadConfig({ DATABASE_URL: "", BASE_URL: "https://billing.example.com/" });
    expect(config.databaseUrl).toBeNull();
    expect(config.baseUrl).toBe("https://billing.example.com");
    expect(config.secureCookies).toBe(true);
  });

  describe("license keys (S3)", () => {
    const ed25519 = generateKeyPairSync("ed25519");
    const privatePem = ed25519.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const publicPem = ed25519.publicKey.export({ type: "spki", format: "pem" }).toString();

    it("takes LICENSE_PRIVATE_KEY as PEM text, with real line breaks or written-out \\n (env files)", () => {
      expect(loadConfig({ LICENSE_PRIVATE_KEY: privatePem }).licensePrivateKey).toBe(privatePem.trim());
      expect(loadConfig({ LICENSE_PRIVATE_KEY: privatePem.trim().replaceAll("\n", "\\n") }).licensePrivateKey).toBe(
        privatePem.trim(),
      );
      expect(loadConfig({}).licensePrivateKey).toBeNull();
    });

    it.each([
      [
        "LICENSE_PRIVATE_KEY",
        "secret",
        /^Invalid configuration:\nLICENSE_PRIVATE_KEY: must be a PKCS#8 PEM private key/,
      ],
      [
        "LICENSE_PRIVATE_KEY",
        generateKeyPairSync("ec", { namedCurve: "P-256" })
          .privateKey.export({ type: "pkcs8", format: "pem" })
          .toString(),
        /LICENSE_PRIVATE_KEY: must be an Ed25519 key, but it is an EC key/,
      ],
      ["LICENSE_PUBLIC_KEYS", privatePem, /LICENSE_PUBLIC_KEYS: must hold one or more PEM public keys/],
      ["LICENSE_PUBLIC_KEYS", `${publicPem}x`, /LICENSE_PUBLIC_KEYS: has text outside/],
    ])("names the variable and the reason when %s is wrong", (name, value, pattern) => {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(pattern);
    });

    it("takes LICENSE_PUBLIC_KEYS as one or more public keys", () => {
      const two = `${publicPem}${generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" })}`;
      expect(loadConfig({ LICENSE_PUBLIC_KEYS: two }).licensePublicKeys).toBe(two.trim());
    });

    it("refuses production on PostgreSQL without LICENSE_PRIVATE_KEY: every instance must sign with one key", () => {
      const production = {
        NODE_ENV: "production",
        SMTP_URL: "smtp://mail.example.com:587",
        DATABASE_URL: "postgres://db.example.com/billfold",
      };
      expect(() => loadConfig(production)).toThrow(
        /^Invalid configuration:\nLICENSE_PRIVATE_KEY: must be set when NODE_ENV=production and DATABASE_URL is set/,
      );
      expect(loadConfig({ ...production, LICENSE_PRIVATE_KEY: privatePem }).licensePrivateKey).toBe(privatePem.trim());
      // The embedded database has one process and one DATA_DIR: a generated key is kept there.
      expect(loadConfig({ NODE_ENV: "production", SMTP_URL: production.SMTP_URL }).licensePrivateKey).toBeNull();
    });
  });
});
