// S2: what people type into "Group path" before it meets the shared namespaceSchema.

/** People paste the group's address: "https://gitlab.com/acme/platform/" is the path "acme/platform". */
export function withoutHost(value: string): string {
  return value
    .trim()
    .replace(/^(https?:\/\/)?(www\.)?gitlab\.com\//i, "")
    .replace(/\/+$/, "");
}
