// Decap CMS's own slug code, run on titles: the file names the web editor would give.
//
//   node tests/decap_slug.mjs '<slug settings as JSON>' < titles.json
//
// Reads a JSON list of titles on stdin and prints the JSON list of their slugs, computed by
// the pinned decap-cms-core (tools/cms/node_modules) as slugFormatter does for
// `slug: "{{slug}}"`: prepareSlug (formatters.js), then sanitizeSlug (urlHelper.js).
// Decap ships them as ES modules with extension-less imports ('lodash/flow'), which Node
// resolves only through the loader hooks below; formatters.js imports the whole editor, so
// prepareSlug is taken from its source text.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); } catch (error) {
    if (!specifier.includes('/')) throw error;
    return next(specifier + '.js', context);
  }
}
export async function load(url, context, next) {
  return next(url, url.includes('/decap-cms-core/dist/esm/') ? { ...context, format: 'module' } : context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const lib = new URL('../tools/cms/node_modules/decap-cms-core/dist/esm/lib/', import.meta.url);
const source = readFileSync(new URL('formatters.js', lib), 'utf8');
const body = source.match(/export function prepareSlug\(slug\) \{([\s\S]*?)\n\}/);
if (!body) throw new Error('prepareSlug not found in decap-cms-core/dist/esm/lib/formatters.js');
const prepareSlug = new Function('slug', body[1]);
const { sanitizeSlug } = await import(new URL('urlHelper.js', lib));
const settings = JSON.parse(process.argv[2]);
const titles = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(titles.map(title => sanitizeSlug(prepareSlug(title), settings))));
