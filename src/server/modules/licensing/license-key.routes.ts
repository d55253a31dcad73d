// S3: the public keys that verify license files, for anyone (no session): an instance or an
// operator fetches them once and verifies offline. Every key a license may name is listed, so a
// file signed before a key rotation still verifies.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { type LicensePublicKey, licensePublicKeySchema } from "../../../shared/licensing.js";
import type { AppContext } from "../../app/context.js";

export function licenseKeyRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { current, verifying } = ctx.licenseKeys;
  // The keys are fixed for the process's life: the answer is made once.
  const answer: LicensePublicKey = {
    alg: "ed25519",
    keyId: current.keyId,
    publicKeyPem: current.publicKeyPem,
    keys: [...verifying.values()].map((key) => ({
      keyId: key.keyId,
      publicKeyPem: key.publicKeyPem,
      current: key.keyId === current.keyId,
    })),
  };

  app.get(
    "/api/v1/license-public-key",
    {
      schema: {
        tags: ["licenses"],
        summary: "The public keys that verify license files (S3)",
        response: { 200: licensePublicKeySchema },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "public, max-age=300");
      return answer;
    },
  );
}
