// Issue 14, item 4: the import graph has no cycle, and its layers hold (docs/ARCHITECTURE.md):
// `shared` imports nothing else, `platform` imports no module and not the app, a module imports
// another only through its index.ts, the web app imports only `shared`. The graph is read with
// TypeScript's own parser, type-only imports included: a type cycle is still a cycle to a reader.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The files a file imports or re-exports from, resolved like the compiler does (`./x.js` → `./x.ts`). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return importedFiles.flatMap(({ fileName }) => {
    if (!fileName.startsWith(".")) return [];
    const base = path.resolve(path.dirname(file), fileName).replace(/\.js$/, "");
    const found = [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((candidate) =>
      fs.existsSync(candidate),
    );
    return found ? [found] : [];
  });
}

const files = [...sourceFiles(path.join(ROOT, "src/server")), ...sourceFiles(path.join(ROOT, "src/shared"))];
const graph = new Map(files.map((file) => [rel(file), importsOf(file).map(rel)]));
const web = new Map(sourceFiles(path.join(ROOT, "src/web")).map((file) => [rel(file), importsOf(file).map(rel)]));

/** Every cycle's files, one strongly connected component each (Tarjan). */
function cycles(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.get(node)?.includes(node)) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

const edgesWhere = (test: (from: string, to: string) => boolean, edges = graph) =>
  [...edges].flatMap(([from, tos]) => tos.filter((to) => test(from, to)).map((to) => `${from} → ${to}`));

const moduleOf = (file: string) => /^src\/server\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;

describe("import boundaries", () => {
  it("reads the graph (guards against a parser that finds nothing)", () => {
    expect(graph.get("src/server/modules/accounts/index.ts")).toContain("src/server/modules/accounts/accounts.deps.ts");
  });

  it("has no import cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("shared imports only shared; platform imports no module and not the app", () => {
    expect(edgesWhere((from, to) => from.startsWith("src/shared/") && !to.startsWith("src/shared/"))).toEqual([]);
    expect(
      edgesWhere(
        (from, to) =>
          from.startsWith("src/server/platform/") &&
          (to.startsWith("src/server/modules/") || to.startsWith("src/server/app/")),
      ),
    ).toEqual([]);
  });

  it("a module imports another module only through its index.ts", () => {
    expect(
      edgesWhere((from, to) => {
        const [a, b] = [moduleOf(from), moduleOf(to)];
        return a !== null && b !== null && a !== b && !to.endsWith(`/modules/${b}/index.ts`);
      }),
    ).toEqual([]);
  });

  it("the app and the command line use modules only through their index.ts", () => {
    expect(
      edgesWhere(
        (from, to) =>
          (from.startsWith("src/server/app/") || from.startsWith("src/server/cli/")) &&
          moduleOf(to) !== null &&
          !to.endsWith("/index.ts"),
      ),
    ).toEqual([]);
  });

  it("the web app imports only the web app and shared", () => {
    expect(edgesWhere((_, to) => !to.startsWith("src/web/") && !to.startsWith("src/shared/"), web)).toEqual([]);
  });

  it("only the benchmarked hot routes' files use the fast path (platform/fast-path/README.md)", () => {
    // Adding a file here needs a benchmark that shows the default pipeline is too slow for it.
    const hot = [
      "src/server/modules/accounts/accounts.repository.ts",
      "src/server/modules/accounts/invitations.repository.ts",
      "src/server/modules/accounts/invitations.service.ts",
      "src/server/modules/accounts/managers.repository.ts",
      "src/server/modules/accounts/managers.service.ts",
      "src/server/modules/identity/sessions.repository.ts",
      "src/server/modules/identity/sessions.service.ts",
      "src/server/modules/identity/sign-in-link.service.ts",
      "src/server/modules/identity/tokens.repository.ts",
      "src/server/modules/identity/users.repository.ts",
      "src/server/platform/db/deferred-writes.ts",
    ];
    const users = [
      ...new Set(
        edgesWhere(
          (from, to) =>
            to.startsWith("src/server/platform/fast-path/") && !from.startsWith("src/server/platform/fast-path/"),
        ).map((edge) => edge.split(" → ")[0]),
      ),
    ];
    expect(users.sort()).toEqual(hot);
  });

  it("only the change pipelines make a write scope", () => {
    const makers = files
      .map(rel)
      .filter((file) => fs.readFileSync(path.join(ROOT, file), "utf8").includes("asWriteScope("))
      .filter(
        (file) => !file.startsWith("src/server/platform/change/") && !file.startsWith("src/server/platform/fast-path/"),
      );
    expect(makers).toEqual([]);
  });
});
