// Configuration from the environment (DESIGN.md "Configuration"), validated once at start-up.
// A bad value stops the process with one line naming the variable and the reason.
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { parseEd25519PrivateKey, parseEd25519PublicKeys } from "./licensing/license-pem.js";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const urlString = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}` },
  );

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True for an `http:` issuer on the loopback interface: a local test or development provider. */
export function isLoopbackHttpIssuer(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

/** An OpenID provider is reached over https; plain http only on loopback (tests, local development). */
const issuerUrl = urlString(["http:", "https:"]).refine(
  (v) => new URL(v).protocol === "https:" || isLoopbackHttpIssuer(v),
  { message: "must be an https:// URL (http:// is accepted only on 127.0.0.1, localhost or [::1])" },
);

/**
 * PEM text from the environment. Where a variable cannot hold line breaks (an env file), "\n"
 * written out stands for one. Checked by `check`, whose Error message becomes the issue.
 */
const pemText = (check: (pem: string) => unknown) =>
  optionalString
    .transform((v) => v?.replaceAll("\\n", "\n"))
    .superRefine((v, ctx) => {
      if (v === undefined) return;
      try {
        check(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    });

/** The names @fastify/proxy-addr (Fastify's trustProxy) knows for well-known ranges. */
const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (family === 4 && net.isIPv4(prefix)) return true; // netmask form, 10.0.0.0/255.0.0.0
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: `false` (the socket's address is the client), a number of proxy hops in front of
 * the portal (`1` for one load balancer), or a comma-separated list of the proxies' addresses or
 * CIDR ranges. `true` (trust every hop) is refused: then anyone can name any client address in
 * X-Forwarded-For and step around every per-IP limit (issue 12, item 2).
 */
function parseTrustProxy(value: string, ctx: z.RefinementCtx): false | number | string[] {
  const v = value.trim();
  if (v === "" || v === "false" || v === "0") return false;
  if (v === "true") {
    ctx.addIssue({
      code: "custom",
      message:
        "`true` would trust every X-Forwarded-For hop, which anyone can forge; give the number of proxies in front of the portal (e.g. 1) or their addresses (e.g. 10.0.0.0/8)",
    });
    return z.NEVER;
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops <= 10) return hops;
    ctx.addIssue({ code: "custom", message: "a hop count must be between 1 and 10" });
    return z.NEVER;
  }
  const entries = v.split(",").map((e) => e.trim());
  const bad = entries.filter((e) => !isAddressOrRange(e));
  if (bad.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `must be false, a hop count or a comma-separated list of IP addresses or CIDR ranges; not understood: ${bad.map((b) => JSON.stringify(b)).join(", ")}`,
    });
    return z.NEVER;
  }
  return entries;
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  BASE_URL: urlString(["http:", "https:"])
    .default("http://localhost:3000")
    .transform((v) => v.replace(/\/+$/, "")),
  DATABASE_URL: optionalString.pipe(urlString(["postgres:", "postgresql:"]).optional()),
  DATA_DIR: z.string().default("./data"),
  /** Connections in the web process's PostgreSQL pool (pg-boss keeps its own few). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SMTP_URL: optionalString.pipe(urlString(["smtp:", "smtps:"]).optional()),
  MAIL_FROM: z.string().default("Billfold <billfold@localhost>"),
  REDIS_URL: optionalString.pipe(urlString(["redis:", "rediss:"]).optional()),
  OIDC_ISSUER: optionalString.pipe(issuerUrl.optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** S3: the Ed25519 key licenses are signed with (PKCS#8 PEM); unset: one generated into DATA_DIR. */
  LICENSE_PRIVATE_KEY: pemText(parseEd25519PrivateKey),
  /** S3: retired public keys (PEM, concatenated) that still verify the licenses they signed. */
  LICENSE_PUBLIC_KEYS: pemText(parseEd25519PublicKeys),
  SIGN_UP: z.enum(["link", "oidc_only"]).default("link"),
  RESELLER_CUSTOMER_LOGIN: z.enum(["read_only", "disabled"]).default("read_only"),
  PAYMENT_GATEWAY: z.enum(["sandbox"]).default("sandbox"),
  /** The plan catalog (JSON or YAML); unset: the built-in catalog. Checked at start-up. */
  PLANS_FILE: optionalString,
  /** B7: days after the term's end on which a failed renewal is tried again, e.g. "1,3,7". */
  RENEWAL_RETRY_DAYS: z
    .string()
    .default("1,3,7")
    .transform((v) => v.split(",").map((d) => Number(d.trim())))
    .refine(
      (days) =>
        days.length <= 10 &&
        days.every((d, i) => Number.isInteger(d) && d >= 1 && d <= 60 && (i === 0 || d > days[i - 1]!)),
      {
        message: "must be up to 10 increasing whole numbers of days from 1 to 60, comma-separated (e.g. 1,3,7)",
      },
    ),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Multiplies every abuse limit; benchmarks raise it, never production. */
  RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
  /**
   * Which proxies may say who the client is (X-Forwarded-For), for per-IP limits and the audit
   * trail: `false`, a hop count, or the proxies' addresses and CIDR ranges. Never "everyone".
   */
  TRUST_PROXY: z.string().default("false").transform(parseTrustProxy),
  /** Run the mail/job worker inside the web process (default); `billfold worker` runs it apart. */
  WORKER_IN_PROCESS: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof envSchema>) {
  const oidc =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET }
      : null;
  return {
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === "production",
    port: env.PORT,
    host: env.HOST,
    baseUrl: env.BASE_URL,
    secureCookies: env.BASE_URL.startsWith("https:"),
    databaseUrl: env.DATABASE_URL ?? null,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    dataDir: path.resolve(env.DATA_DIR),
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    redisUrl: env.REDIS_URL ?? null,
    oidc,
    licensePrivateKey: env.LICENSE_PRIVATE_KEY ?? null,
    licensePublicKeys: env.LICENSE_PUBLIC_KEYS ?? null,
    signUp: env.SIGN_UP,
    resellerCustomerLogin: env.RESELLER_CUSTOMER_LOGIN,
    paymentGateway: env.PAYMENT_GATEWAY,
    plansFile: env.PLANS_FILE ?? null,
    renewalRetryDays: env.RENEWAL_RETRY_DAYS,
    logLevel: env.LOG_LEVEL,
    rateLimitScale: env.RATE_LIMIT_SCALE,
    workerInProcess: env.WORKER_IN_PROCESS,
    trustProxy: env.TRUST_PROXY,
  };
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const partialOidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(
    (v) => v !== undefined && v.trim() !== "",
  ).length;
  if (partialOidc > 0 && partialOidc < 3) {
    throw new ConfigError(
      "Invalid configuration:\nOIDC_ISSUER: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
    );
  }
  // Issue 12: without SMTP_URL mail goes to the development mailbox, whose page production does
  // not serve; a production portal would answer "check your email" and send nothing.
  if (result.data.NODE_ENV === "production" && result.data.SMTP_URL === undefined) {
    throw new ConfigError(
      "Invalid configuration:\nSMTP_URL: must be set when NODE_ENV=production (without it no email would be sent)",
    );
  }
  // S3: with a shared database there may be several instances, each with its own DATA_DIR; each
  // would generate its own signing key, and a key lost with a container's disk leaves its licenses
  // unverifiable. Production on PostgreSQL names its key.
  if (
    result.data.NODE_ENV === "production" &&
    result.data.DATABASE_URL !== undefined &&
    result.data.LICENSE_PRIVATE_KEY === undefined
  ) {
    throw new ConfigError(
      "Invalid configuration:\nLICENSE_PRIVATE_KEY: must be set when NODE_ENV=production and DATABASE_URL is set (every instance must sign licenses with the same key; make one with `openssl genpkey -algorithm ed25519`)",
    );
  }
  const config = toConfig(result.data);
  refuseExposedDevMailbox(config);
  return config;
}

/** True for an address that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * Without SMTP_URL outside production, every email (sign-in links included) is readable at
 * /dev/mailbox without signing in: only a portal that listens on loopback may have it (issue 13).
 */
function refuseExposedDevMailbox(config: Config): void {
  if (config.isProduction || config.smtpUrl !== null || isLoopbackHost(config.host)) return;
  throw new ConfigError(
    `Invalid configuration:\nHOST: ${config.host} is reachable from other machines, and without SMTP_URL the development mailbox would show them every sign-in link; set SMTP_URL, or NODE_ENV=production, or listen on 127.0.0.1`,
  );
}
