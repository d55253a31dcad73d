import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL("./src/web", import.meta.url));
/** Where `npm run dev` (vite) forwards /api: the Fastify server of `npm start`. */
const API_TARGET = process.env.API_TARGET ?? "http://localhost:3000";
const outDir = fileURLToPath(new URL("./dist/web", import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "mantine", test: /node_modules[\\/]@mantine[\\/]/ },
            { name: "tanstack", test: /node_modules[\\/]@tanstack[\\/]/ },
            { name: "zod", test: /node_modules[\\/]zod[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/api": {
        target: API_TARGET,
        configure(proxy) {
          // The API refuses unsafe requests whose Origin is not BASE_URL. A request made by a page
          // of this dev server (Origin = its own host) is passed on as if from the API's origin.
          proxy.on("proxyReq", (proxyReq, req) => {
            const origin = req.headers.origin;
            if (origin && req.headers.host && new URL(origin).host === req.headers.host) {
              proxyReq.setHeader("origin", new URL(API_TARGET).origin);
            }
          });
        },
      },
    },
  },
});
