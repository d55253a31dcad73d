// Serves the built React app (dist/web) with a fallback to index.html for client-side routes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** dist/web at the package root, whether we run from src/ (tsx, tests) or dist/ (npm start). */
export function webRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.join(dir, "dist", "web");
}

export async function registerWeb(app: FastifyInstance): Promise<boolean> {
  const root = webRoot();
  const built = fs.existsSync(path.join(root, "index.html"));
  if (!built) return false;
  await app.register(fastifyStatic, { root, prefix: "/", wildcard: false, index: false });
  return true;
}

export function isPageRequest(url: string, method: string): boolean {
  return (
    (method === "GET" || method === "HEAD") &&
    !url.startsWith("/api/") &&
    !url.startsWith("/healthz") &&
    !url.startsWith("/readyz")
  );
}
