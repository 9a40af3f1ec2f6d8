// ajv-check.mjs - validate JSON files against bilan's schemas with a
// standard JSON Schema 2020-12 validator: ajv 8 (strict mode) with
// ajv-formats, pinned in package.json / package-lock.json.
//   node ajv-check.mjs SCHEMADIR LIST
// SCHEMADIR holds NAME.schema.json (the schemas of schemas/ as JSON); LIST
// has one line per file: SCHEMA-NAME<TAB>FILE.json<TAB>LABEL.  Prints
// LABEL<TAB>ok, or LABEL<TAB>bad<TAB>the errors; exits 0 when every schema
// compiles (whatever the files), 2 when one does not.
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [dir, list] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
// bilan's own formats, as lib/schema.c reads them
ajv.addFormat("bilan-id", /^[0-9]{8}T[0-9]{6}Z-[a-z0-9]{4}$/);
ajv.addFormat("bilan-slug", { validate: (s) => s.length <= 48 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s) });
ajv.addFormat("bilan-duration", /^[0-9]{1,4}(min|h|h[0-5][0-9])$/);
// annotations editors read (yaml-language-server)
ajv.addKeyword({ keyword: "markdownDescription" });

const validators = {};
let broken = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".schema.json")).sort()) {
	const name = f.replace(/\.schema\.json$/, "");
	try {
		validators[name] = ajv.compile(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
	} catch (e) {
		console.log(`schema ${name}\tbad\tdoes not compile: ${e.message}`);
		broken++;
	}
}
if (list) {
	for (const line of fs.readFileSync(list, "utf8").split("\n")) {
		if (!line) continue;
		const [schema, file, label] = line.split("\t");
		const v = validators[schema];
		if (!v) {
			console.log(`${label}\tbad\tno schema '${schema}'`);
			continue;
		}
		const data = JSON.parse(fs.readFileSync(file, "utf8"));
		if (v(data)) console.log(`${label}\tok`);
		else console.log(`${label}\tbad\t${ajv.errorsText(v.errors)}`);
	}
}
process.exit(broken ? 2 : 0);
