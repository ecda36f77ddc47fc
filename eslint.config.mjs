import coreWebVitals from "eslint-config-next/core-web-vitals";
import typescript from "eslint-config-next/typescript";

// Layering rules from the design: the browser side never reaches the server's data or auth internals,
// and the domain never reaches up into routes or components.
const serverOnly = ["@/lib/db", "@/lib/db/*", "@/lib/auth/server", "@/lib/auth/options", "@/lib/api/handler"];

const config = [
  { ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...coreWebVitals,
  ...typescript,
  {
    files: ["components/**", "lib/client/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: serverOnly, message: "browser code must go through lib/client and the API" },
            // The audit log's writer and reader; its contract and its browser-safe rules are for everyone.
            { regex: "^@/lib/audit(/index)?$", message: "browser code must go through lib/client and the API" },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "@/components/*"], message: "lib/ never imports app/ or components/" }] },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
