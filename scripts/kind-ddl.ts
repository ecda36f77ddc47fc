// Prints a kind's Postgres tables as a migration's text: `npx tsx scripts/kind-ddl.ts <kind name>`.
import { postgresDDL } from "@/lib/kinds/ddl";
import { KINDS } from "@/lib/kinds/registry";

const name = process.argv[2];
const kind = KINDS.find((k) => k.name === name);
if (!kind) {
  console.error(`usage: npx tsx scripts/kind-ddl.ts <${KINDS.map((k) => k.name).join("|")}>`);
  process.exit(2);
}
console.log(
  postgresDDL(kind)
    .map((s) => `${s};`)
    .join("\n--> statement-breakpoint\n"),
);
