// Fixed-window counters for abuse limits. In memory for one process; in Redis when REDIS_URL is
// set, so every instance counts against the same limit.

import { Redis } from "ioredis";
import { ERROR_CODES } from "../../shared/errors.js";
import { AppError } from "./errors.js";

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export type RateLimiter = {
  /** Counts one hit for `key`; throws AppError rate_limited (429 + Retry-After) past the limit. */
  hit(rule: RateLimitRule, key: string): Promise<void>;
  close(): Promise<void>;
};

type Store = { increment(key: string, windowSeconds: number): Promise<{ count: number; ttlSeconds: number }> };

function memoryStore(): Store {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let calls = 0;
  return {
    async increment(key, windowSeconds) {
      const now = Date.now();
      if (++calls % 1000 === 0) {
        for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      }
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + windowSeconds * 1000 };
        windows.set(key, window);
      }
      window.count++;
      return { count: window.count, ttlSeconds: Math.ceil((window.resetAt - now) / 1000) };
    },
  };
}

function redisStore(redis: Redis): Store {
  return {
    async increment(key, windowSeconds) {
      const result = await redis.multi().incr(key).expire(key, windowSeconds, "NX").ttl(key).exec();
      const count = Number(result?.[0]?.[1] ?? 0);
      const ttl = Number(result?.[2]?.[1] ?? windowSeconds);
      return { count, ttlSeconds: ttl > 0 ? ttl : windowSeconds };
    },
  };
}

export function createRateLimiter(options: { redisUrl: string | null; scale: number; prefix?: string }): RateLimiter {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : null;
  const store = redis ? redisStore(redis) : memoryStore();
  const prefix = options.prefix ?? "bf:rl";
  return {
    async hit(rule, key) {
      const limit = Math.max(1, Math.round(rule.limit * options.scale));
      const { count, ttlSeconds } = await store.increment(`${prefix}:${rule.name}:${key}`, rule.windowSeconds);
      if (count > limit) {
        throw new AppError(
          "rate_limited",
          ERROR_CODES.rateLimited,
          `Too many requests. Try again in ${ttlSeconds} seconds.`,
          undefined,
          ttlSeconds,
        );
      }
    },
    async close() {
      if (redis) await redis.quit();
    },
  };
}
