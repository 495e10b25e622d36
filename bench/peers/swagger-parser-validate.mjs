// The peer of `junction spec inspect` in bench/cli.ts: SwaggerParser.validate() of one file in its own Node process,
// as a script of its users would call it, printing its verdict as one JSON line. Plain JavaScript, so nothing but
// Node and swagger-parser start. resolve.external = false: the corpus specs are single files, and with its defaults
// swagger-parser follows the URLs it finds in $ref keys of GitHub's example payloads (a download, or with
// resolve.http = false an "unable to resolve" error that ends the validation before it starts).
import SwaggerParser from '@apidevtools/swagger-parser';

const [file] = process.argv.slice(2);
try {
  await SwaggerParser.validate(file, { resolve: { external: false } });
  console.log(JSON.stringify({ valid: true }));
} catch (error) {
  console.log(JSON.stringify({ valid: false, error: String(error.message).split('\n')[0] }));
}
