import { describe, expect, it } from "vitest";
import { namespaceSchema } from "../../../shared/licensing.js";
import { withoutHost } from "./namespace.js";

describe("withoutHost (S2: the group path field)", () => {
  it("takes the path out of a pasted group address", () => {
    expect(withoutHost("https://gitlab.com/Acme/platform/")).toBe("Acme/platform");
    expect(withoutHost("gitlab.com/acme")).toBe("acme");
    expect(withoutHost("  http://www.gitlab.com/acme  ")).toBe("acme");
  });

  it("leaves a plain path as typed, for the shared schema to judge", () => {
    expect(withoutHost("acme/platform")).toBe("acme/platform");
    expect(namespaceSchema.safeParse(withoutHost("https://gitlab.com/Acme/Platform")).data).toBe("acme/platform");
    expect(namespaceSchema.safeParse(withoutHost("https://example.com/acme")).success).toBe(false);
  });
});
